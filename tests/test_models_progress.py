"""The digit-7 networks of notebook 02 and the progress plumbing (grids, accuracy, GIF)."""

import numpy as np
import pytest

import helpers
from helpers.models import build_digit_discriminator, build_digit_generator
from helpers.progress import tile


def test_digit_networks_match_the_seed_architecture():
    d, g = build_digit_discriminator(), build_digit_generator(10)
    assert d.count_params() == 84_761 and g.count_params() == 53_009
    assert d.output_shape == (None, 1) and g.output_shape == (None, 28, 28, 1)
    assert [l.output.shape[1:] for l in d.layers[:5]] == [(24, 24, 20), (12, 12, 20), (8, 8, 40), (4, 4, 40), (640,)]


def test_colour_variant_for_cifar():
    d, g = build_digit_discriminator((32, 32, 3)), build_digit_generator(10, (32, 32, 3))
    assert g.output_shape == (None, 32, 32, 3) and d.input_shape == (None, 32, 32, 3)
    out = g.predict(np.zeros((2, 10)), verbose=0)
    assert out.min() >= 0 and out.max() <= 1


def test_tile_and_gif(tmp_path):
    grey = np.random.default_rng(0).random((25, 28, 28, 1)).astype("float32")
    mosaic = tile(grey)
    assert mosaic.shape == (5 * 30 + 2, 5 * 30 + 2, 3) and mosaic.dtype == np.uint8
    colour = tile(np.full((4, 8, 8, 3), -1.0), n_cols=2)  # [-1, 1] images are rescaled
    assert colour.shape == (2 * 10 + 2, 2 * 10 + 2, 3) and colour[2:10, 2:10].max() == 0
    path = helpers.make_gif([(1, grey), (2, 1 - grey)], tmp_path / "t.gif", scale=1)
    import imageio.v2 as imageio

    frames = imageio.mimread(path)
    assert len(frames) == 2 and frames[0].shape[:2] == mosaic.shape[:2]
    with pytest.raises(ValueError, match="No frames"):
        helpers.make_gif([], tmp_path / "empty.gif")


def test_progress_grid_logs_accuracy_and_frames(tmp_path):
    import keras

    from helpers.gan import GAN

    helpers.set_seed(0)
    x = np.random.default_rng(0).random((120, 28, 28, 1)).astype("float32")
    gan = GAN(build_digit_generator(10), build_digit_discriminator(), 10)
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5), g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    grid = helpers.ProgressGrid(x, tmp_path, 10, every=2)
    gan.fit(helpers.epoch_batches(x, 30, seed=0), epochs=3, steps_per_epoch=4, verbose=0, callbacks=[grid])
    assert [row["epoch"] for row in grid.log] == [2, 3]  # every 2 epochs and after the last
    assert all(0 <= row[k] <= 1 for row in grid.log for k in ("acc_real", "acc_fake"))
    assert sorted(p.name for p in tmp_path.glob("grid_e*.png")) == ["grid_e002.png", "grid_e003.png"]
    assert grid.frames[0][1].shape == (25, 28, 28, 1)
