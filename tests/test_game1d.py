"""Notebook 00's one-dimensional GAN: the mixture, the snapshots of the game and their picture."""

import numpy as np
import pytest

import helpers
from helpers.game1d import GameSnapshots, Mixture1D, density, plot_game


def test_mixture_is_a_density_and_samples_follow_it():
    data = Mixture1D(means=(-2.0, 2.0), stds=(0.5, 0.5), weights=(0.25, 0.75))
    grid = np.linspace(-8, 8, 4001)
    assert np.isclose(np.trapezoid(data.pdf(grid), grid), 1.0, atol=1e-4)
    x = data.sample(20000, seed=0)
    assert x.shape == (20000, 1) and x.dtype == np.float32
    assert np.isclose((x < 0).mean(), 0.25, atol=0.01)  # the weights
    assert np.isclose(x[x > 0].std(), 0.5, atol=0.02)
    for bad in [dict(stds=(0.5, -1.0)), dict(weights=(0.5, 0.6)), dict(means=(0.0,))]:
        with pytest.raises(ValueError):
            Mixture1D(**bad)


def test_density_estimate_finds_the_bumps_and_survives_a_spike():
    x = Mixture1D().sample(5000, seed=1)
    grid = np.array([-2.0, 0.0, 2.0])
    estimate = density(x, grid)
    assert estimate[0] > 10 * estimate[1] and estimate[2] > 10 * estimate[1]
    assert np.all(np.isfinite(density(np.zeros(100), grid)))  # a collapsed generator


def test_snapshots_record_the_game_and_survive_a_resume(tmp_path, tiny_gan):
    def tiny_line_gan():  # points on a line, one latent number
        return tiny_gan(latent=1, data_dim=1, hidden_activation="tanh")

    x = Mixture1D().sample(200, seed=0)
    grid = np.linspace(-4, 4, 41)
    snapshots = []

    def snaps(run):
        snapshots.append(GameSnapshots(run, at=[0, 1, 3], grid=grid, n_samples=300))
        return snapshots[-1]

    def train(epochs, folder="run"):
        gan = tiny_line_gan()
        run = helpers.TrainingRun(gan, x, epochs, 20, tmp_path / folder, verbose=False)
        gan.fit(
            run.dataset,
            epochs=epochs,
            initial_epoch=run.epoch,
            steps_per_epoch=run.steps,
            verbose=0,
            callbacks=[run.checkpoint, snaps(run)],
        )
        return snapshots[-1]

    first = train(2)
    assert first.epochs == [0, 1] and first.samples[0].shape == (300,) and first.d_values[0].shape == (41,)
    assert not np.array_equal(first.samples[0], first.samples[1])  # G changed after an epoch
    again = train(3)  # continues the 2-epoch run
    assert again.epochs == [0, 1, 3]  # the first two came back from the run's folder
    assert np.array_equal(again.samples[1], first.samples[1])
    plot_game(again, Mixture1D(), steps_per_epoch=10, path=tmp_path / "game.png")
    assert (tmp_path / "game.png").read_bytes().startswith(b"\x89PNG")
    run = helpers.TrainingRun(tiny_line_gan(), x, 1, 20, tmp_path / "other", verbose=False)
    with pytest.raises(ValueError, match="whole numbers from 0"):
        GameSnapshots(run, at=[-1], grid=grid)
    with pytest.raises(ValueError, match="No snapshots yet"):
        plot_game(GameSnapshots(run, at=[0], grid=grid), Mixture1D(), 10)
