"""The course's home and the two cells written from it into every notebook.

``COURSE_REPO`` (the repository on GitHub, in ``helpers/course.py``) and the release the notebooks
install in Colab (the git tag ``v`` + the version in ``pyproject.toml``) are each written in one
place. Each notebook's first code cell, the *setup cell* that installs the course in Colab, and, in the
notebooks that train for minutes, the optional *Drive cell*, are made here from those values:

    python tools/home.py                      # rewrite both cells in every notebook
    python tools/home.py --check              # only compare (exit 1 if a notebook differs)
    python tools/home.py OWNER/NAME           # move the course: course.py, README, badges, cells
    python tools/home.py --ref v0.3.0         # a new release: pyproject's version, the setup cells

``tests/test_notebooks.py`` fails when a notebook's cells, badge or the README disagree.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path

if not __package__:  # run as `python tools/home.py`: import the tools from the checkout
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
from tools.common import add_root, find_root  # noqa: E402
from tools.translate import tr  # noqa: E402

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
REF = re.compile(r"^v\d+\.\d+\.\d+$")
SETUP_TITLE = tr("# @title Setup: the course's `helpers` package")  # in English: how a notebook's is found
DRIVE_TITLE = "# @title Optional, in Colab: keep this notebook's work on Google Drive"
# The notebooks whose classroom run trains for minutes (01 trains in about 20 s).
DRIVE_NOTEBOOKS = ("02", "03", "04", "05", "06", "07", "08")

SETUP = """\
{title} ({installs})
{comment}
import glob, importlib.util, os, subprocess, sys
{language}
COURSE_REPO, COURSE_REF = "{repo}", "{ref}"
LOG = "gan-course-install.log"


def pip_install(what):
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", what],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={{**os.environ, "GIT_TERMINAL_PROMPT": "0"}},
    )
    with open(LOG, "a") as log:
        log.write(f"$ pip install {{what}}\\n{{done.stdout}}{{done.stderr}}\\n")
    importlib.invalidate_caches()
    return done.returncode == 0 and importlib.util.find_spec("helpers") is not None


class CourseNotInstalled(Exception):
    def _render_traceback_(self):  # Jupyter shows just the message, no traceback
        return str(self).splitlines()


if importlib.util.find_spec("helpers") is None:
    uploaded = sorted(glob.glob("gan_course-*.whl") + glob.glob("*gan*course*.zip"))
    source = f"git+https://github.com/{{COURSE_REPO}}.git@{{COURSE_REF}}"
    print(f"{installing}")
    if not any(pip_install(what) for what in [source, *uploaded]):
        raise CourseNotInstalled(
{failed}
        )
    print(f"{installed}")
"""


def _setup_texts(lang: str) -> dict[str, str]:
    """The setup cell's words in ``lang`` (the tools' catalogue, ``tools.translate``)."""
    comment = tr(
        "Locally, `pip install -r requirements.txt` has installed it already and this cell does nothing.\n"
        "In Colab it installs release COURSE_REF of the course from GitHub, or else a wheel or ZIP of\n"
        'the course that you uploaded (README, "In Google Colab"); pip\'s messages go to the log below.',
        lang,
    )
    failed = tr(
        "Could not install the course's helpers package (pip's messages: {LOG}).\n"
        "1. Check the connection (Colab: Runtime -> Connect) and run this cell again; it installs\n"
        "   {source}\n"
        "2. Or upload the course as one file into this notebook's folder (Colab: the Files pane,\n"
        "   /content) and run this cell again: the ZIP from https://github.com/{COURSE_REPO}\n"
        "   (Code -> Download ZIP), or a wheel made with `pip wheel --no-deps -w dist .`.",
        lang,
    )
    lines = failed.split("\n")
    return {
        "title": tr(SETUP_TITLE, lang),
        "installs": tr("in Colab it installs it, ~30 s", lang),
        "comment": "\n".join(f"# {line}" for line in comment.split("\n")),
        "language": "" if lang == "en" else f'\nos.environ["GAN_COURSE_LANG"] = "{lang}"\n',
        "installing": tr("Installing the course's helpers ({COURSE_REF}) ...", lang),
        "installed": tr("Installed: {importlib.util.find_spec('helpers').origin}", lang),
        "failed": "\n".join(
            "            f" + json.dumps(line + ("\n" if i < len(lines) - 1 else ""), ensure_ascii=False)
            for i, line in enumerate(lines)
        ),
    }


DRIVE = """\
{title}
# Colab forgets what this notebook wrote (checkpoints, the quality judges, figures) when it
# recycles the machine. With True, the outputs go to MyDrive/gan-course/ (Colab asks for access
# once) and a training cut off there continues from its last checkpoint. Outside Colab: nothing.
KEEP_ON_DRIVE = True

import helpers

if KEEP_ON_DRIVE:
    helpers.keep_on_drive()
"""


def course_repo(root: Path) -> str:
    """``COURSE_REPO`` as ``helpers/course.py`` in checkout ``root`` writes it (read, not imported)."""
    return re.search(
        r'^COURSE_REPO = "([^"]+)"', (root / "helpers" / "course.py").read_text(encoding="utf-8"), re.M
    ).group(1)


def course_ref(root: Path) -> str:
    """The release the notebooks install in Colab: ``v`` + the package's version in pyproject.toml."""
    return "v" + tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def setup_cell(repo: str, ref: str, lang: str = "en") -> str:
    """The source of every notebook's setup cell for this repository and release, in ``lang``
    (the Portuguese one also sets the language of the exercise checks' messages)."""
    return SETUP.format(repo=repo, ref=ref, **_setup_texts(lang)).rstrip("\n")


def drive_cell() -> str:
    return DRIVE.format(title=DRIVE_TITLE).rstrip("\n")


def _code_cell(source: str, cell_id: str) -> dict:
    # cellView "form": Colab shows the cell's title and hides its code (one click shows it).
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": cell_id,
        "metadata": {"cellView": "form"},
        "outputs": [],
        "source": source.splitlines(keepends=True),
    }


def _is(cell: dict, title: str) -> bool:
    return cell["cell_type"] == "code" and "".join(cell["source"]).startswith(title)


def _without_ref(source: str) -> str:
    return re.sub(r'(COURSE_REF = |, )"v[0-9.]+"', r'\1"vX"', source)


def with_cells(nb: dict, name: str, repo: str, ref: str) -> dict:
    """``nb`` with its setup cell (and Drive cell where one belongs) as made here. The setup cell
    is the first code cell; the Drive cell comes right after it, before the cell that asks
    ``helpers`` for the output folder. Outputs of a cell whose source is unchanged, or changed
    only in its release tag, are kept."""
    cells = nb["cells"]
    first = next(i for i, c in enumerate(cells) if c["cell_type"] == "code")
    wanted = [(SETUP_TITLE, setup_cell(repo, ref), "course-setup")]
    if name[:2] in DRIVE_NOTEBOOKS:
        wanted.append((DRIVE_TITLE, drive_cell(), "keep-on-drive"))
    old = {title: c for c in cells for title, _, _ in wanted if _is(c, title)}
    rest = [c for c in cells[first:] if not any(_is(c, t) for t in (SETUP_TITLE, DRIVE_TITLE))]
    made = []
    for title, source, cell_id in wanted:
        cell = old.get(title)
        same = cell is not None and _without_ref("".join(cell["source"])) == _without_ref(source)
        # A new release tag changes no output: outside Colab the setup cell installs nothing.
        made.append(
            {**cell, "source": source.splitlines(keepends=True)}
            if same and cell.get("id") == cell_id
            else _code_cell(source, cell_id)
        )
    return {**nb, "cells": cells[:first] + made + rest}


def write_cells(root: Path, check: bool = False) -> list[Path]:
    """Rewrite the cells in every notebook of ``root``; returns the notebooks that differed."""
    repo, ref = course_repo(root), course_ref(root)
    changed = []
    for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        new = with_cells(nb, path.name, repo, ref)
        if new != nb:
            changed.append(path)
            if not check:
                path.write_text(json.dumps(new, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


def copies(repo: str) -> list[str]:
    """The forms in which the address appears in the course's files."""
    return [
        f'COURSE_REPO = "{repo}"',
        f"colab.research.google.com/github/{repo}/",
        f"github.com/{repo}.git",
        f"github.com/{repo})",
        f"github.com/{repo}/",
    ]


def set_home(new: str, root: Path) -> list[Path]:
    """Replace the current ``COURSE_REPO`` by ``new`` everywhere in ``root``; returns the files changed."""
    if not NAME.match(new):
        raise ValueError(f"Give the repository as OWNER/NAME, e.g. my-school/gan-course, not {new!r}.")
    old = course_repo(root)
    changed = []
    editions = [*sorted((root / "notebooks").glob("*.ipynb")), *sorted((root / "student").glob("*.ipynb"))]
    # the Portuguese edition (made by tools/translate.py) and its catalogues name the address too
    translated = [*sorted((root / "pt_BR").rglob("*.ipynb")), *sorted((root / "pt_BR").glob("*.md"))]
    translated += sorted((root / "locale").rglob("*.po"))
    for path in [root / "helpers" / "course.py", root / "README.md", *editions, *translated]:
        text = path.read_text(encoding="utf-8")
        updated = text
        for old_form, new_form in zip(copies(old), copies(new)):
            updated = updated.replace(old_form, new_form)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            changed.append(path)
    return sorted(set(changed) | set(write_cells(root)))


def set_ref(ref: str, root: Path) -> list[Path]:
    """Make ``ref`` (vX.Y.Z) the release the notebooks install: X.Y.Z becomes pyproject's version."""
    if not REF.match(ref):
        raise ValueError(f"Give the release as a tag vX.Y.Z, e.g. v0.3.0, not {ref!r}.")
    project = root / "pyproject.toml"
    project.write_text(re.sub(r'(?m)^version = "[^"]+"', f'version = "{ref[1:]}"', project.read_text(), count=1))
    return [project, *write_cells(root)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repo", nargs="?", help="OWNER/NAME of the course's new repository on GitHub")
    parser.add_argument("--ref", help="a new release tag vX.Y.Z for the notebooks to install")
    parser.add_argument("--check", action="store_true", help="only report notebooks whose cells differ")
    add_root(parser)
    args = parser.parse_args(argv)
    root = find_root(args.root)
    if args.check:
        stale = write_cells(root, check=True)
        for path in stale:
            print(f"{path.relative_to(root)}: setup or Drive cell differs; run python tools/home.py")
        return 1 if stale else 0
    try:
        changed = (set_home(args.repo, root) if args.repo else []) + (set_ref(args.ref, root) if args.ref else [])
    except ValueError as exc:
        parser.error(str(exc))
    changed = changed or write_cells(root)
    for path in sorted(set(changed)):
        print("updated", path.relative_to(root))
    if args.repo:
        print(f"The course now installs from https://github.com/{args.repo}; commit the changed files.")
    if args.ref:
        print(f"Commit, then tag that commit {args.ref} and push the tag: the notebooks install it in Colab.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
