"""Everything interactive in the course: the explorers of a trained generator and the GAN
playground (ipywidgets), each readable without widgets too.

Each one is one output with two representations: the live widget (sliders, pickers or buttons
and a picture that follows them) and a static PNG of the same content. A front-end that renders
widgets (JupyterLab, Jupyter Notebook, VS Code, Colab) shows the widget; one that does not
(nbconvert, nbval, GitHub's viewer, a console) falls back to the PNG, so a stored notebook
stays readable and small. The PNG is also saved to ``path``.

The live picture is a ``Picture``: an Output widget (what ``interact`` draws into) holding one
PNG display, the output ``display(IPython.display.Image(...))`` makes, replaced whenever a
control moves. Its PNG travels as base64 text in the widget's state, not as a binary buffer
like ``widgets.Image``'s, which Colab's widget front-end did not handle (Colab issue 587).

The playground: a GAN you can steer, in the spirit of GAN Lab, inside a notebook (matplotlib +
ipywidgets). Two small MLPs play the GAN game on a 2-D distribution (a ring of Gaussians or a
spiral). The picture shows the discriminator's decision map as a heat map (D(x) for every point
x of the plane), the real points, the generated points, and for some generated points an arrow:
the direction in which the generator's update pushes that point (minus the gradient of G's loss
with respect to the point). Buttons step, run (a play button) and reset; sliders set both
learning rates and the number of discriminator steps per generator step, a menu the data and
the generator's loss (non-saturating or the original, saturating one). Its static view: the
map after a few numbers of steps with the default settings.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import io
import time
from pathlib import Path

import imageio.v2 as imageio
import ipywidgets as widgets
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from .conditional import generate, latent_size, num_classes_of
from .course import atomic_write_bytes
from .grids import mosaic
from .plots import figure_png, finish, rows_figure


def widget_view(widget) -> dict:
    """The mime entry that shows ``widget`` in a front-end with widgets, as ipywidgets 7 and 8
    both publish it (protocol 2.0); put beside a PNG or text fallback in one bundle."""
    return {
        "application/vnd.jupyter.widget-view+json": {
            "version_major": 2,
            "version_minor": 0,
            "model_id": widget.model_id,
        }
    }


def encode_png(array) -> bytes:
    """A uint8 image array as PNG bytes."""

    buffer = io.BytesIO()
    imageio.imwrite(buffer, array, format="png")
    return buffer.getvalue()


def png_bytes(images, n_cols: int, scale: int = 3) -> bytes:
    """A grid of images ([0, 1] or [-1, 1]) as PNG bytes, each pixel ``scale`` x ``scale``."""
    return encode_png(mosaic(images, n_cols, scale))


class Picture(widgets.Output):
    """An Output widget that shows one PNG (bytes); set ``png`` to show another.

    Setting ``outputs`` sends the new picture to the front-end as widget state, so it works the
    same from a slider's callback, a Play widget's tick or a test without any kernel (unlike
    ``with out: display(...)``, which only captures inside a running kernel)."""

    def __init__(self, png: bytes, **kwargs):
        super().__init__(**kwargs)
        self.png = png

    @property
    def png(self) -> bytes:
        return base64.b64decode(self.outputs[0]["data"]["image/png"])

    @png.setter
    def png(self, data: bytes) -> None:
        self.outputs = (
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {"image/png": base64.b64encode(data).decode("ascii"), "text/plain": "<picture>"},
            },
        )


class Explorer:
    """A widget with a static PNG of the same content (see the module's docstring).
    ``widget`` is the ipywidgets box; ``picture`` its ``Picture``, whose ``png`` changes when a
    control moves; ``controls`` the sliders, pickers or buttons by name."""

    def __init__(self, widget, picture: Picture, controls: dict, static_png: bytes, title: str, path=None):
        self.widget, self.picture, self.controls = widget, picture, controls
        self.static_png, self.title = static_png, title
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_bytes(static_png)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            **widget_view(self.widget),
            "image/png": base64.b64encode(self.static_png).decode("ascii"),
            "text/plain": f"{self.title} (static view: open the notebook in Jupyter or Colab to use it)",
        }


def latent_explorer(generator, z0, directions, names=None, span: float = 3.0, steps: int = 7, path=None) -> Explorer:
    """Sliders that move a latent vector ``z0`` along a few ``directions`` (k, latent_dim) and
    show the generator's image. Static view: one row per direction, ``steps`` values from
    ``-span`` to ``+span`` (the middle column is ``z0`` itself)."""

    z0 = np.asarray(z0, dtype="float32").reshape(-1)
    directions = np.asarray(directions, dtype="float32")
    latent_dim = latent_size(generator)
    if z0.shape != (latent_dim,) or directions.ndim != 2 or directions.shape[1] != latent_dim:
        raise ValueError(
            f"This generator takes latent vectors of size {latent_dim}: z0 must have shape "
            f"({latent_dim},) and directions (k, {latent_dim}); got {z0.shape} and {directions.shape}."
        )
    names = list(names) if names is not None else [f"direction {i + 1}" for i in range(len(directions))]
    if len(names) != len(directions):
        raise ValueError(f"{len(names)} names for {len(directions)} directions.")
    values = np.linspace(-span, span, steps)
    grid = generator.predict(np.stack([z0 + a * d for d in directions for a in values]), verbose=0)
    static = figure_png(
        rows_figure(
            {name: grid[i * steps : (i + 1) * steps] for i, name in enumerate(names)},
            title="Latent explorer (static view): each row moves z along one direction",
            col_labels=[f"{a:+.1f}" for a in values],
        )
    )

    def render(amounts):
        z = z0 + np.tensordot(np.asarray(amounts, "float32"), directions, axes=1)
        return png_bytes(generator.predict(z[None], verbose=0), n_cols=1, scale=6)

    picture = Picture(render([0.0] * len(directions)))
    sliders = {
        name: widgets.FloatSlider(
            value=0.0,
            min=-span,
            max=span,
            step=span / 20,
            description=name,
            continuous_update=False,
            style={"description_width": "initial"},
        )
        for name in names
    }

    def update(_=None):
        picture.png = render([s.value for s in sliders.values()])

    for slider in sliders.values():
        slider.observe(update, names="value")
    box = widgets.HBox([picture, widgets.VBox(list(sliders.values()))])
    return Explorer(box, picture, sliders, static, "Latent explorer", path)


def class_picker(generator, class_names, n: int = 8, seed: int = 0, path=None) -> Explorer:
    """A class drop-down and a seed box for a conditional generator: ``n`` images of the chosen
    class, from ``n`` latent vectors drawn with that seed. Static view: one row per class."""

    k = num_classes_of(generator)
    if len(class_names) != k:
        raise ValueError(f"{len(class_names)} class names for a generator of {k} classes.")
    latent_dim = latent_size(generator)

    def images(label, s):
        z = np.random.default_rng(s).standard_normal((n, latent_dim))
        return generate(generator, np.full(n, label), z=z)

    static = figure_png(
        rows_figure(
            {name: images(c, seed) for c, name in enumerate(class_names)},
            title=f"Class picker (static view): {n} images per class, seed {seed}",
        )
    )
    picture = Picture(png_bytes(images(0, seed), n_cols=n, scale=4))
    choice = widgets.Dropdown(options=[(name, i) for i, name in enumerate(class_names)], value=0, description="class")
    seed_box = widgets.BoundedIntText(value=seed, min=0, max=2**31 - 1, description="seed")

    def update(_=None):
        picture.png = png_bytes(images(choice.value, seed_box.value), n_cols=n, scale=4)

    choice.observe(update, names="value")
    seed_box.observe(update, names="value")
    box = widgets.VBox([widgets.HBox([choice, seed_box]), picture])
    return Explorer(box, picture, {"class": choice, "seed": seed_box}, static, "Class picker", path)


def epoch_scrubber(frames, n_cols: int = 5, n_static: int = 6, path=None) -> Explorer:
    """A slider over the saved sample grids of a finished run (``ProgressGrid.frames``:
    ``[(epoch, images), ...]``, the same fixed latent batch at every epoch): drag it to watch
    the same latent vectors turn from noise into samples. Static view: the first ``n_cols``
    images of up to ``n_static`` evenly spaced epochs, one row per epoch."""

    frames = list(frames)
    if not frames:
        raise ValueError(
            "No saved grids to scrub through: train with a helpers.ProgressGrid callback "
            "(callbacks=[progress] in train_gan) and pass progress.frames."
        )
    epochs = [int(e) for e, _ in frames]
    shown = sorted(set(np.linspace(0, len(frames) - 1, min(n_static, len(frames))).round().astype(int)))
    static = figure_png(
        rows_figure(
            {f"epoch {epochs[i]}": frames[i][1][:n_cols] for i in shown},
            title="Epoch scrubber (static view): the same latent vectors, epoch by epoch",
        )
    )
    picture = Picture(png_bytes(frames[-1][1], n_cols=n_cols, scale=3))
    slider = widgets.SelectionSlider(
        options=[(str(e), i) for i, e in enumerate(epochs)],
        value=len(frames) - 1,
        description="epoch",
        continuous_update=True,
        layout=widgets.Layout(width="480px"),
    )

    def update(_=None):
        picture.png = png_bytes(frames[slider.value][1], n_cols=n_cols, scale=3)

    slider.observe(update, names="value")
    box = widgets.VBox([slider, picture])
    return Explorer(box, picture, {"epoch": slider}, static, "Epoch scrubber", path)


# -- The GAN playground ----------------------------------------------------------------------

DATASETS = ("ring", "spiral")
LOSSES = ("non-saturating", "saturating")
LIMIT = 3.0  # the plane shown is [-LIMIT, LIMIT]^2
ARROW_SCALE, ARROW_MAX = 1.5, 0.6  # arrow length = 1.5 x the push on a point, at most 0.6


def sample_2d(name: str, n: int, rng) -> np.ndarray:
    """``n`` points of a 2-D distribution: ``ring`` (8 Gaussians of std 0.05 on a circle of
    radius 2) or ``spiral`` (a noisy spiral arm of radius up to 2.5)."""
    if name == "ring":
        angles = rng.integers(0, 8, n) * (2 * np.pi / 8)
        centres = 2.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
        return (centres + 0.05 * rng.standard_normal((n, 2))).astype("float32")
    if name == "spiral":
        t = np.sqrt(rng.uniform(0.05, 1.0, n)) * 3 * np.pi
        r = 2.5 * t / (3 * np.pi)
        points = np.stack([r * np.cos(t), r * np.sin(t)], axis=1)
        return (points + 0.08 * rng.standard_normal((n, 2))).astype("float32")
    raise ValueError(f"Unknown 2-D dataset {name!r}: choose one of {', '.join(DATASETS)}.")


def plane_axes(ax) -> None:
    """The square of the plane every playground picture shows, equal scales, no ticks."""
    ax.set_xlim(-LIMIT, LIMIT)
    ax.set_ylim(-LIMIT, LIMIT)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])


def _ring_distances(points, radius: float):
    """Each point's distance to each of the ring's 8 centres, shape (n, 8)."""
    angles = np.arange(8) * (2 * np.pi / 8)
    centres = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return np.linalg.norm(np.asarray(points)[:, None, :] - centres[None], axis=2)


def ring_modes_covered(points, radius: float = 2.0, tolerance: float = 0.25, min_share: float = 0.02) -> int:
    """How many of the ring's 8 Gaussians have at least ``min_share`` of ``points`` within
    ``tolerance`` of their centre (mode coverage, out of 8)."""
    distances = _ring_distances(points, radius)
    near = distances.min(axis=1) < tolerance
    counts = np.bincount(distances.argmin(axis=1)[near], minlength=8)
    return int((counts >= min_share * len(points)).sum())


def ring_on_modes(points, radius: float = 2.0, tolerance: float = 0.25) -> float:
    """The share of ``points`` within ``tolerance`` of one of the ring's 8 centres: what mode
    coverage does not see (points between or off the modes). The ring's own samples: about 1."""
    return float(np.mean(_ring_distances(points, radius).min(axis=1) < tolerance))


class GANPlayground:
    """The model behind the widget: two MLPs, their optimisers and one training step. Usable
    without widgets (``step``, ``reset``, ``figure``), which is how it is tested."""

    def __init__(
        self,
        data: str = "ring",
        loss: str = "non-saturating",
        lr_d: float = 1e-3,
        lr_g: float = 1e-3,
        d_steps: int = 1,
        batch: int = 256,
        hidden: int = 64,
        latent_dim: int = 2,
        seed: int = 0,
    ):
        self.check(data=data, loss=loss, lr_d=lr_d, lr_g=lr_g, d_steps=d_steps)
        self.data, self.loss, self.lr_d, self.lr_g, self.d_steps = data, loss, lr_d, lr_g, int(d_steps)
        self.batch, self.hidden, self.latent_dim, self.seed = batch, hidden, latent_dim, seed
        self.reset()

    @staticmethod
    def check(data=None, loss=None, lr_d=None, lr_g=None, d_steps=None) -> None:
        if data is not None and data not in DATASETS:
            raise ValueError(f"Unknown 2-D dataset {data!r}: choose one of {', '.join(DATASETS)}.")
        if loss is not None and loss not in LOSSES:
            raise ValueError(f"Unknown generator loss {loss!r}: choose one of {', '.join(LOSSES)}.")
        for name, value in [("lr_d", lr_d), ("lr_g", lr_g)]:
            if value is not None and not (0 < value <= 1):
                raise ValueError(f"{name} must be a learning rate in (0, 1], got {value!r}.")
        if d_steps is not None and (int(d_steps) != d_steps or not 1 <= d_steps <= 10):
            raise ValueError(f"d_steps must be a whole number from 1 to 10, got {d_steps!r}.")

    def reset(self) -> None:
        """New networks from the seed: the same starting point every time."""
        self.rng = np.random.default_rng(self.seed)
        h, seeds = self.hidden, iter(range(10 * self.seed, 10 * self.seed + 6))

        def dense(units, activation=None):  # seeded: no global random state is touched
            return keras.layers.Dense(
                units, activation=activation, kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds))
            )

        self.G = keras.Sequential([keras.Input((self.latent_dim,)), dense(h, "relu"), dense(h, "relu"), dense(2)])
        self.D = keras.Sequential([keras.Input((2,)), dense(h, "relu"), dense(h, "relu"), dense(1)])  # logits
        self.opt_d = keras.optimizers.Adam(self.lr_d, beta_1=0.5)
        self.opt_g = keras.optimizers.Adam(self.lr_g, beta_1=0.5)
        self.opt_d.build(self.D.trainable_weights)
        self.opt_g.build(self.G.trainable_weights)
        self.saturating = tf.Variable(self.loss == "saturating", trainable=False)
        self.steps, self.d_updates = 0, 0
        self.losses: list[tuple[float, float]] = []
        self.z_shown = self.rng.standard_normal((512, self.latent_dim)).astype("float32")
        self._build_steps()

    def _build_steps(self) -> None:
        D, G = self.D, self.G
        bce = tf.nn.sigmoid_cross_entropy_with_logits

        @tf.function
        def d_step(real, z):
            with tf.GradientTape() as tape:
                real_logits, fake_logits = D(real), D(G(z))
                loss = tf.reduce_mean(bce(tf.ones_like(real_logits), real_logits)) + tf.reduce_mean(
                    bce(tf.zeros_like(fake_logits), fake_logits)
                )
            self.opt_d.apply_gradients(zip(tape.gradient(loss, D.trainable_weights), D.trainable_weights))
            return loss

        def g_loss_of(fake):
            logits = D(fake)
            non_saturating = tf.reduce_mean(bce(tf.ones_like(logits), logits))  # -log D(G(z))
            saturating = -tf.reduce_mean(bce(tf.zeros_like(logits), logits))  # log(1 - D(G(z)))
            return tf.where(self.saturating, saturating, non_saturating)

        @tf.function
        def g_step(z):
            with tf.GradientTape() as tape:
                loss = g_loss_of(G(z))
            self.opt_g.apply_gradients(zip(tape.gradient(loss, G.trainable_weights), G.trainable_weights))
            return loss

        @tf.function
        def point_push(fake):
            """Minus the gradient of G's loss with respect to each generated point (times the
            batch size, so that it does not shrink with the batch)."""
            with tf.GradientTape() as tape:
                tape.watch(fake)
                loss = g_loss_of(fake)
            return -tape.gradient(loss, fake) * tf.cast(tf.shape(fake)[0], "float32")

        self._d_step, self._g_step, self._push = d_step, g_step, point_push

    def set(self, lr_d=None, lr_g=None, d_steps=None, loss=None) -> None:
        """Change settings without resetting the networks (what the sliders do)."""
        self.check(loss=loss, lr_d=lr_d, lr_g=lr_g, d_steps=d_steps)
        if lr_d is not None:
            self.lr_d = float(lr_d)
            self.opt_d.learning_rate = self.lr_d
        if lr_g is not None:
            self.lr_g = float(lr_g)
            self.opt_g.learning_rate = self.lr_g
        if d_steps is not None:
            self.d_steps = int(d_steps)
        if loss is not None:
            self.loss = loss
            self.saturating.assign(loss == "saturating")

    def set_data(self, data: str) -> None:
        """Another target distribution: the networks start again."""
        self.check(data=data)
        self.data = data
        self.reset()

    def step(self, n: int = 1) -> None:
        """``n`` generator updates, each after ``d_steps`` discriminator updates."""
        for _ in range(n):
            for _ in range(self.d_steps):
                real = sample_2d(self.data, self.batch, self.rng)
                z = self.rng.standard_normal((self.batch, self.latent_dim)).astype("float32")
                d_loss = float(self._d_step(real, z))
                self.d_updates += 1
            g_loss = float(self._g_step(self.rng.standard_normal((self.batch, self.latent_dim)).astype("float32")))
            self.steps += 1
            self.losses.append((d_loss, g_loss))

    def fake(self) -> np.ndarray:
        return np.asarray(self.G(self.z_shown))

    def decision_map(self, resolution: int = 80) -> np.ndarray:
        """D(x) on a ``resolution`` x ``resolution`` grid over the plane shown."""
        axis = np.linspace(-LIMIT, LIMIT, resolution, dtype="float32")
        xx, yy = np.meshgrid(axis, axis)
        logits = np.asarray(self.D(np.stack([xx.ravel(), yy.ravel()], axis=1)))
        return (1 / (1 + np.exp(-logits))).reshape(resolution, resolution)

    def draw(self, ax, n_arrows: int = 96, legend: bool = True) -> None:
        """The decision map, the real and generated points and the push on generated points."""
        ax.imshow(
            self.decision_map(),
            extent=(-LIMIT, LIMIT, -LIMIT, LIMIT),
            origin="lower",
            cmap="PRGn",
            vmin=0,
            vmax=1,
            alpha=0.75,
        )
        real = sample_2d(self.data, 512, np.random.default_rng(1))
        fake = self.fake()
        # White edges keep the dots visible on the map's own greens and purples.
        ax.scatter(real[:, 0], real[:, 1], s=9, c="#1b7837", edgecolors="white", linewidths=0.3, label="real")
        ax.scatter(fake[:, 0], fake[:, 1], s=9, c="#762a83", edgecolors="white", linewidths=0.3, label="generated")
        shown = fake[:n_arrows]
        push = ARROW_SCALE * np.asarray(self._push(shown))
        length = np.linalg.norm(push, axis=1, keepdims=True)
        push *= np.minimum(1.0, ARROW_MAX / np.maximum(length, 1e-12))  # same scale in every frame, long ones cut
        ax.quiver(
            shown[:, 0],
            shown[:, 1],
            push[:, 0],
            push[:, 1],
            color="black",
            width=0.004,
            angles="xy",
            scale_units="xy",
            scale=1,
            alpha=0.7,
        )
        plane_axes(ax)
        if legend:
            ax.legend(loc="lower left", fontsize=7, markerscale=2, framealpha=0.8)

    def caption(self) -> str:
        text = f"step {self.steps} ({self.d_updates} D updates)"
        if self.data == "ring":
            text += f" · modes covered {ring_modes_covered(self.fake())}/8"
        return text

    def figure(self):
        """The decision map with points and arrows, and the two losses over the steps."""

        fig, (ax, ax_loss) = plt.subplots(1, 2, figsize=(8.0, 3.8), gridspec_kw={"width_ratios": [1.1, 1]})
        self.draw(ax)
        ax.set_title(self.caption(), fontsize=9)
        if self.losses:
            d, g = np.array(self.losses).T
            steps = np.arange(1, len(d) + 1)
            ax_loss.plot(steps, d, lw=1, label="D loss")
            ax_loss.plot(steps, g, lw=1, label="G loss")
            ax_loss.legend(fontsize=7, frameon=False)
        else:
            ax_loss.text(
                0.5,
                0.5,
                "no steps yet: press ▶ or step",
                ha="center",
                va="center",
                transform=ax_loss.transAxes,
                fontsize=9,
                color="gray",
            )
        ax_loss.set_xlabel("generator step", fontsize=8)
        ax_loss.set_title(
            f"{self.loss} G loss · lr D {self.lr_d:.0e}, G {self.lr_g:.0e} · {self.d_steps} D step(s) per G step",
            fontsize=8,
        )
        ax_loss.tick_params(labelsize=7)
        fig.tight_layout()
        return fig

    def png(self) -> bytes:
        return figure_png(self.figure(), dpi=80)


def snapshots_png(playground: GANPlayground, at=(0, 250, 1000, 3000)) -> bytes:
    """The static view: the map after each number of steps in ``at`` (then reset)."""

    fig, axes = plt.subplots(1, len(at), figsize=(3.0 * len(at), 3.2))
    for ax, target in zip(np.atleast_1d(axes), sorted(at)):
        playground.step(target - playground.steps)
        playground.draw(ax, legend=ax is np.atleast_1d(axes)[0])
        ax.set_title(playground.caption(), fontsize=8)
    fig.suptitle(
        f"GAN playground (static view): {playground.data}, {playground.loss} loss, "
        f"lr D {playground.lr_d:.0e} / G {playground.lr_g:.0e}, {playground.d_steps} D step(s) per G step; "
        f"green: D says real, purple: fake, white: D cannot tell",
        fontsize=9,
    )
    fig.tight_layout()
    png = figure_png(fig, dpi=100)
    playground.reset()
    return png


def cached_snapshots(playground: GANPlayground, at, path=None) -> bytes:
    """``snapshots_png``, trained once: a picture at ``path`` drawn with the same settings (and
    the same Keras and TensorFlow) is reused instead of training its 3,000 steps again."""
    key = hashlib.sha256(
        repr(
            (
                playground.data,
                playground.loss,
                playground.lr_d,
                playground.lr_g,
                playground.d_steps,
                playground.seed,
                sorted(at),
                keras.__version__,
                tf.__version__,
                inspect.getsource(GANPlayground),
            )
        ).encode()
    ).hexdigest()
    stamp = None if path is None else Path(f"{path}.settings")
    if stamp is not None and stamp.is_file() and Path(path).is_file() and stamp.read_text() == key:
        return Path(path).read_bytes()
    png = snapshots_png(playground, at)
    if stamp is not None:
        atomic_write_bytes(path, png)
        atomic_write_bytes(stamp, key.encode())
    return png


def gan_playground(
    data: str = "ring",
    loss: str = "non-saturating",
    lr_d: float = 1e-3,
    lr_g: float = 1e-3,
    d_steps: int = 1,
    steps_per_tick: int = 20,
    static_at=(0, 250, 1000, 3000),
    seed: int = 0,
    path=None,
):
    """The steerable GAN as a widget (with its static view, see the module's docstring).
    Returns an ``Explorer``; its ``playground`` attribute is the ``GANPlayground``."""

    playground = GANPlayground(data=data, loss=loss, lr_d=lr_d, lr_g=lr_g, d_steps=d_steps, seed=seed)
    static = cached_snapshots(playground, static_at, path)
    picture = Picture(playground.png())
    step = widgets.Button(description="step", tooltip=f"{steps_per_tick} generator steps")
    reset = widgets.Button(description="reset", tooltip="new networks from the seed")
    run = widgets.Play(value=0, min=0, max=10**7, step=1, interval=300, description="run", show_repeat=False)
    slider = dict(continuous_update=False, style={"description_width": "initial"}, layout=widgets.Layout(width="300px"))
    lr_d_slider = widgets.FloatLogSlider(
        value=lr_d, base=10, min=-5, max=-1, step=0.25, description="lr D", readout_format=".0e", **slider
    )
    lr_g_slider = widgets.FloatLogSlider(
        value=lr_g, base=10, min=-5, max=-1, step=0.25, description="lr G", readout_format=".0e", **slider
    )
    d_steps_slider = widgets.IntSlider(value=d_steps, min=1, max=10, description="D steps per G step", **slider)
    data_menu = widgets.Dropdown(options=list(DATASETS), value=data, description="data")
    loss_menu = widgets.Dropdown(options=list(LOSSES), value=loss, description="G loss")
    busy = {"since": 0.0}

    def redraw():
        picture.png = playground.png()

    def on_step(_=None):
        playground.step(steps_per_tick)
        redraw()

    def on_tick(change=None):
        if change is not None and change.get("new") == 0:
            return  # the stop button sets the counter back to 0: no step for that
        # Ticks that arrive while a frame is still being made are dropped, so pausing is immediate.
        if time.monotonic() - busy["since"] < run.interval / 1000 * 0.5:
            return
        busy["since"] = time.monotonic()
        on_step()

    def on_reset(_=None):
        playground.reset()
        redraw()

    def on_setting(_=None):
        playground.set(
            lr_d=lr_d_slider.value, lr_g=lr_g_slider.value, d_steps=d_steps_slider.value, loss=loss_menu.value
        )
        redraw()

    def on_data(_=None):
        playground.set_data(data_menu.value)
        redraw()

    step.on_click(on_step)
    reset.on_click(on_reset)
    run.observe(on_tick, names="value")
    for control in (lr_d_slider, lr_g_slider, d_steps_slider, loss_menu):
        control.observe(on_setting, names="value")
    data_menu.observe(on_data, names="value")
    controls = {
        "step": step,
        "run": run,
        "reset": reset,
        "lr_d": lr_d_slider,
        "lr_g": lr_g_slider,
        "d_steps": d_steps_slider,
        "data": data_menu,
        "loss": loss_menu,
    }
    box = widgets.VBox(
        [
            widgets.HBox([run, step, reset, data_menu, loss_menu]),
            widgets.HBox([lr_d_slider, lr_g_slider, d_steps_slider]),
            picture,
        ]
    )
    explorer = Explorer(box, picture, controls, static, "GAN playground", path)
    explorer.playground = playground
    return explorer


def plot_ring_runs(samples_by_name: dict, path=None, title: str | None = None):
    """One panel per run: the ring's real points in grey, the run's generated points in purple,
    and the run's mode coverage in its title (notebook 08's failure-mode lab)."""

    if not samples_by_name:
        raise ValueError("plot_ring_runs needs at least one {name: generated points} entry.")
    real = sample_2d("ring", 2000, np.random.default_rng(1))
    n = len(samples_by_name)
    n_cols = n if n <= 4 else int(np.ceil(n / 2))  # more than four panels: two rows, readable on a slide
    n_rows = int(np.ceil(n / n_cols))
    row_height = 3.5  # inches: a panel and its two- or three-line caption
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(3.2 * n_cols, row_height * n_rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    for ax, (name, points) in zip(axes.flat, samples_by_name.items()):
        points = np.asarray(points)
        ax.scatter(real[:, 0], real[:, 1], s=3, c="lightgray")
        ax.scatter(points[:, 0], points[:, 1], s=3, c="#762a83", alpha=0.5)
        caption = f"{name}\n{ring_modes_covered(points)}/8 modes, {ring_on_modes(points):.0%} of points on a mode"
        if np.mean(np.all(np.abs(points) <= LIMIT, axis=1)) < 0.5:
            centre = np.median(points, axis=0)
            caption += f"\nmost points off the plot, near ({centre[0]:.0f}, {centre[1]:.0f})"
        ax.set_title(caption, fontsize=9)
        plane_axes(ax)
    if title:
        fig.suptitle(title)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.4 / (row_height * n_rows)) if title else None)  # 0.4 in for the title
    return finish(fig, path)
