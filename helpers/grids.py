"""Watching image GANs learn: sample grids from a fixed latent batch, D accuracy, GIFs."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from .plots import grid_figure, to_unit_range


def fixed_latent(n: int, latent_dim: int, seed: int = 0) -> np.ndarray:
    """The course's fixed latent batch: ``n`` standard-normal vectors from ``seed``. The first
    ``k`` rows are the same for any ``n >= k``, so a 25-sample grid and a 100-sample one share
    their first 25 samples."""
    return np.random.default_rng(seed).standard_normal((n, latent_dim)).astype("float32")


def fixed_labels(n: int, num_classes: int) -> np.ndarray:
    """Class labels for a fixed batch of ``n`` conditional samples: equal runs of each class in
    order (100 samples of 10 classes: ten rows of ten in a 10-column grid, one class per row)."""
    return (np.arange(n) * num_classes // n).astype("int32")


def sample_fixed(gan, z) -> np.ndarray:
    """The generator's images (inference mode) for the fixed latent batch ``z``; a conditional
    GAN (one with ``num_classes``) is asked for ``fixed_labels``."""
    num_classes = getattr(gan, "num_classes", None)
    inputs = z if num_classes is None else [z, fixed_labels(len(z), num_classes)]
    return np.asarray(gan.generator(inputs, training=False))


def save_grid_png(images, path, n_cols: int = 5, title: str | None = None) -> Path:
    """Save a grid of images as PNG without showing it (for training-time snapshots)."""

    fig = grid_figure(images, n_cols=n_cols, title=title)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=80, bbox_inches="tight")
    plt.close(fig)
    return Path(path)


def tile(images, n_cols: int = 5, pad: int = 2) -> np.ndarray:
    """Images (N, H, W, C) in [0, 1] or [-1, 1] -> one uint8 RGB mosaic, for GIF frames."""
    images = np.clip(to_unit_range(images), 0, 1)
    if images.shape[-1] == 1:
        images = np.repeat(1 - images, 3, axis=-1)  # dark strokes on white, like gray_r
    n, h, w, _ = images.shape
    n_rows = int(np.ceil(n / n_cols))
    canvas = np.ones((n_rows * (h + pad) + pad, n_cols * (w + pad) + pad, 3), dtype="float32")
    for i, img in enumerate(images):
        r, c = divmod(i, n_cols)
        canvas[pad + r * (h + pad) : pad + r * (h + pad) + h, pad + c * (w + pad) : pad + c * (w + pad) + w] = img
    return (canvas * 255).round().astype(np.uint8)


def mosaic(images, n_cols: int, scale: int = 3) -> np.ndarray:
    """A grid of images ([0, 1] or [-1, 1]) as one uint8 RGB array, each pixel ``scale`` x ``scale``."""
    return np.kron(tile(np.asarray(images), n_cols=n_cols), np.ones((scale, scale, 1), dtype=np.uint8))


BANNER = 16  # pixels above each GIF frame for its "epoch N" label


def with_label(picture: np.ndarray, text: str) -> np.ndarray:
    """``picture`` (uint8 RGB) under a white strip with ``text`` written on it in black."""
    from PIL import Image, ImageDraw

    strip = Image.new("RGB", (picture.shape[1], BANNER), "white")
    ImageDraw.Draw(strip).text((4, 2), text, fill="black")
    return np.concatenate([np.asarray(strip), picture])


def make_gif(frames, path, scale: int = 4, seconds_per_frame: float = 0.5, n_cols: int = 5) -> Path:
    """An animated GIF from ``[(epoch, images), ...]`` (e.g. ``SampleGrid.frames``), ``n_cols``
    images per row, each frame labelled with its epoch."""
    import imageio.v2 as imageio

    if not frames:
        raise ValueError("No frames to animate: train with a SampleGrid callback first.")
    pictures = []
    for epoch, images in frames:
        pictures.append(with_label(mosaic(images, n_cols=n_cols, scale=scale), f"epoch {epoch}"))
    durations = [seconds_per_frame * 1000] * (len(pictures) - 1) + [seconds_per_frame * 4000]  # ms; linger at the end
    if len(pictures) == 1:
        durations = durations[0]  # Pillow wants a number, not a list, for a single frame
    path = Path(path)
    imageio.mimsave(path, pictures, duration=durations, loop=0)
    return path
