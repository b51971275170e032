"""The student-version command: solutions become stubs, outputs are cleared, the file is valid."""

from pathlib import Path

import nbformat
import pytest

from tools.student import has_solutions, main, write_student_version

ROOT = Path(__file__).resolve().parent.parent


def make_notebook(path):
    nb = nbformat.v4.new_notebook()
    solved = nbformat.v4.new_code_cell("# SOLUTION: build the car generator for 32x32x3 images\ng = 1")
    solved.outputs = [nbformat.v4.new_output("stream", text="secret answer\n")]
    solved.execution_count = 3
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("x = 1"), solved]
    nbformat.write(nb, path)
    return path


def test_solution_cells_become_stubs(tmp_path):
    out = write_student_version(make_notebook(tmp_path / "04_demo.ipynb"), tmp_path / "student")
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    stub = nb.cells[2]
    assert stub.source.startswith("# TODO: build the car generator")
    assert "raise NotImplementedError" in stub.source and "g = 1" not in stub.source
    assert all(c.outputs == [] and c.execution_count is None for c in nb.cells if c.cell_type == "code")
    assert nb.cells[1].source == "x = 1"  # ordinary cells are kept
    with pytest.raises(NotImplementedError, match="car generator"):
        exec(stub.source)


def test_prose_answers_and_the_solutions_section_are_hidden(tmp_path):
    nb = nbformat.v4.new_notebook()
    answer = nbformat.v4.new_markdown_cell("**Why?** Because D wins outright.")
    answer.metadata["tags"] = ["solution"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title\n## Exercises\n1. Why does D win?"),
        answer,
        nbformat.v4.new_markdown_cell("## Summary"),
        nbformat.v4.new_markdown_cell("## Solutions\n1. Lower D's learning rate.", metadata={"tags": ["solutions"]}),
        nbformat.v4.new_markdown_cell("**Expected outcome:** D near 60 %."),
    ]
    nbformat.write(nb, tmp_path / "03_demo.ipynb")
    assert has_solutions(nb)
    student = nbformat.read(write_student_version(tmp_path / "03_demo.ipynb", tmp_path / "s"), as_version=4)
    text = "\n".join(c.source for c in student.cells)
    assert "Because D wins" not in text and "Lower D's" not in text and "Expected outcome" not in text
    assert "*Your answer here.*" in text and "## Summary" in text and "1. Why does D win?" in text
    assert not has_solutions(student)


def test_every_course_notebook_with_solutions_gets_a_student_version(tmp_path):
    with_solutions = [
        p
        for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        if has_solutions(nbformat.read(p, as_version=4))
    ]
    for path in with_solutions:
        out = write_student_version(path, tmp_path)
        student = nbformat.read(out, as_version=4)
        nbformat.validate(student)
        assert not has_solutions(student)
        assert not any(c.source.startswith("## Solutions") for c in student.cells)
    assert len(with_solutions) >= 5, "every notebook's exercises have solutions"


def test_command_line(tmp_path, capsys):
    nb = make_notebook(tmp_path / "05_demo.ipynb")
    assert main([str(nb), "--out", str(tmp_path / "s")]) == 0
    assert (tmp_path / "s" / "05_demo.ipynb").is_file() and "wrote" in capsys.readouterr().out
    with pytest.raises(FileNotFoundError, match="No notebook"):
        write_student_version(tmp_path / "missing.ipynb", tmp_path / "s")


def exercise_notebook():
    nb = nbformat.v4.new_notebook()
    lesson = nbformat.v4.new_code_cell("print('a figure the text talks about')")
    lesson.outputs = [nbformat.v4.new_output("stream", text="a figure the text talks about\n")]
    lesson.execution_count = 1
    solved = nbformat.v4.new_code_cell(
        'def g_loss(d_on_fake):\n    """G\'s non-saturating loss."""\n    # BEGIN SOLUTION\n'
        "    return -np.log(d_on_fake).mean()\n    # END SOLUTION"
    )
    solved.metadata.update({"tags": ["exercise"], "exercise": "01.2"})
    check = nbformat.v4.new_code_cell('g_loss = helpers.checks.check("01.2", g_loss)')
    check.metadata.update({"tags": ["check"], "check": {"exercise": "01.2", "name": "g_loss"}})
    check.outputs = [nbformat.v4.new_output("stream", text="✔ Exercise 01.2: right.\n")]
    note = nbformat.v4.new_markdown_cell("Lecturers: in class, ask first what D's best answer is.")
    note.metadata["tags"] = ["lecturer"]
    question = nbformat.v4.new_markdown_cell("**Why** does G want D to say 'real'?")
    answer = nbformat.v4.new_markdown_cell("Because its loss falls as D(G(z)) rises.")
    answer.metadata["tags"] = ["solution"]
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 demo"), lesson, solved, check, note, question, answer]
    return nb


def test_exercises_become_stubs_that_keep_their_names_and_the_lesson_keeps_its_outputs():
    from tools.student import put_back, student_version

    lecturer = exercise_notebook()
    student = student_version(lecturer)
    nbformat.validate(student)
    lesson, stub, check, question, answer = student.cells[1:]
    assert lesson.outputs and lesson.execution_count == 1  # the figure stays
    assert "return -np.log" not in stub.source and stub.source.startswith("def g_loss(d_on_fake):")
    assert check.outputs == [] and check.execution_count is None  # no lecturer's tick
    assert "Lecturers" not in "\n".join(c.source for c in student.cells)
    assert question.source.startswith("**Why**") and answer.source == "*Your answer here.*"
    assert answer.metadata["tags"] == ["answer"]
    namespace = {}
    exec(stub.source, namespace)  # Run all goes on: the cell defines g_loss ...
    with pytest.raises(NotImplementedError, match="Exercise 01.2"):
        namespace["g_loss"](0.5)  # ... which says it is not written yet when called
    back = put_back(student, lecturer)
    kept = [c for c in lecturer.cells if "lecturer" not in c.metadata.get("tags", [])]
    assert [c.source for c in back.cells] == [c.source for c in kept]


def test_the_committed_student_edition_is_what_the_tool_makes():
    from tools.student import stale_editions

    assert stale_editions(ROOT) == [], "run python -m tools.student --all"


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.name)
def test_the_student_edition_is_the_lecturer_s_notebook_without_its_answers(path):
    """With the answers put back by cell id it is the lecturer's notebook (lecturer notes and the
    Solutions section aside); no answer is left in it; its badge opens itself; every written
    answer keeps its question; the lesson's outputs stay."""
    from tools.student import SOLUTIONS, put_back

    lecturer = nbformat.read(path, as_version=4)
    student = nbformat.read(ROOT / "student" / path.name, as_version=4)
    end = next((i for i, c in enumerate(lecturer.cells) if SOLUTIONS in c.metadata.get("tags", [])), None)
    kept = [c for c in lecturer.cells[:end] if "lecturer" not in c.metadata.get("tags", [])]
    back = put_back(student, lecturer)
    assert [c.get("id") for c in back.cells] == [c.get("id") for c in kept]
    for mine, theirs in zip(back.cells, kept):
        if mine.cell_type == "code" or "answer" in mine.metadata.get("tags", []):
            assert mine.source == theirs.source, mine.get("id")
    text = "\n".join(c.source for c in student.cells)
    assert "## Solutions" not in text and "# BEGIN SOLUTION" not in text and "# SOLUTION:" not in text
    answers = {c.get("id") for c in lecturer.cells if "solution" in c.metadata.get("tags", [])}
    assert not any(c.get("id") in answers and c.source != "*Your answer here.*" for c in student.cells)
    for i, cell in enumerate(student.cells):
        if "answer" in cell.metadata.get("tags", []):
            assert student.cells[i - 1].cell_type == "markdown" and "?" in student.cells[i - 1].source, "its question"
    assert f"/blob/main/student/{path.name})" in student.cells[0].source
    lesson = [
        c
        for c in student.cells
        if c.cell_type == "code" and not {"exercise", "check"} & set(c.metadata.get("tags", []))
    ]
    assert any(c.outputs for c in lesson), "the lesson's outputs (its figures) are kept"
