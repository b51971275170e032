"""The digit-7 networks of notebook 02 and the progress plumbing (grids, accuracy, GIF)."""

import numpy as np
import pytest

import helpers
from helpers.grids import BANNER, mosaic
from helpers.models import build_digit_discriminator, build_digit_generator


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
