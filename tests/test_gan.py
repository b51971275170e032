"""The GAN training step: it trains both players, leaves D alone in G's step, and repeats."""

import keras
import numpy as np

import helpers
from helpers.gan import GAN


def tiny_gan(seed=0, latent=4):
    helpers.set_seed(seed)
    g = keras.Sequential([keras.Input((latent,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(3)])
    d = keras.Sequential([keras.Input((3,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
    gan = GAN(g, d, latent, seed=seed)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3), g_optimizer=keras.optimizers.Adam(1e-3))
    return gan


def train(gan, epochs=3, seed=0):
    x, _ = helpers.make_spiral(100, seed=seed)
    return gan.fit(helpers.epoch_batches(x, 10, seed=seed), epochs=epochs, steps_per_epoch=10, verbose=0)


def test_reports_the_five_numbers_per_epoch():
    h = train(tiny_gan()).history
    assert set(h) == {"d_loss", "g_loss", "d_real", "d_fake", "d_acc"}
    assert all(len(v) == 3 and np.all(np.isfinite(v)) for v in h.values())
    assert all(0 <= v <= 1 for key in ("d_real", "d_fake", "d_acc") for v in h[key])


def test_both_players_learn():
    gan = tiny_gan()
    before_g = [w.copy() for w in gan.generator.get_weights()]
    before_d = [w.copy() for w in gan.discriminator.get_weights()]
    train(gan, epochs=1)
    assert all(not np.array_equal(a, b) for a, b in zip(before_g, gan.generator.get_weights()))
    assert all(not np.array_equal(a, b) for a, b in zip(before_d, gan.discriminator.get_weights()))


def test_generator_step_leaves_discriminator_unchanged():
    """Only the D optimiser may move D: the G step alone must not change D's weights."""
    import tensorflow as tf

    gan = tiny_gan()
    d_before = [w.copy() for w in gan.discriminator.get_weights()]
    z = tf.random.normal((10, gan.latent_dim))
    with tf.GradientTape() as tape:
        loss = gan.bce(tf.ones((10, 1)), gan.discriminator(gan.generator(z)))
    g_vars = gan.generator.trainable_weights
    gan.g_optimizer.apply_gradients(zip(tape.gradient(loss, g_vars), g_vars))
    for a, b in zip(d_before, gan.discriminator.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_same_seed_same_losses():
    a = train(tiny_gan(seed=1), seed=1).history
    b = train(tiny_gan(seed=1), seed=1).history
    c = train(tiny_gan(seed=2), seed=2).history
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])
    assert a["g_loss"] != c["g_loss"]


def test_mlp_spiral_gan_moves_towards_balance():
    """A short real run of notebook 01's setup: D's outputs must stay away from 0 and 1."""
    helpers.set_seed(0)
    x, _ = helpers.make_spiral(1000, seed=0)

    def dense(units, act):
        return keras.layers.Dense(units, activation=act, kernel_initializer="glorot_normal",
                                  bias_initializer=keras.initializers.Constant(0.001))

    g = keras.Sequential([keras.Input((20,)), dense(50, "relu"), dense(3, "linear")])
    d = keras.Sequential([keras.Input((3,)), dense(50, "relu"), dense(1, "sigmoid")])
    gan = GAN(g, d, 20, seed=0)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3), g_optimizer=keras.optimizers.Adam(1e-3))
    h = gan.fit(helpers.epoch_batches(x, 25, seed=0), epochs=15, steps_per_epoch=40, verbose=0).history
    assert 0.3 < h["d_real"][-1] < 0.7 and 0.3 < h["d_fake"][-1] < 0.7
