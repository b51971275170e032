"""Grade a class: run every submitted notebook and judge its exercises with the course's checks.

    python -m tools.grade SUBMISSIONS/ [--out grades/] [--timeout 300] [--jobs 2]

Each ``*.ipynb`` in SUBMISSIONS (one per student; the file name is the row's name) runs in its
own Jupyter kernel, in quick mode, top to bottom. The check cells (tagged ``check``, with the
exercise id in their metadata, as in the course's notebooks) are not run as the student left
them: the grader runs its own call to ``helpers.checks.judge`` there, on a freshly reloaded
checks package, so a printed ✔ or a redefined ``check`` counts for nothing. An exercise whose
check cell was deleted is judged after the last cell. A cell that raises is recorded and the
notebook goes on; one that runs past ``--timeout`` seconds stops that notebook (its remaining
exercises are ``timeout``). Writes ``grades.csv`` (file, exercise, status, message; status is
pass, fail, skipped, error or timeout) and ``written_answers.md`` (the answers typed into the
written-answer cells, grouped by cell with the question above them).

Isolation: student code runs on this machine with your user's rights (its own kernel process and
working folder, no sandbox). Grade untrusted files in a container or a throwaway account.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

if not __package__:
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

MARK = "GAN-COURSE-GRADE "
JUDGE = """import importlib, json, sys
import helpers.checks as _pkg
for _name in sorted(m for m in sys.modules if m.startswith("helpers.checks.")) + ["helpers.checks"]:
    importlib.reload(sys.modules[_name])
_result = sys.modules["helpers.checks"].judge({exercise!r}, globals().get({name!r}))
print({mark!r} + json.dumps([_result.exercise, _result.status, _result.message]))
if _result.status != "pass" and sys.modules["helpers.checks"].EXERCISES[{exercise!r}].course is not None:
    {name} = sys.modules["helpers.checks"].EXERCISES[{exercise!r}].course()
"""


def check_cells(nb) -> list[tuple[int, str, str]]:
    """``(index, exercise id, answer name)`` of the notebook's check cells."""
    found = []
    for i, cell in enumerate(nb.cells):
        spec = cell.metadata.get("check") if cell.cell_type == "code" else None
        if spec and "check" in cell.metadata.get("tags", []):
            found.append((i, str(spec["exercise"]), str(spec["name"])))
    return found


def written_answers(nb) -> list[tuple[str, str, str]]:
    """``(cell id, question, answer)`` of the written-answer cells (tagged ``answer``)."""
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and "answer" in cell.metadata.get("tags", []):
            question = nb.cells[i - 1].source if i and nb.cells[i - 1].cell_type == "markdown" else ""
            out.append((cell.get("id", str(i)), question, cell.source))
    return out


def grade_one(path: Path, reference, timeout: float) -> list[tuple[str, str, str]]:
    """Run one submission; returns ``(exercise, status, message)`` for every exercise of ``reference``."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    expected = {ex: name for _, ex, name in check_cells(reference)}
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # not a notebook at all
        return [(ex, "error", f"could not read the notebook ({type(exc).__name__})") for ex in expected]
    judged: dict[str, tuple[str, str]] = {}
    for i, ex, _ in check_cells(nb):
        if ex in expected:
            nb.cells[i].source = JUDGE.format(exercise=ex, name=expected[ex], mark=MARK)
    missing = [ex for ex in expected if ex not in {e for _, e, _ in check_cells(nb)}]
    for ex in missing:  # a deleted check cell: judged at the end
        nb.cells.append(nbformat.v4.new_code_cell(JUDGE.format(exercise=ex, name=expected[ex], mark=MARK)))
    env = {**os.environ, "GAN_COURSE_QUICK": "1"}
    with tempfile.TemporaryDirectory() as work:
        env["GAN_COURSE_OUTPUT"] = str(Path(work) / "outputs")  # its own: nothing restored from another
        client = NotebookClient(nb, timeout=timeout, allow_errors=True, resources={"metadata": {"path": work}})
        stopped = None
        try:
            client.execute(env=env)
        except CellTimeoutError:
            stopped = "timeout"
        except DeadKernelError:
            stopped = "error"
        except Exception as exc:
            stopped = f"error: {type(exc).__name__}"
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for line in output.get("text", "").splitlines():
                if line.startswith(MARK):
                    ex, status, message = json.loads(line[len(MARK) :])
                    judged.setdefault(ex, (status, message))
    rows = []
    for ex in expected:
        if ex in judged:
            rows.append((ex, *judged[ex]))
        elif stopped == "timeout":
            rows.append((ex, "timeout", f"the notebook ran past {timeout:g} s in one cell before this check"))
        else:
            rows.append((ex, "error", "the notebook stopped before this check (its kernel died or failed)"))
    return rows


def main(argv=None) -> int:
    import nbformat

    from tools.common import add_root, find_root

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submissions", type=Path, help="a folder of submitted .ipynb files")
    parser.add_argument("--out", type=Path, help="where grades.csv and written_answers.md go (default: SUBMISSIONS)")
    parser.add_argument("--reference", type=Path, help="the course notebook they answer (default: by file name)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a single cell may run (default 300)")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    add_root(parser)
    args = parser.parse_args(argv)
    files = sorted(args.submissions.glob("*.ipynb")) if args.submissions.is_dir() else []
    if not files:
        parser.error(f"no .ipynb files in {args.submissions}")
    root = find_root(args.root)

    def reference_of(path: Path):
        if args.reference:
            return nbformat.read(args.reference, as_version=4)
        for course in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
            if path.name.startswith(course.name[:2]) or course.stem in path.stem:
                return nbformat.read(course, as_version=4)
        raise SystemExit(f"{path.name}: which notebook does it answer? Name it like 01_..., or pass --reference.")

    references = {path: reference_of(path) for path in files}
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = dict(zip(files, pool.map(lambda p: grade_one(p, references[p], args.timeout), files)))
    out = args.out or args.submissions
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "exercise", "status", "message"])
        for path, rows in results.items():
            writer.writerows([path.name, *row] for row in rows)
    answers: dict[str, list[str]] = {}
    questions: dict[str, str] = {}
    for path in files:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue
        for cell_id, question, answer in written_answers(nb):
            questions.setdefault(cell_id, question)
            answers.setdefault(cell_id, []).append(f"**{path.name}**\n\n{answer.strip()}\n")
    page = ["# Written answers\n"]
    for cell_id, items in answers.items():
        page += [f"## Cell {cell_id}\n", questions[cell_id].strip() + "\n", *items]
    (out / "written_answers.md").write_text("\n".join(page), encoding="utf-8")
    passed = sum(row[1] == "pass" for rows in results.values() for row in rows)
    total = sum(len(rows) for rows in results.values())
    print(f"{len(files)} notebooks, {passed} of {total} exercises passed: {out / 'grades.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
