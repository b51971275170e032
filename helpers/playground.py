"""Notebook 01's GAN playground, after GAN Lab: two small MLPs play the GAN game on a 2-D distribution, drawn
as D(x) over the plane, real and generated points, and arrows where G's update pushes the generated ones."""

import time
from pathlib import Path

import ipywidgets as widgets
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from .course import atomic_write_bytes, fingerprint
from .grids import fixed_latent
from .plots import figure_png
from .rings import LIMIT, TOY_2D_NAMES, plane_axes, ring_modes_covered, sample_2d
from .widgets import Explorer

LOSSES = ("non-saturating", "saturating")
ARROW_SCALE, ARROW_MAX = 1.5, 0.6  # arrow length = 1.5 x the push on a point, at most 0.6


class GANPlayground:
    """The model behind the widget: two MLPs, their optimisers and a training step; usable without widgets."""

    batch, hidden, latent_dim = 256, 64, 2

    def __init__(self, data="ring", loss="non-saturating", lr_d=1e-3, lr_g=1e-3, d_steps=1, seed: int = 0):
        self.seed = seed
        self.set(data=data, loss=loss, lr_d=lr_d, lr_g=lr_g, d_steps=d_steps)

    def set(self, data=None, loss=None, lr_d=None, lr_g=None, d_steps=None) -> None:
        """Change settings (what the menus and sliders do); another ``data`` resets the networks."""
        for what, value, options in [("2-D dataset", data, TOY_2D_NAMES), ("generator loss", loss, LOSSES)]:
            if value is not None and value not in options:
                raise ValueError(f"Unknown {what} {value!r}: choose one of {', '.join(options)}.")
        for name, value in [("lr_d", lr_d), ("lr_g", lr_g)]:
            if value is not None and not (0 < value <= 1):
                raise ValueError(f"{name} must be a learning rate in (0, 1], got {value!r}.")
        if d_steps is not None and (int(d_steps) != d_steps or not 1 <= d_steps <= 10):
            raise ValueError(f"d_steps must be a whole number from 1 to 10, got {d_steps!r}.")
        for name, value in dict(data=data, loss=loss, lr_d=lr_d, lr_g=lr_g, d_steps=d_steps).items():
            if value is not None:
                setattr(self, name, int(value) if name == "d_steps" else value)
        if data is not None:
            self.reset()
        self.opt_d.learning_rate, self.opt_g.learning_rate = self.lr_d, self.lr_g
        self.saturating.assign(self.loss == "saturating")

    def reset(self) -> None:
        """New networks from the seed: the same starting point every time."""
        self.rng = np.random.default_rng(self.seed)
        h, seeds = self.hidden, iter(range(10 * self.seed, 10 * self.seed + 6))

        def dense(units, act=None):  # seeded: no global random state is touched
            return keras.layers.Dense(units, act, kernel_initializer=keras.initializers.GlorotUniform(next(seeds)))

        self.G = keras.Sequential([keras.Input((self.latent_dim,)), dense(h, "relu"), dense(h, "relu"), dense(2)])
        self.D = keras.Sequential([keras.Input((2,)), dense(h, "relu"), dense(h, "relu"), dense(1)])  # logits
        self.opt_d, self.opt_g = (keras.optimizers.Adam(lr, beta_1=0.5) for lr in (self.lr_d, self.lr_g))
        self.opt_d.build(self.D.trainable_weights)
        self.opt_g.build(self.G.trainable_weights)
        self.saturating = tf.Variable(self.loss == "saturating", trainable=False)
        self.steps, self.d_updates, self.losses = 0, 0, []
        self.z_shown = fixed_latent(512, self.latent_dim, self.seed)
        D, G = self.D, self.G

        def xent(logits, label):  # D's mean cross-entropy against one label (1: real, 0: fake)
            return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(tf.fill(tf.shape(logits), label), logits))

        def g_loss(fake):  # non-saturating: -log D(G(z)); saturating: log(1 - D(G(z)))
            logits = D(fake)
            return tf.where(self.saturating, -xent(logits, 0.0), xent(logits, 1.0))

        @tf.function
        def d_step(real, z):
            with tf.GradientTape() as tape:
                loss = xent(D(real), 1.0) + xent(D(G(z)), 0.0)
            self.opt_d.apply_gradients(zip(tape.gradient(loss, D.trainable_weights), D.trainable_weights))
            return loss

        @tf.function
        def g_step(z):
            with tf.GradientTape() as tape:
                loss = g_loss(G(z))
            self.opt_g.apply_gradients(zip(tape.gradient(loss, G.trainable_weights), G.trainable_weights))
            return loss

        @tf.function
        def push(fake):  # minus the gradient of G's loss at each point, times the batch size (not to shrink with it)
            with tf.GradientTape() as tape:
                tape.watch(fake)
                loss = g_loss(fake)
            return -tape.gradient(loss, fake) * tf.cast(tf.shape(fake)[0], "float32")

        self._d_step, self._g_step, self._push = d_step, g_step, push

    def _noise(self) -> np.ndarray:
        return self.rng.standard_normal((self.batch, self.latent_dim)).astype("float32")

    def step(self, n: int = 1) -> None:
        """``n`` generator updates, each after ``d_steps`` discriminator updates."""
        for _ in range(n):
            for _ in range(self.d_steps):
                d_loss = float(self._d_step(sample_2d(self.data, self.batch, self.rng), self._noise()))
            self.losses.append((d_loss, float(self._g_step(self._noise()))))
            self.steps, self.d_updates = self.steps + 1, self.d_updates + self.d_steps

    def fake(self) -> np.ndarray:
        return np.asarray(self.G(self.z_shown))

    def caption(self) -> str:
        modes = f" · modes covered {ring_modes_covered(self.fake())}/8" if self.data == "ring" else ""
        return f"step {self.steps} ({self.d_updates} D updates){modes}"

    def png(self) -> bytes:
        """The live picture: the plane (``draw_plane``) and the two losses over the steps."""
        fig, (ax, ax_loss) = plt.subplots(1, 2, figsize=(8.0, 3.8), gridspec_kw={"width_ratios": [1.1, 1]})
        draw_plane(ax, self)
        ax.set_title(self.caption(), fontsize=9)
        for curve, label in zip(np.array(self.losses).T, ("D loss", "G loss")):
            ax_loss.plot(np.arange(1, len(curve) + 1), curve, lw=1, label=label)
        if self.losses:
            ax_loss.legend(fontsize=7, frameon=False)
        else:
            no_steps = dict(ha="center", va="center", transform=ax_loss.transAxes, fontsize=9, color="gray")
            ax_loss.text(0.5, 0.5, "no steps yet: press ▶ or step", **no_steps)
        ax_loss.set_xlabel("generator step", fontsize=8)
        rates = f"lr D {self.lr_d:.0e}, G {self.lr_g:.0e} · {self.d_steps} D step(s) per G step"
        ax_loss.set_title(f"{self.loss} G loss · {rates}", fontsize=8)
        ax_loss.tick_params(labelsize=7)
        fig.tight_layout()
        return figure_png(fig, dpi=80)


def draw_plane(ax, p: GANPlayground, legend: bool = True) -> None:
    """D(x) over the plane, the real and generated points and the push on 96 generated points."""
    axis = np.linspace(-LIMIT, LIMIT, 80, dtype="float32")
    d_of_x = 1 / (1 + np.exp(-np.asarray(p.D(np.stack([a.ravel() for a in np.meshgrid(axis, axis)], axis=1)))))
    ax.imshow(
        d_of_x.reshape(80, 80), extent=(-LIMIT, LIMIT) * 2, origin="lower", cmap="PRGn", vmin=0, vmax=1, alpha=0.75
    )
    real, fake = sample_2d(p.data, 512, np.random.default_rng(1)), p.fake()
    dots = dict(s=9, edgecolors="white", linewidths=0.3)  # white edges: visible on the map's greens and purples
    ax.scatter(*real.T, c="#1b7837", label="real", **dots)
    ax.scatter(*fake.T, c="#762a83", label="generated", **dots)
    push = ARROW_SCALE * np.asarray(p._push(fake[:96]))
    push *= np.minimum(1.0, ARROW_MAX / np.maximum(np.linalg.norm(push, axis=1, keepdims=True), 1e-12))  # long ones cut
    ax.quiver(*fake[:96].T, *push.T, color="black", width=0.004, angles="xy", scale_units="xy", scale=1, alpha=0.7)
    plane_axes(ax)
    if legend:
        ax.legend(loc="lower left", fontsize=7, markerscale=2, framealpha=0.8)


def snapshots_png(p: GANPlayground, at) -> bytes:
    """The static view: the plane after each number of steps in ``at`` (then reset)."""
    fig, axes = plt.subplots(1, len(at), figsize=(3.0 * len(at), 3.2), squeeze=False)
    for i, (ax, target) in enumerate(zip(axes[0], sorted(at))):
        p.step(target - p.steps)
        draw_plane(ax, p, legend=i == 0)
        ax.set_title(p.caption(), fontsize=8)
    settings = f"lr D {p.lr_d:.0e} / G {p.lr_g:.0e}, {p.d_steps} D step(s) per G step"
    key = "green: D says real, purple: fake, white: D cannot tell"
    fig.suptitle(f"GAN playground (static view): {p.data}, {p.loss} loss, {settings}; {key}", fontsize=9)
    fig.tight_layout()
    p.reset()
    return figure_png(fig, dpi=100)


def cached_snapshots(p: GANPlayground, at, path=None) -> bytes:
    """``snapshots_png``, saved at ``path`` and reused while its settings, code, Keras and TensorFlow match."""
    settings = (p.data, p.loss, p.lr_d, p.lr_g, p.d_steps, p.seed, sorted(at), keras.__version__, tf.__version__)
    key = fingerprint(*settings, GANPlayground, draw_plane, snapshots_png, sample_2d)
    stamp = None if path is None else Path(f"{path}.settings")
    if stamp is not None and stamp.is_file() and Path(path).is_file() and stamp.read_text() == key:
        return Path(path).read_bytes()
    png = snapshots_png(p, at)
    if stamp is not None:
        atomic_write_bytes(path, png)
        atomic_write_bytes(stamp, key.encode())
    return png


def gan_playground(steps_per_tick=20, static_at=(0, 250, 1000, 3000), path=None, **settings) -> Explorer:
    """The steerable GAN as a widget with its static view; ``settings`` go to its ``playground``, a GANPlayground."""
    p = GANPlayground(**settings)
    static = cached_snapshots(p, static_at, path)  # saved at path
    look = dict(continuous_update=False, style={"description_width": "initial"}, layout=widgets.Layout(width="300px"))
    rate = dict(base=10, min=-5, max=-1, step=0.25, readout_format=".0e", **look)
    c = {
        "run": widgets.Play(value=0, min=0, max=10**7, step=1, interval=300, description="run", show_repeat=False),
        "step": widgets.Button(description="step", tooltip=f"{steps_per_tick} generator steps"),
        "reset": widgets.Button(description="reset", tooltip="new networks from the seed"),
        "data": widgets.Dropdown(options=list(TOY_2D_NAMES), value=p.data, description="data"),
        "loss": widgets.Dropdown(options=list(LOSSES), value=p.loss, description="G loss"),
        "lr_d": widgets.FloatLogSlider(value=p.lr_d, description="lr D", **rate),
        "lr_g": widgets.FloatLogSlider(value=p.lr_g, description="lr G", **rate),
        "d_steps": widgets.IntSlider(value=p.d_steps, min=1, max=10, description="D steps per G step", **look),
    }
    rows = [widgets.HBox(list(c.values())[:5]), widgets.HBox(list(c.values())[5:])]
    explorer = Explorer(p.png, c, lambda pic: widgets.VBox([*rows, pic]), static, "GAN playground", follow=False)
    explorer.playground, last_tick = p, [0.0]

    def act(event):
        """A click or a change of any control: act on the playground, then redraw."""
        if event is c["step"]:
            p.step(steps_per_tick)
        elif event is c["reset"]:
            p.reset()
        elif event["owner"] is c["run"]:  # a tick; the stop button sets the counter back to 0: no step
            # Ticks that arrive while a frame is still being made are dropped, so pausing is immediate.
            if event["new"] == 0 or time.monotonic() - last_tick[0] < c["run"].interval / 2000:
                return
            last_tick[0] = time.monotonic()
            p.step(steps_per_tick)
        else:
            p.set(**{next(name for name, w in c.items() if w is event["owner"]): event["new"]})
        explorer.redraw()

    c["step"].on_click(act)
    c["reset"].on_click(act)
    for name in ("run", "data", "loss", "lr_d", "lr_g", "d_steps"):
        c[name].observe(act, names="value")
    return explorer
