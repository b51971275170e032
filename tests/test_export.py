"""One source for the taught code: the notebook cells marked `#| export`, copied into helpers."""

import json
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
    names = {module: [(nb, code.split("(")[0].split()[-1]) for nb, code in found] for module, found in cells.items()}
    assert names["gan"] == [
        ("01_mlp_gan_3d_spiral.ipynb", "GAN"),
        ("01_mlp_gan_3d_spiral.ipynb", "train_step"),
        ("01_mlp_gan_3d_spiral.ipynb", "record"),
    ]
    assert names["models"] == [
        ("02_digit7_gan.ipynb", "build_digit_discriminator"),
        ("02_digit7_gan.ipynb", "build_digit_generator"),
        ("05_dcgan.ipynb", "dcgan_init"),
        ("05_dcgan.ipynb", "build_dcgan_generator"),
        ("05_dcgan.ipynb", "build_dcgan_discriminator"),
    ]
    assert names["cgan"] == [
        ("07_conditional_dcgan.ipynb", "build_cgan_generator"),
        ("07_conditional_dcgan.ipynb", "build_cgan_discriminator"),
        ("07_conditional_dcgan.ipynb", "ConditionalGAN"),
        ("07_conditional_dcgan.ipynb", "train_step"),
    ]


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
