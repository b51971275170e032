"""The 2-D distributions of notebook 01's playground and notebook 08's ring lab, and the ring's measures."""

import matplotlib.pyplot as plt
import numpy as np

from .plots import finish

TOY_2D_NAMES = ("ring", "spiral")  # the distributions sample_2d draws from
LIMIT = 3.0  # every picture of the plane shows [-LIMIT, LIMIT]^2


def sample_2d(name: str, n: int, rng) -> np.ndarray:
    """``n`` points of ``ring`` (8 Gaussians of std 0.05 on a circle of radius 2) or ``spiral`` (a noisy arm)."""
    if name == "ring":
        angles = rng.integers(0, 8, n) * (2 * np.pi / 8)
        centres = 2.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
        return (centres + 0.05 * rng.standard_normal((n, 2))).astype("float32")
    if name == "spiral":
        t = np.sqrt(rng.uniform(0.05, 1.0, n)) * 3 * np.pi
        points = 2.5 * t[:, None] / (3 * np.pi) * np.stack([np.cos(t), np.sin(t)], axis=1)
        return (points + 0.08 * rng.standard_normal((n, 2))).astype("float32")
    raise ValueError(f"Unknown 2-D dataset {name!r}: choose one of {', '.join(TOY_2D_NAMES)}.")


def plane_axes(ax) -> None:
    """The square of the plane every picture shows, equal scales, no ticks."""
    ax.set(xlim=(-LIMIT, LIMIT), ylim=(-LIMIT, LIMIT), aspect="equal", xticks=[], yticks=[])


def _ring_distances(points, radius: float):
    """Each point's distance to each of the ring's 8 centres, shape (n, 8)."""
    angles = np.arange(8) * (2 * np.pi / 8)
    centres = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return np.linalg.norm(np.asarray(points)[:, None, :] - centres[None], axis=2)


def ring_modes_covered(points, radius: float = 2.0, tolerance: float = 0.25, min_share: float = 0.02) -> int:
    """Mode coverage: how many of the ring's 8 Gaussians have ``min_share`` of ``points`` near their centre."""
    distances = _ring_distances(points, radius)
    near = distances.min(axis=1) < tolerance
    counts = np.bincount(distances.argmin(axis=1)[near], minlength=8)
    return int((counts >= min_share * len(points)).sum())


def ring_on_modes(points, radius: float = 2.0, tolerance: float = 0.25) -> float:
    """The share of ``points`` within ``tolerance`` of a ring centre: what mode coverage misses (real points: ~1)."""
    return float(np.mean(_ring_distances(points, radius).min(axis=1) < tolerance))


def plot_ring_runs(samples_by_name: dict, path=None, title: str | None = None):
    """One panel per run: the ring's real points in grey, the run's in purple, its mode coverage in its title."""
    if not samples_by_name:
        raise ValueError("plot_ring_runs needs at least one {name: generated points} entry.")
    real = sample_2d("ring", 2000, np.random.default_rng(1))
    n = len(samples_by_name)
    n_cols = n if n <= 4 else int(np.ceil(n / 2))  # more than four panels: two rows, readable on a slide
    n_rows, row_height = int(np.ceil(n / n_cols)), 3.5  # inches: a panel and its two- or three-line caption
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
