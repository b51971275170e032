"""The notebooks' setup cell, run for real in every branch: in a Jupyter kernel whose Python has
everything the course needs except the course itself (as Colab), with a local git repository
standing in for GitHub, a wheel and a ZIP of the course as a student would upload them, and an
install that fails. Nothing is mocked: pip, git and the kernel run as they would in Colab."""

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tools import home

ROOT = Path(__file__).resolve().parent.parent
REPO, REF = home.course_repo(ROOT), home.course_ref(ROOT)
SETUP = home.setup_cell(REPO, REF)
LOG = "gan-course-install.log"
CHECK = "import helpers\nprint('helpers from', helpers.__file__)"


@pytest.fixture(scope="module")
def deps(tmp_path_factory):
    """A folder of links to every entry of this environment's site-packages except the course's own."""
    folder = tmp_path_factory.mktemp("deps")
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.lower().startswith(("gan_course", "__editable__", "helpers")):
            (folder / entry.name).symlink_to(entry)
    return folder


@pytest.fixture
def bare_kernel(deps, tmp_path_factory):
    """A kernel spec ``bare`` for a new virtual environment that has this environment's packages
    (NumPy, TensorFlow, pip, ipykernel ...) through a ``.pth`` file, but not the course."""
    base = tmp_path_factory.mktemp("bare")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(base / "venv")], check=True)
    python = base / "venv" / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "course-deps.pth").write_text(f"import site; site.addsitedir({str(deps)!r})\n")
    spec = base / "jupyter" / "kernels" / "bare"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python without the course",
                "language": "python",
            }
        )
    )
    found = subprocess.run(
        [python, "-c", "import numpy, pip, ipykernel, importlib.util as u; print(u.find_spec('helpers'))"],
        capture_output=True,
        text=True,
        cwd=base,
    )
    assert found.stdout.strip() == "None", found.stdout + found.stderr  # the course is really absent
    return base / "jupyter"


@pytest.fixture(scope="module")
def github(tmp_path_factory):
    """A folder standing in for https://github.com/: ``<COURSE_REPO>.git``, a git repository of
    the course's package (helpers/, pyproject.toml, README.md as they are now) tagged with its release.
    Also returns the course's source tree, from which the wheel and the ZIP are made."""
    hub = tmp_path_factory.mktemp("github")
    src = hub / "src"
    shutil.copytree(ROOT / "helpers", src / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ["pyproject.toml", "README.md"]:
        shutil.copy(ROOT / name, src / name)
    git = ["git", "-c", "user.name=course", "-c", "user.email=course@example.org", "-c", "init.defaultBranch=main"]
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "the course"], ["tag", REF]):
        subprocess.run([*git, *args], cwd=src, check=True)
    subprocess.run([*git, "clone", "-q", "--bare", str(src), str(hub / f"{REPO}.git")], check=True)
    return hub, src


def run_in_kernel(kernels: Path, folder: Path, monkeypatch, github_at: str):
    """Run the setup cell, then ``import helpers``, in the bare kernel started in ``folder``, as
    Run all does: it stops at the first error. ``https://github.com/`` is rewritten by git to
    ``github_at``. Returns the notebook and the error, if any."""
    monkeypatch.setenv("JUPYTER_PATH", str(kernels))
    monkeypatch.delenv("PYTHONPATH", raising=False)  # the checkout must not leak in
    monkeypatch.setenv("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    for key, value in {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{github_at}.insteadOf",
        "GIT_CONFIG_VALUE_0": "https://github.com/",
    }.items():
        monkeypatch.setenv(key, value)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP), nbformat.v4.new_code_cell(CHECK)])
    client = NotebookClient(nb, kernel_name="bare", timeout=600, resources={"metadata": {"path": str(folder)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        return nb, exc
    return nb, None


def text_of(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_an_importable_course_is_used_as_it_is(tmp_path):
    """Locally (and in CI) the course is installed: the cell installs nothing and prints nothing."""
    done = subprocess.run([sys.executable, "-c", SETUP], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and not (tmp_path / LOG).exists()


def test_the_course_is_installed_from_its_repository_at_the_release_tag(bare_kernel, github, tmp_path, monkeypatch):
    hub, _ = github
    nb, error = run_in_kernel(bare_kernel, tmp_path, monkeypatch, github_at=f"file://{hub}/")
    assert error is None, error
    installed = text_of(nb.cells[1])
    assert "helpers from" in installed and "site-packages" in installed and str(ROOT) not in installed
    assert f"({REF})" in text_of(nb.cells[0]) and "Installed:" in text_of(nb.cells[0])
    assert f"git+https://github.com/{REPO}.git@{REF}" in (tmp_path / LOG).read_text()


def uploaded(kind: str, src: Path, folder: Path) -> Path:
    """The course as one file, made the way the README tells a student or lecturer to."""
    if kind == "wheel":  # `pip wheel --no-deps -w dist .` in a checkout
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(folder), str(src)],
            check=True,
            capture_output=True,
        )
        (path,) = folder.glob("gan_course-*.whl")
    else:  # GitHub's Code -> Download ZIP: the tree in one folder named after the repository
        path = folder / f"{REPO.split('/')[1]}-main.zip"
        subprocess.run(
            ["git", "archive", "--format=zip", f"--prefix={path.stem}/", "-o", str(path), "HEAD"], cwd=src, check=True
        )
    return path


@pytest.mark.parametrize("kind", ["wheel", "zip"])
def test_an_uploaded_wheel_or_zip_is_installed_when_github_cannot_be_reached(
    kind, bare_kernel, github, tmp_path, monkeypatch
):
    _, src = github
    upload = uploaded(kind, src, tmp_path)
    nb, error = run_in_kernel(bare_kernel, tmp_path, monkeypatch, github_at=f"file://{tmp_path}/no-such-host/")
    assert error is None, error
    assert "site-packages" in text_of(nb.cells[1])
    log = (tmp_path / LOG).read_text()
    assert f"git+https://github.com/{REPO}.git@{REF}" in log and upload.name in log  # git first, then the file


def test_a_failed_install_says_what_to_do_and_nothing_else(bare_kernel, tmp_path, monkeypatch):
    nb, error = run_in_kernel(bare_kernel, tmp_path, monkeypatch, github_at=f"file://{tmp_path}/no-such-host/")
    assert error is not None, "Run all must stop at the setup cell"
    assert nb.cells[1].outputs == [], "the cells after it do not run"
    (shown,) = [o for o in nb.cells[0].outputs if o.output_type == "error"]
    message = "\n".join(shown.traceback)
    assert message.startswith("Could not install the course's helpers package")
    for what in [f"https://github.com/{REPO}", "Download ZIP", "pip wheel --no-deps -w dist .", "Files pane", LOG]:
        assert what in message, what
    assert "Traceback" not in message and 'File "' not in message and "CalledProcessError" not in message
    assert len(message.splitlines()) <= 8
    assert text_of(nb.cells[0]).strip() == f"Installing the course's helpers ({REF}) ..."
    assert "git" in (tmp_path / LOG).read_text()  # what pip said is kept for whoever helps
