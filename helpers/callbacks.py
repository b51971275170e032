"""The course's Keras callbacks for a training cell: ``LiveView`` (what the cell shows while the
GAN trains: one PNG replaced in place, no widget, so every notebook front end shows it and a
stored notebook keeps the final figure) and ``SampleGrid`` (the same latent vectors every few
epochs). The checkpoint is ``TrainingRun.checkpoint``, the monitor ``HealthMonitor``."""

from __future__ import annotations

import io
import time

import keras
import numpy as np

from .conditional import latent_size
from .course import atomic_write_bytes
from .grids import fixed_latent, mosaic, sample_fixed, save_grid_png
from .plots import figure_png, loss_kind_of, training_figure
from .training import clock


def in_kernel() -> bool:
    """True inside a Jupyter kernel (JupyterLab, Colab, VS Code, nbclient), where a display can
    be updated; False in a plain Python process or an IPython terminal."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return getattr(get_ipython(), "kernel", None) is not None


def grid_size(gan) -> tuple[int, int]:
    """Samples and columns of a sample grid: 5 x 5, or for a conditional GAN ten per class (its
    rows are the classes, see ``grids.fixed_labels``)."""
    return (100, 10) if getattr(gan, "num_classes", None) else (25, 5)


def log_line(epoch: int, epochs: int, logs: dict, seconds: float | None = None) -> str:
    """``epoch  10/100  D loss 1.310  G loss 0.870  D right on real 58%, on fake 71%  (2.1 min)``."""
    text = f"epoch {epoch:>{len(str(epochs))}}/{epochs}  D loss {logs['d_loss']:.3f}  G loss {logs['g_loss']:.3f}"
    if "acc_real" in logs and "acc_fake" in logs:
        text += f"  D right on real {logs['acc_real']:.0%}, on fake {logs['acc_fake']:.0%}"
    return text + (f"  ({clock(seconds)})" if seconds is not None else "")


class LiveView(keras.callbacks.Callback):
    """The training cell's output for ``run`` (a ``TrainingRun``): one picture (a progress bar with
    the time spent and left, the losses and D's view per epoch, the samples of a fixed latent
    batch) redrawn at most every ``redraw_every`` seconds and for at most ~5 % of the training
    time, saved at the end as ``live_view.png`` in the run's folder (``show=None``: shown in a
    Jupyter kernel only); and a log line after the first epoch, every ``log_every`` (default: a
    tenth of the run) and the last. A resumed run first prints the lines of its restored history."""

    def __init__(self, run, log_every: int | None = None, redraw_every: float = 2.0, show: bool | None = None):
        super().__init__()
        self.run, self.redraw_every = run, redraw_every
        self.log_every = log_every or max(1, round(run.epochs / 10))
        self.show = in_kernel() if show is None else show
        self.loss_kind = loss_kind_of(run.gan)
        n, self.n_cols = grid_size(run.gan)
        image = len(run.x.shape) == 4
        self.z = fixed_latent(n, latent_size(run.gan.generator), run.seed) if image else None
        self.handle, self.draws, self._last_draw, self._draw_seconds = None, 0, -np.inf, 0.0
        self.history, self._finished = {}, False

    def logged(self, epoch: int) -> bool:
        return epoch == 1 or epoch % self.log_every == 0 or epoch == self.run.epochs

    def status(self) -> str:
        done, epochs, run = len(self.history.get("d_loss", [])), self.run.epochs, self.run
        if self._finished:
            return f"{run.folder.name}: {done}/{epochs} epochs in {clock(run.seconds)}"
        text = f"{run.folder.name}: epoch {done}/{epochs}, {clock(run.seconds)}"
        if done > self._start and run.session_seconds:
            text += f", about {clock(run.session_seconds / (done - self._start) * (epochs - done))} left"
        return text

    def png(self) -> bytes:
        grid = None if self.z is None else mosaic(sample_fixed(self.model, self.z), self.n_cols, scale=2)
        done = len(self.history.get("d_loss", []))
        fig = training_figure(self.history, self.run.epochs, self.loss_kind, status=(done, self.status()), grid=grid)
        return figure_png(fig, dpi=100 if self._finished else 90)

    def draw(self, png: bytes | None = None) -> None:
        from IPython.display import Image, display

        start = time.monotonic()
        picture = Image(png or self.png(), format="png")
        if self.handle is None:
            self.handle = display(picture, display_id=True)
        else:
            self.handle.update(picture)
        self.draws += 1
        self._last_draw = time.monotonic()
        self._draw_seconds = self._last_draw - start

    def on_train_begin(self, logs=None):
        self.run.begin(self.model)
        self.history, self._start, self._finished = self.run.history_with(self.model), self.run.epoch, False
        for i in range(self._start):
            if self.logged(i + 1) and "d_loss" in self.history:
                print(log_line(i + 1, self.run.epochs, {k: v[i] for k, v in self.history.items()}))

    def on_epoch_end(self, epoch, logs=None):
        self.history = self.run.history_with(self.model, logs)
        done = epoch + 1
        # The picture first (it stays above the text); a draw that took 0.2 s waits 4 s for the next.
        wait = max(self.redraw_every, 20 * self._draw_seconds)
        if self.show and done < self.run.epochs and time.monotonic() - self._last_draw >= wait:
            self.draw()
        if "d_loss" in (logs or {}) and self.logged(done):
            print(log_line(done, self.run.epochs, logs, self.run.seconds), flush=True)

    def on_train_end(self, logs=None):
        self._finished = True
        png = self.png()
        if self.show:
            self.draw(png)
        atomic_write_bytes(self.run.folder / "live_view.png", png)


class SampleGrid(keras.callbacks.Callback):
    """Every ``every`` epochs, after the last and, with ``first``, after the first: the
    generator's images for a fixed latent batch (``grids.fixed_latent`` of the run's seed; a
    conditional GAN's rows are its classes), saved as ``grid_eNNN.png`` in the run's folder with
    the images themselves (``frames/eNNN.npy``, for GIFs), so a resumed or restored run still has
    every frame. ``frames`` is ``[(epoch, images), ...]``."""

    def __init__(self, run, every: int = 10, first: bool = False):
        super().__init__()
        self.run, self.every, self.first = run, every, first
        n, self.n_cols = grid_size(run.gan)
        self.z = fixed_latent(n, latent_size(run.gan.generator), run.seed)
        self.folder = run.folder / "frames"
        self._done = run.epoch  # frames of later epochs are from before a restart: not this run's yet

    @property
    def frames(self) -> list[tuple[int, np.ndarray]]:
        found = sorted((int(p.stem[1:]), p) for p in self.folder.glob("e*.npy"))
        return [(epoch, np.load(path)) for epoch, path in found if epoch <= self._done]

    def on_epoch_end(self, epoch, logs=None):
        self._done = done = epoch + 1
        if done % self.every and done != self.run.epochs and not (self.first and done == 1):
            return
        images = sample_fixed(self.model, self.z)
        buffer = io.BytesIO()
        np.save(buffer, images)
        atomic_write_bytes(self.folder / f"e{done:03d}.npy", buffer.getvalue())
        save_grid_png(images, self.run.folder / f"grid_e{done:03d}.png", n_cols=self.n_cols, title=f"epoch {done}")
