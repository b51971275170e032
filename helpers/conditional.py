"""Asking a conditional generator (notebook 07) for chosen classes, and checking with a classifier that it obeys."""

from __future__ import annotations

import keras
import matplotlib.pyplot as plt
import numpy as np

from .grids import fixed_latent
from .plots import finish, to_unit_range


def first_input_shape(model) -> tuple:
    """A model's (first) input shape, batch axis included: a conditional network's first input sets its size."""
    shape = model.input_shape
    return tuple(shape[0] if isinstance(shape, list) else shape)


def latent_size(generator) -> int:
    """The size of the latent vectors a generator (plain or conditional) takes."""
    return int(first_input_shape(generator)[-1])


def check_labels(labels, num_classes: int, n: int | None = None) -> np.ndarray:
    """``labels`` as an int32 array of shape (n,), each in 0..num_classes-1, or a clear error."""
    arr = np.atleast_1d(np.asarray(labels))
    whole_floats = np.issubdtype(arr.dtype, np.floating) and np.all(arr == np.round(arr))
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or whole_floats):
        raise ValueError(
            f"Class labels must be whole numbers 0..{num_classes - 1} (an integer array), "
            f"not {arr.dtype} values such as {arr.ravel()[:3].tolist()}."
        )
    if arr.ndim != 1:
        raise ValueError(f"Give one class label per image, a 1-D array of shape (n,), not shape {arr.shape}.")
    if n is not None and len(arr) != n:
        raise ValueError(f"{len(arr)} labels for {n} images: give exactly one class label per image.")
    bad = arr[(arr < 0) | (arr >= num_classes)]
    if len(bad):
        raise ValueError(f"Class {int(bad[0])} does not exist: this generator knows classes 0..{num_classes - 1}.")
    return arr.astype("int32")


def num_classes_of(generator) -> int:
    """How many classes a conditional generator was built for (its label embedding's size)."""
    for layer in generator.layers:
        if isinstance(layer, keras.layers.Embedding):
            return int(layer.input_dim)
    raise ValueError(f"{generator.name} has no label Embedding layer: it is not a conditional generator.")


def generate(generator, labels, z=None, seed: int = 0) -> np.ndarray:
    """A conditional generator's images, one per label; ``z`` (n, latent_dim) is drawn with ``seed`` if not given."""
    latent_dim = latent_size(generator)
    labels = check_labels(labels, num_classes_of(generator))
    if z is None:
        z = fixed_latent(len(labels), latent_dim, seed)
    z = np.asarray(z, dtype="float32")
    if z.ndim != 2 or z.shape != (len(labels), latent_dim):
        raise ValueError(
            f"z must have shape ({len(labels)}, {latent_dim}): one latent vector of size "
            f"{latent_dim} per label; got {z.shape}."
        )
    return np.asarray(generator.predict([z, labels], verbose=0))


def conditioning_accuracy(generator, judge, n_per_class: int = 100, seed: int = 0, scale: str = "-1_1") -> dict:
    """Ask for ``n_per_class`` images of every class and let ``judge`` (``helpers.quality.classifier``) label
    them: the overall share "asked for y, got y", the share per class, and the confusion counts (rows: asked)."""
    k = num_classes_of(generator)
    labels = np.repeat(np.arange(k), n_per_class).astype("int32")
    images = to_unit_range(generate(generator, labels, seed=seed), scale)
    judged = judge.predict(images, verbose=0).argmax(1)
    confusion = np.zeros((k, k), dtype=int)
    np.add.at(confusion, (labels, judged), 1)
    per_class = confusion.diagonal() / n_per_class
    return {"overall": float(per_class.mean()), "per_class": [float(v) for v in per_class], "confusion": confusion}


def plot_conditioning(result: dict, class_names, path=None, target: float = 0.9, title=None):
    """A bar per class: the share of images asked for that class that the judge agreed with."""
    per = np.asarray(result["per_class"])
    fig, ax = plt.subplots(figsize=(8, 3.2))
    colours = ["C2" if v >= target else "C3" for v in per]
    ax.bar(range(len(per)), per * 100, color=colours)
    for i, v in enumerate(per):
        ax.text(i, v * 100 + 1, f"{v:.0%}", ha="center", fontsize=8)
    ax.axhline(target * 100, color="grey", ls=":", lw=1, label=f"target {target:.0%}")
    ax.set_xticks(range(len(per)), class_names, rotation=30 if max(map(len, class_names)) > 2 else 0)
    ax.set_ylim(0, 110)
    ax.set_ylabel("asked for y, judged y (%)")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(title or f"Conditioning accuracy: {result['overall']:.1%} overall")
    fig.tight_layout()
    return finish(fig, path)
