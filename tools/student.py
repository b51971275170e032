"""Write the student edition of notebooks: solutions replaced by stubs, the lesson's outputs kept.

In the student edition:

* in a code cell tagged ``exercise``, the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION``
  become a stub at the same indentation (``raise NotImplementedError("Exercise NN.K: ...")``), so
  the names the cell defines (the function's ``def`` line, its docstring) stay for later cells;
  its outputs are cleared, as are those of the check cells (tagged ``check``: the lecturer's ✔);
* a code cell whose first line is ``# SOLUTION: <the task in words>`` (the older form) becomes a
  stub that states the task and raises ``NotImplementedError``;
* a markdown cell tagged ``solution`` (a prose answer right below its question) becomes
  "*Your answer here.*", tagged ``answer`` for the grader;
* cells tagged ``lecturer`` (notes to lecturers) are removed, and so is everything from the
  ``## Solutions`` heading (the markdown cell tagged ``solutions``) to the end;
* the outputs of every other cell are kept: the figures the text talks about.

    python -m tools.student notebooks/04_cifar10_cars_exercise.ipynb [more ...]
    python -m tools.student --all          # every notebook that has solution cells

The student edition is what a student opens (README, badges, the website's Colab and download
links): ``student/NN_topic.ipynb`` in the checkout, committed, its Open-in-Colab badge pointing at
itself. ``--check`` only reports editions that differ from what this tool makes (a test runs it).
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
SOLUTIONS = "solutions"  # the tag of the Solutions heading's cell: found by tag in every language


def solution_task(source: str) -> str | None:
    first = source.lstrip().splitlines()[0] if source.strip() else ""
    match = MARKER.match(first.strip())
    return match.group("task").strip() if match else None


BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"


def stubbed(source: str, exercise: str) -> str:
    """``source`` with each BEGIN/END SOLUTION block replaced by a stub at the block's indentation."""
    lines, out, inside = source.splitlines(), [], False
    for line in lines:
        if line.strip() == BEGIN:
            inside, indent = True, line[: len(line) - len(line.lstrip())]
            out += [
                f"{indent}# Your code here (then run the check below)",
                f'{indent}raise NotImplementedError("Exercise {exercise}")',
            ]
        elif line.strip() == END:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"Exercise {exercise}: a {BEGIN} without its {END}.")
    return "\n".join(out)


def student_version(nb, name: str | None = None, lang: str = "en"):
    """Return a copy of notebook ``nb`` (nbformat node, the lecturer edition in ``lang``) in its
    student edition; with the file's ``name``, its Open-in-Colab badge points at the student
    edition (``student/<name>``, ``pt_BR/student/<name>``)."""
    import copy

    from tools.translate import tr

    out = copy.deepcopy(nb)
    if name is not None:
        for cell in out.cells:
            if cell.cell_type == "markdown":
                cell.source = re.sub(
                    rf"(/blob/main/(?:[a-z]{{2}}_[A-Z]{{2}}/)?)notebooks/{re.escape(name)}\)",
                    rf"\1student/{name})",
                    cell.source,
                )
    for i, cell in enumerate(out.cells):
        if SOLUTIONS in cell.metadata.get("tags", []):
            out.cells = out.cells[:i]
            break
    out.cells = [c for c in out.cells if "lecturer" not in c.metadata.get("tags", [])]
    for cell in out.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "markdown" and "solution" in tags:
            cell.source = tr("*Your answer here.*", lang)
            cell.metadata["tags"] = [t for t in tags if t != "solution"] + ["answer"]
        if cell.cell_type != "code":
            continue
        if "exercise" in tags:
            cell.source = stubbed(cell.source, cell.metadata.get("exercise", "?"))
        task = solution_task(cell.source)
        if task is not None:
            cell.source = f"# TODO: {task}\nraise NotImplementedError({task!r})"
            cell.metadata["tags"] = sorted(set(tags) | {"exercise"})
        if task is not None or "exercise" in tags or "check" in tags:
            cell.outputs, cell.execution_count = [], None
    return out


def put_back(student, lecturer):
    """The student edition with the lecturer's solution cells put back by cell id (for the test
    that the edition is the lecturer's notebook with only its solutions taken out)."""
    import copy

    answers = {c.get("id"): c for c in lecturer.cells}
    out = copy.deepcopy(student)
    for cell in out.cells:
        tags = cell.metadata.get("tags", [])
        if "exercise" in tags or "answer" in tags:
            cell.source = answers[cell.get("id")].source
    return out


def has_solutions(nb) -> bool:
    return any(
        (c.cell_type == "code" and solution_task(c.source))
        or (c.cell_type == "markdown" and {SOLUTIONS, "solution"} & set(c.metadata.get("tags", [])))
        for c in nb.cells
    )


def write_student_version(path, out_dir) -> Path:
    import nbformat

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No notebook at {path}.")
    nb = nbformat.read(path, as_version=4)
    student = student_version(nb, path.name)
    nbformat.validate(student)
    target = Path(out_dir) / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(student, target)
    return target


def stale_editions(root: Path) -> list[str]:
    """The student notebooks in ``root/student`` that differ from what this tool makes now (or are
    missing, or have no lecturer notebook any more)."""
    import tempfile

    lecturer = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    committed = {p.name for p in (root / "student").glob("*.ipynb")}
    stale = sorted(committed - {p.name for p in lecturer})
    with tempfile.TemporaryDirectory() as tmp:
        for path in lecturer:
            made = write_student_version(path, tmp)
            target = root / "student" / path.name
            if not target.is_file() or target.read_bytes() != made.read_bytes():
                stale.append(path.name)
    return stale


def main(argv=None) -> int:

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--all", action="store_true", help="every notebook in notebooks/")
    parser.add_argument("--out", help="output folder (default: student/ in the checkout)")
    parser.add_argument("--check", action="store_true", help="only report student notebooks that are not up to date")
    add_root(parser)
    args = parser.parse_args(argv)
    root = find_root(args.root)
    if args.check:
        stale = stale_editions(root)
        for name in stale:
            print(f"student/{name} is not what notebooks/{name} makes: run python -m tools.student --all")
        return 1 if stale else 0
    paths = list(args.notebooks)
    if args.all:
        paths += sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        parser.error("name notebooks, or use --all")
    for p in paths:
        print("wrote", write_student_version(p, args.out or root / "student"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
