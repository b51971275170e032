"""tools.grade on a folder of synthetic submissions: right, unsolved, raising, endless, cheating."""

import csv

import nbformat

from tools import grade

RIGHT = """import keras

bce = keras.losses.BinaryCrossentropy()


def d_loss(d_real, d_fake):
    return bce(keras.ops.ones_like(d_real), d_real) + bce(keras.ops.zeros_like(d_fake), d_fake)
"""
FLIPPED = RIGHT.replace("ones_like(d_real)", "zeros_like(d_real)").replace("zeros_like(d_fake)", "ones_like(d_fake)")
STUB = "def d_loss(d_real, d_fake):\n    raise NotImplementedError('Exercise 01.1')\n"
RAISES = "def d_loss(d_real, d_fake):\n    return d_real + undefined_name\n"


def notebook(answer: str, before: str = "x = 1", cheat: bool = False, text: str = "*Your answer here.*"):
    nb = nbformat.v4.new_notebook()
    check = nbformat.v4.new_code_cell('d_loss = helpers.checks.check("01.1", d_loss)')
    check.metadata.update({"tags": ["check"], "check": {"exercise": "01.1", "name": "d_loss"}})
    if cheat:  # print a tick and skip the real check
        check.source = 'print("✔ Exercise 01.1: right.")'
    answer_cell = nbformat.v4.new_markdown_cell(text)
    answer_cell.metadata["tags"] = ["answer"]
    nb.cells = [
        nbformat.v4.new_code_cell("import numpy as np\nimport helpers.checks"),
        nbformat.v4.new_code_cell(before),
        nbformat.v4.new_markdown_cell("**Exercise 01.1.** Write D's loss."),
        nbformat.v4.new_code_cell(answer),
        check,
        nbformat.v4.new_code_cell("print(float(d_loss(np.full((2, 1), 0.9), np.full((2, 1), 0.1))))"),
        nbformat.v4.new_markdown_cell("**Why** does D add its two losses?"),
        answer_cell,
    ]
    return nb


def test_grading_a_class_of_synthetic_submissions(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    reference = tmp_path / "reference.ipynb"
    nbformat.write(notebook(RIGHT), reference)
    cases = {
        "ana.ipynb": notebook(RIGHT, text="Each term judges one half of the batch."),
        "bruno.ipynb": notebook(STUB),
        "carla.ipynb": notebook(RAISES),
        "davi.ipynb": notebook(RIGHT, before="while True:\n    pass"),
        "elisa.ipynb": notebook(FLIPPED, before="helpers.checks.check = lambda *a: print('✔')", cheat=True),
        "fabio.ipynb": notebook(FLIPPED),
    }
    for name, nb in cases.items():
        nbformat.write(nb, folder / name)
    (folder / "broken.ipynb").write_text("{not json")
    assert grade.main([str(folder), "--reference", str(reference), "--timeout", "20", "--out", str(tmp_path)]) == 0
    with open(tmp_path / "grades.csv", encoding="utf-8") as f:
        rows = {r["file"]: r for r in csv.DictReader(f)}
    status = {name: row["status"] for name, row in rows.items()}
    assert status == {
        "ana.ipynb": "pass",
        "bruno.ipynb": "skipped",
        "carla.ipynb": "error",
        "davi.ipynb": "timeout",
        "elisa.ipynb": "fail",  # its printed tick and redefined check count for nothing
        "fabio.ipynb": "fail",
        "broken.ipynb": "error",
    }
    assert "labels are flipped" in rows["fabio.ipynb"]["message"]
    assert "raised NameError" in rows["carla.ipynb"]["message"]  # what the student sees, no traceback
    page = (tmp_path / "written_answers.md").read_text()
    assert "Each term judges one half of the batch." in page and "**Why** does D add its two losses?" in page
