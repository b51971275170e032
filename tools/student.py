"""Write the student version of notebooks: solutions replaced by a task, outputs cleared.

In the student version:

* a code cell whose first line is ``# SOLUTION: <the task in words>`` is replaced by a stub that
  states the task and raises ``NotImplementedError``;
* a markdown cell tagged ``solution`` (a prose answer right below a task) becomes
  "*Your answer here.*";
* everything from a markdown cell whose first line is ``## Solutions`` to the end (the
  exercises' solutions and expected outcomes, for lecturers) is removed;
* every output is cleared.

    python tools/student.py notebooks/04_cifar10_cars_exercise.ipynb [more ...]
    python tools/student.py --all          # every notebook that has solution cells

Files go to the checkout's ``build/student/`` (git-ignored) unless ``--out`` says otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

if not __package__:  # run as `python tools/student.py`: import the tools from the checkout
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
from tools.common import add_root, find_root  # noqa: E402

MARKER = re.compile(r"^#\s*SOLUTION:\s*(?P<task>.+)$")
SOLUTIONS_HEADING = "## Solutions"


def solution_task(source: str) -> str | None:
    first = source.lstrip().splitlines()[0] if source.strip() else ""
    match = MARKER.match(first.strip())
    return match.group("task").strip() if match else None


def student_version(nb):
    """Return a copy of notebook ``nb`` (nbformat node) with solutions stubbed, outputs cleared."""
    import copy

    out = copy.deepcopy(nb)
    for i, cell in enumerate(out.cells):
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith(SOLUTIONS_HEADING):
            out.cells = out.cells[:i]
            break
    for cell in out.cells:
        if cell.cell_type == "markdown" and "solution" in cell.metadata.get("tags", []):
            cell.source = "*Your answer here.*"
            cell.metadata["tags"] = [t for t in cell.metadata["tags"] if t != "solution"] + ["exercise"]
        if cell.cell_type != "code":
            continue
        task = solution_task(cell.source)
        if task is not None:
            cell.source = f"# TODO: {task}\nraise NotImplementedError({task!r})"
            cell.metadata["tags"] = sorted(set(cell.metadata.get("tags", [])) | {"exercise"})
        cell.outputs = []
        cell.execution_count = None
    return out


def has_solutions(nb) -> bool:
    return any(
        (c.cell_type == "code" and solution_task(c.source))
        or (
            c.cell_type == "markdown"
            and (c.source.lstrip().startswith(SOLUTIONS_HEADING) or "solution" in c.metadata.get("tags", []))
        )
        for c in nb.cells
    )


def write_student_version(path, out_dir) -> Path:
    import nbformat

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No notebook at {path}.")
    nb = nbformat.read(path, as_version=4)
    student = student_version(nb)
    nbformat.validate(student)
    target = Path(out_dir) / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(student, target)
    return target


def main(argv=None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--all", action="store_true", help="every notebook in notebooks/ with solution cells")
    parser.add_argument("--out", help="output folder (default: build/student/ in the checkout)")
    add_root(parser)
    args = parser.parse_args(argv)
    root = find_root(args.root)
    paths = list(args.notebooks)
    if args.all:
        paths += [
            p
            for p in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
            if has_solutions(nbformat.read(p, as_version=4))
        ]
    if not paths:
        parser.error("name notebooks, or use --all")
    for p in paths:
        print("wrote", write_student_version(p, args.out or root / "build" / "student"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
