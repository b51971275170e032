"""Training that survives a disconnect, shows its progress and tells the student when a GAN
goes wrong.

``train_gan`` is ``GAN.fit()`` with three callbacks added:

* the training view (``helpers.live``): one picture updating in place while the GAN trains,
  and a line of numbers every tenth of the run;
* a checkpoint of everything needed to continue (both networks, both optimisers, the latent
  random generator, the epoch) written with ``tf.train.Checkpoint`` and
  ``tf.train.CheckpointManager`` at the end of an epoch, at most every ``checkpoint_seconds``.
  The history, the training time, the log lines and the frames of ``ProgressGrid`` are stored
  beside each checkpoint. Re-running the training cell after a crash continues from the last
  complete epoch; re-running it after training finished restores the result;
* ``TrainingHealth``, which watches every epoch and explains in plain words what looks wrong.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import io
import json
import math
import os
import time
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from . import course
from .conditional import check_labels
from .course import atomic_write_bytes, in_colab, shown_path
from .data import epoch_batches
from .grids import ProgressGrid, sample_fixed
from .live import TrainingView, clock
from .plots import loss_kind_of
from .saving import first_input_shape

KEEP = 2  # checkpoints kept per run: the newest and the one before it


def checkpoint_dir(out_dir, run: str) -> Path:
    """Where a training run's checkpoints live: ``out_dir/checkpoints/<run>``, or, in Colab
    with Google Drive mounted by hand but the outputs elsewhere (no ``keep_on_drive()``),
    ``MyDrive/gan_course_checkpoints/<notebook>/<run>`` so that they survive the Colab machine
    being recycled."""
    out_dir = Path(out_dir)
    if in_colab() and course.DRIVE.is_dir() and not on_drive(out_dir):
        return course.DRIVE / "gan_course_checkpoints" / out_dir.name / run
    return out_dir / "checkpoints" / run


def on_drive(path) -> bool:
    """Whether ``path`` lies in Colab's mounted Google Drive."""
    return course.DRIVE in Path(path).resolve().parents


def where_kept(folder) -> str:
    """``folder`` as a student reads it, and whether it outlives a Colab machine."""
    folder = Path(folder)
    if on_drive(folder):
        return f"{shown_path(folder)} (on Google Drive: kept when Colab recycles the machine)"
    if in_colab():
        return (
            f"{shown_path(folder)} (on this Colab machine only, lost when it is recycled: "
            "the Drive cell at the top keeps them)"
        )
    return shown_path(folder)


def _without_names(config, names=None):
    """A Keras config without the automatic names (dense_3, adam_1...), which differ from one
    Python session to the next, or between two builds in one session, for the very same model.
    ``names`` maps layer names to their position: a functional model's config refers to its
    layers by name (which layer feeds which), and those references become positions."""
    if isinstance(config, dict):
        return {k: _without_names(v, names) for k, v in config.items() if k != "name"}
    if isinstance(config, (list, tuple)):
        return [_without_names(v, names) for v in config]
    if isinstance(config, str) and names and config in names:
        return names[config]
    return config


def _model_settings(model):
    """A network's config with its layers' names replaced by their positions."""
    names = {layer.name: f"layer #{i}" for i, layer in enumerate(model.layers)}
    return _without_names(model.get_config(), names)


def data_fingerprint(x, labels=None, rows: int = 4096) -> str:
    """A short fingerprint of the training data: shape, type and up to ``rows`` evenly spaced
    examples (and their labels), so that a checkpoint trained on other data (another digit,
    quick mode's smaller sample) is never continued as if it were this run."""
    x = np.ascontiguousarray(x)
    picked = np.linspace(0, len(x) - 1, min(rows, len(x))).astype(int) if len(x) else np.array([], int)
    digest = hashlib.sha256(f"{x.shape}{x.dtype}".encode())
    digest.update(np.ascontiguousarray(x[picked]).tobytes())
    if labels is not None:
        digest.update(np.ascontiguousarray(np.asarray(labels)[picked]).tobytes())
    return digest.hexdigest()[:16]


def _code_of(function) -> str:
    """A function's code without its comments and docstrings: editing a comment in a training
    step must not retrain a finished run."""
    tree = ast.parse(inspect.cleandoc("\n" + inspect.getsource(function)))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(getattr(body[0], "value", None), ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def settings_of(gan) -> str:
    """A short fingerprint of what must match for a checkpoint to be continued: the networks'
    layers and sizes, the optimisers' settings (learning rates...), the latent size and the
    training step's code."""
    parts = [
        _model_settings(gan.generator),
        _model_settings(gan.discriminator),
        gan.d_optimizer.get_config(),
        gan.g_optimizer.get_config(),
        gan.latent_dim,
    ]
    try:
        parts.append(_code_of(type(gan).train_step))
    except (OSError, TypeError):  # no source (an exec'd class): the layers still count
        pass
    text = json.dumps(_without_names(parts), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _tf_checkpoint(gan, epoch_variable):
    return tf.train.Checkpoint(
        generator=gan.generator,
        discriminator=gan.discriminator,
        d_optimizer=gan.d_optimizer,
        g_optimizer=gan.g_optimizer,
        latent_rng=gan.seed_generator.state.value,
        epoch=epoch_variable,
    )


def _sidecars(prefix) -> tuple[Path, Path]:
    """The files kept beside the TensorFlow checkpoint ``ckpt-N``: its metadata (history,
    training time, log lines, settings) and the arrays of callbacks such as ``ProgressGrid``."""
    return Path(f"{prefix}.meta.json"), Path(f"{prefix}.extra.npz")


class GANCheckpoint(keras.callbacks.Callback):
    """Save the whole training state at the end of an epoch, at most every ``checkpoint_seconds``
    (the last epoch is always saved), through ``tf.train.CheckpointManager``. The metadata and
    the callbacks' arrays are written first, each atomically; the manager then writes the
    variables and, last, its small ``checkpoint`` index. A kill at any moment leaves the index
    pointing at the previous complete checkpoint."""

    def __init__(self, gan, folder, settings: str, view, checkpoint_seconds: float = 30.0, extras=()):
        super().__init__()
        self.folder, self.settings, self.view = Path(folder), settings, view  # view: history, log, clock
        self.checkpoint_seconds = checkpoint_seconds
        self.extras = list(extras)  # callbacks with checkpoint_arrays() / restore_arrays()
        self.epoch_variable = tf.Variable(0, dtype=tf.int64, trainable=False)
        self.checkpoint = _tf_checkpoint(gan, self.epoch_variable)
        self.manager = tf.train.CheckpointManager(self.checkpoint, str(self.folder), max_to_keep=KEEP)
        self._last = time.monotonic()

    def on_train_begin(self, logs=None):
        self._last = time.monotonic()

    def on_epoch_end(self, epoch, logs=None):
        if not all(math.isfinite(float(v)) for v in (logs or {}).values()):
            return  # never overwrite a good checkpoint with a broken (NaN) state
        final = epoch + 1 >= self.params.get("epochs", math.inf)
        if final or time.monotonic() - self._last >= self.checkpoint_seconds:
            self.save(epoch + 1, self.params.get("epochs"))
            self._last = time.monotonic()

    def save(self, epoch: int, epochs) -> Path:
        prefix = self.folder / f"ckpt-{epoch}"
        meta_path, extra_path = _sidecars(prefix)
        meta = {
            "epoch": int(epoch),
            "epochs": epochs,
            "history": self.view.history,
            "log": self.view.log,
            "train_seconds": float(self.view.seconds),
            "settings": self.settings,
            "saved_at": time.time(),
        }
        arrays = {}
        for i, callback in enumerate(self.extras):
            arrays.update({f"{i}/{k}": v for k, v in callback.checkpoint_arrays().items()})
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        atomic_write_bytes(extra_path, buffer.getvalue())
        atomic_write_bytes(meta_path, json.dumps(meta).encode())
        self.epoch_variable.assign(epoch)
        self.manager.save(checkpoint_number=epoch)
        kept = {str(Path(p).name) for p in self.manager.checkpoints}
        for old in self.folder.glob("ckpt-*.meta.json"):  # sidecars of checkpoints the manager dropped
            name = old.name[: -len(".meta.json")]
            if name not in kept:
                for path in _sidecars(self.folder / name):
                    path.unlink(missing_ok=True)
        return prefix


def read_checkpoint(folder) -> tuple[dict, dict] | None:
    """``(meta, arrays)`` of the newest checkpoint in ``folder``, or None if there is none.
    Raises ValueError if it is damaged. Nothing in the files is executed."""
    latest = tf.train.latest_checkpoint(str(folder))
    if latest is None:
        if any(Path(folder).glob("ckpt-*")):
            raise ValueError(
                f"The checkpoint folder {shown_path(folder)} holds checkpoint files but no "
                f"readable index (the 'checkpoint' file is missing or damaged)."
            )
        return None
    meta_path, extra_path = _sidecars(latest)
    try:
        meta = json.loads(meta_path.read_text())
        with np.load(extra_path, allow_pickle=False) as archive:
            arrays = {k: archive[k] for k in archive.files}
        tf.train.load_checkpoint(latest)  # the variables' files can be opened
    except Exception as exc:
        raise ValueError(
            f"The checkpoint {shown_path(latest)} is damaged or incomplete ({type(exc).__name__}: {str(exc)[:160]})."
        ) from None
    meta["prefix"] = latest
    return meta, arrays


def _set_aside(folder: Path) -> Path:
    """Rename a checkpoint folder that cannot be continued to a new, unused name (nothing is
    deleted or overwritten)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    n = 0
    while (aside := folder.with_name(f"{folder.name}.old-{stamp}-{n}")).exists():
        n += 1
    os.replace(folder, aside)
    return aside


class TrainingHealth(keras.callbacks.Callback):
    """Warns in plain words when a GAN's training has gone wrong, and stops a run that broke.

    Checks after every epoch:
    * NaN, infinite or exploding losses: stops the run (it cannot recover);
    * discriminator accuracy stuck near 100 % or 0 % for ``patience`` evaluations in a row:
      one player has won and the other gets no useful gradient;
    * the discriminator giving the same verdict to every image (0 % of real images called real
      and 100 % of fakes called fake, or the reverse) for ``patience`` evaluations: it has
      stopped learning, even though the losses may look like a perfect equilibrium;
    * generator collapse: the samples of a fixed latent batch stay far less diverse than
      real data (a fraction ``collapse_ratio`` of the real spread, or less) for ``patience``
      evaluations in a row.
    It never stops a healthy run, and it warns about each problem once. With ``verdicts=False``
    (a Wasserstein critic, whose scores are not verdicts: adding a constant to all of them changes
    nothing, so "called real" has no meaning) the two accuracy checks are skipped.
    """

    def __init__(
        self,
        real_sample=None,
        latent_dim=None,
        patience: int = 5,
        stuck_high: float = 0.95,
        stuck_low: float = 0.05,
        max_loss: float = 50.0,
        collapse_ratio: float = 0.1,
        n_fixed: int = 64,
        seed: int = 0,
        verbose: bool = True,
        verdicts: bool = True,
    ):
        super().__init__()
        self.verdicts = verdicts
        self.patience, self.stuck_high, self.stuck_low = patience, stuck_high, stuck_low
        self.max_loss, self.collapse_ratio, self.verbose = max_loss, collapse_ratio, verbose
        self.real_spread = None if real_sample is None else diversity(np.asarray(real_sample)[:256])
        self.z_fixed = None
        if latent_dim is not None and real_sample is not None:
            self.z_fixed = np.random.default_rng(seed).standard_normal((n_fixed, latent_dim)).astype("float32")
        self.stuck_run = 0
        self.same_run = 0
        self.collapse_run = 0
        self.warnings: list[str] = []
        self.stopped_reason: str | None = None

    def _warn(self, kind, text):
        if any(w.startswith(kind) for w in self.warnings):
            return
        self.warnings.append(f"{kind}: {text}")
        if self.verbose:
            print(f"[training health] {text}", flush=True)

    def check(self, epoch: int, logs: dict, samples=None) -> bool:
        """Look at one epoch's numbers (and optionally generated samples). Returns False when
        training must stop. Usable without Keras, e.g. on a recorded history."""
        losses = {k: logs[k] for k in ("d_loss", "g_loss") if k in logs}
        bad = {k: v for k, v in losses.items() if not math.isfinite(v) or abs(v) > self.max_loss}
        if bad:
            what = ", ".join(f"{k} = {v:.3g}" for k, v in bad.items())
            self.stopped_reason = (
                f"epoch {epoch}: {what}. The losses blew up, so training was stopped: "
                f"nothing useful can come after this. Try a smaller learning rate, "
                f"check the data range matches the generator's output, and restart."
            )
            self._warn("exploding", self.stopped_reason)
            return False
        acc = logs.get("d_acc")
        if acc is None and "acc_real" in logs and "acc_fake" in logs:
            acc = (logs["acc_real"] + logs["acc_fake"]) / 2
        if acc is not None and self.verdicts:
            extreme = acc >= self.stuck_high or acc <= self.stuck_low
            self.stuck_run = self.stuck_run + 1 if extreme else 0
            if self.stuck_run >= self.patience:
                if acc >= self.stuck_high:
                    self._warn(
                        "d_wins",
                        (
                            f"epoch {epoch}: the discriminator has been right about {acc:.0%} of the time for "
                            f"{self.stuck_run} epochs in a row. It wins the game outright, so the generator "
                            f"learns almost nothing. Try: a higher generator learning rate or a lower "
                            f"discriminator one, check the generator's output range matches the data "
                            f"(sigmoid for [0, 1], tanh for [-1, 1]), or a smaller discriminator."
                        ),
                    )
                else:
                    self._warn(
                        "d_loses",
                        (
                            f"epoch {epoch}: the discriminator has been right only {acc:.0%} of the time for "
                            f"{self.stuck_run} epochs in a row: it is not learning at all. Check its learning "
                            f"rate and that real images are labelled 1 and fakes 0."
                        ),
                    )
        acc_real, acc_fake = logs.get("acc_real"), logs.get("acc_fake")
        if acc_real is not None and acc_fake is not None and self.verdicts:
            same = (acc_real <= 0.02 and acc_fake >= 0.98) or (acc_real >= 0.98 and acc_fake <= 0.02)
            self.same_run = self.same_run + 1 if same else 0
            if self.same_run >= self.patience:
                verdict = "fake" if acc_fake >= 0.98 else "real"
                self._warn(
                    "same_verdict",
                    (
                        f"epoch {epoch}: for {self.same_run} epochs in a row the discriminator has called "
                        f"every image {verdict} ({acc_real:.0%} of real images judged real, {acc_fake:.0%} of "
                        f"fakes judged fake). It has stopped learning, so the generator gets no useful "
                        f"signal, even if the losses sit at their equilibrium values (2 ln 2 and ln 2). "
                        f"This often follows a too-large learning rate: lower it and restart."
                    ),
                )
        ratio = logs.get("diversity")  # recorded histories carry it already
        if samples is not None and self.real_spread:
            ratio = diversity(np.asarray(samples)) / self.real_spread
            logs["diversity"] = ratio
        if ratio is not None:
            # An untrained generator's samples are all alike too, so only a low spread that
            # lasts ``patience`` evaluations counts as a collapse.
            self.collapse_run = self.collapse_run + 1 if ratio < self.collapse_ratio else 0
            if self.collapse_run >= self.patience:
                self._warn(
                    "collapse",
                    (
                        f"epoch {epoch}: the generated samples are nearly all alike (their spread is "
                        f"{ratio:.0%} of the real data's): the generator has collapsed onto a few outputs. "
                        f"Try a lower learning rate, more latent dimensions, or restart with another seed."
                    ),
                )
        return True

    def replay(self, history: dict) -> None:
        """Run the checks silently over a recorded history (e.g. from a checkpoint), so that a
        restored or resumed run reports the same warnings as one trained in one go."""
        verbose, self.verbose = self.verbose, False
        try:
            for epoch in range(len(history.get("d_loss", []))):
                self.check(epoch + 1, {k: v[epoch] for k, v in history.items() if epoch < len(v)})
        finally:
            self.verbose = verbose

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        samples = None
        if self.z_fixed is not None and hasattr(self.model, "generator"):
            samples = sample_fixed(self.model, self.z_fixed)
        # D's accuracy (acc_real, acc_fake, d_acc) comes from the training step's own log: D is
        # not probed again here.
        if not self.check(epoch + 1, logs, samples):
            self.model.stop_training = True


def diversity(samples) -> float:
    """Mean distance between pairs of samples (flattened): near 0 when all samples are alike."""
    s = np.asarray(samples, dtype="float64").reshape(len(samples), -1)
    if len(s) < 2:
        return 0.0
    sq = (s**2).sum(1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * s @ s.T, 0)
    n = len(s)
    return float(np.sqrt(d2).sum() / (n * (n - 1)))


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


class _History:
    """What ``train_gan`` returns: like keras' History, with the epochs from every session."""

    def __init__(
        self,
        history: dict,
        epochs_run: int,
        resumed_from: int,
        train_seconds: float,
        log=(),
        warnings=(),
        loss_kind: str = "cross-entropy",
    ):
        self.history = history
        self.loss_kind = loss_kind
        self.warnings = list(warnings)  # what the training-health monitor said, in words
        self.epochs_run = epochs_run
        self.resumed_from = resumed_from
        self.train_seconds = train_seconds
        self.log = list(log)  # the progress lines, of this and earlier sessions


def train_gan(
    gan,
    x,
    epochs: int,
    batch_size: int,
    checkpoint,
    seed: int = 0,
    checkpoint_seconds: float = 30.0,
    health: bool = True,
    callbacks=(),
    log_every: int | None = None,
    labels=None,
    live: bool | None = None,
    quiet: bool = False,
):
    """``gan.fit()`` over ``epoch_batches(x)``, shown as it trains and resumable from
    ``checkpoint`` (a folder). A conditional GAN (one with ``num_classes``, notebook 07) also
    needs the class ``labels`` of ``x``; its batches are then ``(images, labels)`` pairs.

    * No checkpoint yet: trains from epoch 0.
    * A checkpoint of this model from an interrupted run: continues after its last epoch.
    * A checkpoint of a finished run: restores it and returns at once (nothing is retrained),
      printing the log lines that run printed.
    * A checkpoint of other settings or other data, of a longer run, or a damaged one: the folder
      is moved aside (``<run>.old-<time>``, nothing is deleted) and training starts from scratch.
    Callbacks with ``checkpoint_arrays()`` / ``restore_arrays()`` (``ProgressGrid``) have their
    state saved with every checkpoint. In a Jupyter kernel (or with ``live=True``) the cell shows
    the training view of ``helpers.live``, whose final figure is also saved as ``live_view.png``
    in the checkpoint folder. Returns an object with ``.history`` covering all epochs, as
    ``fit()``'s History does, ``.train_seconds`` summed over every session of the run, ``.log``,
    ``.warnings`` and ``.loss_kind``. ``quiet=True`` prints no log lines or health warnings (they
    are still in ``.log`` and ``.warnings``) and shows no live view unless ``live=True``, for many
    small runs summed up in one table.
    """

    if not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a positive integer, got {epochs!r}.")
    x = np.asarray(x, dtype="float32")
    check_models(gan.generator, gan.discriminator, gan.latent_dim, x.shape[1:])
    num_classes = getattr(gan, "num_classes", None)
    if num_classes is not None:
        if labels is None:
            raise ValueError(
                "This GAN is conditional: pass the images' class labels too, train_gan(gan, x, labels=y, ...)."
            )
        labels = check_labels(labels, num_classes, n=len(x))
    elif labels is not None:
        raise ValueError(
            "labels were given, but this GAN is not conditional (it has no num_classes): "
            "leave labels out, or use the ConditionalGAN of notebook 07."
        )
    if not hasattr(gan, "d_optimizer"):
        raise ValueError("Compile the GAN first: gan.compile(d_optimizer=..., g_optimizer=...).")
    folder = Path(checkpoint)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PermissionError(
            f"Cannot create the checkpoint folder {folder} ({exc.strerror}). "
            f"Set GAN_COURSE_OUTPUT to a writable folder."
        ) from None
    settings = f"{settings_of(gan)}-{data_fingerprint(x, labels)}"
    extras = [cb for cb in callbacks if hasattr(cb, "checkpoint_arrays")]

    start, history, seconds, log = 0, {}, 0.0, []
    try:
        found = read_checkpoint(folder)
        if found is not None:
            meta, arrays = found
            if meta.get("settings") != settings:
                raise ValueError(
                    f"The checkpoint in {shown_path(folder)} was saved from a different model or "
                    f"different settings (layers, sizes, learning rates, training step or training data)."
                )
            if int(meta["epoch"]) > epochs:
                raise ValueError(
                    f"The checkpoint in {shown_path(folder)} is from a run of {meta['epoch']} "
                    f"epochs, longer than the {epochs} asked for."
                )
            ckpt = _tf_checkpoint(gan, tf.Variable(0, dtype=tf.int64, trainable=False))
            ckpt.restore(meta["prefix"]).assert_existing_objects_matched()
            for i, callback in enumerate(extras):
                prefix = f"{i}/"
                callback.restore_arrays({k[len(prefix) :]: v for k, v in arrays.items() if k.startswith(prefix)})
            start, history = int(meta["epoch"]), meta.get("history", {})
            seconds, log = float(meta.get("train_seconds", 0.0)), meta.get("log", [])
    except (ValueError, AssertionError) as exc:
        aside = _set_aside(folder)
        folder.mkdir(parents=True)
        print(f"{exc} It was moved to {shown_path(aside)}, not deleted; training starts from scratch.")
        start, history, seconds, log = 0, {}, 0.0, []

    loss_kind = loss_kind_of(gan)
    monitor = (
        TrainingHealth(
            real_sample=x[:256],
            latent_dim=gan.latent_dim,
            seed=seed,
            verbose=not quiet,
            verdicts=loss_kind != "wasserstein",
        )
        if health
        else None
    )
    if monitor is not None and history:
        monitor.replay(history)  # what it said before the restart, and its counters, come back
    grid = next((cb for cb in callbacks if isinstance(cb, ProgressGrid)), None)
    view = TrainingView(
        epochs,
        start,
        history=history,
        log=log,
        grid=grid,
        title=folder.name,
        loss_kind=loss_kind,
        log_every=log_every,
        seconds_before=seconds,
        path=folder / "live_view.png",
        show=False if quiet and live is None else live,
        echo=not quiet,
    )
    view.set_model(gan)

    def result(run):
        warnings = monitor.warnings if monitor is not None else []
        return _History(view.history, run, start, view.seconds, view.log, warnings, view.loss_kind)

    if start == epochs:
        view.finish()
        print(
            f"Training already finished: restored the model after epoch {start} from its checkpoint "
            f"({shown_path(folder)}), {clock(seconds)} of training. Its log, as printed then:"
        )
        print(*log, sep="\n")
        for w in monitor.warnings if monitor is not None else []:
            print(f"[training health] {w.split(': ', 1)[1]}")
        return result(0)
    if start:
        print(
            f"Resuming from the checkpoint after epoch {start} of {epochs} ({shown_path(folder)}). Its log so far:",
            *log,
            sep="\n",
        )
    elif view.show:
        print(f"Checkpoints: {where_kept(folder)}")

    steps = len(x) // batch_size
    if gan.steps_per_execution == 1:
        # One compiled call per epoch: fit() then runs all of an epoch's batches inside the
        # graph, with no Python between them (same numbers, several times faster for small
        # networks; see benchmarks/). A value set in compile() is left alone.
        gan.steps_per_execution = steps
        gan.make_train_function(force=True)
    saver = GANCheckpoint(gan, folder, settings, view, checkpoint_seconds=checkpoint_seconds, extras=extras)
    # The view's clock stops in on_train_end, after the last epoch's checkpoint is written.
    order = ([monitor] if monitor is not None else []) + list(callbacks) + [view, saver]
    gan.fit(
        epoch_batches(x, batch_size, seed=seed, first_epoch=start, labels=labels),
        initial_epoch=start,
        epochs=int(epochs),
        steps_per_epoch=steps,
        verbose=0,
        callbacks=order,
    )
    if view.done < epochs:
        print(f"Training stopped after epoch {view.done}; the last good checkpoint is kept in {shown_path(folder)}.")
    return result(view.done - start)
