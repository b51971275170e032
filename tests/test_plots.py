"""Figures: one image mosaic for every image grid, curves that know the loss, atomic saves."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers
from helpers import grids, plots


@pytest.fixture
def figures(monkeypatch):
    """The figures that ``finish`` would show, kept open for inspection."""
    kept = []
    monkeypatch.setattr(plots, "finish", lambda fig, path: kept.append(fig))
    yield kept
    for fig in kept:
        plt.close(fig)


def panels(history, kind):
    fig, axes = plt.subplots(1, 2)
    plots.draw_curves(axes, history, len(history["d_loss"]), kind)
    return fig, axes


def reference_levels(ax):
    return sorted(
        round(float(line.get_ydata()[0]), 4)
        for line in ax.get_lines()
        if len(set(np.asarray(line.get_ydata(), float))) == 1 and line.get_linestyle() == ":"
    )


CROSS_ENTROPY = {
    "d_loss": [1.3, 1.4],
    "g_loss": [0.8, 0.7],
    "d_real": [0.6, 0.5],
    "d_fake": [0.4, 0.5],
    "d_acc": [0.6, 0.5],
}


def critic_history(n=40, seed=0, scale=1.0):
    rng = np.random.default_rng(seed)
    return {
        "d_loss": list(scale * (np.linspace(-16, -2, n) + rng.normal(0, 0.3, n))),  # notebook 08's WGAN-GP range
        "g_loss": list(scale * rng.normal(5, 1, n)),
        "d_real": list(scale * rng.normal(3, 1, n)),
        "d_fake": list(scale * rng.normal(-6, 1, n)),
    }


def test_cross_entropy_curves_have_their_equilibrium_lines():
    fig, (loss_ax, d_ax) = panels(CROSS_ENTROPY, "cross-entropy")
    assert reference_levels(loss_ax) == [round(np.log(2), 4), round(2 * np.log(2), 4)]
    assert reference_levels(d_ax) == [0.5] and loss_ax.get_ylim()[0] == 0
    plt.close(fig)


def test_a_critic_s_curves_fit_its_losses_and_show_the_wasserstein_estimate():
    h = critic_history()
    fig, (loss_ax, d_ax) = panels(h, "wasserstein")
    low, high = loss_ax.get_ylim()
    assert low < np.percentile(h["d_loss"], 5) and high > np.percentile(h["g_loss"], 95)  # the curves are in view
    assert reference_levels(loss_ax) == []  # no cross-entropy equilibrium for a critic
    estimate = [line for line in d_ax.get_lines() if line.get_label().startswith("E[C(real)]")]
    assert len(estimate) == 1
    assert np.allclose(estimate[0].get_ydata(), np.subtract(h["d_real"], h["d_fake"]))
    assert d_ax.get_ylim()[1] > max(estimate[0].get_ydata())
    plt.close(fig)


def test_hinge_curves_show_raw_scores_around_zero():
    h = {"d_loss": [1.9, 1.2, 0.8], "g_loss": [0.1, 0.6, 1.1], "d_real": [0.1, 0.7, 1.2], "d_fake": [-0.1, -0.8, -1.5]}
    fig, (loss_ax, d_ax) = panels(h, "hinge")
    assert reference_levels(loss_ax) == [2.0] and reference_levels(d_ax) == [0.0]
    assert d_ax.get_ylim()[0] < -1.5 and d_ax.get_ylim()[1] > 1.2
    plt.close(fig)


def test_an_unknown_loss_kind_is_refused():
    assert plots.loss_kind_of(object()) == "cross-entropy"
    with pytest.raises(ValueError, match="loss_kind must be one of"):
        plots.loss_kind_of(type("Odd", (), {"loss_kind": "l2"})())


class Run:
    """What a training returns: its curves and the loss it was trained with."""

    def __init__(self, history, loss_kind):
        self.history, self.loss_kind = history, loss_kind


def test_compare_histories_draws_each_run_for_its_loss(figures):
    helpers.compare_histories({"a": CROSS_ENTROPY, "b": Run(CROSS_ENTROPY, "cross-entropy")})
    ce = figures.pop().axes
    assert [ax.get_title() for ax in ce[:2]] == ["a", "b"]
    assert reference_levels(ce[0]) == [round(np.log(2), 4), round(2 * np.log(2), 4)]
    helpers.compare_histories(
        {"WGAN": Run(critic_history(), "wasserstein"), "small": Run(critic_history(seed=1, scale=0.1), "wasserstein")}
    )
    top_left, top_right, bottom_left, bottom_right = figures.pop().axes
    assert reference_levels(top_left) == [] and top_left.get_ylabel().startswith("Wasserstein")
    assert [line.get_label() for line in bottom_left.get_lines()][0] == "E[C(real)] − E[C(fake)]"
    assert top_left.get_ylim() == top_right.get_ylim() and bottom_left.get_ylim() == bottom_right.get_ylim()
    helpers.compare_histories({"hinge": Run(critic_history(), "hinge"), "GAN": CROSS_ENTROPY})  # two losses
    hinge_loss, ce_loss, _, _ = figures.pop().axes
    assert reference_levels(hinge_loss) == [2.0] and hinge_loss.get_ylim() != ce_loss.get_ylim()


def test_a_mosaic_draws_digits_dark_on_white_and_photographs_as_they_are():
    grey = np.zeros((3, 4, 4, 1), "float32")
    grey[0] = 1.0  # a white image: full ink, drawn black
    picture = plots.mosaic(grey, n_cols=2, scale=1)
    assert picture.shape == (2 * 6 + 2, 2 * 6 + 2, 3) and picture.dtype == np.uint8
    assert picture[2:6, 2:6].max() == 0 and picture[2:6, 8:12].min() == 255  # ink black, no ink white
    assert picture[8:12, 8:12].min() == 255 and picture[0].min() == 255  # the empty cell and the border
    colour = np.zeros((1, 4, 4, 3), "float32") - 1.0
    colour[..., 0] = 1.0  # [-1, 1] red
    assert plots.mosaic(colour, 1, scale=1)[2, 2].tolist() == [255, 0, 0]
    assert plots.mosaic(colour, 1, scale=3).shape == (3 * 8, 3 * 8, 3)
    assert plots.mosaic(np.full((1, 4, 4), 0.5), 1, scale=1, pixels="-1_1")[2, 2].tolist() == [64] * 3
    with pytest.raises(ValueError, match="Images must have shape"):
        plots.mosaic(np.zeros((2, 4, 4, 2)))


def test_show_rows_labels_its_rows_and_columns_of_one_mosaic(figures):
    helpers.show_rows({"a": np.zeros((3, 8, 8)), "b": np.ones((2, 8, 8))}, title="t")
    fig = plots.rows_figure({"a": np.zeros((3, 8, 8)), "b": np.ones((2, 8, 8))}, col_labels=["x", "y", "z"])
    for ax in (figures[0].axes[0], fig.axes[0]):
        assert [label.get_text() for label in ax.get_yticklabels()] == ["a", "b"]
        assert len(ax.get_images()) == 1
    assert figures[0].axes[0].get_title() == "t"
    assert [label.get_text() for label in fig.axes[0].get_xticklabels()] == ["x", "y", "z"]
    picture = fig.axes[0].get_images()[0].get_array()
    assert picture.shape == (2 * 10 + 2, 3 * 10 + 2, 3)  # one gap between the rows, as between columns
    np.testing.assert_array_equal(picture[12:20, 2:10], 0)  # row b's first image: all ink
    np.testing.assert_array_equal(picture[12:20, 22:30], 255)  # row b has no third image
    plt.close(fig)


def test_side_by_side_panels_are_titled_mosaics(figures):
    rng = np.random.default_rng(0)
    helpers.show_real_vs_fake(rng.random((20, 8, 8, 3)), rng.uniform(-1, 1, (20, 8, 8, 1)), title="T", n=9)
    fig = figures.pop()
    assert [ax.get_title() for ax in fig.axes] == ["real", "generated"] and fig.get_suptitle() == "T"
    assert [ax.get_images()[0].get_array().shape for ax in fig.axes] == [(32, 32, 3)] * 2  # 3 x 3 grids


def test_figures_and_grids_are_written_whole(tmp_path):
    images = np.random.default_rng(0).random((6, 8, 8, 1))
    helpers.show_images(images, tmp_path / "figs" / "grid.png", n_cols=3, title="six")
    grids.save_grid_png(images, tmp_path / "grid_e001.png", n_cols=3, title="epoch 1")
    helpers.make_gif([(1, images), (2, images)], tmp_path / "t.gif", n_cols=3)
    import imageio.v2 as imageio

    saved = imageio.imread(tmp_path / "grid_e001.png")
    assert saved.shape[:2] == (grids.BANNER + 3 * 22, 3 * 32)  # the mosaic, 3x, under its label
    assert (tmp_path / "figs" / "grid.png").read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in tmp_path.rglob("*")) == [
        "figs",
        "grid.png",
        "grid_e001.png",
        "t.gif",
    ]  # no temp files
