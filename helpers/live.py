"""What a training cell shows: one picture that updates in place, and a few lines of text.

The picture is an ordinary ``IPython.display`` output (a PNG) that the callback replaces while
the GAN trains: a progress bar with the time spent and left, the curves per epoch and the sample
grid of a fixed latent batch. It needs no widget, so JupyterLab, Colab, VS Code and nbconvert
all show it, and the stored notebook keeps its last state: the final figure. A line of numbers
every tenth of the run is printed as text. ``plot_history`` draws the same curves for a history
after training.

The curves know the loss. Cross-entropy GANs (the default) get the values of their losses at
the equilibrium D = 1/2 dotted, and D's mean outputs with 1/2. A Wasserstein critic
(``loss_kind = "wasserstein"`` on the GAN class) gets axes that fit its unbounded losses and the
critic's estimate of the Wasserstein distance, E[C(real)] - E[C(fake)]; a hinge discriminator
(``loss_kind = "hinge"``) its mean scores on real and fake data, with 0 dotted.
"""

from __future__ import annotations

import time

import keras
import numpy as np

from .course import atomic_write_bytes
from .grids import mosaic, sample_fixed
from .plots import figure_png, training_figure
from .saving import latent_size


def in_kernel() -> bool:
    """True inside a Jupyter kernel (JupyterLab, Notebook, Colab, VS Code, nbclient), where a
    display can be updated; False in a plain Python process or an IPython terminal."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def clock(seconds: float) -> str:
    """``42 s``, ``3.5 min`` or ``1.2 h``."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"


def log_line(epoch: int, epochs: int, logs: dict, seconds: float) -> str:
    """``epoch  10/100  D loss 1.310  G loss 0.870  D right on real 58%, on fake 71%  (2.1 min)``."""
    text = f"epoch {epoch:>{len(str(epochs))}}/{epochs}  D loss {logs['d_loss']:.3f}  G loss {logs['g_loss']:.3f}"
    if "acc_real" in logs and "acc_fake" in logs:
        text += f"  D right on real {logs['acc_real']:.0%}, on fake {logs['acc_fake']:.0%}"
    return text + f"  ({clock(seconds)})"


class TrainingView(keras.callbacks.Callback):
    """The training cell's output (see the module's docstring), as a Keras callback.

    ``history``, ``log`` and ``seconds_before`` carry the epochs of earlier sessions of the run
    (a resumed run shows them too); ``grid`` is the run's ``ProgressGrid``, whose fixed latent
    batch the picture samples (without one, an image generator gets a fixed batch of 25 of its
    own, a generator of points no grid). A line is printed every ``log_every`` epochs (default: a
    tenth of the run) and after the first and the last. The picture is redrawn at most every
    ``redraw_every`` and never for more than about 5 % of the training time; ``show=None``
    shows it inside a Jupyter kernel only. The final figure is saved to ``path``."""

    def __init__(
        self,
        epochs: int,
        start: int = 0,
        history: dict | None = None,
        log=(),
        grid=None,
        title: str = "training",
        loss_kind: str = "cross-entropy",
        log_every: int | None = None,
        redraw_every: float = 2.0,
        seconds_before: float = 0.0,
        path=None,
        show: bool | None = None,
        echo: bool = True,
    ):
        super().__init__()
        self.echo = echo  # False: the log lines are kept in .log, not printed
        self.epochs, self.start, self.title, self.loss_kind = int(epochs), int(start), title, loss_kind
        self.history = {k: list(v) for k, v in (history or {}).items()}
        self.log = list(log)
        self.log_every = log_every or max(1, round(self.epochs / 10))
        self.grid, self.redraw_every, self.seconds_before, self.path = grid, redraw_every, seconds_before, path
        self.show = in_kernel() if show is None else show
        self.handle = None
        self._z = None  # the fixed latent batch of the sample grid (False: a generator of points)
        self._t0 = time.monotonic()  # set again when training begins
        self._t_end = None  # the clock stops after the last epoch
        self._last_draw = -np.inf
        self._draw_seconds = 0.0
        self.draws = 0  # how often the picture was drawn (tests, benchmarks)

    @property
    def done(self) -> int:
        return len(next(iter(self.history.values()), []))

    @property
    def seconds(self) -> float:
        """Training time of every session of this run, up to the last epoch so far."""
        return self.seconds_before + (self._t_end or time.monotonic()) - self._t0

    def _sample_grid(self):
        """The fixed batch's samples as one uint8 mosaic, or None for a generator of points."""
        if self._z is None:
            if self.grid is not None:
                self._z, self._cols = self.grid.z_fixed, self.grid.n_cols
            else:
                z = np.random.default_rng(0).standard_normal((25, latent_size(self.model.generator)))
                image = np.ndim(sample_fixed(self.model, z[:1].astype("float32"))) == 4
                self._z, self._cols = (z.astype("float32"), 5) if image else (False, 0)
        if self._z is False:
            return None
        return mosaic(sample_fixed(self.model, self._z), n_cols=self._cols, scale=2)

    def status(self) -> str:
        if self._t_end is not None:
            return f"{self.title}: {self.done}/{self.epochs} epochs in {clock(self.seconds)}"
        text = f"{self.title}: epoch {self.done}/{self.epochs}, {clock(self.seconds)}"
        run_here = self.done - self.start
        if 0 < run_here:
            per_epoch = (time.monotonic() - self._t0) / run_here
            text += f", about {clock(per_epoch * (self.epochs - self.done))} left"
        return text

    def png(self) -> bytes:
        fig = training_figure(
            self.history, self.epochs, self.loss_kind, status=(self.done, self.status()), grid=self._sample_grid()
        )
        return figure_png(fig, dpi=90 if self._t_end is None else 100)

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
        self._t0 = time.monotonic()
        self._t_end = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        for key, value in logs.items():
            self.history.setdefault(key, []).append(float(value))
        done = epoch + 1
        # The picture first (it stays above the text). A draw that took 0.2 s waits at least
        # 4 s for the next: pictures cost at most ~5 % of the training time.
        wait = max(self.redraw_every, 20 * self._draw_seconds)
        if self.show and done < self.epochs and time.monotonic() - self._last_draw >= wait:
            self.draw()
        if "d_loss" in logs and (done == 1 or done % self.log_every == 0 or done == self.epochs):
            line = log_line(done, self.epochs, logs, self.seconds)
            self.log.append(line)
            if self.echo:
                print(line, flush=True)

    def on_train_end(self, logs=None):
        self._t_end = time.monotonic()
        self.finish()

    def finish(self) -> bytes:
        """The final figure: shown in place of the live one, and saved to ``path``."""
        if self._t_end is None:
            self._t_end = time.monotonic()
        png = self.png()
        if self.show:
            self.draw(png)
        if self.path is not None:
            atomic_write_bytes(self.path, png)
        return png
