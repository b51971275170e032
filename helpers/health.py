"""``HealthMonitor``: a Keras callback that says in plain words when a GAN's game goes wrong."""

from __future__ import annotations

import math

import keras
import numpy as np

from .conditional import latent_size
from .grids import fixed_latent, sample_fixed

ADVICE = {
    "d_wins": (
        "the discriminator has been right about {acc:.0%} of the time for {n} epochs in a row. It wins the game "
        "outright, so the generator learns almost nothing. Try: a higher generator learning rate or a lower "
        "discriminator one, check the generator's output range matches the data (sigmoid for [0, 1], tanh for "
        "[-1, 1]), or a smaller discriminator."
    ),
    "d_loses": (
        "the discriminator has been right only {acc:.0%} of the time for {n} epochs in a row: it is not learning "
        "at all. Check its learning rate and that real images are labelled 1 and fakes 0."
    ),
    "same_verdict": (
        "for {n} epochs in a row the discriminator has called every image {verdict} ({real:.0%} of real images "
        "judged real, {fake:.0%} of fakes judged fake). It has stopped learning, so the generator gets no useful "
        "signal, even if the losses sit at their equilibrium values (2 ln 2 and ln 2). This often follows a "
        "too-large learning rate: lower it and restart."
    ),
    "collapse": (
        "the generated samples are nearly all alike (their spread is {ratio:.0%} of the real data's): the "
        "generator has collapsed onto a few outputs. Try a lower learning rate, more latent dimensions, or "
        "restart with another seed."
    ),
}


def diversity(samples) -> float:
    """Mean distance between pairs of samples (flattened): near 0 when all samples are alike."""
    s = np.asarray(samples, dtype="float64").reshape(len(samples), -1)
    if len(s) < 2:
        return 0.0
    sq = (s**2).sum(1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * s @ s.T, 0)
    return float(np.sqrt(d2).sum() / (len(s) * (len(s) - 1)))


class HealthMonitor(keras.callbacks.Callback):
    """Warns in plain words when a GAN's training goes wrong, and stops a run that broke.

    After every epoch it looks for: NaN, infinite or exploding losses (it stops the run: nothing
    can come after them); D's accuracy near 100 % or 0 % for ``PATIENCE`` epochs in a row (one
    player has won); D giving every image the same verdict (it has stopped learning, though the
    losses may look balanced); and, with a ``run``, a collapse: the samples of a fixed latent
    batch far less diverse than the real data (their ``diversity`` ratio, added to ``logs``,
    below ``COLLAPSE``). It warns about each problem once, and never stops a healthy run. A
    Wasserstein critic's scores are not verdicts, so its accuracy is not judged. On a resumed
    run it first goes over the restored history silently, then repeats what it said then."""

    PATIENCE, HIGH, LOW, MAX_LOSS, COLLAPSE, N_FIXED = 5, 0.95, 0.05, 50.0, 0.1, 64

    def __init__(self, run=None, verbose: bool = True):
        super().__init__()
        self.run, self.verbose = run, verbose
        self.verdicts = run is None or run.loss_kind != "wasserstein"
        self.real_spread, self.z = None, None
        if run is not None:
            self.real_spread = diversity(run.x[:256])
            self.z = fixed_latent(self.N_FIXED, latent_size(run.gan.generator), run.seed)
        self.runs = {"stuck": 0, "same": 0, "collapse": 0}  # epochs in a row with each symptom
        self.warnings, self.stopped_reason = [], None  # warnings: "kind: epoch N: text"

    def _warn(self, kind: str, epoch: int, text: str) -> None:
        if any(w.startswith(kind + ":") for w in self.warnings):
            return
        self.warnings.append(f"{kind}: epoch {epoch}: {text}")
        if self.verbose:
            print(f"[training health] epoch {epoch}: {text}", flush=True)

    def _streak(self, name: str, present: bool) -> int:
        self.runs[name] = self.runs[name] + 1 if present else 0
        return self.runs[name]

    def check(self, epoch: int, logs: dict, samples=None) -> bool:
        """Look at one epoch's numbers (and, optionally, samples of the fixed latent batch).
        Returns False when training must stop. Works on a recorded history too."""
        bad = {k: logs[k] for k in ("d_loss", "g_loss") if k in logs}
        bad = {k: v for k, v in bad.items() if not math.isfinite(v) or abs(v) > self.MAX_LOSS}
        if bad:
            what = ", ".join(f"{k} = {v:.3g}" for k, v in bad.items())
            self.stopped_reason = (
                f"epoch {epoch}: {what}. The losses blew up, so training was stopped: nothing useful can come "
                f"after this. Try a smaller learning rate, check the data range matches the generator's output, "
                f"and restart."
            )
            self._warn("exploding", epoch, self.stopped_reason.split(": ", 1)[1])
            return False
        real, fake = logs.get("acc_real"), logs.get("acc_fake")
        acc = logs.get("d_acc", None if real is None or fake is None else (real + fake) / 2)
        if acc is not None and self.verdicts:
            n = self._streak("stuck", acc >= self.HIGH or acc <= self.LOW)
            if n >= self.PATIENCE:
                kind = "d_wins" if acc >= self.HIGH else "d_loses"
                self._warn(kind, epoch, ADVICE[kind].format(acc=acc, n=n))
        if real is not None and fake is not None and self.verdicts:
            same = (real <= 0.02 and fake >= 0.98) or (real >= 0.98 and fake <= 0.02)
            if (n := self._streak("same", same)) >= self.PATIENCE:
                verdict = "fake" if fake >= 0.98 else "real"
                self._warn(
                    "same_verdict", epoch, ADVICE["same_verdict"].format(n=n, verdict=verdict, real=real, fake=fake)
                )
        ratio = logs.get("diversity")  # recorded histories carry it already
        if samples is not None and self.real_spread:
            ratio = logs["diversity"] = diversity(samples) / self.real_spread
        # An untrained generator's samples are all alike too: only a lasting low spread counts.
        if ratio is not None and self._streak("collapse", ratio < self.COLLAPSE) >= self.PATIENCE:
            self._warn("collapse", epoch, ADVICE["collapse"].format(ratio=ratio))
        return True

    def replay(self, history: dict) -> None:
        """Go over a recorded history silently: the counters and warnings come back."""
        verbose, self.verbose = self.verbose, False
        try:
            for i in range(len(history.get("d_loss", []))):
                self.check(i + 1, {k: v[i] for k, v in history.items() if i < len(v)})
        finally:
            self.verbose = verbose

    def on_train_begin(self, logs=None):
        if self.run is not None:
            self.run.begin(self.model)
            self.replay(self.run.history)
        for warning in self.warnings if self.verbose else []:
            print(f"[training health] {warning.split(': ', 1)[1]}")

    def on_epoch_end(self, epoch, logs=None):
        samples = None if self.z is None else sample_fixed(self.model, self.z)
        if not self.check(epoch + 1, logs if logs is not None else {}, samples):
            self.model.stop_training = True
