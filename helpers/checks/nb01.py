"""Notebook 01: D's loss, G's non-saturating loss, and the training step.

01.1 ``d_loss(d_real, d_fake)``: binary cross-entropy of D's outputs, real labelled 1 and fake 0,
     summed over the two halves (each half averaged over its batch).
01.2 ``g_loss(d_on_fake)``: the non-saturating generator loss, -mean log D(G(z)).
01.3 ``train_step(self, real)``: one round of the game; only D's weights change in the D step,
     only G's in the G step.
"""

from __future__ import annotations

import numpy as np

from ..i18n import _
from .core import Wrong, close, exercise, scalar, taught

EPS = 1e-7  # Keras clips probabilities to [eps, 1 - eps] inside its cross-entropy


def _one_number() -> str:
    """How a loss of one number is made (in the course's language: read when a check runs)."""
    return _("average over the batch, so that the loss is one number.")


def _bce(label, p):
    p = np.clip(np.asarray(p, "float64"), EPS, 1 - EPS)
    return float(np.mean(-(label * np.log(p) + (1 - label) * np.log(1 - p))))


def _sigmoid(x):
    return 1 / (1 + np.exp(-np.asarray(x, "float64")))


def _probabilities():
    rng = np.random.default_rng(1)
    return rng.uniform(0.55, 0.95, (8, 1)).astype("float32"), rng.uniform(0.05, 0.45, (8, 1)).astype("float32")


@exercise("01.1", "d_loss(d_real, d_fake)", course=lambda: taught("d_loss"))
def judge_d_loss(d_loss):
    d_real, d_fake = _probabilities()
    got = scalar(d_loss(d_real.copy(), d_fake.copy()), "d_loss", _one_number())
    right = _bce(1, d_real) + _bce(0, d_fake)
    if close(got, right):
        return
    if close(got, _bce(0, d_real) + _bce(1, d_fake)):
        raise Wrong(_("the labels are flipped: D should call real data 1 (real) and generated data 0 (fake)."))
    if close(got, _bce(1, d_real)) or close(got, _bce(0, d_fake)):
        raise Wrong(_("only one half of the game is there: D's loss adds its loss on real data and on fakes."))
    if close(got, (_bce(1, d_real) + _bce(0, d_fake)) / 2):
        raise Wrong(_("the two halves are averaged; the course adds them (D's loss at D = ½ is then 2 ln 2)."))
    if close(got, -(_bce(1, d_real) + _bce(0, d_fake))):
        raise Wrong(_("the sign is flipped: a loss is minimised, so use the cross-entropy, not its negative."))
    if close(got, _bce(1, _sigmoid(d_real)) + _bce(0, _sigmoid(d_fake))):
        raise Wrong(_("D's outputs are read as logits (from_logits=True): they are probabilities already."))
    if close(got, _bce(0.9, d_real) + _bce(0, d_fake)):
        raise Wrong(_("the real labels are smoothed (0.9): this exercise asks for the plain loss (08 smooths)."))
    raise Wrong(
        _(
            "on D(real) around 0.75 and D(fake) around 0.25 it gives {got:.4f}; D's loss there is {right:.4f}.",
            got=got,
            right=right,
        )
    )


@exercise("01.2", "g_loss(d_on_fake)", course=lambda: taught("g_loss"))
def judge_g_loss(g_loss):
    d_fake = _probabilities()[1]
    got = scalar(g_loss(d_fake.copy()), "g_loss", _one_number())
    right = _bce(1, d_fake)  # -mean log D(G(z))
    if close(got, right):
        return
    saturating = float(np.mean(np.log(1 - np.clip(d_fake, EPS, 1 - EPS))))
    if close(got, saturating):
        raise Wrong(
            _(
                "this is the saturating loss (G minimising D's chance of being right): when D rejects the "
                "fakes its gradient vanishes. The non-saturating form has G maximise D's chance of calling "
                "them real."
            )
        )
    if close(got, _bce(0, d_fake)):
        raise Wrong(_("G is scored with the label 'fake': G wants D to call its samples real (label 1)."))
    if close(got, -right):
        raise Wrong(_("the sign is flipped: a loss is minimised, so G's loss falls as D calls its fakes real."))
    raise Wrong(
        _("on D(G(z)) around 0.25 it gives {got:.4f}; the non-saturating loss gives {right:.4f}.", got=got, right=right)
    )


def _tiny_gan(train_step):
    """A tiny compiled GAN of the course (helpers.gan.GAN) with the student's training step; its
    weights come from seeded initialisers, so no global random state is touched."""
    import types

    import keras

    from ..gan import GAN

    def dense(units, seed, activation=None):
        return keras.layers.Dense(units, activation, kernel_initializer=keras.initializers.GlorotUniform(seed))

    g = keras.Sequential([keras.Input((2,)), dense(3, 1)])
    d = keras.Sequential([keras.Input((3,)), dense(1, 2, "sigmoid")])
    gan = GAN(g, d, 2, seed=0)
    gan.compile(d_optimizer=keras.optimizers.SGD(0.1), g_optimizer=keras.optimizers.SGD(0.1))
    gan.train_step = types.MethodType(train_step, gan)
    draw = gan.sample_latent
    gan.draws = 0

    def counted(n):  # how many latent batches the step draws
        gan.draws += 1
        return draw(n)

    gan.sample_latent = counted
    return gan


def _course_step():
    from ..gan import train_step

    return train_step


@exercise("01.3", "train_step(self, real)", course=_course_step)
def judge_train_step(train_step):
    import tensorflow as tf

    real = tf.constant(np.random.default_rng(2).normal(size=(4, 3)), "float32")
    theirs, ours = _tiny_gan(train_step), _tiny_gan(_course_step())
    before_d, before_g = (
        [w.numpy() for w in theirs.discriminator.weights],
        [w.numpy() for w in theirs.generator.weights],
    )
    logs = tf.function(theirs.train_step)(real)  # as fit() runs it: compiled
    tf.function(ours.train_step)(real)
    if not isinstance(logs, dict) or "d_loss" not in logs or "g_loss" not in logs:
        raise Wrong(_("train_step should return the epoch's numbers, as the course's step does (through self.record)."))
    if not theirs.discriminator.trainable:
        raise Wrong(_("the step leaves D frozen (trainable = False): under Keras 3 that stops D's own training."))

    def moved(before, model):
        return any(not np.allclose(b, w.numpy()) for b, w in zip(before, model.weights))

    def same(a, b):
        return all(np.allclose(x.numpy(), y.numpy(), rtol=1e-3, atol=1e-5) for x, y in zip(a.weights, b.weights))

    if not moved(before_d, theirs.discriminator):
        raise Wrong(_("D's weights did not change: step 2 must apply D's gradients with self.d_optimizer."))
    if not moved(before_g, theirs.generator):
        raise Wrong(_("G's weights did not change: step 3 must apply G's gradients with self.g_optimizer."))
    if theirs.draws == 0:
        raise Wrong(_("the latent vectors do not come from self.sample_latent(n), the GAN's seeded draw: runs differ."))
    if theirs.draws == 1:
        raise Wrong(_("one latent batch serves both steps: G's step should draw fresh latent vectors."))
    if same(theirs.discriminator, ours.discriminator) and same(theirs.generator, ours.generator):
        return
    if not same(theirs.discriminator, ours.discriminator):
        raise Wrong(
            _(
                "D's weights end up elsewhere than one step on its own loss would take them: are D's "
                "gradients taken only from D's loss (real labelled real, fakes labelled fake), and is D "
                "changed only by self.d_optimizer (not also in G's step)?"
            )
        )
    raise Wrong(
        _(
            "G's weights end up elsewhere than one step on the non-saturating loss would take them: "
            "are G's gradients taken from G's loss on fresh fakes, judged by the updated D, and "
            "applied to G's weights only?"
        )
    )
