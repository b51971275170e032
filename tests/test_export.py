"""One source for the taught code: the notebook cells marked `#| export`, copied into helpers."""

import json
import re
from pathlib import Path

import pytest

from tools import export

ROOT = Path(__file__).resolve().parent.parent


def test_helpers_are_exactly_what_the_notebooks_teach():
    """Regenerating helpers/gan.py, models.py and cgan.py from the notebooks changes nothing."""
    for path, text in export.generate(ROOT).items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} differs from the notebook cells marked '#| export': edit the notebook, "
            f"then run python tools/export.py"
        )


def test_each_taught_piece_is_exported_once_from_where_it_is_taught():
    cells = export.exported_cells(ROOT / "notebooks")

    def name(code):  # what a cell defines: "def X(" or "class X(", else its first word
        match = re.match(r"(?:def|class)\s+(\w+)|(\S+)", code)
        return match.group(1) or match.group(2)

    names = {module: [(nb[:2], name(code)) for nb, code in found] for module, found in cells.items()}
    assert names["gan"] == [("01", "GAN"), ("01", "train_step"), ("01", "GAN.train_step"), ("01", "record")]
    assert names["models"] == [
        ("02", "build_digit_generator"),
        ("02", "build_digit_discriminator"),
        ("05", "dcgan_init"),
        ("05", "build_dcgan_generator"),
        ("05", "build_dcgan_discriminator"),
    ]
    assert names["cgan"] == [
        ("07", "join_label_to_z"),
        ("07", "join_label_to_image"),
        ("07", "build_cgan_generator"),
        ("07", "build_cgan_discriminator"),
        ("07", "ConditionalGAN"),
        ("07", "train_step"),
    ]
    # every exercise without an `#| export` marker: the course's own answer, for a skipped exercise
    assert names["exercises"] == [
        ("00", "best_d"),
        ("01", "d_loss"),
        ("01", "g_loss"),
        ("03", "game_lost"),
        ("03", "spread"),
        ("04", "build_color_generator"),
        ("04", "build_color_discriminator"),
        ("05", "convt_size"),
        ("05", "dcgan_block"),
        ("06", "slerp"),
        ("06", "thickness_direction"),
        ("08", "gradient_penalty"),
        ("08", "hinge_d_loss"),
        ("08", "hinge_g_loss"),
    ]
    text = "".join(code for found in cells.values() for _, code in found)
    assert "SOLUTION" not in text  # the lecturer's markers stay in the notebook


def test_every_exercise_goes_on_with_the_lecturer_s_own_answer():
    """A skipped exercise continues with exactly the lecturer notebook's answer: the check's course
    version is the generated function (or, for the networks and the steps, the exported one)."""
    from helpers import cgan, exercises, gan, models
    from helpers.checks import EXERCISES

    taught = {getattr(m, n) for m in (exercises, cgan, gan, models) for n in dir(m) if callable(getattr(m, n))}
    for ex in EXERCISES.values():
        assert ex.course() in taught, ex.id


def test_a_changed_cell_is_caught_and_an_unknown_module_refused(tmp_path):
    (tmp_path / "notebooks").mkdir()
    for path in sorted((ROOT / "notebooks").glob("0[12]_*.ipynb")):
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            if "".join(cell["source"]).startswith("#| export models"):
                cell["source"] = ["#| export models\n", "def build_digit_discriminator():\n", "    return None"]
                break
        (tmp_path / "notebooks" / path.name).write_text(json.dumps(nb))
    texts = export.generate(tmp_path)
    assert texts[tmp_path / "helpers" / "models.py"] != (ROOT / "helpers" / "models.py").read_text()
    bad = {"cells": [{"cell_type": "code", "source": ["#| export trainer\n", "x = 1"]}]}
    (tmp_path / "notebooks" / "09_bad.ipynb").write_text(json.dumps(bad))
    with pytest.raises(ValueError, match="names no helper module"):
        export.exported_cells(tmp_path / "notebooks")
