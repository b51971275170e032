"""Explorers of a trained generator: a live widget (controls and a picture that follows them) and a static PNG
of the same content, saved to ``path``: Jupyter, VS Code and Colab show the widget, nbconvert and GitHub the PNG."""

import base64
import io

import imageio.v2 as imageio
import ipywidgets as widgets
import numpy as np

from .conditional import generate, latent_size, num_classes_of
from .course import atomic_write_bytes
from .grids import fixed_latent
from .plots import figure_png, mosaic, rows_figure


def png_bytes(images, n_cols: int, scale: int = 3) -> bytes:
    """A grid of images ([0, 1] or [-1, 1]) as PNG bytes, each pixel ``scale`` x ``scale``."""
    buffer = io.BytesIO()
    imageio.imwrite(buffer, mosaic(images, n_cols, scale), format="png")
    return buffer.getvalue()


class Explorer:
    """A widget and its static PNG. ``picture``, an Output widget, shows ``render()`` (PNG bytes) again whenever
    a value of ``controls`` changes (if not ``follow``, the caller calls ``redraw``); ``widget``: layout(picture)."""

    def __init__(self, render, controls: dict, layout, static_png: bytes, title: str, path=None, follow=True):
        self.render, self.controls, self.static_png, self.title = render, controls, static_png, title
        self.picture = widgets.Output()
        self.widget = layout(self.picture)
        self.redraw()
        for control in controls.values() if follow else ():
            control.observe(self.redraw, names="value")
        if path is not None:
            atomic_write_bytes(path, static_png)

    def redraw(self, _=None) -> None:
        # The PNG goes into the Output widget's state as base64 text: it works alike from a callback, a tick
        # or a test without a kernel, and unlike widgets.Image's binary buffers, Colab shows it (Colab issue 587).
        data = {"image/png": base64.b64encode(self.render()).decode("ascii"), "text/plain": "<picture>"}
        self.picture.outputs = ({"output_type": "display_data", "metadata": {}, "data": data},)

    def _repr_mimebundle_(self, include=None, exclude=None):
        view = {"version_major": 2, "version_minor": 0, "model_id": self.widget.model_id}  # ipywidgets 7 and 8
        return {
            "application/vnd.jupyter.widget-view+json": view,
            "image/png": base64.b64encode(self.static_png).decode("ascii"),
            "text/plain": f"{self.title} (static view: open the notebook in Jupyter or Colab to use it)",
        }


def latent_explorer(generator, z0, directions, names=None, span: float = 3.0, steps: int = 7, path=None) -> Explorer:
    """Sliders that move a latent vector ``z0`` along a few ``directions`` (k, latent_dim) and show the generator's
    image. Static view: one row per direction, ``steps`` values from ``-span`` to ``+span`` (the middle is ``z0``)."""
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
    rows = {name: grid[i * steps : (i + 1) * steps] for i, name in enumerate(names)}
    title = "Latent explorer (static view): each row moves z along one direction"
    static = figure_png(rows_figure(rows, title=title, col_labels=[f"{a:+.1f}" for a in values]))
    look = dict(min=-span, max=span, step=span / 20, continuous_update=False, style={"description_width": "initial"})
    sliders = {name: widgets.FloatSlider(value=0.0, description=name, **look) for name in names}
    column = widgets.VBox(list(sliders.values()))

    def render():
        z = z0 + np.tensordot(np.asarray([s.value for s in sliders.values()], "float32"), directions, axes=1)
        return png_bytes(generator.predict(z[None], verbose=0), n_cols=1, scale=6)

    return Explorer(render, sliders, lambda picture: widgets.HBox([picture, column]), static, "Latent explorer", path)


def class_picker(generator, class_names, n: int = 8, seed: int = 0, path=None) -> Explorer:
    """A class menu and a seed box: ``n`` images of that class from a conditional generator; static: a row per class."""
    k = num_classes_of(generator)
    if len(class_names) != k:
        raise ValueError(f"{len(class_names)} class names for a generator of {k} classes.")
    latent_dim = latent_size(generator)

    def images(label, s):
        return generate(generator, np.full(n, label), z=fixed_latent(n, latent_dim, s))

    rows = {name: images(c, seed) for c, name in enumerate(class_names)}
    static = figure_png(rows_figure(rows, title=f"Class picker (static view): {n} images per class, seed {seed}"))
    choice = widgets.Dropdown(options=[(c, i) for i, c in enumerate(class_names)], value=0, description="class")
    seed_box = widgets.BoundedIntText(value=seed, min=0, max=2**31 - 1, description="seed")
    row = widgets.HBox([choice, seed_box])

    def render():
        return png_bytes(images(choice.value, seed_box.value), n_cols=n, scale=4)

    controls = {"class": choice, "seed": seed_box}
    return Explorer(render, controls, lambda picture: widgets.VBox([row, picture]), static, "Class picker", path)


def epoch_scrubber(frames, n_cols: int = 5, n_static: int = 6, path=None) -> Explorer:
    """A slider over a finished run's sample grids of one latent batch (``SampleGrid.frames``, ``[(epoch, images),
    ...]``). Static view: the first ``n_cols`` images of up to ``n_static`` evenly spaced epochs, a row each."""
    frames = list(frames)
    if not frames:
        raise ValueError(
            "No saved grids to scrub through: train with a helpers.SampleGrid callback "
            "(progress = helpers.SampleGrid(run), in fit()'s callbacks) and pass progress.frames."
        )
    epochs = [int(e) for e, _ in frames]
    shown = sorted(set(np.linspace(0, len(frames) - 1, min(n_static, len(frames))).round().astype(int)))
    rows = {f"epoch {epochs[i]}": frames[i][1][:n_cols] for i in shown}
    title = "Epoch scrubber (static view): the same latent vectors, epoch by epoch"
    static = figure_png(rows_figure(rows, title=title))
    options, width = [(str(e), i) for i, e in enumerate(epochs)], widgets.Layout(width="480px")
    slider = widgets.SelectionSlider(options=options, value=len(frames) - 1, description="epoch", layout=width)

    def render():
        return png_bytes(frames[slider.value][1], n_cols=n_cols, scale=3)

    controls = {"epoch": slider}
    return Explorer(render, controls, lambda picture: widgets.VBox([slider, picture]), static, "Epoch scrubber", path)
