"""Every committed notebook meets a reader properly, and shared code matches its helper."""

import json
import re
from pathlib import Path

import pytest

from tools import home

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
REPO = home.course_repo(ROOT)  # COURSE_REPO, as helpers/course.py writes it


def cells(path):
    return json.loads(path.read_text())["cells"]


def source(cell):
    return "".join(cell["source"])


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS][:2] == ["00_gan_game.ipynb", "01_mlp_gan_3d_spiral.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_top_matter(path):
    md = "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")
    assert len(re.findall(r"(?m)^# \S", md)) == 1, "exactly one H1"
    badge = f"https://colab.research.google.com/github/{REPO}/blob/main/notebooks/{path.name}"
    assert badge in md, "Open-in-Colab badge naming the notebook's own path"
    # the sections, found by their cells' tags (the same in every language's edition)
    tags = [tag for c in cells(path) if c["cell_type"] == "markdown" for tag in c["metadata"].get("tags", [])]
    for section in ("setup", "objectives", "summary", "exercises", "solutions"):
        assert tags.count(section) == 1, f"one markdown cell tagged {section!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_outputs_are_one_clean_run(path):
    code = [c for c in cells(path) if c["cell_type"] == "code" and source(c).strip()]
    counts = [c.get("execution_count") for c in code]
    assert None not in counts, "every code cell was executed"
    assert counts == list(range(1, len(code) + 1)), "one fresh top-to-bottom run"
    errors = [o for c in code for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert any(
        o.get("output_type") in ("display_data", "execute_result") and "image/png" in o.get("data", {})
        for c in code
        for o in c.get("outputs", [])
    ), "the figures are stored"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_outputs_are_classroom_runs(path):
    text = "\n".join(
        "".join(o.get("text", "")) for c in cells(path) if c["cell_type"] == "code" for o in c.get("outputs", [])
    )
    assert "Mode: classroom" in text, "committed outputs must come from a full (non-quick) run"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_student_reads_a_short_clean_notebook(path):
    """At most 13,500 characters of prose in the lesson (up to its Exercises section, the
    prompts of the exercises inside it included), the Exercises and Solutions sections counted
    apart; no internal words; no machine paths or tracebacks in the stored outputs."""
    nb = cells(path)
    markdown = [c for c in nb if c["cell_type"] == "markdown"]
    parts = [source(c) for c in markdown]
    exercises = next(i for i, c in enumerate(markdown) if "exercises" in c["metadata"].get("tags", []))
    solutions = next((i for i, c in enumerate(markdown) if "solutions" in c["metadata"].get("tags", [])), len(parts))
    for name, chunk, cap in [
        ("the lesson", parts[:exercises], 13500),
        ("the Exercises section", parts[exercises:solutions], 3000),
        ("the Solutions section", parts[solutions:], 5000),
    ]:
        assert len("\n".join(chunk)) <= cap, f"{len(chr(10).join(chunk)):,} characters of markdown in {name}"
    md = "\n".join(parts)
    for word in ["seed 00", "source slides", "research report", "this session"]:
        assert word not in md.lower(), word
    outputs = "\n".join(
        "".join(o.get("text", "")) for c in nb if c["cell_type"] == "code" for o in c.get("outputs", [])
    )
    assert not re.search(r"/(work|root|home|tmp|content)/\S+", outputs), "absolute paths in the stored outputs"
    assert "Traceback" not in outputs and "\r" not in outputs
    # one fresh run of the current code: nothing restored or resumed, no metrics dumps, no score
    # divided by a floor whose spread is a large part of its value
    for stale in [
        "Training already finished",
        "restored the model",
        "Resuming from",
        "Restored epoch",
        "x floor",
        "metrics.json:",
    ]:
        assert stale not in outputs, stale


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_setup_and_drive_cells_are_the_ones_tools_home_writes(path):
    """One source for the setup cell (and the Drive cell of the notebooks that train for minutes):
    tools/home.py, from COURSE_REPO and the package's version; the badge names the same repository."""
    code = [source(c) for c in cells(path) if c["cell_type"] == "code"]
    assert code[0] == home.setup_cell(REPO, home.course_ref(ROOT)), "run python tools/home.py"
    drive = [i for i, text in enumerate(code) if text.startswith(home.DRIVE_TITLE)]
    if path.name[:2] in home.DRIVE_NOTEBOOKS:
        assert drive == [1] and code[1] == home.drive_cell()
        asks = next(i for i, text in enumerate(code) if "output_dir(" in text)
        assert asks > 1, "the Drive cell runs before the notebook asks for its output folder"
    else:
        assert drive == []
    md = "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")
    assert f"colab.research.google.com/github/{REPO}/blob/main/notebooks/{path.name}" in md


def test_tools_home_check_finds_every_notebook_up_to_date():
    assert home.course_ref(ROOT).startswith("v") and home.main(["--check", "--root", str(ROOT)]) == 0


def test_course_home_is_changed_everywhere_by_one_command(tmp_path, capsys):
    import shutil

    for sub in ["helpers", "notebooks"]:
        (tmp_path / sub).mkdir()
    for name in ["helpers/course.py", "README.md", "pyproject.toml"]:
        shutil.copy(ROOT / name, tmp_path / name)
    for path in NOTEBOOKS:
        shutil.copy(path, tmp_path / "notebooks" / path.name)
    assert home.main(["my-school/gans", "--root", str(tmp_path)]) == 0
    changed = [
        tmp_path / line.split()[1] for line in capsys.readouterr().out.splitlines() if line.startswith("updated")
    ]
    assert len(changed) == len(NOTEBOOKS) + 2 and home.course_repo(tmp_path) == "my-school/gans"
    for path in changed:
        text = path.read_text()
        assert REPO not in text and "my-school/gans" in text, path.name
    assert home.course_repo(ROOT) == REPO  # the checkout itself is untouched
    with pytest.raises(SystemExit):
        home.main(["not a repo", "--root", str(tmp_path)])
    assert "OWNER/NAME" in capsys.readouterr().err
    # a new release: the tag the notebooks install, and the package's version, move together
    assert home.main(["--ref", "v9.8.7", "--root", str(tmp_path)]) == 0
    assert home.course_ref(tmp_path) == "v9.8.7" and 'version = "9.8.7"' in (tmp_path / "pyproject.toml").read_text()
    first = next(c for c in cells(tmp_path / "notebooks" / NOTEBOOKS[0].name) if c["cell_type"] == "code")
    assert source(first) == home.setup_cell("my-school/gans", "v9.8.7")
    with pytest.raises(SystemExit):
        home.main(["--ref", "latest", "--root", str(tmp_path)])
    assert "vX.Y.Z" in capsys.readouterr().err


def test_a_new_release_tag_keeps_the_stored_run_whole(tmp_path):
    """Outside Colab the setup cell installs nothing, so a new tag changes none of its outputs:
    the cell keeps its place in the stored run; any other change makes it a fresh, unrun cell."""
    import shutil

    for sub in ["helpers", "notebooks"]:
        (tmp_path / sub).mkdir()
    for name in ["helpers/course.py", "README.md", "pyproject.toml"]:
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copy(NOTEBOOKS[0], tmp_path / "notebooks" / NOTEBOOKS[0].name)
    notebook = tmp_path / "notebooks" / NOTEBOOKS[0].name
    assert home.main(["--ref", "v9.8.7", "--root", str(tmp_path)]) == 0
    first = next(c for c in cells(notebook) if c["cell_type"] == "code")
    assert '"v9.8.7"' in source(first) and first["execution_count"] == 1
    assert home.main(["my-school/gans", "--root", str(tmp_path)]) == 0
    first = next(c for c in cells(notebook) if c["cell_type"] == "code")
    assert "my-school/gans" in source(first) and first["execution_count"] is None
