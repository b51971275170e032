"""Notebook 01's training (fit + compiled train_step) against a per-batch eager loop.

Same spiral, same networks, same initial weights, same batch size, learning rate and epochs.
Prints the seconds of each, the speed-up ratio, and D(real)/D(fake) after training so that
the speed-up is shown to come at the same balance of the game.
"""

import argparse
import time

import helpers  # noqa: F401  (quiet TensorFlow start-up)
import keras
import numpy as np
import tensorflow as tf

from helpers.gan import GAN

LATENT, HIDDEN, BATCH, LR = 20, 50, 25, 1e-3


def dense(units, act):
    return keras.layers.Dense(units, activation=act, kernel_initializer="glorot_normal",
                              bias_initializer=keras.initializers.Constant(0.001))


def build(seed):
    helpers.set_seed(seed)
    g = keras.Sequential([keras.Input((LATENT,)), dense(HIDDEN, "relu"), dense(3, "linear")])
    d = keras.Sequential([keras.Input((3,)), dense(HIDDEN, "relu"), dense(1, "sigmoid")])
    return g, d


def balance(g, d, x):
    fake = g.predict(np.random.default_rng(1).standard_normal((1000, LATENT)), verbose=0)
    return float(d.predict(x, verbose=0).mean()), float(d.predict(fake, verbose=0).mean())


def course_way(x, epochs, seed):
    g, d = build(seed)
    gan = GAN(g, d, LATENT, seed=seed)
    gan.compile(d_optimizer=keras.optimizers.Adam(LR), g_optimizer=keras.optimizers.Adam(LR))
    start = time.perf_counter()
    gan.fit(helpers.epoch_batches(x, BATCH, seed=seed), epochs=epochs,
            steps_per_epoch=len(x) // BATCH, verbose=0)
    return time.perf_counter() - start, balance(g, d, x)


def eager_way(x, epochs, seed):
    """The seed's loop: for every batch, one D update and one G update, run eagerly."""
    g, d = build(seed)
    d_opt, g_opt = keras.optimizers.Adam(LR), keras.optimizers.Adam(LR)
    bce = keras.losses.BinaryCrossentropy()
    rng = np.random.default_rng(seed)
    ones, zeros = tf.ones((BATCH, 1)), tf.zeros((BATCH, 1))
    start = time.perf_counter()
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for i in range(len(x) // BATCH):
            real = tf.constant(x[order[i * BATCH:(i + 1) * BATCH]])
            fake = g(tf.random.normal((BATCH, LATENT)), training=True)
            with tf.GradientTape() as tape:
                d_loss = bce(ones, d(real, training=True)) + bce(zeros, d(fake, training=True))
            d_opt.apply_gradients(zip(tape.gradient(d_loss, d.trainable_weights), d.trainable_weights))
            with tf.GradientTape() as tape:
                g_loss = bce(ones, d(g(tf.random.normal((BATCH, LATENT)), training=True), training=True))
            g_opt.apply_gradients(zip(tape.gradient(g_loss, g.trainable_weights), g.trainable_weights))
    return time.perf_counter() - start, balance(g, d, x)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    x, _ = helpers.make_spiral(1000, seed=args.seed)
    rows = []
    for name, fn in [("eager per-batch loop (baseline)", eager_way), ("fit + train_step (notebook 01)", course_way)]:
        seconds, (d_real, d_fake) = fn(x, args.epochs, args.seed)
        rows.append(seconds)
        print(f"{name:<34} {seconds:8.1f} s  {seconds / args.epochs * 1000:7.1f} ms/epoch  "
              f"D(real) {d_real:.3f}  D(fake) {d_fake:.3f}", flush=True)
    print(f"speed-up: {rows[0] / rows[1]:.1f}x over {args.epochs} epochs of 40 batches")


if __name__ == "__main__":
    main()
