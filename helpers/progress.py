"""Watching image GANs learn: sample grids from a fixed latent batch, D accuracy, GIFs."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np

from .plots import grid_figure, show_images, to_unit_range


def discriminator_accuracy(gan, real, n: int = 100, seed: int = 0):
    """D's accuracy on ``n`` random real images and on ``n`` fresh fakes (threshold 0.5)."""
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(real), size=min(n, len(real)), replace=False)
    # Direct calls rather than predict(): no new tf.function is traced for every model.
    fake = gan.generator(rng.standard_normal((n, gan.latent_dim)).astype("float32"), training=False)
    acc_real = float((np.asarray(gan.discriminator(real[pick], training=False)) > 0.5).mean())
    acc_fake = float((np.asarray(gan.discriminator(fake, training=False)) <= 0.5).mean())
    return acc_real, acc_fake


class ProgressGrid(keras.callbacks.Callback):
    """Every ``every`` epochs (and after the last one; after the first too if ``first``): D's
    accuracy on 100 real and 100 fake images, printed, and a 5x5 grid of the same fixed latent
    batch, saved as ``out_dir/grid_eNNN.png``. ``self.log`` keeps the accuracies, ``self.frames``
    the grids (a GIF of them starts from near-noise when ``first`` is set)."""

    def __init__(self, real, out_dir, latent_dim: int, every: int = 10, n_grid: int = 25,
                 seed: int = 0, show: bool = False, first: bool = False):
        super().__init__()
        self.real, self.out_dir, self.every, self.show = real, Path(out_dir), every, show
        self.first = first
        self.z_fixed = np.random.default_rng(seed).standard_normal((n_grid, latent_dim)).astype("float32")
        self.seed = seed
        self.log: list[dict] = []
        self.frames: list[tuple[int, np.ndarray]] = []
        self._restore()

    @property
    def _store(self) -> Path:
        return self.out_dir / "progress_frames.npz"

    def _restore(self) -> None:
        """Frames and accuracies of an earlier session of the same run (kept in ``out_dir``), so
        that a run restored from its checkpoint, or resumed, still has its whole GIF."""
        try:
            with np.load(self._store, allow_pickle=False) as saved:
                epochs, frames = saved["epochs"], saved["frames"]
                acc = saved["acc"]
        except (OSError, KeyError, ValueError):
            return  # no earlier session, or an unreadable file: start empty
        if frames.shape[1:2] != (len(self.z_fixed),):
            return
        self.log = [{"epoch": int(e), "acc_real": float(a), "acc_fake": float(b)} for e, (a, b) in zip(epochs, acc)]
        self.frames = [(int(e), f) for e, f in zip(epochs, frames)]

    def _save(self) -> None:
        import io

        from .results import atomic_write_bytes

        buffer = io.BytesIO()
        np.savez(buffer, epochs=np.array([e for e, _ in self.frames]), frames=np.stack([f for _, f in self.frames]),
                 acc=np.array([[row["acc_real"], row["acc_fake"]] for row in self.log]))
        atomic_write_bytes(self._store, buffer.getvalue())

    @staticmethod
    def _line(epoch, d_loss, g_loss, acc_real, acc_fake) -> str:
        return (f"epoch {epoch:>3}: D loss {d_loss:.3f}, G loss {g_loss:.3f} | "
                f"D accuracy on 100 real: {acc_real:.0%}, on 100 fake: {acc_fake:.0%}")

    def saved_log(self, history: dict) -> list[str]:
        """The lines this callback printed during a finished run, rebuilt from what the run saved
        (its losses in the checkpoint's ``history``, its accuracies beside the frames). ``train_gan``
        prints them when it restores a finished run instead of training, so the notebook still
        shows how training went. Empty if the run saved no frames (e.g. it predates them)."""
        d_loss, g_loss = history.get("d_loss", []), history.get("g_loss", [])
        return [self._line(row["epoch"], d_loss[row["epoch"] - 1], g_loss[row["epoch"] - 1], row["acc_real"],
                           row["acc_fake"]) for row in self.log if row["epoch"] <= min(len(d_loss), len(g_loss))]

    def on_train_begin(self, logs=None):
        self._first_epoch = None

    def on_epoch_begin(self, epoch, logs=None):
        if self._first_epoch is None:  # fit() starts at 0, or after the epoch it resumes from:
            self._first_epoch = epoch  # frames of later epochs belong to an older, replaced run
            self.log = [row for row in self.log if row["epoch"] <= epoch]
            self.frames = [frame for frame in self.frames if frame[0] <= epoch]

    def on_epoch_end(self, epoch, logs=None):
        done = epoch + 1
        if done % self.every and done != self.params.get("epochs") and not (self.first and done == 1):
            return
        acc_real, acc_fake = discriminator_accuracy(self.model, self.real, seed=self.seed + done)
        self.log.append({"epoch": done, "acc_real": acc_real, "acc_fake": acc_fake})
        print(self._line(done, logs['d_loss'], logs['g_loss'], acc_real, acc_fake), flush=True)
        images = np.asarray(self.model.generator(self.z_fixed, training=False))
        self.frames.append((done, images))
        self._save()
        path = self.out_dir / f"grid_e{done:03d}.png"
        if self.show:
            show_images(images, path, title=f"epoch {done}")
        else:
            save_grid_png(images, path, title=f"epoch {done}")


def save_grid_png(images, path, n_cols: int = 5, title: str | None = None) -> Path:
    """Save a grid of images as PNG without showing it (for training-time snapshots)."""
    import matplotlib.pyplot as plt

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
        canvas[pad + r * (h + pad): pad + r * (h + pad) + h, pad + c * (w + pad): pad + c * (w + pad) + w] = img
    return (canvas * 255).round().astype(np.uint8)


def make_gif(frames, path, scale: int = 4, seconds_per_frame: float = 0.5) -> Path:
    """An animated GIF from ``[(epoch, images), ...]`` (e.g. ``ProgressGrid.frames``)."""
    import imageio.v2 as imageio

    if not frames:
        raise ValueError("No frames to animate: train with a ProgressGrid callback first.")
    pictures = []
    for _, images in frames:
        mosaic = tile(images)
        pictures.append(np.kron(mosaic, np.ones((scale, scale, 1), dtype=np.uint8)))
    durations = [seconds_per_frame * 1000] * (len(pictures) - 1) + [seconds_per_frame * 4000]  # ms; linger at the end
    if len(pictures) == 1:
        durations = durations[0]  # Pillow wants a number, not a list, for a single frame
    path = Path(path)
    imageio.mimsave(path, pictures, duration=durations, loop=0)
    return path
