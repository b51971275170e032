"""The digit-7 networks of notebook 02 and the progress plumbing (grids, accuracy, GIF)."""

import numpy as np
import pytest

import helpers
from helpers.data import epoch_batches
from helpers.grids import BANNER, mosaic
from helpers.models import build_digit_discriminator, build_digit_generator
from helpers.training import read_checkpoint


def test_digit_networks_match_the_seed_architecture():
    d, g = build_digit_discriminator(), build_digit_generator(10)
    assert d.count_params() == 84_761 and g.count_params() == 53_009
    assert d.output_shape == (None, 1) and g.output_shape == (None, 28, 28, 1)
    assert [layer.output.shape[1:] for layer in d.layers[:5]] == [
        (24, 24, 20),
        (12, 12, 20),
        (8, 8, 40),
        (4, 4, 40),
        (640,),
    ]


def test_colour_variant_for_cifar():
    d, g = build_digit_discriminator((32, 32, 3)), build_digit_generator(10, (32, 32, 3))
    assert g.output_shape == (None, 32, 32, 3) and d.input_shape == (None, 32, 32, 3)
    out = g.predict(np.zeros((2, 10)), verbose=0)
    assert out.min() >= 0 and out.max() <= 1


def test_mosaic_and_gif(tmp_path):
    grey = np.random.default_rng(0).random((25, 28, 28, 1)).astype("float32")
    picture = mosaic(grey, scale=1)
    assert picture.shape == (5 * 30 + 2, 5 * 30 + 2, 3) and picture.dtype == np.uint8
    colour = mosaic(np.full((4, 8, 8, 3), -1.0), n_cols=2, scale=1)  # [-1, 1] images are rescaled
    assert colour.shape == (2 * 10 + 2, 2 * 10 + 2, 3) and colour[2:10, 2:10].max() == 0
    path = helpers.make_gif([(1, grey), (2, 1 - grey)], tmp_path / "t.gif", scale=1)
    import imageio.v2 as imageio

    frames = imageio.mimread(path)
    assert len(frames) == 2 and frames[0].shape[:2] == (BANNER + picture.shape[0], picture.shape[1])
    banners = [np.asarray(f)[:BANNER, ..., :3] for f in frames]
    assert all(b.min() < 128 < b.max() for b in banners)  # dark text on a light strip
    assert not np.array_equal(banners[0], banners[1])  # "epoch 1" and "epoch 2" differ
    with pytest.raises(ValueError, match="No frames"):
        helpers.make_gif([], tmp_path / "empty.gif")


def test_progress_grid_keeps_frames_and_the_step_s_accuracy(tmp_path):
    import keras

    from helpers.gan import GAN

    helpers.set_seed(0)
    x = np.random.default_rng(0).random((120, 28, 28, 1)).astype("float32")
    gan = GAN(build_digit_generator(10), build_digit_discriminator(), 10)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5), g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5)
    )
    grid = helpers.ProgressGrid(tmp_path, 10, every=2)
    h = gan.fit(epoch_batches(x, 30, seed=0), epochs=3, steps_per_epoch=4, verbose=0, callbacks=[grid]).history
    assert [row["epoch"] for row in grid.log] == [2, 3]  # every 2 epochs and after the last
    # the same numbers as the training log: D is not probed a second time
    assert [row["acc_real"] for row in grid.log] == pytest.approx([h["acc_real"][1], h["acc_real"][2]])
    assert [row["acc_fake"] for row in grid.log] == pytest.approx([h["acc_fake"][1], h["acc_fake"][2]])
    assert sorted(p.name for p in tmp_path.glob("grid_e*.png")) == ["grid_e002.png", "grid_e003.png"]
    assert grid.frames[0][1].shape == (25, 28, 28, 1)


def test_dcgan_networks_follow_the_seed_layout():
    from keras import layers

    from helpers.models import build_dcgan_discriminator, build_dcgan_generator

    g = build_dcgan_generator(100, (32, 32, 3))
    maps = [
        tuple(layer.output.shape[1:])
        for layer in g.layers
        if isinstance(layer, (layers.Reshape, layers.Conv2DTranspose))
    ]
    assert maps == [(2, 2, 512), (4, 4, 256), (8, 8, 128), (16, 16, 64), (32, 32, 3)]
    convt = [layer for layer in g.layers if isinstance(layer, layers.Conv2DTranspose)]
    assert all(layer.kernel_size == (5, 5) and layer.strides == (2, 2) for layer in convt)
    assert sum(isinstance(layer, layers.BatchNormalization) for layer in g.layers) == 4  # none on the output
    assert g.layers[-1].activation.__name__ == "tanh"
    d = build_dcgan_discriminator((32, 32, 3))
    convs = [layer for layer in d.layers if isinstance(layer, layers.Conv2D)]
    assert [layer.filters for layer in convs] == [64, 128, 256, 512] and all(layer.strides == (2, 2) for layer in convs)
    assert [tuple(layer.output.shape[1:3]) for layer in convs] == [(16, 16), (8, 8), (4, 4), (2, 2)]
    assert sum(isinstance(layer, layers.BatchNormalization) for layer in d.layers) == 3  # none on the input
    assert sum(isinstance(layer, layers.LeakyReLU) for layer in d.layers) == 4
    assert not any(isinstance(layer, (layers.MaxPooling2D, layers.UpSampling2D)) for layer in g.layers + d.layers)
    kernel = convs[1].kernel.numpy()
    assert abs(kernel.mean()) < 0.002 and abs(kernel.std() - 0.02) < 0.002  # N(0, 0.02)


def test_dcgan_28x28_variant_and_bad_sizes():
    from helpers.models import build_dcgan_discriminator, build_dcgan_generator

    g, d = build_dcgan_generator(100, (28, 28, 1)), build_dcgan_discriminator((28, 28, 1))
    assert g.output_shape == (None, 28, 28, 1) and d.output_shape == (None, 1)
    out = g.predict(np.random.default_rng(0).standard_normal((3, 100)), verbose=0)
    assert -1 <= out.min() and out.max() <= 1
    with pytest.raises(ValueError, match="divisible by 4"):
        build_dcgan_generator(100, (30, 30, 1))


def _digit_gan(seed=0):
    import keras

    from helpers.gan import GAN

    helpers.set_seed(seed)
    gan = GAN(build_digit_generator(10), build_digit_discriminator(), 10, seed=seed)
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-4), g_optimizer=keras.optimizers.Adam(2e-4))
    return gan


def test_progress_frames_live_with_the_checkpoint(tmp_path):
    """The GIF's frames are saved with train_gan's checkpoint: a resumed run keeps the earlier
    frames, a restored one gets all of them back, and a fresh folder starts empty."""
    x = np.random.default_rng(0).random((120, 28, 28, 1)).astype("float32")

    def grid_after(epochs, ckpt="ckpt"):
        grid = helpers.ProgressGrid(tmp_path / "grids", 10, every=2, first=True)
        helpers.train_gan(
            _digit_gan(),
            x,
            epochs=epochs,
            batch_size=30,
            checkpoint=tmp_path / ckpt,
            health=False,
            callbacks=[grid],
            checkpoint_seconds=0,
        )
        return grid

    assert [e for e, _ in grid_after(3).frames] == [1, 2, 3]  # first, every 2, last
    assert [e for e, _ in grid_after(3).frames] == [1, 2, 3]  # restored run: frames come back
    resumed = grid_after(5, "ckpt")
    assert [e for e, _ in resumed.frames] == [1, 2, 3, 4, 5]  # resumed after epoch 3
    assert [e for e, _ in grid_after(2, "other").frames] == [1, 2]  # another run: its own frames
    # the frames are kept in the checkpoint itself, and the grids' folder holds only the PNGs
    _, arrays = read_checkpoint(tmp_path / "ckpt")
    frames = [key for key in arrays if key.endswith("/frames")]
    assert len(frames) == 1
    np.testing.assert_array_equal(arrays[frames[0]], np.stack([f for _, f in resumed.frames]))
    assert sorted(p.name for p in (tmp_path / "grids").iterdir()) == [f"grid_e{e:03d}.png" for e in range(1, 6)]
    assert len(helpers.make_gif(grid_after(2, "other").frames, tmp_path / "one.gif", scale=1).read_bytes()) > 0


def test_restored_run_prints_its_saved_log(tmp_path, capsys):
    x = np.random.default_rng(0).random((120, 28, 28, 1)).astype("float32")

    def run():
        grid = helpers.ProgressGrid(tmp_path, 10, every=2, first=True)
        helpers.train_gan(
            _digit_gan(),
            x,
            epochs=3,
            batch_size=30,
            checkpoint=tmp_path / "ckpt",
            health=False,
            callbacks=[grid],
            checkpoint_seconds=0,
        )
        return capsys.readouterr().out

    def lines(out):
        return [line.rsplit("\r", 1)[-1] for line in out.splitlines() if "epoch " in line and "D loss" in line]

    trained = lines(run())
    assert [line.split("  ")[0].rsplit("\r", 1)[-1] for line in trained] == ["epoch 1/3", "epoch 2/3", "epoch 3/3"]
    restored = run()
    assert "Training already finished" in restored and "Its log, as printed then" in restored
    assert lines(restored) == trained
    assert "training:" not in restored  # no progress bar: nothing was trained


def test_log_lines_are_all_the_text_a_training_prints(tmp_path, capsys):
    """About ten compact lines for a run of any length, and no text progress bar (the bar, with
    the time left, is in the training view's picture)."""
    x = np.random.default_rng(0).random((60, 28, 28, 1)).astype("float32")
    result = helpers.train_gan(_digit_gan(), x, epochs=20, batch_size=30, checkpoint=tmp_path, health=False)
    out = capsys.readouterr().out
    assert out.splitlines() == result.log
    assert [line.split("/")[0] for line in result.log] == [
        f"epoch {e:>2}" for e in [1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]
    ]
    assert all("D right on real" in line and "on fake" in line for line in result.log)
