"""Point the course at its home on GitHub: ``python tools/home.py OWNER/NAME``.

The repository's address is written in one place, ``COURSE_REPO`` in ``helpers/course.py``.
Every notebook's setup cell (which installs ``helpers`` in Colab) and Open-in-Colab badge, and
the README, carry copies of it; this command rewrites them all from the new value, and
``tests/test_notebooks.py`` fails when any copy disagrees with ``COURSE_REPO``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

if not __package__:  # run as `python tools/home.py`: import the tools from the checkout
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
from tools.common import add_root, find_root  # noqa: E402

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")


def course_repo(root: Path) -> str:
    """``COURSE_REPO`` as ``helpers/course.py`` in checkout ``root`` writes it (read, not imported)."""
    return re.search(r'^COURSE_REPO = "([^"]+)"', (root / "helpers" / "course.py").read_text(encoding="utf-8"),
                     re.M).group(1)


def copies(repo: str) -> list[str]:
    """The forms in which the address appears in the course's files."""
    return [f'COURSE_REPO = "{repo}"', f"colab.research.google.com/github/{repo}/", f"github.com/{repo}.git",
            f"github.com/{repo})", f"github.com/{repo}/"]


def files(root: Path) -> list[Path]:
    return [root / "helpers" / "course.py", root / "README.md", *sorted((root / "notebooks").glob("*.ipynb"))]


def set_home(new: str, root: Path) -> list[Path]:
    """Replace the current ``COURSE_REPO`` by ``new`` everywhere in ``root``; returns the files changed."""
    if not NAME.match(new):
        raise ValueError(f"Give the repository as OWNER/NAME, e.g. my-school/gan-course, not {new!r}.")
    old = course_repo(root)
    changed = []
    for path in files(root):
        text = path.read_text(encoding="utf-8")
        updated = text
        for old_form, new_form in zip(copies(old), copies(new)):
            updated = updated.replace(old_form, new_form)
            if path.suffix == ".ipynb":  # the same text inside the notebook's JSON strings
                updated = updated.replace(old_form.replace('"', '\\"'), new_form.replace('"', '\\"'))
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            changed.append(path)
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repo", help="OWNER/NAME of the course's repository on GitHub")
    add_root(parser)
    args = parser.parse_args(argv)
    root = find_root(args.root)
    try:
        changed = set_home(args.repo, root)
    except ValueError as exc:
        parser.error(str(exc))
    for path in changed:
        print("updated", path.relative_to(root))
    print(f"The course now installs from https://github.com/{args.repo}; commit the changed files.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
