"""Course-wide switches: quick mode, seeds, environment report and the output folder."""

from __future__ import annotations

import ast
import contextlib
import hashlib
import inspect
import json
import os
import platform
import random
import sys
import tempfile
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

# The course's home on GitHub; `python tools/home.py OWNER/NAME` changes it everywhere.
COURSE_REPO = "gan-course/gan-course"
DRIVE = Path("/content/drive/MyDrive")  # where Colab mounts Google Drive (drive.mount("/content/drive"))

QUICK_ENV, DATA_ENV, OUTPUT_ENV = "GAN_COURSE_QUICK", "GAN_COURSE_DATA", "GAN_COURSE_OUTPUT"


def is_quick() -> bool:
    """True when ``GAN_COURSE_QUICK=1``: notebooks then train briefly on little data (for CI)."""
    return os.environ.get(QUICK_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def quick(classroom, quick_value):
    """``classroom`` normally, ``quick_value`` in quick mode: ``EPOCHS = quick(500, 3)``."""
    return quick_value if is_quick() else classroom


def in_colab() -> bool:
    return "google.colab" in sys.modules


def on_drive(path) -> bool:
    """Whether ``path`` lies in Colab's mounted Google Drive."""
    return DRIVE in Path(path).resolve().parents


def keep_on_drive(folder: str = "gan-course") -> Path | None:
    """In Colab: mount Google Drive and keep all outputs in ``MyDrive/<folder>/outputs``; elsewhere: None."""
    if not in_colab():
        return None
    from google.colab import drive

    drive.mount(str(DRIVE.parent))  # Colab asks the student for access the first time
    if not DRIVE.is_dir():
        raise RuntimeError(
            f"Google Drive did not appear at {DRIVE}: run the cell again and allow access, "
            "or set KEEP_ON_DRIVE = False to keep the outputs on this machine only."
        )
    root = DRIVE / folder / "outputs"
    os.environ[OUTPUT_ENV] = str(root)
    print(f"Outputs, checkpoints and quality judges go to Google Drive: MyDrive/{folder}/outputs/")
    return root


def set_seed(seed: int = 42, deterministic: bool = True) -> int:
    """Seed Python, NumPy, TensorFlow and Keras; ``deterministic`` also asks TensorFlow for
    deterministic kernels (same numbers on the same CPU; GPUs may differ: the website's Measured page)."""
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}.")
    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)  # also seeds TensorFlow's global generator
    if deterministic and keras.backend.backend() == "tensorflow":
        tf.config.experimental.enable_op_determinism()
    return seed


def environment_report(print_it: bool = True) -> dict:
    """Versions and hardware, with a hint for Colab users who forgot to pick a GPU."""
    info = {"python": platform.python_version(), "numpy": np.__version__, "keras": keras.__version__}
    info.update(backend=keras.backend.backend(), quick_mode=is_quick(), colab=in_colab())
    gpus = []
    if info["backend"] == "tensorflow":
        info["tensorflow"] = tf.__version__
        gpus = [d.name for d in tf.config.list_physical_devices("GPU")]
    info["gpus"] = gpus
    if print_it:
        tf_part = f"TensorFlow {info['tensorflow']}, " if "tensorflow" in info else ""
        print(f"Python {info['python']}, {tf_part}Keras {info['keras']} ({info['backend']} backend)")
        print(f"GPU: {', '.join(gpus) if gpus else 'none, training runs on the CPU'}")
        if not gpus and info["colab"]:
            print("Tip: in Colab choose Runtime -> Change runtime type -> GPU, then run again.")
        print("Mode:", "QUICK (CI: few epochs, little data)" if info["quick_mode"] else "classroom (full run)")
    return info


def shown_path(path) -> str:
    """``path`` relative to the current folder (the notebook's), never a machine's absolute path."""
    path = Path(path)
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows): the name is all that is useful
        return path.name


def project_root() -> Path | None:
    """The course checkout holding this package, or None when installed elsewhere (Colab)."""
    here = Path(__file__).resolve().parent.parent
    return here if (here / "notebooks").is_dir() and (here / "pyproject.toml").is_file() else None


def output_dir(notebook: str) -> Path:
    """Where a notebook writes its models, figures and ``metrics.json``: ``$GAN_COURSE_OUTPUT/<notebook>/``
    if set, else ``outputs/<notebook>/`` in the course checkout (or the current folder in Colab)."""
    if not notebook or "/" in notebook or "\\" in notebook or notebook.startswith("."):
        raise ValueError(f"output_dir() wants the notebook's stem, such as '01_mlp_gan_3d_spiral', got {notebook!r}.")
    base, checkout = os.environ.get(OUTPUT_ENV), project_root()
    root = Path(base).expanduser() if base else (checkout or Path.cwd()) / "outputs"
    path = root / notebook
    try:
        path.mkdir(parents=True, exist_ok=True)
        (path / ".write_test").write_text("ok")
        (path / ".write_test").unlink()
    except OSError as exc:
        raise PermissionError(
            f"Cannot write to the output folder {path} ({exc.strerror or exc}). "
            f"Set {OUTPUT_ENV} to a folder you can write to, e.g. {OUTPUT_ENV}=/tmp/gan_outputs."
        ) from None
    return path


@contextlib.contextmanager
def atomic_write(path):
    """``with atomic_write(path) as tmp:`` write to ``tmp`` (same folder and suffix); on success one
    rename replaces ``path``, so a crash never leaves a half-written file where a good one was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}")
    os.close(fd)
    os.unlink(tmp)  # the writer creates it (model.save refuses to overwrite some files)
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600 files; give them the usual permissions
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def atomic_write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (see ``atomic_write``)."""
    with atomic_write(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def _code(function) -> str:
    """Code without comments and docstrings: editing a comment must not invalidate a cache."""
    tree = ast.parse(inspect.cleandoc("\n" + inspect.getsource(function)))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def fingerprint(*parts) -> str:
    """The course's one cache key: 16 hex digits of a hash of ``parts`` (arrays by bytes, functions by code)."""

    def plain(part):  # json.dumps calls it for anything that is not plain data
        if inspect.isfunction(part) or inspect.isclass(part):
            try:
                return _code(part)
            except (OSError, TypeError, SyntaxError):  # no source (an exec'd class): its name must do
                return part.__qualname__
        if isinstance(part, np.ndarray):
            return hashlib.sha256(
                f"{part.shape}{part.dtype}".encode() + np.ascontiguousarray(part).tobytes()
            ).hexdigest()
        return str(part)

    text = json.dumps(list(parts), sort_keys=True, default=plain)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
