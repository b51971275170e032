"""Notebook 00's 1-D GAN: its data (a mixture of Gaussians), snapshots of the game, and p_data, p_g, D and D*."""

from __future__ import annotations

import io
from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np

from .course import atomic_write_bytes
from .exercises import best_d as course_best_d  # notebook 00's exercise cell
from .grids import fixed_latent
from .plots import finish


class Mixture1D:
    """A 1-D mixture of Gaussians: ``means``, ``stds`` and ``weights`` (summing to 1)."""

    def __init__(self, means=(-2.0, 2.0), stds=(0.5, 0.5), weights=(0.5, 0.5)):
        self.means, self.stds, self.weights = (np.asarray(v, dtype="float64") for v in (means, stds, weights))
        if not (len(self.means) == len(self.stds) == len(self.weights)) or len(self.means) == 0:
            raise ValueError("means, stds and weights need one value per component.")
        if np.any(self.stds <= 0) or np.any(self.weights < 0) or not np.isclose(self.weights.sum(), 1.0):
            raise ValueError("stds must be positive and weights non-negative, summing to 1.")

    def pdf(self, x) -> np.ndarray:
        x = np.asarray(x, dtype="float64")[..., None]
        dens = np.exp(-0.5 * ((x - self.means) / self.stds) ** 2) / (self.stds * np.sqrt(2 * np.pi))
        return (dens * self.weights).sum(axis=-1)

    def sample(self, n: int, seed: int = 0) -> np.ndarray:
        """``n`` points as a (n, 1) float32 array, the shape a Keras model takes."""
        rng = np.random.default_rng(seed)
        component = rng.choice(len(self.means), size=n, p=self.weights)
        return rng.normal(self.means[component], self.stds[component]).astype("float32")[:, None]


def density(samples, grid, bandwidth: float = 0.06) -> np.ndarray:
    """The density of ``samples`` on ``grid`` by a Gaussian kernel of ``bandwidth`` (in units of x), narrow on
    purpose: scipy's default (about 0.4 here) would smear a generator's spikes into smooth bumps."""
    from scipy.stats import gaussian_kde

    samples = np.asarray(samples, dtype="float64").ravel()
    if samples.std() < 1e-6:  # all samples in one place: a spike the kernel cannot fit
        samples = samples + np.random.default_rng(0).normal(0, 1e-3, samples.shape)
    factor = bandwidth / samples.std()  # scipy's bandwidth is a factor times the samples' std
    return gaussian_kde(samples, bw_method=factor)(np.asarray(grid, dtype="float64").ravel())


class GameSnapshots(keras.callbacks.Callback):
    """Records the game of ``run`` (a ``TrainingRun``) after the epochs in ``at`` (0 = before training): G's samples
    of a fixed latent batch and D's output on ``grid``, in the run's folder (a resumed run keeps them)."""

    def __init__(self, run, at, grid, n_samples: int = 5000):
        super().__init__()
        at = sorted({int(a) for a in at})
        if not at or at[0] < 0:
            raise ValueError("at: the epochs to record, whole numbers from 0 (before training) up.")
        self.run, self.at, self.grid = run, at, np.asarray(grid, dtype="float32").reshape(-1, 1)
        self.z = fixed_latent(n_samples, run.gan.latent_dim, run.seed)
        self.folder, self._done = run.folder / "snapshots", run.epoch

    def _found(self) -> list[tuple[int, Path]]:
        found = sorted((int(p.stem[1:]), p) for p in self.folder.glob("e*.npz"))
        return [(epoch, path) for epoch, path in found if epoch <= self._done]

    @property
    def epochs(self) -> list[int]:
        return [epoch for epoch, _ in self._found()]

    def _load(self, key: str) -> list[np.ndarray]:
        arrays = []
        for _, path in self._found():
            with np.load(path) as snapshot:
                arrays.append(snapshot[key])
        return arrays

    samples = property(lambda self: self._load("samples"))
    d_values = property(lambda self: self._load("d"))

    def record(self, gan, epoch: int) -> None:
        samples = np.asarray(gan.generator(self.z, training=False)).ravel()
        buffer = io.BytesIO()
        np.savez(buffer, samples=samples, d=np.asarray(gan.discriminator(self.grid, training=False)).ravel())
        atomic_write_bytes(self.folder / f"e{epoch:03d}.npz", buffer.getvalue())

    def on_train_begin(self, logs=None):
        if 0 in self.at and 0 not in self.epochs:
            self.record(self.model, 0)

    def on_epoch_end(self, epoch, logs=None):
        self._done = epoch + 1
        if epoch + 1 in self.at:
            self.record(self.model, epoch + 1)


def plot_game(snapshots, data: Mixture1D, steps_per_epoch: int, path=None, n_cols=3, title=None, best_d=None):
    """One panel per snapshot: p_data (shaded), p_g (estimated from the samples), the learned D(x) and
    the best D for that generator (``best_d``, exercise 00.1; the course's if None), with 1/2 dotted."""
    epochs = snapshots.epochs
    if not epochs:
        raise ValueError("No snapshots yet: train with the GameSnapshots callback first.")
    grid = snapshots.grid.ravel()
    p_data = data.pdf(grid)
    n_rows = int(np.ceil(len(epochs) / n_cols))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(4.2 * n_cols, 3.0 * n_rows), squeeze=False)
    for ax, epoch, samples, d_values in zip(axes.flat, epochs, snapshots.samples, snapshots.d_values):
        p_g = density(samples, grid)
        ax.fill_between(grid, p_data, color="#1b7837", alpha=0.25, label="$p_{data}$")
        ax.plot(grid, np.minimum(p_g, 1.05), color="#762a83", lw=1.4, label="$p_g$ (from samples)")
        ax.set_ylim(0, 1.05)
        ax.plot(grid, d_values, color="black", lw=1.6, label="learned $D(x)$")
        ax.plot(
            grid, (best_d or course_best_d)(p_data, p_g), color="tab:orange", lw=1.2, ls="--", label="best $D^*(x)$"
        )
        ax.axhline(0.5, color="gray", ls=":", lw=1)
        ax.set_title(f"after {epoch * steps_per_epoch:,} steps" if epoch else "before training", fontsize=10)
        ax.set_xlabel("x", fontsize=9)
        ax.set_ylabel("density; D's output", fontsize=8)
        ax.tick_params(labelsize=8)
    for ax in list(axes.flat)[len(epochs) :]:
        ax.set_axis_off()
    axes.flat[0].legend(fontsize=8, loc="upper left")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return finish(fig, path)
