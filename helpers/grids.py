"""Sample grids of a fixed latent batch: the batch and its samples, saved grids and GIFs (``plots.mosaic``)."""

from __future__ import annotations

from pathlib import Path

import imageio.v2 as imageio
import numpy as np
from PIL import Image, ImageDraw

from .course import atomic_write
from .plots import mosaic


def fixed_latent(n: int, latent_dim: int, seed: int = 0) -> np.ndarray:
    """The course's fixed latent batch: ``n`` standard-normal vectors from ``seed``. The first ``k`` rows are
    the same for any ``n >= k``: a 25-sample grid and a 100-sample one share their first 25 samples."""
    return np.random.default_rng(seed).standard_normal((n, latent_dim)).astype("float32")


def fixed_labels(n: int, num_classes: int) -> np.ndarray:
    """Labels for ``n`` conditional samples: equal runs of each class in order (one class per row of a grid)."""
    return (np.arange(n) * num_classes // n).astype("int32")


def sample_fixed(gan, z) -> np.ndarray:
    """The generator's images (inference mode) of the fixed latent batch ``z`` (and ``fixed_labels``)."""
    num_classes = getattr(gan, "num_classes", None)
    inputs = z if num_classes is None else [z, fixed_labels(len(z), num_classes)]
    return np.asarray(gan.generator(inputs, training=False))


BANNER = 16  # pixels above a labelled picture (a GIF frame, a saved grid) for its text


def with_label(picture: np.ndarray, text: str) -> np.ndarray:
    """``picture`` (uint8 RGB) under a white strip with ``text`` written on it in black."""
    strip = Image.new("RGB", (picture.shape[1], BANNER), "white")
    ImageDraw.Draw(strip).text((4, 2), text, fill="black")
    return np.concatenate([np.asarray(strip), picture])


def save_grid_png(images, path, n_cols: int = 5, title: str | None = None, scale: int = 3) -> Path:
    """Save a grid of images (a ``mosaic``, ``title`` above it, like a ``make_gif`` frame) as PNG, unshown."""
    picture = mosaic(images, n_cols, scale)
    with atomic_write(path) as tmp:
        imageio.imwrite(tmp, with_label(picture, title) if title else picture)
    return Path(path)


def make_gif(frames, path, scale: int = 4, seconds_per_frame: float = 0.5, n_cols: int = 5) -> Path:
    """An animated GIF from ``[(epoch, images), ...]`` (``SampleGrid.frames``), each frame labelled with its epoch."""
    if not frames:
        raise ValueError("No frames to animate: train with a SampleGrid callback first.")
    pictures = [with_label(mosaic(images, n_cols, scale), f"epoch {epoch}") for epoch, images in frames]
    durations = [seconds_per_frame * 1000] * (len(pictures) - 1) + [seconds_per_frame * 4000]  # ms; linger at the end
    with atomic_write(path) as tmp:  # Pillow wants a number, not a list, for a single frame
        imageio.mimsave(tmp, pictures, duration=durations if len(pictures) > 1 else durations[0], loop=0)
    return Path(path)
