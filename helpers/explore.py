"""Interactive explorers for a trained generator (ipywidgets), readable without widgets too.

Each explorer is one output with two representations: the live widget (sliders or pickers and
an image that follows them) and a static PNG of the same content. A front-end that renders
widgets (JupyterLab, Jupyter Notebook, VS Code, Colab) shows the widget; one that does not
(nbconvert, nbval, GitHub's viewer, a console) falls back to the PNG, so a stored notebook
stays readable and small. The PNG is also saved to ``path``.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import numpy as np

from .plots import figure_png, rows_figure
from .progress import tile
from .results import latent_size


def widget_view(widget) -> dict:
    """The mime entry that shows ``widget`` in a front-end with widgets, as ipywidgets 7 and 8
    both publish it (protocol 2.0); put beside a PNG or text fallback in one bundle."""
    return {"application/vnd.jupyter.widget-view+json": {"version_major": 2, "version_minor": 0,
                                                          "model_id": widget.model_id}}


def mosaic(images, n_cols: int, scale: int = 3) -> np.ndarray:
    """A grid of images ([0, 1] or [-1, 1]) as one uint8 RGB array, each pixel ``scale`` x ``scale``."""
    return np.kron(tile(np.asarray(images), n_cols=n_cols), np.ones((scale, scale, 1), dtype=np.uint8))


def encode_png(array) -> bytes:
    """A uint8 image array as PNG bytes."""
    import imageio.v2 as imageio

    buffer = io.BytesIO()
    imageio.imwrite(buffer, array, format="png")
    return buffer.getvalue()


def png_bytes(images, n_cols: int, scale: int = 3) -> bytes:
    """A grid of images ([0, 1] or [-1, 1]) as PNG bytes, each pixel ``scale`` x ``scale``."""
    return encode_png(mosaic(images, n_cols, scale))


class Explorer:
    """A widget with a static PNG of the same content (see the module's docstring).
    ``widget`` is the ipywidgets box; ``image`` its picture, whose ``value`` (PNG bytes)
    changes when a control moves; ``controls`` the sliders or pickers by name."""

    def __init__(self, widget, image, controls: dict, static_png: bytes, title: str, path=None):
        self.widget, self.image, self.controls = widget, image, controls
        self.static_png, self.title = static_png, title
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_bytes(static_png)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {**widget_view(self.widget), "image/png": base64.b64encode(self.static_png).decode("ascii"),
                "text/plain": f"{self.title} (static view: open the notebook in Jupyter or Colab to use it)"}


def _image_widget(png: bytes):
    import ipywidgets as widgets

    return widgets.Image(value=png, format="png", layout=widgets.Layout(width="auto"))


def latent_explorer(generator, z0, directions, names=None, span: float = 3.0, steps: int = 7,
                    path=None) -> Explorer:
    """Sliders that move a latent vector ``z0`` along a few ``directions`` (k, latent_dim) and
    show the generator's image. Static view: one row per direction, ``steps`` values from
    ``-span`` to ``+span`` (the middle column is ``z0`` itself)."""
    import ipywidgets as widgets

    z0 = np.asarray(z0, dtype="float32").reshape(-1)
    directions = np.asarray(directions, dtype="float32")
    latent_dim = latent_size(generator)
    if z0.shape != (latent_dim,) or directions.ndim != 2 or directions.shape[1] != latent_dim:
        raise ValueError(f"This generator takes latent vectors of size {latent_dim}: z0 must have shape "
                         f"({latent_dim},) and directions (k, {latent_dim}); got {z0.shape} and {directions.shape}.")
    names = list(names) if names is not None else [f"direction {i + 1}" for i in range(len(directions))]
    if len(names) != len(directions):
        raise ValueError(f"{len(names)} names for {len(directions)} directions.")
    values = np.linspace(-span, span, steps)
    grid = generator.predict(np.stack([z0 + a * d for d in directions for a in values]), verbose=0)
    static = figure_png(rows_figure({name: grid[i * steps:(i + 1) * steps] for i, name in enumerate(names)},
                                    title="Latent explorer (static view): each row moves z along one direction",
                                    col_labels=[f"{a:+.1f}" for a in values]))

    def render(amounts):
        z = z0 + np.tensordot(np.asarray(amounts, "float32"), directions, axes=1)
        return png_bytes(generator.predict(z[None], verbose=0), n_cols=1, scale=6)

    image = _image_widget(render([0.0] * len(directions)))
    sliders = {name: widgets.FloatSlider(value=0.0, min=-span, max=span, step=span / 20, description=name,
                                         continuous_update=False, style={"description_width": "initial"})
               for name in names}

    def update(_=None):
        image.value = render([s.value for s in sliders.values()])

    for slider in sliders.values():
        slider.observe(update, names="value")
    box = widgets.HBox([image, widgets.VBox(list(sliders.values()))])
    return Explorer(box, image, sliders, static, "Latent explorer", path)


def class_picker(generator, class_names, n: int = 8, seed: int = 0, path=None) -> Explorer:
    """A class drop-down and a seed box for a conditional generator: ``n`` images of the chosen
    class, from ``n`` latent vectors drawn with that seed. Static view: one row per class."""
    import ipywidgets as widgets

    from .conditional import generate, num_classes_of

    k = num_classes_of(generator)
    if len(class_names) != k:
        raise ValueError(f"{len(class_names)} class names for a generator of {k} classes.")
    latent_dim = latent_size(generator)

    def images(label, s):
        z = np.random.default_rng(s).standard_normal((n, latent_dim))
        return generate(generator, np.full(n, label), z=z)

    static = figure_png(rows_figure({name: images(c, seed) for c, name in enumerate(class_names)},
                                    title=f"Class picker (static view): {n} images per class, seed {seed}"))
    image = _image_widget(png_bytes(images(0, seed), n_cols=n, scale=4))
    choice = widgets.Dropdown(options=[(name, i) for i, name in enumerate(class_names)], value=0,
                              description="class")
    seed_box = widgets.BoundedIntText(value=seed, min=0, max=2**31 - 1, description="seed")

    def update(_=None):
        image.value = png_bytes(images(choice.value, seed_box.value), n_cols=n, scale=4)

    choice.observe(update, names="value")
    seed_box.observe(update, names="value")
    box = widgets.VBox([widgets.HBox([choice, seed_box]), image])
    return Explorer(box, image, {"class": choice, "seed": seed_box}, static, "Class picker", path)


def epoch_scrubber(frames, n_cols: int = 5, n_static: int = 6, path=None) -> Explorer:
    """A slider over the saved sample grids of a finished run (``ProgressGrid.frames``:
    ``[(epoch, images), ...]``, the same fixed latent batch at every epoch): drag it to watch
    the same latent vectors turn from noise into samples. Static view: the first ``n_cols``
    images of up to ``n_static`` evenly spaced epochs, one row per epoch."""
    import ipywidgets as widgets

    frames = list(frames)
    if not frames:
        raise ValueError("No saved grids to scrub through: train with a helpers.ProgressGrid callback "
                         "(callbacks=[progress] in train_gan) and pass progress.frames.")
    epochs = [int(e) for e, _ in frames]
    shown = sorted(set(np.linspace(0, len(frames) - 1, min(n_static, len(frames))).round().astype(int)))
    static = figure_png(rows_figure({f"epoch {epochs[i]}": frames[i][1][:n_cols] for i in shown},
                                    title="Epoch scrubber (static view): the same latent vectors, epoch by epoch"))
    image = _image_widget(png_bytes(frames[-1][1], n_cols=n_cols, scale=3))
    slider = widgets.SelectionSlider(options=[(str(e), i) for i, e in enumerate(epochs)], value=len(frames) - 1,
                                     description="epoch", continuous_update=True,
                                     layout=widgets.Layout(width="480px"))

    def update(_=None):
        image.value = png_bytes(frames[slider.value][1], n_cols=n_cols, scale=3)

    slider.observe(update, names="value")
    box = widgets.VBox([slider, image])
    return Explorer(box, image, {"epoch": slider}, static, "Epoch scrubber", path)
