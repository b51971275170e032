"""The GAN training step: it trains both players, leaves D alone in G's step, and repeats."""

import keras
import numpy as np

import helpers
from helpers.data import epoch_batches
from helpers.gan import GAN


def train(gan, epochs=3, seed=0):
    x, _ = helpers.make_spiral(100, seed=seed)
    return gan.fit(epoch_batches(x, 10, seed=seed), epochs=epochs, steps_per_epoch=10, verbose=0)


def test_reports_its_numbers_per_epoch(tiny_gan):
    h = train(tiny_gan()).history
    assert set(h) == {"d_loss", "g_loss", "d_real", "d_fake", "acc_real", "acc_fake", "d_acc"}
    assert all(len(v) == 3 and np.all(np.isfinite(v)) for v in h.values())
    assert all(0 <= v <= 1 for key in ("d_real", "d_fake", "acc_real", "acc_fake", "d_acc") for v in h[key])
    # one measure of D's accuracy: the overall figure is the mean of its two halves
    np.testing.assert_allclose(h["d_acc"], (np.array(h["acc_real"]) + np.array(h["acc_fake"])) / 2, atol=1e-6)


def test_accuracy_is_measured_on_the_batches_d_trains_on(tiny_gan):
    """acc_real / acc_fake are D's verdicts (threshold 0.5) on the step's own real and fake
    batches, before its update: a D that says 0.9 to everything is right on all real, no fake."""
    import tensorflow as tf

    gan = tiny_gan()
    last = gan.discriminator.layers[-1]
    last.kernel.assign(np.zeros(last.kernel.shape, "float32"))
    last.bias.assign(np.full(last.bias.shape, np.log(9.0), "float32"))  # sigmoid -> 0.9
    gan.d_optimizer.learning_rate.assign(0.0)
    logs = gan.train_step(tf.constant(np.zeros((10, 3), "float32")))
    assert float(logs["acc_real"]) == 1.0 and float(logs["acc_fake"]) == 0.0
    np.testing.assert_allclose(float(logs["d_real"]), 0.9, atol=1e-5)


def test_both_players_learn(tiny_gan):
    gan = tiny_gan()
    before_g = [w.copy() for w in gan.generator.get_weights()]
    before_d = [w.copy() for w in gan.discriminator.get_weights()]
    train(gan, epochs=1)
    assert all(not np.array_equal(a, b) for a, b in zip(before_g, gan.generator.get_weights()))
    assert all(not np.array_equal(a, b) for a, b in zip(before_d, gan.discriminator.get_weights()))


def test_generator_step_leaves_discriminator_unchanged():
    """The real GAN.train_step: D's trainable weights after the whole step are exactly what D's
    own update made of them, so the generator's update (step 3) did not move them. Batch
    normalisation statistics in D are not trainable weights: they DO move in step 3, because D
    runs in training mode there (that is expected, and shown here)."""
    import tensorflow as tf

    helpers.set_seed(0)
    g = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(3)])
    bn = keras.layers.BatchNormalization()
    d = keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(8), bn, keras.layers.ReLU(), keras.layers.Dense(1, activation="sigmoid")]
    )
    gan = GAN(g, d, 4, seed=0)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-2), g_optimizer=keras.optimizers.Adam(1e-2))
    after_d_update = {}
    apply = gan.d_optimizer.apply_gradients

    def spy(grads_and_vars):  # called once per step, right after D's gradients are computed
        result = apply(grads_and_vars)
        after_d_update["trainable"] = [w.numpy().copy() for w in d.trainable_weights]
        after_d_update["bn_mean"] = bn.moving_mean.numpy().copy()
        return result

    gan.d_optimizer.apply_gradients = spy
    d_start = [w.numpy().copy() for w in d.trainable_weights]
    g_start = [w.numpy().copy() for w in g.trainable_weights]
    x, _ = helpers.make_spiral(20, seed=0)
    gan.train_step(tf.constant(x))  # eagerly, so the spy sees the values between the steps
    assert any(not np.array_equal(a, b) for a, b in zip(d_start, after_d_update["trainable"])), "D learned"
    assert any(not np.array_equal(a, w.numpy()) for a, w in zip(g_start, g.trainable_weights)), "G learned"
    for a, w in zip(after_d_update["trainable"], d.trainable_weights):
        np.testing.assert_array_equal(a, w.numpy())  # G's step left D's weights alone
    assert not np.array_equal(after_d_update["bn_mean"], bn.moving_mean.numpy())  # BN statistics moved


def test_mlp_spiral_gan_moves_towards_balance():
    """A short real run of notebook 01's setup: D's outputs must stay away from 0 and 1."""
    helpers.set_seed(0)
    x, _ = helpers.make_spiral(1000, seed=0)

    def dense(units, act):
        return keras.layers.Dense(
            units,
            activation=act,
            kernel_initializer="glorot_normal",
            bias_initializer=keras.initializers.Constant(0.001),
        )

    g = keras.Sequential([keras.Input((20,)), dense(50, "relu"), dense(3, "linear")])
    d = keras.Sequential([keras.Input((3,)), dense(50, "relu"), dense(1, "sigmoid")])
    gan = GAN(g, d, 20, seed=0)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3), g_optimizer=keras.optimizers.Adam(1e-3))
    h = gan.fit(epoch_batches(x, 25, seed=0), epochs=15, steps_per_epoch=40, verbose=0).history
    assert 0.3 < h["d_real"][-1] < 0.7 and 0.3 < h["d_fake"][-1] < 0.7
