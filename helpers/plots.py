"""Figures for the notebooks: ``show_*``, ``plot_*``, ``scatter_*`` and ``compare_*`` show their figure and save it
to ``path`` as PNG; ``*_figure`` return it unshown. Every image grid is one ``mosaic`` (a uint8 RGB picture)."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from .course import atomic_write


def finish(fig, path) -> None:
    """Save ``fig`` to ``path`` (if given, atomically), show it and close it."""
    if path is not None:
        with atomic_write(path) as tmp:
            fig.savefig(tmp, format=Path(path).suffix[1:] or "png", dpi=110, bbox_inches="tight")
    plt.show()
    plt.close(fig)


def figure_png(fig, dpi: int = 80) -> bytes:
    """A figure as PNG bytes (closed afterwards, never shown)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def to_unit_range(images, scale="auto"):
    """Images as float32 (N, H, W, C) in [0, 1]; ``"auto"`` takes any value below 0 for [-1, 1] (tanh) images."""
    images = np.asarray(images, dtype="float32")
    if images.ndim == 3:
        images = images[..., None]
    if scale not in ("auto", "0_1", "-1_1"):
        raise ValueError(f'scale must be "0_1", "-1_1" or "auto", got {scale!r}.')
    if scale == "auto":
        scale = "-1_1" if images.min() < -0.01 else "0_1"
    return (images + 1) / 2 if scale == "-1_1" else images


def mosaic(images, n_cols: int = 5, scale: int = 3, pad: int = 2, pixels: str = "auto") -> np.ndarray:
    """Images (N, H, W[, C]) in ``pixels`` range (see ``to_unit_range``) as one uint8 RGB picture: ``n_cols`` a row
    on white, ``pad`` pixels apart, each pixel ``scale`` x ``scale``; one-channel images dark on white."""
    shape = np.shape(images)
    if len(shape) not in (3, 4) or (len(shape) == 4 and shape[-1] not in (1, 3)):
        raise ValueError(f"Images must have shape (N, H, W), (N, H, W, 1) or (N, H, W, 3); got {shape}.")
    images = np.clip(to_unit_range(images, pixels), 0, 1)
    if images.shape[-1] == 1:
        images = np.repeat(1 - images, 3, axis=-1)
    n, h, w, _ = images.shape
    canvas = np.ones((-(-n // n_cols) * (h + pad) + pad, n_cols * (w + pad) + pad, 3), dtype="float32")
    for i, img in enumerate(images):
        r, c = divmod(i, n_cols)
        canvas[pad + r * (h + pad) : pad + r * (h + pad) + h, pad + c * (w + pad) : pad + c * (w + pad) + w] = img
    return np.kron((canvas * 255).round().astype(np.uint8), np.ones((scale, scale, 1), dtype=np.uint8))


def _picture(ax, picture, title=None) -> None:
    ax.imshow(picture, interpolation="nearest")
    ax.set_axis_off()
    if title:
        ax.set_title(title)


def show_images(images, path=None, n_cols=5, title=None, scale="auto"):
    """Show a grid of images (N, H, W[, C]) in [0, 1] or [-1, 1] and save it to ``path``."""
    picture = mosaic(images, n_cols, scale=1, pixels=scale)
    width = 1.3 * n_cols
    fig, ax = plt.subplots(figsize=(width, width * picture.shape[0] / picture.shape[1] + (0.4 if title else 0)))
    _picture(ax, picture, title)
    return finish(fig, path)


def show_side_by_side(panels: dict, path=None, title=None, n=16):
    """A square grid of ``n`` images per entry of ``panels`` ({label: images}), side by side."""
    if not panels:
        raise ValueError("show_side_by_side needs at least one {label: images} entry.")
    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 4.6), squeeze=False, layout="constrained")
    fig.get_layout_engine().set(wspace=0.08)  # a clear gap between the panels
    for ax, (label, images) in zip(axes[0], panels.items()):
        _picture(ax, mosaic(images[:n], int(np.ceil(np.sqrt(n))), scale=1), label)
    if title:
        fig.suptitle(title, fontsize=13)
    return finish(fig, path)


def show_real_vs_fake(real, fake, path=None, title=None, n=16):
    """``n`` real images next to ``n`` generated ones, as two 4x4 grids."""
    return show_side_by_side({"real": real, "generated": fake}, path, title, n)


def rows_figure(rows: dict, title=None, scale="auto", col_labels=None):
    """``show_rows``'s figure, not shown; optionally with ``col_labels`` above the columns."""
    if not rows:
        raise ValueError("show_rows needs at least one {label: images} entry.")
    n_cols, pad = max(len(images) for images in rows.values()), 2
    pictures = [mosaic(images, n_cols, scale=1, pad=pad, pixels=scale) for images in rows.values()]
    picture = np.concatenate([pictures[0], *(p[pad:] for p in pictures[1:])])  # one gap between rows
    h, w = np.shape(next(iter(rows.values())))[1:3]
    fig, ax = plt.subplots(figsize=(1.1 * n_cols + 1, 1.15 * len(rows) + (0.4 if title else 0)))
    ax.imshow(picture, interpolation="nearest")
    ax.set_yticks(pad + np.arange(len(rows)) * (h + pad) + h / 2, list(rows))
    ax.set_xticks(pad + np.arange(n_cols) * (w + pad) + w / 2, col_labels or [""] * n_cols, fontsize=9)
    ax.tick_params(length=0, top=bool(col_labels), labeltop=bool(col_labels), bottom=False, labelbottom=False)
    ax.spines[:].set_visible(False)
    if title:
        ax.set_title(title)
    return fig


def show_rows(rows: dict, path=None, title=None, scale="auto", col_labels=None):
    """One row of images per entry of ``rows`` ({label: images}), the label on the left."""
    return finish(rows_figure(rows, title, scale, col_labels), path)


def scatter_real_fake_3d(real, fake, path=None, title="Real vs generated points"):
    """Real and generated 3-D points: a 3-D view and the view from above."""
    real, fake = np.asarray(real), np.asarray(fake)
    for name, pts in [("real", real), ("fake", fake)]:
        if pts.ndim != 2 or pts.shape[1] != 3:
            raise ValueError(f"{name} points must have shape (N, 3), got {pts.shape}.")
    fig = plt.figure(figsize=(11, 4.6))
    ax = fig.add_subplot(1, 2, 1, projection="3d")
    ax2 = fig.add_subplot(1, 2, 2)  # the same points seen from above: x1 against x2
    for pts, label in [(real, "real"), (fake, "generated")]:
        if len(pts):
            ax.scatter(*pts.T, s=4, alpha=0.5, label=f"{label} ({len(pts)})")
            ax2.scatter(pts[:, 0], pts[:, 1], s=4, alpha=0.5)
    ax.set(xlabel="x1", ylabel="x2", zlabel="x3")
    ax.view_init(elev=20, azim=-60)
    ax.legend(loc="upper left")
    ax2.set(xlabel="x1", ylabel="x2")
    ax2.set_title("seen from above (x1, x2)", fontsize=10)
    fig.suptitle(title)
    fig.tight_layout()
    return finish(fig, path)


def plot_confusion(matrix, labels=("fake", "real"), path=None, title="Discriminator on a mixed set"):
    """A 2x2 confusion matrix with counts and row percentages."""
    m = np.asarray(matrix)
    fig, ax = plt.subplots(figsize=(4, 3.4))
    ax.imshow(m, cmap="Blues", vmin=0)
    for (i, j), v in np.ndenumerate(m):
        colour = "white" if v > m.max() / 2 else "black"
        ax.text(j, i, f"{v}\n({100 * v / max(m[i].sum(), 1):.0f}%)", ha="center", va="center", color=colour)
    ax.set_xticks(range(len(labels)), [f"said {label}" for label in labels])
    ax.set_yticks(range(len(labels)), [f"is {label}" for label in labels])
    ax.set_title(title)
    fig.tight_layout()
    return finish(fig, path)


def plot_lines(x, lines: dict, xlabel="", ylabel="", path=None, title=None, band=None, band_label=None, logy=False):
    """A line per entry of ``lines`` ({label: y values}) against ``x``; ``band=(low, high)`` shades a range."""
    if not lines:
        raise ValueError("plot_lines needs at least one {label: values} entry.")
    fig, ax = plt.subplots(figsize=(6.4, 3.4))
    if band is not None:
        ax.axhspan(*band, color="grey", alpha=0.2, label=band_label)
    for label, y in lines.items():
        ax.plot(x, y, marker="o" if len(x) <= 20 else None, label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel, yscale="log" if logy else "linear")
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return finish(fig, path)


LOSS_KINDS = ("cross-entropy", "wasserstein", "hinge")


def loss_kind_of(obj, default: str = "cross-entropy") -> str:
    """The loss a GAN (or a ``TrainingRun``) was trained with."""
    kind = getattr(obj, "loss_kind", None) or default
    if kind not in LOSS_KINDS:
        raise ValueError(f"loss_kind must be one of {', '.join(LOSS_KINDS)}, got {kind!r}.")
    return kind


def _series(history) -> dict:
    """The dict of lists in what ``fit()`` returned, a ``TrainingRun`` or a ``.history`` dict."""
    h = getattr(history, "history", history)
    if not isinstance(h, dict) or not h:
        raise ValueError(
            "Pass the History returned by fit() (or its .history dict, or the TrainingRun); got nothing to plot."
        )
    return h


def _fit(ax, values, floor=None, ceiling=None):
    """A y-range that holds the bulk of ``values`` (2nd to 98th percentile, with a margin), so a
    single wild epoch does not flatten the rest; ``floor``/``ceiling`` are kept in view."""
    v = np.asarray([x for x in values if np.isfinite(x)], dtype=float)
    if not v.size:
        return
    low, high = np.percentile(v, [2, 98]) if v.size > 10 else (v.min(), v.max())
    low = low if floor is None else min(low, floor)
    high = high if ceiling is None else max(high, ceiling)
    margin = 0.08 * (high - low) or 0.5
    ax.set_ylim(low - margin, high + margin)


def draw_curves(axes, history: dict, epochs: int | None = None, loss_kind: str = "cross-entropy", small=True):
    """The training figure's two panels, as suits the loss: the losses with reference levels, and D's view."""
    h = {k: np.asarray(v, dtype=float) for k, v in history.items()}
    x = np.arange(1, len(next(iter(h.values()), [])) + 1)
    loss_ax, d_ax = axes

    def lines(ax, specs):  # the curves of (key, label, colour) that the history has, and their values
        for key, label, colour in specs:
            if key in h:
                ax.plot(x, h[key], color=colour, label=label, lw=1.2)
        return np.concatenate([h.get(key, []) for key, _, _ in specs])

    d_name = "critic loss" if loss_kind == "wasserstein" else "D loss"
    losses = lines(loss_ax, [("d_loss", d_name, "C0"), ("g_loss", "G loss", "C1")])
    if loss_kind == "cross-entropy":
        loss_ax.axhline(2 * np.log(2), color="C0", ls=":", lw=1, label="D loss at D = ½: 2 ln 2")
        loss_ax.axhline(np.log(2), color="C1", ls=":", lw=1, label="G loss at D = ½: ln 2")
        finite = losses[np.isfinite(losses)]
        loss_ax.set_ylim(0, max(1.6, 1.15 * np.percentile(finite, 95)) if finite.size else 1.6)
        loss_ax.set_ylabel("binary cross-entropy")
    elif loss_kind == "hinge":
        loss_ax.axhline(2.0, color="C0", ls=":", lw=1, label="D loss when all scores are 0: 2")
        _fit(loss_ax, losses, floor=0.0, ceiling=2.0)
        loss_ax.set_ylabel("hinge loss")
    else:
        _fit(loss_ax, losses)
        loss_ax.set_ylabel("Wasserstein loss (+ penalty)")
    if loss_kind == "wasserstein" and "d_real" in h and "d_fake" in h:
        estimate = h["d_real"] - h["d_fake"]
        d_ax.plot(x, estimate, color="C4", lw=1.2, label="E[C(real)] − E[C(fake)]")
        d_ax.axhline(0, color="gray", ls=":", lw=1)
        _fit(d_ax, estimate, floor=0.0)
        d_ax.set_ylabel("critic's Wasserstein estimate")
    elif loss_kind != "cross-entropy":
        scores = lines(d_ax, [("d_real", "mean score on real", "C2"), ("d_fake", "mean score on fake", "C3")])
        d_ax.axhline(0, color="gray", ls=":", lw=1, label="score 0: undecided")
        _fit(d_ax, scores, floor=-1.0, ceiling=1.0)
        d_ax.set_ylabel("D's score (no sigmoid)")
    else:
        lines(d_ax, [("d_real", "mean D(real)", "C2"), ("d_fake", "mean D(fake)", "C3"), ("d_acc", "D accuracy", "C7")])
        d_ax.axhline(0.5, color="gray", ls=":", lw=1, label="½: D cannot tell")
        d_ax.set_ylim(-0.02, 1.02)
        d_ax.set_ylabel("D's output, accuracy")
    size = 8 if small else 10
    for ax in axes:
        ax.set_xlim(0.5, max(epochs or len(x), 1) + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("epoch", fontsize=size)
        ax.yaxis.label.set_size(size)
        ax.tick_params(labelsize=size)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=size - 1, loc="best", frameon=True, framealpha=0.8)


def training_figure(history: dict, epochs=None, loss_kind: str = "cross-entropy", status=None, grid=None, title=None):
    """The training figure: an optional status line with a progress bar (``status`` = (epochs
    done, text)), the two curve panels and, for an image GAN, the sample grid (a uint8 mosaic)."""
    epochs = epochs or max(len(next(iter(history.values()), [])), 1)
    fig = plt.figure(figsize=(11.0 if grid is not None else 8.6, 3.3 if status is not None else 3.0))
    top = 0.80 if status is not None else 0.86
    right = 0.70 if grid is not None else 0.98
    gs = fig.add_gridspec(1, 2, left=0.07, right=right, bottom=0.16, top=top, wspace=0.32)
    draw_curves([fig.add_subplot(gs[0, 0]), fig.add_subplot(gs[0, 1])], history, epochs, loss_kind)
    if grid is not None:
        ax = fig.add_axes([0.72, 0.05, 0.27, top - 0.05])
        ax.imshow(grid)
        ax.set_axis_off()
        ax.set_title("samples of a fixed latent batch", fontsize=8)
    if status is not None:
        epochs_done, text = status
        bar = fig.add_axes([0.07, 0.90, 0.16, 0.05])
        bar.barh([0], [epochs_done / epochs], color="C2", height=1.0)
        bar.set(xlim=(0, 1), ylim=(-0.5, 0.5), xticks=[], yticks=[])
        fig.text(0.245, 0.925, text, fontsize=10, va="center")
    elif title:
        fig.suptitle(title, fontsize=11)
    return fig


def plot_history(history, path=None, title: str = "Training history", loss_kind: str | None = None):
    """The curves of a finished training as the training cell draws them: ``history`` is what ``fit()``
    returned, a ``TrainingRun`` (which knows its loss), or a dict of lists with ``loss_kind``."""
    h = _series(history)
    return finish(training_figure(h, loss_kind=loss_kind or loss_kind_of(history), title=title), path)


def compare_histories(histories: dict, path=None, title="Side by side"):
    """One column per run (``{label: history}``), each drawn for the loss it was trained with (as
    ``plot_history`` draws it): losses on top, D's view below. Runs of one loss share each row's scale."""
    fig, axes = plt.subplots(2, len(histories), figsize=(4.6 * len(histories), 6), squeeze=False)
    kinds = {loss_kind_of(history) for history in histories.values()}
    for col, (label, history) in enumerate(histories.items()):
        draw_curves(axes[:, col], _series(history), loss_kind=loss_kind_of(history))
        axes[0, col].set_title(label)
    for row in axes if len(kinds) == 1 else []:  # one loss: one scale per row, to compare at a glance
        lows, highs = zip(*(ax.get_ylim() for ax in row))
        for ax in row:
            ax.set_ylim(min(lows), max(highs))
    fig.suptitle(title)
    fig.tight_layout()
    return finish(fig, path)
