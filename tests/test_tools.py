"""The authors' tools (tools/): they act on the checkout they are run in, even when ``helpers`` is
installed elsewhere, import neither ``helpers`` nor TensorFlow, and share one notebook executor."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools.common import find_root, settle, tidy_streams
from tools.export import MODULES

ROOT = Path(__file__).resolve().parent.parent


def tool(*args, cwd, pythonpath=None):
    """Run ``python *args`` in ``cwd``, with nothing on PYTHONPATH unless given."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def clone(tmp_path):
    """A fresh copy of the checkout: what git tracks or would track (new files it does not ignore)."""
    names = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, names):
        if (ROOT / name).is_file():
            (tmp_path / "clone" / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, tmp_path / "clone" / name)
    return tmp_path / "clone"


def test_tools_import_neither_helpers_nor_tensorflow():
    code = (
        "import tools.build, tools.slides, tools.export, tools.student, tools.home, tools.run_notebooks; "
        "import tools.translate; "
        "import sys; assert 'tensorflow' not in sys.modules and 'helpers' not in sys.modules"
    )
    result = tool("-c", code, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_tools_work_in_a_fresh_clone(clone):
    for args in (["tools/export.py", "--check"], ["-m", "tools.export", "--check"]):
        result = tool(*args, cwd=clone)
        out = result.stdout + result.stderr
        assert result.returncode == 0 and result.stdout.count("up to date") == len(MODULES), out
    result = tool("-m", "tools.student", "--all", cwd=clone)
    assert result.returncode == 0, result.stderr
    written = sorted((clone / "student").glob("*.ipynb"))
    assert len(written) == 9 and result.stdout.count("wrote") == len(written)
    assert tool("-m", "tools.student", "--check", cwd=clone).returncode == 0  # the same as committed
    assert all("## Solutions" not in p.read_text() for p in written)
    result = tool("tools/build.py", "01", cwd=clone)
    assert result.returncode == 0, result.stderr
    deck = (clone / "build" / "site" / "slides" / "01_mlp_gan_3d_spiral.slides.html").read_text()
    assert (
        deck.count("<section") >= 10
        and (clone / "build" / "site" / "notebooks" / "01_mlp_gan_3d_spiral.html").is_file()
        and (clone / "build" / "site" / "pt_BR" / "notebooks" / "01_mlp_gan_3d_spiral.html").is_file()
    )
    assert tool("-m", "tools.translate", "check", cwd=clone).returncode == 0  # nothing stale in a fresh clone
    assert (
        subprocess.run(
            ["git", "diff", "--quiet", "--no-index", str(ROOT / "notebooks"), str(clone / "notebooks")]
        ).returncode
        == 0
    ), "the build wrote nothing into the notebooks"


def test_home_changes_a_clone_and_finds_it_from_a_subfolder(clone, tmp_path):
    result = tool("-m", "tools.home", "--help", cwd=clone)
    assert result.returncode == 0 and "OWNER/NAME" in result.stdout
    result = tool("../tools/home.py", "my-school/gans", cwd=clone / "notebooks")
    assert result.returncode == 0, result.stderr
    assert 'COURSE_REPO = "my-school/gans"' in (clone / "helpers" / "course.py").read_text()
    assert "updated notebooks/02_digit7_gan.ipynb" in result.stdout and "updated README.md" in result.stdout
    assert "my-school/gans" not in (ROOT / "helpers" / "course.py").read_text()  # only the clone changed
    outside = tool(str(clone / "tools" / "export.py"), "--check", cwd=tmp_path)
    assert outside.returncode != 0 and "--root" in outside.stderr, "outside a checkout it says what to do"
    assert tool(str(clone / "tools" / "export.py"), "--check", "--root", str(clone), cwd=tmp_path).returncode == 0


def test_tools_act_on_the_checkout_not_on_an_installed_helpers(clone, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(site),
            str(clone),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    shutil.rmtree(clone / "build", ignore_errors=True)  # what setuptools leaves in the source folder
    assert (site / "helpers" / "gan.py").is_file() and not (site / "tools").exists()
    found = tool(
        "-c",
        "import importlib.util; print(importlib.util.find_spec('helpers').origin)",
        cwd=clone / "notebooks",
        pythonpath=site,
    )
    assert found.stdout.strip() == str(site / "helpers" / "__init__.py")  # `import helpers` would get site's
    with open(clone / "helpers" / "gan.py", "a", encoding="utf-8") as f:
        f.write("# edited by hand\n")
    check = tool("tools/export.py", "--check", cwd=clone, pythonpath=site)
    assert check.returncode == 1 and "+++ from the notebooks" in check.stdout and "-# edited by hand" in check.stdout
    assert "helpers/gan.py" in check.stdout and "helpers/models.py: up to date" in check.stdout
    assert tool("-m", "tools.export", cwd=clone, pythonpath=site).returncode == 0
    assert (clone / "helpers" / "gan.py").read_text() == (ROOT / "helpers" / "gan.py").read_text()
    assert (site / "helpers" / "gan.py").read_text() == (ROOT / "helpers" / "gan.py").read_text()


def test_the_root_is_found_from_inside_the_checkout(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT / "notebooks")
    assert find_root() == ROOT and find_root(ROOT / ".") == ROOT
    with pytest.raises(SystemExit, match="--root PATH"):
        find_root(tmp_path)


def test_streams_are_stored_as_a_terminal_shows_them():
    new = nbformat.v4.new_output
    cell = nbformat.v4.new_code_cell(
        "train()",
        outputs=[
            new("stream", name="stdout", text="epoch 1/2\r"),
            new("stream", name="stdout", text="epoch 2/2  \nloss 0.5\n"),
            new("stream", name="stderr", text="a warning\n"),
            new("stream", name="stdout", text="10%\r50%\r100%\n"),
            new("display_data", data={"image/png": "AAAA"}),
            new("stream", name="stdout", text="done\n"),
        ],
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"), cell])
    tidy_streams(nb)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in cell.outputs] == [
        ("stream", "stdout", "epoch 2/2\nloss 0.5\n"),  # chunks joined, the last redraw kept
        ("stream", "stderr", "a warning\n"),  # stdout and stderr are never merged
        ("stream", "stdout", "100%\n"),
        ("display_data", None, None),  # a figure stays where it was, and splits the streams
        ("stream", "stdout", "done\n"),
    ]
    assert settle("3/3 done \r\nbar  \r1/3\r3/3  \n") == "\n3/3\n"  # the last redraw of each line, no trailing spaces


def test_the_runner_stores_a_run_through_the_shared_executor(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import sys\nfor i in range(3):\n    print(f'step {i}', end='\\r', flush=True)\n"
                "print('finished', flush=True)\nprint('note', file=sys.stderr)"
            )
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "99_tiny.ipynb")
    result = tool(str(ROOT / "tools" / "run_notebooks.py"), "99_tiny.ipynb", cwd=tmp_path)
    assert result.returncode == 0 and "done in" in result.stdout, result.stderr
    outputs = json.loads((tmp_path / "99_tiny.ipynb").read_text())["cells"][0]["outputs"]
    assert [(o["name"], "".join(o["text"])) for o in outputs] == [("stdout", "finished\n"), ("stderr", "note\n")]
