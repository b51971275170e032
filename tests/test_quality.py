"""The quality score: the Fréchet formula against known answers, KID, the classifier cache."""

import re

import numpy as np
import pytest

from helpers.quality import (
    feature_classifier,
    frechet_distance,
    frechet_from_features,
    kernel_distance,
    quality_scores,
    ratio,
    score_table,
)


def test_frechet_one_dimensional_known_answer():
    # N(0, 1) vs N(1, 4): (0 - 1)^2 + 1 + 4 - 2 * sqrt(1 * 4) = 2
    assert frechet_distance([0.0], [[1.0]], [1.0], [[4.0]]) == pytest.approx(2.0)


def test_frechet_diagonal_known_answer():
    mu1, mu2 = np.array([0.0, 0.0, 0.0]), np.array([1.0, 2.0, 0.0])
    v1, v2 = np.array([1.0, 4.0, 9.0]), np.array([4.0, 1.0, 9.0])
    expected = np.sum((mu1 - mu2) ** 2) + np.sum(v1 + v2 - 2 * np.sqrt(v1 * v2))  # 5 + (1 + 1 + 0)
    assert frechet_distance(mu1, np.diag(v1), mu2, np.diag(v2)) == pytest.approx(expected) == pytest.approx(7.0)


def test_identical_sets_score_zero_and_shift_is_measured():
    f = np.random.default_rng(0).standard_normal((800, 16))
    assert frechet_from_features(f, f) == pytest.approx(0.0, abs=1e-6)
    shifted = f + 0.5
    assert frechet_from_features(f, shifted) == pytest.approx(16 * 0.25, rel=1e-3)
    same, moved = kernel_distance(f, f), kernel_distance(f, shifted)
    assert abs(same) < 0.05 * moved  # unbiased: scatters around 0 for one distribution


def test_shape_mismatch_is_explained():
    with pytest.raises(ValueError, match="Shapes differ"):
        frechet_distance([0, 0], np.eye(2), [0], np.eye(1))


def test_classifier_score_ranks_real_above_noise(tmp_path, data_dir, no_download):
    extractor = feature_classifier("mnist", tmp_path, epochs=1, limit=3000, verbose=False)
    assert [p.suffix for p in sorted(tmp_path.iterdir())] == [".json", ".keras"]  # the judge and its report
    from helpers import load_images

    x, _ = load_images("mnist", classes=7, limit=400, seed=1, verbose=False)
    real, other_real = x[:200], x[200:]
    noise = np.random.default_rng(0).random((200, 28, 28, 1)).astype("float32")
    good = quality_scores(extractor, real, other_real, floor_real=other_real)
    bad = quality_scores(extractor, real, noise, floor_real=other_real)
    assert good["fid_classifier"] == pytest.approx(good["fid_classifier_floor"])
    assert bad["fid_classifier"] > 5 * bad["fid_classifier_floor"] and bad["kid"] > bad["kid_floor"]
    again = feature_classifier("mnist", tmp_path, epochs=1, limit=3000, verbose=False)  # cached: same features
    np.testing.assert_allclose(again.predict(real[:5], verbose=0), extractor.predict(real[:5], verbose=0), rtol=1e-5)


def test_classifier_cache_is_keyed_by_its_settings(tmp_path, data_dir, no_download, capsys):
    tmp_path = tmp_path / "judges"  # a folder that does not exist yet is created
    feature_classifier("mnist", tmp_path, epochs=1, limit=500)
    trained = capsys.readouterr().out
    accuracy = re.search(r"held-out accuracy (\d+\.\d)%", trained).group(1)
    feature_classifier("mnist", tmp_path, epochs=1, limit=500)
    cached = capsys.readouterr().out
    assert "Using the cached quality classifier" in cached
    assert f"held-out accuracy {accuracy}%" in cached  # the judge's accuracy is shown when cached too
    next(tmp_path.glob("classifier_mnist_*.json")).write_text("not json")  # a damaged report
    feature_classifier("mnist", tmp_path, epochs=1, limit=500)  # only loses the accuracy
    assert "held-out accuracy" not in capsys.readouterr().out
    feature_classifier("mnist", tmp_path, epochs=1, limit=600)  # other settings: trained anew
    assert "Trained the quality classifier" in capsys.readouterr().out
    assert len(list(tmp_path.glob("classifier_mnist_*.keras"))) == 2
    assert not list(tmp_path.glob(".*"))  # written atomically: no temporary files left behind


def test_a_changed_recipe_never_reuses_a_cached_judge(tmp_path, data_dir, no_download, capsys, monkeypatch):
    """The cache key is a fingerprint of the judge's code, not a version string someone must bump."""
    from helpers import quality

    feature_classifier("mnist", tmp_path, epochs=1, limit=300)
    assert "Trained the quality classifier" in capsys.readouterr().out
    network = quality._classifier_network

    def edited_network(input_shape, colour):  # the network's code edited (here: the same layers)
        return network(input_shape, colour or False)

    monkeypatch.setattr(quality, "_classifier_network", edited_network)
    feature_classifier("mnist", tmp_path, epochs=1, limit=300)
    assert "Trained the quality classifier" in capsys.readouterr().out
    assert len(list(tmp_path.glob("classifier_mnist_*.keras"))) == 2


class Identity:
    """An "extractor" whose features are the pixels themselves."""

    def predict(self, x, batch_size=None, verbose=0):
        return np.asarray(x).reshape(len(x), -1)


def test_quality_scores_scale_is_explicit_and_checked():
    rng = np.random.default_rng(0)
    a, b = rng.random((50, 4)), rng.random((50, 4))

    same = quality_scores(Identity(), a[:, None, :, None], b[:, None, :, None], scale="0_1")
    tanh = quality_scores(Identity(), a[:, None, :, None] * 2 - 1, b[:, None, :, None] * 2 - 1, scale="-1_1")
    assert same["fid_classifier"] == pytest.approx(tanh["fid_classifier"])
    with pytest.raises(ValueError, match="scale must be"):
        quality_scores(Identity(), a, b, scale="0-255")


def test_quality_scores_compare_equal_sizes(capsys):
    # In Colab only the 5,000 training cars exist: 3,000 real, 3,000 generated and a floor set of
    # 2,000 must not be scored at different sizes (the Fréchet distance's bias depends on them).
    rng = np.random.default_rng(1)
    real, fake, other = rng.random((60, 1, 4, 1)), rng.random((60, 1, 4, 1)) + 0.2, rng.random((40, 1, 4, 1))

    cut = quality_scores(Identity(), real, fake, floor_real=other, scale="0_1")
    assert "scoring the first 40 of each" in capsys.readouterr().out
    assert cut == quality_scores(Identity(), real[:40], fake[:40], floor_real=other, scale="0_1")
    quality_scores(Identity(), real, fake, floor_real=rng.random((60, 1, 4, 1)), scale="0_1")
    assert capsys.readouterr().out == ""  # equal sizes: nothing cut, nothing said


def test_score_table_reads_against_the_floor():
    floor = {"fid_classifier_floor": 0.5, "fid_classifier_floor_sd": 0.05, "kid_floor": 0.0, "kid_floor_sd": 0.001}
    text = score_table(
        {
            "A": {**floor, "fid_classifier": 2.0, "fid_classifier_sd": 0.2, "kid": 0.1, "kid_sd": 0.01},
            "B": {**floor, "fid_classifier": 0.75, "fid_classifier_sd": 0.1, "kid": 0.01, "kid_sd": 0.002},
        },
        title="T",
    )
    lines = text.splitlines()
    assert lines[0] == "T" and lines[2].startswith("floor (real vs real)")
    assert lines[1].split() == ["classifier", "FID", "KID"]  # no ratio to a floor as noisy as this one
    assert lines[2].split()[-6:] == ["0.50", "±", "0.05", "0.0000", "±", "0.0010"]
    assert lines[3].split()[1:] == ["2.00", "±", "0.20", "0.1000", "±", "0.0100"]
    assert lines[4].split()[1:] == ["0.75", "±", "0.10", "0.0100", "±", "0.0020"]
    with pytest.raises(ValueError, match="at least one"):
        score_table({})


def test_uncertainty_shrinks_with_more_images_and_covers_the_spread():
    """The bootstrap sd of the Fréchet distance and KID's subset sd: positive, smaller for
    larger sets, and of the size of the real spread between independent draws."""
    rng = np.random.default_rng(4)

    def draw(n, shift):
        return rng.standard_normal((n, 1, 8, 1)) + shift

    small = quality_scores(Identity(), draw(200, 0), draw(200, 0.3), floor_real=draw(200, 0), scale="-1_1")
    large = quality_scores(Identity(), draw(2000, 0), draw(2000, 0.3), floor_real=draw(2000, 0), scale="-1_1")
    for key in ("fid_classifier_sd", "kid_sd", "fid_classifier_floor_sd", "kid_floor_sd"):
        assert small[key] > 0 and large[key] < small[key], key
    repeats = [
        quality_scores(Identity(), draw(200, 0), draw(200, 0.3), scale="-1_1", n_boot=2)["fid_classifier"]
        for _ in range(20)
    ]
    assert 0.4 < small["fid_classifier_sd"] / np.std(repeats, ddof=1) < 2.5  # a fair estimate of the spread
    assert large["fid_classifier"] > 5 * large["fid_classifier_floor"]


def test_ratio_and_its_uncertainty():
    r, sd = ratio({"fid_classifier": 1.0, "fid_classifier_sd": 0.1}, {"fid_classifier": 4.0, "fid_classifier_sd": 0.4})
    assert r == pytest.approx(0.25) and sd == pytest.approx(0.25 * np.hypot(0.1, 0.1))
    with pytest.raises(ValueError, match="divide by"):
        ratio({"fid_classifier": 1.0}, {"fid_classifier": 0.0})


class InceptionStandIn:
    """Stands in for InceptionV3 (whose ImageNet weights cannot be downloaded here): records each
    batch it is given and returns a few statistics of it as the "features"."""

    def __init__(self):
        self.batches = []

    def __call__(self, batch, training=False):
        import tensorflow as tf

        assert training is False
        x = np.asarray(batch)
        self.batches.append(x)
        return tf.constant(np.concatenate([x.mean(axis=(1, 2)), (x**2).mean(axis=(1, 2))], axis=1))


@pytest.fixture
def inception(monkeypatch):
    from helpers import quality

    stand_in = InceptionStandIn()
    monkeypatch.setattr(quality, "_INCEPTION", {"model": stand_in})
    return stand_in


def test_inception_fid_gives_the_network_rgb_299x299_images_in_minus_one_to_one(inception):
    """Grey [0, 1] images become three equal channels, resized to InceptionV3's 299x299, with the
    values preprocess_input expects ([-1, 1]); colour [-1, 1] images keep their three channels."""
    from helpers.quality import inception_fid

    grey = np.zeros((3, 28, 28, 1), "float32")
    grey[1] = 0.5
    grey[2, :, 14:] = 1.0  # left half black, right half white
    inception_fid(grey, grey)
    assert len(inception.batches) == 2  # the real set, then the fake one
    seen = inception.batches[0]
    assert seen.shape == (3, 299, 299, 3)
    np.testing.assert_array_equal(seen[..., 0], seen[..., 1])
    np.testing.assert_array_equal(seen[..., 0], seen[..., 2])
    np.testing.assert_allclose(seen[0], -1.0, atol=1e-6)  # black
    np.testing.assert_allclose(seen[1], 0.0, atol=1e-6)  # mid grey
    np.testing.assert_allclose(seen[2, :, :140], -1.0, atol=1e-6)  # the halves, resized in place
    np.testing.assert_allclose(seen[2, :, 159:], 1.0, atol=1e-6)
    assert seen.min() >= -1 - 1e-6 and seen.max() <= 1 + 1e-6

    inception.batches.clear()
    colour = np.zeros((2, 32, 32, 3), "float32")
    colour[..., 0], colour[..., 1], colour[..., 2] = 1.0, -1.0, 0.0  # tanh images: red, no green, half blue
    inception_fid(colour, colour)
    seen = inception.batches[0]
    assert seen.shape == (2, 299, 299, 3)
    for channel, value in enumerate([1.0, -1.0, 0.0]):
        np.testing.assert_allclose(seen[..., channel], value, atol=1e-6)


def test_inception_fid_is_zero_for_identical_sets_and_goes_in_batches(inception):
    from helpers.quality import inception_fid

    rng = np.random.default_rng(0)
    real, other = rng.random((70, 28, 28, 1)), rng.random((70, 28, 28, 1)) * 0.5
    same = inception_fid(real, real)
    assert np.isfinite(same) and same == pytest.approx(0.0, abs=1e-6)
    assert [len(b) for b in inception.batches] == [64, 6, 64, 6]  # 64 images at a time
    moved = inception_fid(real, other)
    assert np.isfinite(moved) and moved > 1e-3


def test_inception_fid_without_the_weights_says_so_once_and_returns_none(monkeypatch, capsys):
    import keras

    from helpers import quality

    asked = []

    def no_internet(**kwargs):
        asked.append(kwargs)
        raise OSError("no internet in this test")

    monkeypatch.setattr(quality, "_INCEPTION", {})
    monkeypatch.setattr(keras.applications, "InceptionV3", no_internet)
    assert quality.inception_fid(np.zeros((4, 8, 8, 1)), np.zeros((4, 8, 8, 1))) is None
    assert "could not be downloaded" in capsys.readouterr().out
    assert asked == [dict(include_top=False, weights="imagenet", pooling="avg", input_shape=(299, 299, 3))]
    assert quality.inception_fid(np.zeros((4, 8, 8, 1)), np.zeros((4, 8, 8, 1))) is None
    assert capsys.readouterr().out == "" and len(asked) == 1  # said once, not tried again
