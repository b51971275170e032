"""Notebook 02's training (fit + compiled train_step) against the seed's Keras-2 style loop.

The seed's way, per iteration: draw 50 real 7s, make 50 fakes with ``generator.predict``,
``discriminator.train_on_batch`` on the 100, then ``gan.train_on_batch`` on a stacked
generator + discriminator model with the fakes labelled real. Under Keras 3 that recipe only
trains the discriminator if its ``trainable`` flag is switched on before its own update and
off before the stacked update, which this baseline does (and checks).
Both sides: the same 6,265 sevens (or --limit), the same networks and optimisers, 125
iterations of 50 real + 50 fake per epoch. The first epoch (tracing, warm-up) is not timed.
"""

import argparse
import os
import time
import warnings

import helpers  # noqa: F401  (quiet TensorFlow start-up)
import keras
import numpy as np

from helpers.gan import GAN
from helpers.models import build_digit_discriminator, build_digit_generator

LATENT, BATCH = 10, 50


def adam():
    return keras.optimizers.Adam(2e-4, beta_1=0.5)


def course_way(x, epochs):
    helpers.set_seed(0)
    gan = GAN(build_digit_generator(LATENT), build_digit_discriminator(), LATENT, seed=0)
    gan.compile(d_optimizer=adam(), g_optimizer=adam())
    data = helpers.epoch_batches(x, BATCH, seed=0)
    steps = len(x) // BATCH
    gan.fit(data, epochs=1, steps_per_epoch=steps, verbose=0)  # warm-up
    before = gan.discriminator.get_weights()[0].copy()
    start = time.perf_counter()
    gan.fit(data, initial_epoch=1, epochs=1 + epochs, steps_per_epoch=steps, verbose=0)
    seconds = (time.perf_counter() - start) / epochs
    return seconds, not np.array_equal(before, gan.discriminator.get_weights()[0])


def seed_way(x, epochs):
    helpers.set_seed(0)
    g, d = build_digit_generator(LATENT), build_digit_discriminator()
    d.compile(loss="binary_crossentropy", optimizer=adam())
    d.trainable = False
    gan = keras.Sequential([g, d])
    gan.compile(loss="binary_crossentropy", optimizer=adam())
    rng = np.random.default_rng(0)
    steps = len(x) // BATCH
    y = np.vstack([np.ones((BATCH, 1)), np.zeros((BATCH, 1))])

    def epoch():
        for _ in range(steps):
            real = x[rng.integers(0, len(x), BATCH)]
            fake = g.predict(rng.standard_normal((BATCH, LATENT)), verbose=0)
            d.trainable = True                      # Keras 3: switch on for D's own update ...
            d.train_on_batch(np.vstack([real, fake]), y)
            d.trainable = False                     # ... and off for the stacked G update
            gan.train_on_batch(rng.standard_normal((BATCH, LATENT)), np.ones((BATCH, 1)))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        epoch()  # warm-up
        before = d.get_weights()[0].copy()
        start = time.perf_counter()
        for _ in range(epochs):
            epoch()
        seconds = (time.perf_counter() - start) / epochs
    return seconds, not np.array_equal(before, d.get_weights()[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs per side")
    parser.add_argument("--limit", type=int, default=None, help="use at most this many 7s")
    args = parser.parse_args()
    os.environ.setdefault("GAN_COURSE_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "datasets"))
    x, _ = helpers.load_images("mnist", classes=7, limit=args.limit)
    results = {}
    for name, fn in [("seed's way: predict + train_on_batch x2", seed_way),
                     ("fit + train_step (notebook 02)", course_way)]:
        seconds, d_trained = fn(x, args.epochs)
        results[name] = seconds
        print(f"{name:<42} {seconds:7.2f} s/epoch  {len(x) // BATCH * 2 * BATCH / seconds:7.0f} images/s "
              f"(D trained: {d_trained})", flush=True)
    base, ours = results.values()
    print(f"speed-up: {base / ours:.1f}x per epoch of {len(x) // BATCH} iterations")


if __name__ == "__main__":
    main()
