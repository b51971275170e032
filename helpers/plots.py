"""Figures for the notebooks. Every function shows its figure and saves it as a PNG."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np


def finish(fig, path) -> None:
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.show()
    plt.close(fig)


def _series(history) -> dict:
    """Accept a keras History, its ``.history`` dict, or a plain dict of lists."""
    h = getattr(history, "history", history)
    if not isinstance(h, dict) or not h:
        raise ValueError("Pass the History returned by fit() (or its .history dict); got nothing to plot.")
    return h


def to_unit_range(images, scale="auto"):
    """Images as float32 (N, H, W, C) in [0, 1]; ``scale="auto"`` treats any value below 0 as a
    sign of [-1, 1] (tanh) images and maps them to [0, 1]."""
    images = np.asarray(images, dtype="float32")
    if images.ndim == 3:
        images = images[..., None]
    if scale not in ("auto", "0_1", "-1_1"):
        raise ValueError(f'scale must be "0_1", "-1_1" or "auto", got {scale!r}.')
    if scale == "auto":
        scale = "-1_1" if images.min() < -0.01 else "0_1"
    return (images + 1) / 2 if scale == "-1_1" else images


def _draw_images(axes, images, cmap="gray_r"):
    """Put one image (values in [0, 1]) in each axis; axes beyond the images stay blank."""
    for i, ax in enumerate(np.atleast_1d(axes).ravel()):
        ax.axis("off")
        if i < len(images):
            img = images[i]
            if img.shape[-1] == 1:
                ax.imshow(img[..., 0], cmap=cmap, vmin=0, vmax=1)
            else:
                ax.imshow(img)


def grid_figure(images, n_cols=5, title=None, cmap="gray_r", scale="auto"):
    """A matplotlib figure with a grid of images (N, H, W[, C]) in [0, 1] or [-1, 1]."""
    shape = np.shape(images)
    if len(shape) not in (3, 4) or (len(shape) == 4 and shape[-1] not in (1, 3)):
        raise ValueError(f"Images must have shape (N, H, W), (N, H, W, 1) or (N, H, W, 3); got {shape}.")
    images = np.clip(to_unit_range(images, scale), 0, 1)
    n = len(images)
    n_rows = int(np.ceil(n / n_cols))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(1.3 * n_cols, 1.3 * n_rows + (0.4 if title else 0)))
    _draw_images(axes, images, cmap)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def show_images(images, path=None, n_cols=5, title=None, cmap="gray_r", scale="auto"):
    """Show a grid of images (N, H, W[, C]) in [0, 1] or [-1, 1] and save it to ``path``."""
    return finish(grid_figure(images, n_cols, title, cmap, scale), path)


def scatter_real_fake_3d(real, fake, path=None, title="Real vs generated points"):
    """Real and generated 3-D points: a 3-D view and the view from above."""
    real, fake = np.asarray(real), np.asarray(fake)
    for name, pts in [("real", real), ("fake", fake)]:
        if pts.ndim != 2 or pts.shape[1] != 3:
            raise ValueError(f"{name} points must have shape (N, 3), got {pts.shape}.")
    fig = plt.figure(figsize=(11, 4.6))
    ax = fig.add_subplot(1, 2, 1, projection="3d")
    ax.scatter(*real.T, s=4, alpha=0.5, label=f"real ({len(real)})")
    if len(fake):
        ax.scatter(*fake.T, s=4, alpha=0.5, label=f"generated ({len(fake)})")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_zlabel("x3")
    ax.view_init(elev=20, azim=-60)
    ax.legend(loc="upper left")
    ax2 = fig.add_subplot(1, 2, 2)  # the same points seen from above: x1 against x2
    ax2.scatter(real[:, 0], real[:, 1], s=4, alpha=0.5)
    if len(fake):
        ax2.scatter(fake[:, 0], fake[:, 1], s=4, alpha=0.5)
    ax2.set_xlabel("x1")
    ax2.set_ylabel("x2")
    ax2.set_title("seen from above (x1, x2)", fontsize=10)
    fig.suptitle(title)
    fig.tight_layout()
    return finish(fig, path)


def plot_confusion(matrix, labels=("fake", "real"), path=None, title="Discriminator on a mixed set"):
    """A 2x2 confusion matrix with counts and row percentages."""
    m = np.asarray(matrix)
    fig, ax = plt.subplots(figsize=(4, 3.4))
    ax.imshow(m, cmap="Blues", vmin=0)
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            ax.text(
                j,
                i,
                f"{m[i, j]}\n({100 * m[i, j] / max(m[i].sum(), 1):.0f}%)",
                ha="center",
                va="center",
                color="white" if m[i, j] > m.max() / 2 else "black",
            )
    ax.set_xticks(range(len(labels)), [f"said {label}" for label in labels])
    ax.set_yticks(range(len(labels)), [f"is {label}" for label in labels])
    ax.set_title(title)
    fig.tight_layout()
    return finish(fig, path)


def compare_histories(histories: dict, path=None, title="Side by side"):
    """One column per run (``{label: history}``): losses on top, D's accuracy and outputs below."""
    runs = {label: _series(h) for label, h in histories.items()}
    fig, axes = plt.subplots(2, len(runs), figsize=(4.6 * len(runs), 6), sharey="row", squeeze=False)
    for col, (label, h) in enumerate(runs.items()):
        epochs = np.arange(1, len(h["d_loss"]) + 1)
        top, bottom = axes[0, col], axes[1, col]
        top.plot(epochs, h["d_loss"], label="D loss")
        top.plot(epochs, h["g_loss"], label="G loss")
        top.set_title(label)
        bottom.plot(epochs, h["d_acc"], label="D accuracy", color="C2")
        bottom.plot(epochs, h["d_real"], label="mean D(real)", color="C0", alpha=0.7)
        bottom.plot(epochs, h["d_fake"], label="mean D(fake)", color="C1", alpha=0.7)
        bottom.axhline(0.5, color="grey", ls=":", lw=1)
        bottom.set_ylim(-0.02, 1.02)
        bottom.set_xlabel("epoch")
    axes[0, 0].set_ylabel("binary cross-entropy")
    axes[1, 0].set_ylabel("D's view")
    axes[0, 0].legend(fontsize=8)
    axes[1, 0].legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return finish(fig, path)


def show_side_by_side(panels: dict, path=None, title=None, n=16):
    """One square grid of ``n`` images per entry of ``panels`` ({label: images}), side by side.
    Each set may be in [0, 1] or [-1, 1] (see ``to_unit_range``)."""
    if not panels:
        raise ValueError("show_side_by_side needs at least one {label: images} entry.")
    fig = plt.figure(figsize=(4.2 * len(panels), 4.6))
    sub = np.atleast_1d(fig.subfigures(1, len(panels), wspace=0.05))
    side = int(np.ceil(np.sqrt(n)))
    for panel, (label, images) in zip(sub, panels.items()):
        _draw_images(panel.subplots(side, side), np.clip(to_unit_range(images[:n]), 0, 1))
        panel.suptitle(label)
    if title:
        fig.suptitle(title, y=1.02, fontsize=12)
    return finish(fig, path)


def show_real_vs_fake(real, fake, path=None, title=None, n=16):
    """``n`` real images next to ``n`` generated ones, as two 4x4 grids."""
    return show_side_by_side({"real": real, "generated": fake}, path, title, n)


def rows_figure(rows: dict, title=None, scale="auto", col_labels=None):
    """A figure with one row of images per entry of ``rows`` ({label: images}), the label on the
    left and, optionally, ``col_labels`` above the columns."""
    if not rows:
        raise ValueError("show_rows needs at least one {label: images} entry.")
    sets = {label: np.clip(to_unit_range(images, scale), 0, 1) for label, images in rows.items()}
    n_cols = max(len(images) for images in sets.values())
    fig, axes = plt.subplots(
        len(sets), n_cols, figsize=(1.1 * n_cols + 1, 1.15 * len(sets) + (0.4 if title else 0)), squeeze=False
    )
    for ax_row, (label, images) in zip(axes, sets.items()):
        _draw_images(ax_row, images)
        ax_row[0].text(-0.15, 0.5, label, transform=ax_row[0].transAxes, ha="right", va="center")
    for ax, text in zip(axes[0], col_labels or []):
        ax.set_title(text, fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def show_rows(rows: dict, path=None, title=None, scale="auto", col_labels=None):
    """One row of images per entry of ``rows`` ({label: images}), the label on the left; e.g.
    interpolation paths, or originals above their reconstructions."""
    return finish(rows_figure(rows, title, scale, col_labels), path)


def figure_png(fig, dpi: int = 80) -> bytes:
    """A figure as PNG bytes (closed afterwards, never shown)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def plot_lines(x, lines: dict, xlabel="", ylabel="", path=None, title=None, band=None, band_label=None, logy=False):
    """One line per entry of ``lines`` ({label: y values}) against ``x``; ``band=(low, high)``
    shades a reference range (e.g. where 95 % of training values lie)."""
    if not lines:
        raise ValueError("plot_lines needs at least one {label: values} entry.")
    fig, ax = plt.subplots(figsize=(6.4, 3.4))
    if band is not None:
        ax.axhspan(*band, color="grey", alpha=0.2, label=band_label)
    for label, y in lines.items():
        ax.plot(x, y, marker="o" if len(x) <= 20 else None, label=label)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return finish(fig, path)


LOSS_KINDS = ("cross-entropy", "wasserstein", "hinge")


def loss_kind_of(obj, default: str = "cross-entropy") -> str:
    """The loss a GAN (or the history ``train_gan`` returned) was trained with."""
    kind = getattr(obj, "loss_kind", None) or default
    if kind not in LOSS_KINDS:
        raise ValueError(f"loss_kind must be one of {', '.join(LOSS_KINDS)}, got {kind!r}.")
    return kind


def _fit(ax, values, floor=None, ceiling=None):
    """A y-range that holds the bulk of ``values`` (2nd to 98th percentile, with a margin), so a
    single wild epoch does not flatten the rest; ``floor``/``ceiling`` are kept in view."""
    v = np.asarray([x for x in values if np.isfinite(x)], dtype=float)
    if not v.size:
        return
    low, high = np.percentile(v, [2, 98]) if v.size > 10 else (v.min(), v.max())
    if floor is not None:
        low = min(low, floor)
    if ceiling is not None:
        high = max(high, ceiling)
    margin = 0.08 * (high - low) or 0.5
    ax.set_ylim(low - margin, high + margin)


def draw_curves(axes, history: dict, epochs: int, loss_kind: str = "cross-entropy", small: bool = True) -> None:
    """The two panels of the training figure: losses (left) and D's view (right)."""
    h = {k: np.asarray(v, dtype=float) for k, v in history.items()}
    x = np.arange(1, len(next(iter(h.values()), [])) + 1)
    loss_ax, d_ax = axes
    critic = loss_kind != "cross-entropy"
    d_name = "critic loss" if loss_kind == "wasserstein" else "D loss"
    for key, label, colour in [("d_loss", d_name, "C0"), ("g_loss", "G loss", "C1")]:
        if key in h:
            loss_ax.plot(x, h[key], color=colour, label=label, lw=1.2)
    losses = np.concatenate([h.get("d_loss", []), h.get("g_loss", [])])
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
    elif critic:
        for key, label, colour in [("d_real", "mean score on real", "C2"), ("d_fake", "mean score on fake", "C3")]:
            if key in h:
                d_ax.plot(x, h[key], color=colour, label=label, lw=1.2)
        d_ax.axhline(0, color="gray", ls=":", lw=1, label="score 0: undecided")
        _fit(d_ax, np.concatenate([h.get("d_real", []), h.get("d_fake", [])]), floor=-1.0, ceiling=1.0)
        d_ax.set_ylabel("D's score (no sigmoid)")
    else:
        for key, label, colour in [
            ("d_real", "mean D(real)", "C2"),
            ("d_fake", "mean D(fake)", "C3"),
            ("d_acc", "D accuracy", "C7"),
        ]:
            if key in h:
                d_ax.plot(x, h[key], color=colour, label=label, lw=1.2)
        d_ax.axhline(0.5, color="gray", ls=":", lw=1, label="½: D cannot tell")
        d_ax.set_ylim(-0.02, 1.02)
        d_ax.set_ylabel("D's output, accuracy")
    from matplotlib.ticker import MaxNLocator

    size = 8 if small else 10
    for ax in axes:
        ax.set_xlim(0.5, max(epochs, 1) + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("epoch", fontsize=size)
        ax.yaxis.label.set_size(size)
        ax.tick_params(labelsize=size)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=size - 1, loc="best", frameon=True, framealpha=0.8)


def training_figure(
    history: dict,
    epochs: int | None = None,
    loss_kind: str = "cross-entropy",
    status=None,
    grid=None,
    title: str | None = None,
):
    """The training figure: an optional status line with a progress bar (``status`` = (epochs
    done, text)), the two curve panels and, for an image GAN, the sample grid (a uint8 mosaic)."""

    done = len(next(iter(history.values()), []))
    epochs = epochs or max(done, 1)
    width = 11.0 if grid is not None else 8.6
    fig = plt.figure(figsize=(width, 3.3 if status is not None else 3.0))
    top = 0.80 if status is not None else 0.86
    right = 0.70 if grid is not None else 0.98
    gs = fig.add_gridspec(1, 2, left=0.07, right=right, bottom=0.16, top=top, wspace=0.32)
    axes = [fig.add_subplot(gs[0, 0]), fig.add_subplot(gs[0, 1])]
    draw_curves(axes, history, epochs, loss_kind)
    if grid is not None:
        ax = fig.add_axes([0.72, 0.05, 0.27, top - 0.05])
        ax.imshow(grid)
        ax.set_axis_off()
        ax.set_title("samples of a fixed latent batch", fontsize=8)
    if status is not None:
        epochs_done, text = status
        bar = fig.add_axes([0.07, 0.90, 0.16, 0.05])
        bar.barh([0], [epochs_done / epochs], color="C2", height=1.0)
        bar.set_xlim(0, 1)
        bar.set_ylim(-0.5, 0.5)
        bar.set_xticks([])
        bar.set_yticks([])
        fig.text(0.245, 0.925, text, fontsize=10, va="center")
    elif title:
        fig.suptitle(title, fontsize=11)
    return fig


def plot_history(history, path=None, title: str = "Training history", loss_kind: str | None = None):
    """The curves of a finished training, as the training cell's figure draws them (losses with
    their reference values, and D's view of real and fake data). ``history`` is what
    ``train_gan`` returned (which knows its loss), or a dict of lists with ``loss_kind`` given."""
    h = getattr(history, "history", history)
    if not isinstance(h, dict) or not h:
        raise ValueError(
            "Pass the History returned by train_gan() or fit() (or its .history dict); got nothing to plot."
        )
    kind = loss_kind or loss_kind_of(history)
    return finish(training_figure(h, loss_kind=kind, title=title), path)
