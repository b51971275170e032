"""Notebook 01: D's loss, G's non-saturating loss, and the training step.

01.1 ``d_loss(d_real, d_fake)``: binary cross-entropy of D's outputs, real labelled 1 and fake 0,
     summed over the two halves (each half averaged over its batch).
01.2 ``g_loss(d_on_fake)``: the non-saturating generator loss, -mean log D(G(z)).
01.3 ``train_step(self, real)``: one round of the game; only D's weights change in the D step,
     only G's in the G step.
"""

from __future__ import annotations

import numpy as np

from .core import Wrong, exercise

EPS = 1e-7  # Keras clips probabilities to [eps, 1 - eps] inside its cross-entropy


def _bce(label, p):
    p = np.clip(np.asarray(p, "float64"), EPS, 1 - EPS)
    return float(np.mean(-(label * np.log(p) + (1 - label) * np.log(1 - p))))


def course_d_loss(d_real, d_fake):
    import keras

    bce = keras.losses.BinaryCrossentropy()
    return bce(keras.ops.ones_like(d_real), d_real) + bce(keras.ops.zeros_like(d_fake), d_fake)


def course_g_loss(d_on_fake):
    import keras

    return keras.losses.BinaryCrossentropy()(keras.ops.ones_like(d_on_fake), d_on_fake)


def _number(value, what: str) -> float:
    try:
        array = np.asarray(value, dtype="float64")
    except (TypeError, ValueError):
        raise Wrong(f"{what} returned {type(value).__name__}, not a number (a tensor of shape ()).") from None
    if array.size != 1:
        raise Wrong(f"{what} returned shape {array.shape}: average over the batch, so that the loss is one number.")
    return float(array.reshape(()))


def _probabilities():
    rng = np.random.default_rng(1)
    return rng.uniform(0.55, 0.95, (8, 1)).astype("float32"), rng.uniform(0.05, 0.45, (8, 1)).astype("float32")


def _close(got, want) -> bool:
    return abs(got - want) <= 1e-4 + 1e-3 * abs(want)


@exercise("01.1", "d_loss(d_real, d_fake)", course=lambda: course_d_loss)
def judge_d_loss(d_loss):
    if not callable(d_loss):
        raise Wrong(f"d_loss should be a function of (d_real, d_fake), not a {type(d_loss).__name__}.")
    d_real, d_fake = _probabilities()
    got = _number(d_loss(d_real.copy(), d_fake.copy()), "d_loss")
    right = _bce(1, d_real) + _bce(0, d_fake)
    if _close(got, right):
        return
    if _close(got, _bce(0, d_real) + _bce(1, d_fake)):
        raise Wrong("the labels are flipped: D should call real data 1 (real) and generated data 0 (fake).")
    if _close(got, _bce(1, d_real)) or _close(got, _bce(0, d_fake)):
        raise Wrong("only one half of the game is there: D's loss adds its loss on real data and on fakes.")
    if _close(got, (_bce(1, d_real) + _bce(0, d_fake)) / 2):
        raise Wrong("the two halves are averaged; the course adds them (D's loss at D = ½ is then 2 ln 2).")
    if _close(got, -(_bce(1, d_real) + _bce(0, d_fake))):
        raise Wrong("the sign is flipped: a loss is minimised, so use the cross-entropy, not its negative.")
    raise Wrong(
        f"on D(real) around 0.75 and D(fake) around 0.25 it gives {got:.4f}; binary cross-entropy "
        f"with real labelled 1 and fake 0, the two halves added, gives {right:.4f}."
    )


@exercise("01.2", "g_loss(d_on_fake)", course=lambda: course_g_loss)
def judge_g_loss(g_loss):
    if not callable(g_loss):
        raise Wrong(f"g_loss should be a function of d_on_fake, not a {type(g_loss).__name__}.")
    _, d_fake = _probabilities()
    got = _number(g_loss(d_fake.copy()), "g_loss")
    right = _bce(1, d_fake)  # -mean log D(G(z))
    if _close(got, right):
        return
    saturating = float(np.mean(np.log(1 - np.clip(d_fake, EPS, 1 - EPS))))
    if _close(got, saturating):
        raise Wrong(
            "this is the saturating loss, mean log(1 - D(G(z))): when D rejects the fakes its gradient "
            "vanishes. The non-saturating form asks D to call the fakes real."
        )
    if _close(got, _bce(0, d_fake)):
        raise Wrong("G is scored with the label 'fake': G wants D to call its samples real (label 1).")
    if _close(got, -right):
        raise Wrong("the sign is flipped: G minimises -log D(G(z)), which is the cross-entropy itself.")
    raise Wrong(f"on D(G(z)) around 0.25 it gives {got:.4f}; -mean log D(G(z)) gives {right:.4f}.")


def _tiny_gan(train_step):
    """A tiny compiled GAN of the course (helpers.gan.GAN) with the student's training step."""
    import types

    import keras

    from ..gan import GAN

    keras.utils.set_random_seed(0)
    g = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    d = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    gan = GAN(g, d, 2, seed=0)
    gan.compile(d_optimizer=keras.optimizers.SGD(0.1), g_optimizer=keras.optimizers.SGD(0.1))
    gan.train_step = types.MethodType(train_step, gan)
    return gan


@exercise(
    "01.3", "train_step(self, real)", course=lambda: __import__("helpers.gan", fromlist=["train_step"]).train_step
)
def judge_train_step(train_step):
    import tensorflow as tf

    from ..gan import train_step as course_step

    if not callable(train_step):
        raise Wrong(f"train_step should be a function of (self, real), not a {type(train_step).__name__}.")
    real = tf.constant(np.random.default_rng(2).normal(size=(4, 3)), "float32")
    theirs, ours = _tiny_gan(train_step), _tiny_gan(course_step)
    before_d, before_g = (
        [w.numpy() for w in theirs.discriminator.weights],
        [w.numpy() for w in theirs.generator.weights],
    )
    logs = theirs.train_step(real)
    ours.train_step(real)
    if not isinstance(logs, dict) or "d_loss" not in logs or "g_loss" not in logs:
        raise Wrong("train_step should return the epoch's numbers, self.record(d_loss, g_loss, d_real, d_fake).")

    def moved(before, model):
        return any(not np.allclose(b, w.numpy()) for b, w in zip(before, model.weights))

    if not moved(before_d, theirs.discriminator):
        raise Wrong("D's weights did not change: step 2 must apply D's gradients with self.d_optimizer.")
    if not moved(before_g, theirs.generator):
        raise Wrong("G's weights did not change: step 3 must apply G's gradients with self.g_optimizer.")
    d_same = all(
        np.allclose(a.numpy(), b.numpy(), atol=1e-5)
        for a, b in zip(theirs.discriminator.weights, ours.discriminator.weights)
    )
    g_same = all(
        np.allclose(a.numpy(), b.numpy(), atol=1e-5) for a, b in zip(theirs.generator.weights, ours.generator.weights)
    )
    if d_same and g_same:
        return
    if not d_same:
        raise Wrong(
            "D's weights end up elsewhere than one step on its own loss would take them: are D's gradients "
            "taken only from D's loss (real labelled 1, fakes 0), and is D changed only by self.d_optimizer "
            "(not also in the G step)?"
        )
    raise Wrong(
        "G's weights end up elsewhere than one step on the non-saturating loss would take them: are G's "
        "gradients taken from -log D(G(z)) on fresh latent vectors, through the updated D, and applied "
        "to G's weights only?"
    )
