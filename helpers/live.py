"""The live training view: what a training cell shows while a GAN learns.

One output, two representations (as the explorers in ``helpers.explore``):

* a widget (ipywidgets) that updates in place: a progress bar with the time spent and the time
  left, the losses and D's mean outputs on real and fake data per epoch, and the sample grid of
  a fixed latent batch, redrawn at most every ``every_seconds``;
* a static PNG of the same content, written into the output when training ends, which is what
  front-ends without widgets (nbval, nbconvert, GitHub, a console) show, beside the compact
  text lines that ``train_gan`` prints anyway. Stored notebooks stay readable and small.
"""

from __future__ import annotations

import base64
import time

import keras
import numpy as np

CURVES = {"d_loss": ("D loss", "C0", 0), "g_loss": ("G loss", "C1", 0),
          "d_real": ("mean D(real)", "C2", 1), "d_fake": ("mean D(fake)", "C3", 1), "d_acc": ("D accuracy", "C7", 1)}


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


def curves_figure(history: dict, epochs: int, title: str | None = None):
    """Two small panels over the epochs, as ``plot_history`` draws them: the losses with their
    equilibrium values dotted, and D's mean outputs on real and fake data and its accuracy,
    with the equilibrium 1/2 dotted. A single wild epoch does not squash the loss axis."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    fig, axes = plt.subplots(1, 2, figsize=(7.6, 2.6))
    for key, (label, colour, panel) in CURVES.items():
        values = history.get(key, [])
        if len(values):
            axes[panel].plot(np.arange(1, len(values) + 1), values, color=colour, label=label, lw=1.2)
    axes[0].axhline(2 * np.log(2), color="C0", ls=":", lw=1)
    axes[0].axhline(np.log(2), color="C1", ls=":", lw=1)
    losses = np.concatenate([history.get("d_loss", []), history.get("g_loss", [])]).astype(float)
    losses = losses[np.isfinite(losses)]
    top = max(1.6, 1.15 * np.percentile(losses, 95)) if losses.size else 1.6
    axes[0].set_ylim(0, top)
    axes[1].axhline(0.5, color="gray", ls=":", lw=1)
    axes[1].set_ylim(-0.02, 1.02)
    for ax, name in zip(axes, ["loss (dotted: equilibrium)", "D's output, accuracy"]):
        ax.set_xlim(0.5, max(epochs, 1) + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("epoch", fontsize=8)
        ax.set_ylabel(name, fontsize=8)
        ax.tick_params(labelsize=8)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7, loc="upper right", frameon=True, framealpha=0.8)
    if title:
        fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    return fig


class LiveTraining(keras.callbacks.Callback):
    """A Keras callback showing the live training view (see the module's docstring).

    ``history`` holds the epochs of earlier sessions (a resumed run draws them too); ``grid`` is
    the run's ``ProgressGrid``, whose fixed latent batch the view samples (without one, an image
    generator gets its own fixed batch of 25, and a generator of points gets no grid); ``path``
    is where the final static figure is saved as PNG. ``show=None`` displays the view when
    running inside a Jupyter kernel."""

    def __init__(self, epochs: int, start: int = 0, history: dict | None = None, grid=None, title: str = "training",
                 every_seconds: float = 2.0, seconds_before: float = 0.0, path=None, show: bool | None = None):
        super().__init__()
        self.epochs, self.start, self.title = int(epochs), int(start), title
        self.history = {k: list(v) for k, v in (history or {}).items()}
        self.grid, self.every_seconds, self.seconds_before, self.path = grid, every_seconds, seconds_before, path
        self.show = in_kernel() if show is None else show
        self.widget = self.bar = self.status = self.curves = self.samples = None
        self.handle = None
        self._z = self._n_cols = None
        self._t0 = time.monotonic()  # set again when training begins
        self._t_end = None  # the clock stops when training ends
        self._last_draw = self._last_text = -np.inf
        self._draw_seconds = 0.0
        self.draws = 0  # how often the pictures were redrawn (tests, benchmarks)

    # -- pictures -------------------------------------------------------------------------
    def _sampler(self):
        """(fixed latent batch, columns) for the sample grid, or None for a generator of points."""
        from .progress import sample_fixed

        if self._z is None:
            if self.grid is not None:
                self._z, self._n_cols = self.grid.z_fixed, self.grid.n_cols
            else:
                from .results import latent_size

                gen = self.model.generator
                z = np.random.default_rng(0).standard_normal((25, latent_size(gen))).astype("float32")
                if np.ndim(sample_fixed(self.model, z[:1])) != 4:
                    self._z = False  # points, not images: no grid
                else:
                    self._z, self._n_cols = z, 5
        return None if self._z is False else (self._z, self._n_cols)

    def _sample_grid(self, scale: int = 2):
        """The fixed batch's samples as one uint8 mosaic, or None for a generator of points."""
        from .explore import mosaic
        from .progress import sample_fixed

        sampler = self._sampler()
        if sampler is None:
            return None
        z, n_cols = sampler
        return mosaic(sample_fixed(self.model, z), n_cols=n_cols, scale=scale)

    def _sample_png(self, scale: int = 2) -> bytes | None:
        from .explore import encode_png

        grid = self._sample_grid(scale)
        return None if grid is None else encode_png(grid)

    def _curves_png(self) -> bytes:
        from .plots import figure_png

        return figure_png(curves_figure(self.history, self.epochs), dpi=90)

    def _status_text(self) -> str:
        done = len(next(iter(self.history.values()), []))
        spent = self.seconds_before + (self._t_end or time.monotonic()) - self._t0
        text = f"run '{self.title}': epoch {done}/{self.epochs}, {clock(spent)} spent"
        run_here = done - self.start
        if 0 < run_here and done < self.epochs:
            per_epoch = (time.monotonic() - self._t0) / run_here
            text += f", about {clock(per_epoch * (self.epochs - done))} left"
        if self.history.get("d_loss"):
            text += f" · D loss {self.history['d_loss'][-1]:.3f}, G loss {self.history['g_loss'][-1]:.3f}"
        return text

    def static_png(self) -> bytes:
        """The final figure: the curves and, for an image GAN, the sample grid beside them."""
        from .plots import figure_png

        fig = curves_figure(self.history, self.epochs)
        grid = self._sample_grid(scale=2)
        if grid is None:
            fig.suptitle(self._status_text(), fontsize=10)
            fig.tight_layout()
            return figure_png(fig, dpi=100)
        fig.set_size_inches(10.5, 2.9)
        fig.subplots_adjust(left=0.06, right=0.70, wspace=0.35, bottom=0.17, top=0.85)
        ax = fig.add_axes([0.72, 0.04, 0.27, 0.82])
        ax.imshow(grid)
        ax.set_axis_off()
        ax.set_title("samples of a fixed latent batch", fontsize=8)
        fig.suptitle(self._status_text(), fontsize=10)
        return figure_png(fig, dpi=100)  # figure_png closes the figure

    # -- the widget -----------------------------------------------------------------------
    def build_widget(self):
        import ipywidgets as widgets

        self.bar = widgets.IntProgress(value=self.start, min=0, max=self.epochs, description="epochs",
                                       layout=widgets.Layout(width="320px"))
        self.status = widgets.Label(value=f"{self.title}: starting at epoch {self.start}")
        self.curves = widgets.Image(value=b"", format="png")  # drawn after the first epoch
        children = [self.curves]
        sample = self._sample_png()
        if sample is not None:
            self.samples = widgets.Image(value=sample, format="png", layout=widgets.Layout(width="auto"))
            children.append(self.samples)
        self.widget = widgets.VBox([widgets.HBox([self.bar, self.status]), widgets.HBox(children)])
        return self.widget

    def _bundle(self, png: bytes | None = None) -> dict:
        bundle = {"text/plain": f"Live training view of '{self.title}' (a widget in Jupyter and Colab; "
                                f"the progress lines below say the same)"}
        if self.widget is not None:
            from .explore import widget_view

            bundle.update(widget_view(self.widget))
        if png is not None:
            bundle["image/png"] = base64.b64encode(png).decode("ascii")
            bundle["text/plain"] = f"Training view of '{self.title}' at its end (static: the widget needs Jupyter)"
        return bundle

    def redraw(self) -> None:
        """Bring the widget up to date (cheap parts every epoch, pictures when due)."""
        if self.widget is None:
            return
        done = len(next(iter(self.history.values()), []))
        now = time.monotonic()
        last = done >= self.epochs
        if now - self._last_text >= 0.25 or last:  # the bar and the words: a few times a second at most
            self._last_text = now
            self.bar.value = min(done, self.epochs)
            self.status.value = self._status_text()
        # The pictures: every ``every_seconds``, and never more than 5 % of the time (a draw that
        # took 0.2 s waits at least 4 s for the next one), so a fast training stays fast.
        if now - self._last_draw >= max(self.every_seconds, 20 * self._draw_seconds) or last:
            self._last_draw = now
            self.draws += 1
            self.curves.value = self._curves_png()
            if self.samples is not None:
                self.samples.value = self._sample_png()
            self._draw_seconds = time.monotonic() - now

    def finish(self) -> bytes:
        """Final redraw; the static figure replaces the placeholder in the output and is saved."""
        self._last_draw = self._last_text = -np.inf
        self.redraw()
        png = self.static_png()
        if self.path is not None:
            from .results import atomic_write_bytes

            atomic_write_bytes(self.path, png)
        if self.show:
            from IPython.display import display

            if self.handle is None:
                display(self._bundle(png), raw=True)
            else:
                self.handle.update(self._bundle(png), raw=True)
        return png

    # -- Keras callback -------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        self._t0 = time.monotonic()
        if self.show:
            from IPython.display import display

            self.build_widget()
            self.handle = display(self._bundle(), raw=True, display_id=True)

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(float(value))
        self.redraw()

    def on_train_end(self, logs=None):
        self._t_end = time.monotonic()
        self.finish()


def show_finished(gan, history: dict, epochs: int, grid=None, title="training", seconds: float = 0.0, path=None,
                  show: bool | None = None) -> LiveTraining:
    """The view of a run that is already complete (restored from its checkpoint)."""
    view = LiveTraining(epochs, start=epochs, history=history, grid=grid, title=title, seconds_before=seconds,
                        path=path, show=show)
    view.set_model(gan)
    view._t0 = view._t_end = time.monotonic()
    if view.show:
        view.build_widget()
    view.finish()
    return view
