"""A training run that survives a disconnect, trained by Keras' own ``fit()``: ``TrainingRun``
restores the newest checkpoint of its folder before ``fit()`` (weights, optimisers, the latent
random generator and the history of every epoch) and its ``checkpoint`` callback saves one during
``fit()``. The history holds every number any callback wrote into ``logs``, so a callback of your
own survives a restart with nothing more to do; what is not a number per epoch (a sample grid's
frames) a callback keeps in the run's folder."""

from __future__ import annotations

import inspect
import json
import math
import os
import time
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from .conditional import check_labels, first_input_shape
from .course import atomic_write_bytes, fingerprint, in_colab, on_drive, shown_path
from .data import epoch_batches

KEEP = 2  # checkpoints kept per run: the newest and the one before it


def check_models(generator, discriminator, latent_dim: int, data_shape) -> None:
    """Clear errors for the usual wiring mistakes between G, D, the latent size and the data."""
    g_in = first_input_shape(generator)[1:]  # a conditional G also takes labels
    if g_in != (latent_dim,):
        raise ValueError(
            f"The generator takes inputs of shape {g_in}, but latent_dim is {latent_dim}. "
            f"Use the same latent size in the generator's Input and in GAN(..., latent_dim)."
        )
    g_out, d_in = tuple(generator.output_shape[1:]), first_input_shape(discriminator)[1:]
    data_shape = tuple(data_shape)
    if g_out != data_shape:
        raise ValueError(
            f"The generator makes samples of shape {g_out} but the real data has shape "
            f"{data_shape}. Change the generator's last layers so both match."
        )
    if d_in != data_shape:
        raise ValueError(
            f"The discriminator expects inputs of shape {d_in} but the data (and the "
            f"generator) give {data_shape}. Change the discriminator's Input shape."
        )
    d_out = tuple(discriminator.output_shape[1:])
    if d_out != (1,):
        raise ValueError(
            f"The discriminator must output one probability per sample, shape (1,), "
            f"not {d_out}. End it with Dense(1, activation='sigmoid')."
        )


def _without_names(config, names):
    """A Keras config without the automatic names (dense_3, adam_1...), which differ between two
    builds of the very same model; references to a layer by name become its position."""
    if isinstance(config, dict):
        return {k: _without_names(v, names) for k, v in config.items() if k != "name"}
    if isinstance(config, (list, tuple)):
        return [_without_names(v, names) for v in config]
    return names.get(config, config) if isinstance(config, str) else config


def settings_of(gan, x, batch_size: int, seed: int, labels=None) -> str:
    """What must match for a checkpoint to be continued: the networks' layers and sizes, the
    optimisers' settings, the GAN class's code and settings (its methods, ``train_step`` among
    them, and plain class attributes such as notebook 08's ``real_target``), the latent size,
    the batch size, the seed and the data (its shape, up to 4,096 evenly spaced examples and labels)."""
    models = [
        _without_names(m.get_config(), {layer.name: f"layer #{i}" for i, layer in enumerate(m.layers)})
        for m in (gan.generator, gan.discriminator)
    ]
    optimisers = [_without_names(o.get_config(), {}) for o in (gan.d_optimizer, gan.g_optimizer)]
    own = [c for c in type(gan).__mro__ if not c.__module__.startswith(("keras", "tensorflow", "builtins"))]
    code = {
        f"{c.__qualname__}.{k}": v
        for c in own
        for k, v in vars(c).items()
        if inspect.isfunction(v) or (not k.startswith("__") and isinstance(v, (bool, int, float, str)))
    }
    picked = np.linspace(0, len(x) - 1, min(4096, len(x))).astype(int)
    data = [x.shape, x[picked]] + ([] if labels is None else [np.asarray(labels)[picked]])
    return fingerprint(models, optimisers, code, gan.latent_dim, batch_size, seed, *data)


def where_kept(folder) -> str:
    """``folder`` as a student reads it, and whether it outlives a Colab machine."""
    if on_drive(folder):
        return f"{shown_path(folder)} (on Google Drive: kept when Colab recycles the machine)"
    if in_colab():
        return f"{shown_path(folder)} (on this Colab machine only, lost when it is recycled: the Drive cell keeps them)"
    return shown_path(folder)


def clock(seconds: float) -> str:
    """``42 s``, ``3.5 min`` or ``1.2 h``."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"


class TrainingRun:
    """A run of ``gan`` on ``x`` (and a conditional GAN's ``labels``), kept in ``folder``. Built
    just before ``fit()``, it restores the folder's newest checkpoint: ``run.epoch`` is then its
    epoch (0 if none; ``epochs`` if the run is finished: ``fit()`` trains nothing) and
    ``run.history`` every epoch before it. A checkpoint of other settings or data, of a longer run,
    or damaged is moved aside (``<folder>.old-<time>``, never deleted) and the run starts afresh.
    ``run.dataset`` is an endless stream of shuffled batches from ``run.epoch`` on, each epoch in
    its own order (seeded by ``seed`` and the epoch, so a resumed run sees what an uninterrupted
    one would); ``run.steps`` batches make an epoch, run as one compiled call
    (``steps_per_execution``, unless compile() set another value than 1: the same numbers, faster).
    ``run.seconds``: the training time of all sessions, as ``run.checkpoint`` measures it."""

    def __init__(self, gan, x, epochs: int, batch_size: int, folder, seed: int = 0, labels=None, verbose=True):
        if not isinstance(epochs, (int, np.integer)) or epochs < 1:
            raise ValueError(f"epochs must be a positive integer, got {epochs!r}.")
        if not hasattr(gan, "d_optimizer"):
            raise ValueError("Compile the GAN first: gan.compile(d_optimizer=..., g_optimizer=...).")
        x = np.asarray(x, dtype="float32")
        check_models(gan.generator, gan.discriminator, gan.latent_dim, x.shape[1:])
        num_classes = getattr(gan, "num_classes", None)
        if num_classes is not None and labels is None:
            raise ValueError("This GAN is conditional: pass the images' class labels too, TrainingRun(..., labels=y).")
        if num_classes is None and labels is not None:
            raise ValueError(
                "labels were given, but this GAN is not conditional (it has no num_classes): "
                "leave labels out, or use the ConditionalGAN of notebook 07."
            )
        labels = None if labels is None else check_labels(labels, num_classes, n=len(x))
        self.gan, self.x, self.epochs, self.seed, self.verbose = gan, x, int(epochs), seed, verbose
        self._say = print if verbose else (lambda *args: None)
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PermissionError(
                f"Cannot create the run's folder {self.folder} ({exc.strerror}). "
                f"Set GAN_COURSE_OUTPUT to a writable folder."
            ) from None
        self.loss_kind = getattr(gan, "loss_kind", "cross-entropy")
        self.settings = settings_of(gan, x, batch_size, seed, labels)
        self.epoch, self.history, self.seconds_before, self.session_seconds = 0, {}, 0.0, 0.0
        self._restore()
        self.dataset = epoch_batches(x, batch_size, seed=seed, first_epoch=self.epoch, labels=labels)
        self.steps = len(x) // batch_size
        if gan.steps_per_execution == 1:
            gan.steps_per_execution = self.steps
            gan.make_train_function(force=True)
        self.checkpoint = RunCheckpoint(self)

    @property
    def seconds(self) -> float:
        return self.seconds_before + self.session_seconds

    def _checkpoint(self, epoch_variable):
        g = self.gan
        players = dict(generator=g.generator, discriminator=g.discriminator)
        optimisers = dict(d_optimizer=g.d_optimizer, g_optimizer=g.g_optimizer)
        return tf.train.Checkpoint(
            **players, **optimisers, latent_rng=g.seed_generator.state.value, epoch=epoch_variable
        )

    def _restore(self) -> None:
        try:
            meta = read_checkpoint(self.folder)
            if meta is None:
                return self._say(f"Checkpoints go to {where_kept(self.folder)}: none yet, fit() starts at epoch 0.")
            if meta.get("settings") != self.settings:
                raise ValueError(
                    f"The checkpoint in {shown_path(self.folder)} was saved from a different model or different "
                    f"settings (layers, sizes, learning rates, training step or training data)."
                )
            if int(meta["epoch"]) > self.epochs:
                raise ValueError(
                    f"The checkpoint in {shown_path(self.folder)} is from a run of {meta['epoch']} epochs, "
                    f"longer than the {self.epochs} asked for."
                )
            self._checkpoint(tf.Variable(0, dtype=tf.int64)).restore(meta["prefix"]).assert_existing_objects_matched()
        except (ValueError, AssertionError) as exc:
            aside = set_aside(self.folder)
            self.folder.mkdir(parents=True)
            return print(f"{exc} It was moved to {shown_path(aside)}, not deleted; training starts from scratch.")
        self.epoch, self.history, self.seconds_before = int(meta["epoch"]), meta["history"], float(meta["seconds"])
        left = "the run is finished, fit() has nothing left to train" if self.epoch == self.epochs else ""
        self._say(
            f"Restored epoch {self.epoch} of {self.epochs} from {where_kept(self.folder)} ({clock(self.seconds)} of "
            f"training): {left or f'fit() continues from epoch {self.epoch}'}."
        )

    def begin(self, model) -> None:
        """Called by the course's callbacks as ``fit()`` begins: the History that ``fit()``
        returns starts with the restored epochs, so it covers the whole run."""
        if self.history and not model.history.history:
            model.history.history = {k: list(v) for k, v in self.history.items()}

    def history_with(self, model, logs=None) -> dict:
        """The run's history as a callback sees it during ``fit()``: every epoch so far, and the
        one ending now (``logs``, which Keras' History adds only after the other callbacks)."""
        history = {k: list(v) for k, v in (model.history.history or self.history).items()}
        for key, value in (logs or {}).items():
            history.setdefault(key, []).append(float(value))
        return history


class RunCheckpoint(keras.callbacks.Callback):
    """``run.checkpoint``: saves the run after an epoch, at most every ``every_seconds`` and after
    the last, when the next epoch begins (or ``fit()`` ends): every callback has then written its
    numbers into ``logs``, whatever its place in the list. The history (``ckpt-N.json``, atomic)
    comes first, then the variables and, last, the manager's index: a kill at any moment leaves
    the previous complete checkpoint. A broken or stopped run's last epoch is never saved."""

    def __init__(self, run: TrainingRun, every_seconds: float = 30.0):
        super().__init__()
        self.run, self.every_seconds = run, every_seconds
        self.epoch_variable = tf.Variable(0, dtype=tf.int64, trainable=False)
        self.manager = tf.train.CheckpointManager(run._checkpoint(self.epoch_variable), str(run.folder), KEEP)
        self._pending = None

    def on_train_begin(self, logs=None):
        if self.params.get("epochs") != self.run.epochs:
            raise ValueError(
                f"fit(epochs={self.params.get('epochs')}) does not match TrainingRun(epochs={self.run.epochs}): "
                f"pass the same number to both."
            )
        self.run.begin(self.model)
        self._t0 = self._last = time.monotonic()

    def on_epoch_end(self, epoch, logs=None):
        self.run.session_seconds = time.monotonic() - self._t0
        self._pending = (epoch + 1, logs or {})

    def on_epoch_begin(self, epoch, logs=None):
        if self._pending is None and epoch != self.run.epoch:
            raise ValueError(
                f"fit() starts at epoch {epoch}, the run at {self.run.epoch}: pass initial_epoch=run.epoch."
            )
        self._save_pending()

    def on_train_end(self, logs=None):
        self._save_pending()

    def _save_pending(self) -> None:
        if self._pending is None:
            return
        (epoch, logs), self._pending = self._pending, None
        self.run.history = {k: [float(v) for v in vs] for k, vs in self.model.history.history.items()}
        self.run.epoch = epoch
        if self.model.stop_training or not all(math.isfinite(logs.get(k, 0.0)) for k in ("d_loss", "g_loss")):
            return  # a broken run (NaN, or stopped by the monitor) never overwrites a good checkpoint
        if epoch == self.run.epochs or time.monotonic() - self._last >= self.every_seconds:
            self.save(epoch)
            self._last = time.monotonic()

    def save(self, epoch: int) -> None:
        run = self.run
        meta = {"epoch": epoch, "history": run.history, "seconds": run.seconds, "settings": run.settings}
        atomic_write_bytes(run.folder / f"ckpt-{epoch}.json", json.dumps(meta).encode())
        self.epoch_variable.assign(epoch)
        self.manager.save(checkpoint_number=epoch)
        kept = {Path(p).name for p in self.manager.checkpoints}
        for old in run.folder.glob("ckpt-*.json"):  # the history files of checkpoints the manager dropped
            if old.stem not in kept:
                old.unlink()


def read_checkpoint(folder) -> dict | None:
    """The metadata of the newest checkpoint in ``folder`` (epoch, history, seconds, settings
    and its ``prefix``), or None if there is none. Raises ValueError if it is damaged."""
    latest = tf.train.latest_checkpoint(str(folder))
    if latest is None:
        if any(Path(folder).glob("ckpt-*")):
            raise ValueError(
                f"The checkpoint folder {shown_path(folder)} holds checkpoint files but no "
                f"readable index (the 'checkpoint' file is missing or damaged)."
            )
        return None
    try:
        meta = json.loads(Path(f"{latest}.json").read_text())
        tf.train.load_checkpoint(latest)  # the variables' files can be opened
    except Exception as exc:
        raise ValueError(
            f"The checkpoint {shown_path(latest)} is damaged or incomplete ({type(exc).__name__}: {str(exc)[:160]})."
        ) from None
    return {**meta, "prefix": latest}


def set_aside(folder: Path) -> Path:
    """Rename a folder that cannot be continued to a new, unused name (nothing is deleted)."""
    stamp, n = time.strftime("%Y%m%d-%H%M%S"), 0
    while (aside := folder.with_name(f"{folder.name}.old-{stamp}-{n}")).exists():
        n += 1
    os.replace(folder, aside)
    return aside
