"""Quick mode, seeds, environment report and the output folder."""

import numpy as np
import pytest

import helpers
from helpers import course
from helpers.course import project_root


def test_quick_switch(monkeypatch):
    monkeypatch.setenv("GAN_COURSE_QUICK", "1")
    assert course.is_quick() and helpers.quick(500, 3) == 3
    monkeypatch.setenv("GAN_COURSE_QUICK", "0")
    assert not course.is_quick() and helpers.quick(500, 3) == 500
    monkeypatch.delenv("GAN_COURSE_QUICK")
    assert helpers.quick(500, 3) == 500


def test_set_seed_repeats_numpy_and_keras():
    import keras

    helpers.set_seed(3)
    a = np.random.rand(3), keras.random.normal((3,)).numpy()
    helpers.set_seed(3)
    b = np.random.rand(3), keras.random.normal((3,)).numpy()
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


@pytest.mark.parametrize("bad", [-1, 1.5, "42", True])
def test_set_seed_rejects_bad_seed(bad):
    with pytest.raises(ValueError, match="non-negative integer"):
        helpers.set_seed(bad)


def test_environment_report(capsys):
    info = helpers.environment_report()
    out = capsys.readouterr().out
    assert info["keras"].startswith("3.") and "Keras 3." in out
    assert isinstance(info["gpus"], list) and "GPU:" in out


def test_output_dir_default_and_env(tmp_path, monkeypatch):
    monkeypatch.delenv("GAN_COURSE_OUTPUT", raising=False)
    default = helpers.output_dir("99_test_notebook")
    assert default == project_root() / "outputs" / "99_test_notebook" and default.is_dir()
    default.rmdir()
    monkeypatch.setenv("GAN_COURSE_OUTPUT", str(tmp_path))
    assert helpers.output_dir("01_x") == tmp_path / "01_x"


def test_output_dir_not_writable_says_what_to_do(tmp_path, monkeypatch):
    blocked = tmp_path / "file_not_folder"
    blocked.write_text("x")
    monkeypatch.setenv("GAN_COURSE_OUTPUT", str(blocked))
    with pytest.raises(PermissionError, match="Set GAN_COURSE_OUTPUT"):
        helpers.output_dir("01_x")
    assert blocked.read_text() == "x"  # nothing lost


@pytest.mark.parametrize("bad", ["", "../escape", "a/b", ".hidden"])
def test_output_dir_wants_a_stem(bad):
    with pytest.raises(ValueError, match="stem"):
        helpers.output_dir(bad)


def test_save_metrics_requires_core_keys_and_writes_json(tmp_path):
    import json

    with pytest.raises(ValueError, match="train_seconds"):
        helpers.save_metrics(tmp_path, epochs=3)
    helpers.save_metrics(tmp_path, epochs=3, train_seconds=1.23456789, acc=np.float32(0.5))
    path = tmp_path / "metrics.json"
    assert json.loads(path.read_text()) == {"epochs": 3, "train_seconds": 1.23457, "acc": 0.5}
    assert [p.name for p in tmp_path.iterdir()] == ["metrics.json"]  # no temp file left over
