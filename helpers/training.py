"""Training that survives a disconnect and tells the student when a GAN goes wrong.

``train_gan`` is ``GAN.fit()`` with two callbacks added:

* ``GANCheckpoint`` saves everything needed to continue (both networks, both optimisers, the
  latent random generator, the epoch and the history) at the end of an epoch, at most every
  ``every_seconds``, atomically. Re-running the training cell after a crash continues from the
  last complete epoch; re-running it after training finished just restores the result.
* ``TrainingHealth`` watches every epoch and explains in plain words what looks wrong.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import math
import os
import time
from pathlib import Path

import keras
import numpy as np

from .course import in_colab
from .results import atomic_write_bytes

CHECKPOINT_FILE = "checkpoint.npz"


def checkpoint_dir(out_dir, run: str) -> Path:
    """Where a training run's checkpoint lives: ``out_dir/checkpoints/<run>``, or, in Colab
    with Google Drive mounted, ``MyDrive/gan_course_checkpoints/<notebook>/<run>`` so that it
    survives the Colab machine being recycled."""
    out_dir = Path(out_dir)
    drive = Path("/content/drive/MyDrive")
    if in_colab() and drive.is_dir():
        return drive / "gan_course_checkpoints" / out_dir.name / run
    return out_dir / "checkpoints" / run


def _state_variables(gan):
    """Every variable that determines how training continues, with stable names."""
    groups = {
        "generator": gan.generator.weights,
        "discriminator": gan.discriminator.weights,
        "d_optimizer": gan.d_optimizer.variables,
        "g_optimizer": gan.g_optimizer.variables,
        "seed_generator": [gan.seed_generator.state],
    }
    return [(f"{group}/{i}", v) for group, vs in groups.items() for i, v in enumerate(vs)]


def _build_optimizers(gan):
    for opt, model in [(gan.d_optimizer, gan.discriminator), (gan.g_optimizer, gan.generator)]:
        if not opt.built:
            opt.build(model.trainable_weights)


def _without_names(config):
    """A Keras config with the automatic names (dense_3, adam_1...) removed, which differ from
    one Python session to the next for the very same model."""
    if isinstance(config, dict):
        return {k: _without_names(v) for k, v in config.items() if k != "name"}
    if isinstance(config, (list, tuple)):
        return [_without_names(v) for v in config]
    return config


def _signature(gan) -> dict:
    """What must match for a checkpoint to be continued: every variable's shape, the networks'
    layers and settings, the optimisers' settings (learning rate ...) and the training step's code."""
    parts = [gan.generator.get_config(), gan.discriminator.get_config(),
             gan.d_optimizer.get_config(), gan.g_optimizer.get_config(), gan.latent_dim]
    try:
        parts.append(inspect.getsource(type(gan).train_step))
    except (OSError, TypeError):  # source not available (e.g. an exec'd class): shapes still count
        pass
    digest = hashlib.sha256(json.dumps(_without_names(parts), sort_keys=True, default=str).encode()).hexdigest()
    return {"shapes": [[name, list(v.shape)] for name, v in _state_variables(gan)], "settings": digest[:16]}


def save_checkpoint(gan, path, epoch: int, history: dict, train_seconds: float = 0.0) -> Path:
    """Write the training state after ``epoch`` completed epochs to ``path`` (atomically)."""
    import io

    arrays = {name: np.asarray(v.numpy() if hasattr(v, "numpy") else v) for name, v in _state_variables(gan)}
    meta = {"epoch": int(epoch), "history": history, "train_seconds": float(train_seconds),
            "signature": _signature(gan),
            "numpy_rng": np.random.get_state(legacy=False), "saved_at": time.time()}
    buffer = io.BytesIO()
    np.savez(buffer, __meta__=np.array(json.dumps(meta, default=_json_default)), **arrays)
    return atomic_write_bytes(path, buffer.getvalue())


def _json_default(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__} in a checkpoint")


def read_checkpoint(path):
    """Return ``(meta, arrays)`` from a checkpoint file, without running any code from it."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as archive:
            meta = json.loads(str(archive["__meta__"]))
            arrays = {k: archive[k] for k in archive.files if k != "__meta__"}
    except Exception as exc:
        raise ValueError(f"The checkpoint {path} is damaged or not a course checkpoint "
                         f"({type(exc).__name__}: {exc}).") from None
    return meta, arrays


def _assign_state(gan, meta: dict, arrays: dict) -> None:
    for name, variable in _state_variables(gan):
        variable.assign(arrays[name])
    state = meta.get("numpy_rng")
    if state and state.get("bit_generator") == "MT19937":
        state["state"]["key"] = np.asarray(state["state"]["key"], dtype=np.uint32)
        np.random.set_state(state)


class GANCheckpoint(keras.callbacks.Callback):
    """Save the whole training state at the end of an epoch, at most every ``every_seconds``
    (the last epoch is always saved). The previous checkpoint is only replaced once the new one
    is completely written, so a kill during a save never loses the last good one."""

    def __init__(self, path, every_seconds: float = 30.0, history: dict | None = None,
                 seconds_before: float = 0.0):
        super().__init__()
        self.path = Path(path)
        self.every_seconds = every_seconds
        self.history = {k: list(v) for k, v in (history or {}).items()}
        self.seconds_before = seconds_before
        self._start = self._last = time.monotonic()

    @property
    def train_seconds(self) -> float:
        """Training time of all sessions of this run so far."""
        return self.seconds_before + time.monotonic() - self._start

    def on_train_begin(self, logs=None):
        self._start = self._last = time.monotonic()

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(float(value))
        if not all(math.isfinite(v[-1]) for v in self.history.values() if v):
            return  # never overwrite a good checkpoint with a broken (NaN) state
        final = epoch + 1 >= self.params.get("epochs", math.inf)
        if final or time.monotonic() - self._last >= self.every_seconds:
            save_checkpoint(self.model, self.path, epoch + 1, self.history, self.train_seconds)
            self._last = time.monotonic()


class TrainingHealth(keras.callbacks.Callback):
    """Warns in plain words when a GAN's training has gone wrong, and stops a run that broke.

    Checks after every epoch (or every ``eval_every`` epochs for the slow ones):
    * NaN, infinite or exploding losses: stops the run (it cannot recover);
    * discriminator accuracy stuck near 100 % or 0 % for ``patience`` evaluations in a row:
      one player has won and the other gets no useful gradient;
    * the discriminator giving the same verdict to every image (0 % of real images called real
      and 100 % of fakes called fake, or the reverse) for ``patience`` evaluations: it has
      stopped learning, even though the losses may look like a perfect equilibrium;
    * generator collapse: the samples of a fixed latent batch stay far less diverse than
      real data (a fraction ``collapse_ratio`` of the real spread, or less) for ``patience``
      evaluations in a row.
    It never stops a healthy run, and it warns about each problem once.
    """

    def __init__(self, real_sample=None, latent_dim=None, patience: int = 5, stuck_high: float = 0.95,
                 stuck_low: float = 0.05, max_loss: float = 50.0, collapse_ratio: float = 0.1,
                 n_fixed: int = 64, seed: int = 0, verbose: bool = True):
        super().__init__()
        self.patience, self.stuck_high, self.stuck_low = patience, stuck_high, stuck_low
        self.max_loss, self.collapse_ratio, self.verbose = max_loss, collapse_ratio, verbose
        self.real_spread = None if real_sample is None else diversity(np.asarray(real_sample)[:256])
        self.z_fixed = None
        if latent_dim is not None and real_sample is not None:
            self.z_fixed = np.random.default_rng(seed).standard_normal((n_fixed, latent_dim)).astype("float32")
        self.real_probe = None if real_sample is None else np.asarray(real_sample)[:64]
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
            print(f"\n[training health] {text}", flush=True)

    def check(self, epoch: int, logs: dict, samples=None) -> bool:
        """Look at one epoch's numbers (and optionally generated samples). Returns False when
        training must stop. Usable without Keras, e.g. on a recorded history."""
        losses = {k: logs[k] for k in ("d_loss", "g_loss") if k in logs}
        bad = {k: v for k, v in losses.items() if not math.isfinite(v) or abs(v) > self.max_loss}
        if bad:
            what = ", ".join(f"{k} = {v:.3g}" for k, v in bad.items())
            self.stopped_reason = (f"epoch {epoch}: {what}. The losses blew up, so training was stopped: "
                                   f"nothing useful can come after this. Try a smaller learning rate, "
                                   f"check the data range matches the generator's output, and restart.")
            self._warn("exploding", self.stopped_reason)
            return False
        acc = logs.get("d_acc")
        if acc is not None:
            extreme = acc >= self.stuck_high or acc <= self.stuck_low
            self.stuck_run = self.stuck_run + 1 if extreme else 0
            if self.stuck_run >= self.patience:
                if acc >= self.stuck_high:
                    self._warn("d_wins", (
                        f"epoch {epoch}: the discriminator has been right about {acc:.0%} of the time for "
                        f"{self.stuck_run} epochs in a row. It wins the game outright, so the generator "
                        f"learns almost nothing. Try: a higher generator learning rate or a lower "
                        f"discriminator one, check the generator's output range matches the data "
                        f"(sigmoid for [0, 1], tanh for [-1, 1]), or a smaller discriminator."))
                else:
                    self._warn("d_loses", (
                        f"epoch {epoch}: the discriminator has been right only {acc:.0%} of the time for "
                        f"{self.stuck_run} epochs in a row: it is not learning at all. Check its learning "
                        f"rate and that real images are labelled 1 and fakes 0."))
        acc_real, acc_fake = logs.get("acc_real"), logs.get("acc_fake")
        if acc_real is not None and acc_fake is not None:
            same = (acc_real <= 0.02 and acc_fake >= 0.98) or (acc_real >= 0.98 and acc_fake <= 0.02)
            self.same_run = self.same_run + 1 if same else 0
            if self.same_run >= self.patience:
                verdict = "fake" if acc_fake >= 0.98 else "real"
                self._warn("same_verdict", (
                    f"epoch {epoch}: for {self.same_run} epochs in a row the discriminator has called "
                    f"every image {verdict} ({acc_real:.0%} of real images judged real, {acc_fake:.0%} of "
                    f"fakes judged fake). It has stopped learning, so the generator gets no useful "
                    f"signal, even if the losses sit at their equilibrium values (2 ln 2 and ln 2). "
                    f"This often follows a too-large learning rate: lower it and restart."))
        ratio = logs.get("diversity")  # recorded histories carry it already
        if samples is not None and self.real_spread:
            ratio = diversity(np.asarray(samples)) / self.real_spread
            logs["diversity"] = ratio
        if ratio is not None:
            # An untrained generator's samples are all alike too, so only a low spread that
            # lasts ``patience`` evaluations counts as a collapse.
            self.collapse_run = self.collapse_run + 1 if ratio < self.collapse_ratio else 0
            if self.collapse_run >= self.patience:
                self._warn("collapse", (
                    f"epoch {epoch}: the generated samples are nearly all alike (their spread is "
                    f"{ratio:.0%} of the real data's): the generator has collapsed onto a few outputs. "
                    f"Try a lower learning rate, more latent dimensions, or restart with another seed."))
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
            samples = np.asarray(self.model.generator(self.z_fixed, training=False))
            # What D says about real images and about the fixed fakes, judged at 0.5.
            d = self.model.discriminator
            logs["acc_real"] = float(np.mean(np.asarray(d(self.real_probe, training=False)) > 0.5))
            logs["acc_fake"] = float(np.mean(np.asarray(d(samples, training=False)) <= 0.5))
        if not self.check(epoch + 1, logs, samples):
            self.model.stop_training = True


def diversity(samples) -> float:
    """Mean distance between pairs of samples (flattened): near 0 when all samples are alike."""
    s = np.asarray(samples, dtype="float64").reshape(len(samples), -1)
    if len(s) < 2:
        return 0.0
    sq = (s ** 2).sum(1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * s @ s.T, 0)
    n = len(s)
    return float(np.sqrt(d2).sum() / (n * (n - 1)))


def check_models(generator, discriminator, latent_dim: int, data_shape) -> None:
    """Clear errors for the usual wiring mistakes between G, D, the latent size and the data."""
    g_in = tuple(generator.input_shape[1:])
    if g_in != (latent_dim,):
        raise ValueError(f"The generator takes inputs of shape {g_in}, but latent_dim is {latent_dim}. "
                         f"Use the same latent size in the generator's Input and in GAN(..., latent_dim).")
    g_out, d_in = tuple(generator.output_shape[1:]), tuple(discriminator.input_shape[1:])
    data_shape = tuple(data_shape)
    if g_out != data_shape:
        raise ValueError(f"The generator makes samples of shape {g_out} but the real data has shape "
                         f"{data_shape}. Change the generator's last layers so both match.")
    if d_in != data_shape:
        raise ValueError(f"The discriminator expects inputs of shape {d_in} but the data (and the "
                         f"generator) give {data_shape}. Change the discriminator's Input shape.")
    d_out = tuple(discriminator.output_shape[1:])
    if d_out != (1,):
        raise ValueError(f"The discriminator must output one probability per sample, shape (1,), "
                         f"not {d_out}. End it with Dense(1, activation='sigmoid').")


def _set_aside(path: Path) -> Path:
    """Rename a checkpoint that cannot be continued to a new, unused name (never overwrite one)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    n = 0
    while (aside := path.with_name(f"checkpoint.old-{stamp}-{n}.npz")).exists():
        n += 1
    os.replace(path, aside)
    return aside


class _History:
    """What ``train_gan`` returns: like keras' History, with the epochs from every session."""

    def __init__(self, history: dict, epochs_run: int, resumed_from: int, train_seconds: float,
                 warnings=()):
        self.history = history
        self.warnings = list(warnings)  # what the training-health monitor said, in words
        self.epochs_run = epochs_run
        self.resumed_from = resumed_from
        self.train_seconds = train_seconds


def train_gan(gan, x, epochs: int, batch_size: int, checkpoint, seed: int = 0,
              every_seconds: float = 30.0, health: bool = True, callbacks=(), verbose: int = 0):
    """``gan.fit()`` over ``epoch_batches(x)``, resumable from ``checkpoint`` (a folder).

    * No checkpoint yet: trains from epoch 0.
    * A checkpoint of this model from an interrupted run: continues after its last epoch.
    * A checkpoint of a finished run: restores it and returns at once (nothing is retrained).
    * A checkpoint of another model (sizes changed): it is set aside as ``*.old.npz``, not deleted.
    Returns an object with ``.history`` covering all epochs, as ``fit()``'s History does, and
    ``.train_seconds``, the training time summed over every session of the run.
    """
    from .data import epoch_batches

    if not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a positive integer, got {epochs!r}.")
    x = np.asarray(x, dtype="float32")
    check_models(gan.generator, gan.discriminator, gan.latent_dim, x.shape[1:])
    folder = Path(checkpoint)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PermissionError(f"Cannot create the checkpoint folder {folder} ({exc.strerror}). "
                              f"Set GAN_COURSE_OUTPUT to a writable folder.") from None
    path = folder / CHECKPOINT_FILE
    _build_optimizers(gan)

    start, history, seconds = 0, {}, 0.0
    if path.exists():
        try:
            meta, arrays = read_checkpoint(path)
            if meta.get("signature") != _signature(gan):
                raise ValueError(f"The checkpoint {path} was saved from a different model or different "
                                 f"settings (layers, sizes, learning rates or training step).")
            if int(meta["epoch"]) > epochs:
                raise ValueError(f"The checkpoint {path} is from a run of {meta['epoch']} epochs, longer "
                                 f"than the {epochs} asked for.")
            _assign_state(gan, meta, arrays)
            start, history = int(meta["epoch"]), meta.get("history", {})
            seconds = float(meta.get("train_seconds", 0.0))
        except ValueError as exc:
            aside = _set_aside(path)
            print(f"{exc} It was moved to {aside.name}, not deleted; training starts from scratch.")
    monitor = TrainingHealth(real_sample=x[:256], latent_dim=gan.latent_dim, seed=seed) if health else None
    if monitor is not None and history:
        monitor.replay(history)  # what it said before the restart, and its counters, come back
    if start == epochs:
        print(f"Training already finished: restored the model after epoch {start} from {path}.")
        lines = [line for cb in callbacks if hasattr(cb, "saved_log") for line in cb.saved_log(history)]
        if lines:
            print("Its log, as saved during that training (nothing was retrained now):", *lines, sep="\n")
        return _History(history, 0, start, seconds, monitor.warnings if monitor is not None else ())
    if start:
        print(f"Resuming from the checkpoint after epoch {start} of {epochs} ({path}).")

    saver = GANCheckpoint(path, every_seconds=every_seconds, history=history, seconds_before=seconds)
    extra = list(callbacks)
    if monitor is not None:
        extra.insert(0, monitor)
    gan.fit(epoch_batches(x, batch_size, seed=seed, first_epoch=start), initial_epoch=start,
            epochs=int(epochs), steps_per_epoch=len(x) // batch_size, verbose=verbose,
            callbacks=extra + [saver])
    done = len(next(iter(saver.history.values()), []))
    if done < epochs:
        print(f"Training stopped after epoch {done}; the last good checkpoint is kept in {path}.")
    return _History(saver.history, done - start, start, saver.train_seconds,
                    monitor.warnings if monitor is not None else ())
