"""The spiral, the image loader (offline sample and download paths) and the batch pipeline."""

import numpy as np
import pytest

import helpers
from helpers.data import epoch_batches


def test_spiral_formula_and_standardisation():
    raw, scaler = helpers.make_spiral(1000, seed=0, standardize=False)
    assert raw.shape == (1000, 3) and scaler is None
    x1 = 2 * np.pi * np.arange(1000) / 1000
    np.testing.assert_allclose(raw[:, 0], x1, rtol=1e-6)
    noise = (raw[:, 1] - x1 * np.cos(2 * x1)) / 0.1  # recover the shared noise from x2 ...
    np.testing.assert_allclose(raw[:, 2], np.exp(-x1) * x1 + 0.01 * noise, atol=1e-5)  # ... x3 uses it too
    assert 0.8 < noise.std() < 1.2
    std, scaler = helpers.make_spiral(1000, seed=0)
    np.testing.assert_allclose(std.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(std.std(axis=0), 1, atol=1e-4)
    np.testing.assert_allclose(scaler.inverse_transform(std), raw, atol=1e-4)
    assert std.min() < -1 and std.max() > 1  # outside a sigmoid's range: the lesson of notebook 01


def test_spiral_is_repeatable_and_seeded():
    a, _ = helpers.make_spiral(50, seed=1)
    b, _ = helpers.make_spiral(50, seed=1)
    c, _ = helpers.make_spiral(50, seed=2)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    with pytest.raises(ValueError, match="n must be"):
        helpers.make_spiral(1)


def test_mnist_sevens_from_offline_sample(data_dir, no_download, capsys):
    x, y = helpers.load_images("mnist", classes=7)
    assert x.shape == (6265, 28, 28, 1) and x.dtype == np.float32  # all 7s of the training split
    assert set(np.unique(y)) == {7}
    assert x.min() == 0.0 and x.max() == 1.0
    out = capsys.readouterr().out
    assert "6,265 mnist images" in out and "offline sample" in out


def test_scaling_and_limit(data_dir, no_download):
    x, y = helpers.load_images("cifar10", classes="automobile", scale="-1_1", limit=100, verbose=False)
    assert x.shape == (100, 32, 32, 3) and set(np.unique(y)) == {1}
    assert x.min() >= -1 and x.max() <= 1 and x.min() < -0.5
    x2, _ = helpers.load_images("cifar10", classes=1, scale="-1_1", limit=100, verbose=False)
    np.testing.assert_array_equal(x, x2)  # the same seeded subset, by name or by index


def test_several_classes(data_dir, no_download):
    x, y = helpers.load_images("fashion_mnist", classes=[0, "Sneaker"], verbose=False)
    assert set(np.unique(y)) == {0, 7} and x.shape[1:] == (28, 28, 1)


def test_unknown_dataset_suggests_closest():
    with pytest.raises(ValueError, match="Did you mean 'fashion_mnist'"):
        helpers.load_images("fashion-mnist")
    with pytest.raises(ValueError, match="Did you mean 'cifar10'"):
        helpers.load_images("cifar")


@pytest.mark.parametrize("bad", [10, -1, "sneakers!", 7.0, True])
def test_class_out_of_range(bad):
    with pytest.raises(ValueError, match="out of range|no class named|by index"):
        helpers.load_images("fashion_mnist", classes=bad)


def test_bad_scale_and_limit():
    with pytest.raises(ValueError, match="scale"):
        helpers.load_images("mnist", scale="0-255")
    with pytest.raises(ValueError, match="limit"):
        helpers.load_images("mnist", limit=0)


def test_no_internet_and_no_sample_says_what_to_do(tmp_path, monkeypatch, no_download):
    monkeypatch.setenv("GAN_COURSE_DATA", str(tmp_path))  # folder without the sample
    with pytest.raises(RuntimeError, match="Set GAN_COURSE_DATA"):
        helpers.load_images("mnist")


def test_corrupt_sample_is_reported_and_kept(tmp_path, monkeypatch, no_download):
    bad = tmp_path / "mnist_sample.npz"
    bad.write_bytes(b"this is not an npz file")
    monkeypatch.setenv("GAN_COURSE_DATA", str(tmp_path))
    with pytest.raises(ValueError, match="damaged"):
        helpers.load_images("mnist")
    assert bad.read_bytes() == b"this is not an npz file"  # nothing deleted


def test_sample_with_wrong_arrays(tmp_path, monkeypatch, no_download):
    np.savez(tmp_path / "mnist_sample.npz", images=np.zeros((2, 28, 28), np.uint8))
    monkeypatch.setenv("GAN_COURSE_DATA", str(tmp_path))
    with pytest.raises(ValueError, match="not the arrays 'x' and 'y'"):
        helpers.load_images("mnist")
    np.savez(tmp_path / "mnist_sample.npz", x=np.zeros((2, 32, 32), np.uint8), y=np.zeros(2, np.uint8))
    with pytest.raises(ValueError, match="expected"):
        helpers.load_images("mnist")


def test_pickled_sample_is_refused(tmp_path, monkeypatch, no_download):
    np.savez(tmp_path / "mnist_sample.npz", x=np.array([object()], dtype=object), y=np.zeros(1))
    monkeypatch.setenv("GAN_COURSE_DATA", str(tmp_path))
    with pytest.raises(ValueError, match="damaged"):
        helpers.load_images("mnist")


def test_download_path_is_used_without_sample(monkeypatch, tmp_path, capsys):
    import keras

    fake = (np.full((4, 28, 28), 255, np.uint8), np.array([7, 1, 7, 2], np.uint8))
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: (fake, fake))
    monkeypatch.delenv("GAN_COURSE_DATA", raising=False)
    x, y = helpers.load_images("mnist", classes=7)
    assert x.shape == (2, 28, 28, 1) and x.max() == 1.0
    assert "keras.datasets.mnist" in capsys.readouterr().out


def test_epoch_batches_shuffle_per_epoch_and_resume():
    x = np.arange(20, dtype="float32").reshape(10, 2)
    ds = epoch_batches(x, 3, seed=5).take(9)  # three epochs of three batches
    batches = [b.numpy() for b in ds]
    assert len(batches) == 9 and all(b.shape == (3, 2) for b in batches)  # remainder dropped
    epoch0 = np.concatenate(batches[:3])
    epoch1 = np.concatenate(batches[3:6])
    assert not np.array_equal(epoch0, epoch1)  # reshuffled every epoch
    assert len(np.unique(epoch0[:, 0])) == 9  # no repeats within an epoch
    resumed = [b.numpy() for b in epoch_batches(x, 3, seed=5, first_epoch=1).take(6)]
    np.testing.assert_array_equal(np.concatenate(resumed), np.concatenate(batches[3:]))
    with pytest.raises(ValueError, match="batch_size"):
        epoch_batches(x, 11)


def test_data_folder_that_does_not_exist_is_named(tmp_path, monkeypatch, no_download):
    """A typo in GAN_COURSE_DATA must not silently fall back to a download."""
    monkeypatch.setenv("GAN_COURSE_DATA", str(tmp_path / "datasest"))
    with pytest.raises(FileNotFoundError, match="datasest.*not a folder.*mnist_sample.npz"):
        helpers.load_images("mnist", classes=7)


def test_printed_source_is_relative(data_dir, no_download, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    helpers.load_images("mnist", classes=7, limit=10)
    out = capsys.readouterr().out
    assert "offline sample ../" in out and "offline sample /" not in out
