"""Notebook 02's training against the seed's own Keras program, for equal work.

The seed's program (seed 000), per iteration: draw real 7s at random, make as many fakes with
``generator.predict``, ``discriminator.train_on_batch`` on both, then ``gan.train_on_batch`` on a
stacked generator + discriminator model with the fakes labelled real. Under Keras 3 that recipe
only trains the discriminator if its ``trainable`` flag is switched on before its own update and
off before the stacked update, which this baseline does (and checks).

Equal work on both sides: the same networks and initial weights, Adam 2e-4 / 0.5, and per
iteration D on 50 real + 50 fake images and G on 50 fresh latents, 125 iterations per epoch
(6,265 sevens // 50). The seed itself trains G on 100 latents per iteration and runs 62
iterations of 50 + 50 per epoch; notebook 02 says so. The course's side is what notebook 02 runs:
``helpers.TrainingRun`` and ``gan.fit()`` with the notebook's callbacks (the compiled train_step,
one compiled call per epoch; ``run.checkpoint``, ``helpers.HealthMonitor``, ``helpers.SampleGrid``
and ``helpers.LiveView``), timed from building the run to the end of ``fit()``.

Quality on both sides: after training, 1,000 generated digits are labelled by a classifier
trained on real MNIST digits (the course's quality judge); the share labelled "7" is printed.
"""

import argparse
import io
import os
import shutil
import tempfile
import time
import warnings
from contextlib import redirect_stdout
from pathlib import Path

import keras
import numpy as np

import helpers  # noqa: F401  (quiet TensorFlow start-up)
from helpers.gan import GAN
from helpers.models import build_digit_discriminator, build_digit_generator
from helpers.quality import classifier

LATENT, BATCH, SEED = 10, 50, 0


def adam():
    return keras.optimizers.Adam(2e-4, beta_1=0.5)


def course_way(x, epochs):
    helpers.set_seed(SEED)
    gan = GAN(build_digit_generator(LATENT), build_digit_discriminator(), LATENT, seed=SEED)
    gan.compile(d_optimizer=adam(), g_optimizer=adam())
    before = gan.discriminator.get_weights()[0].copy()
    folder = tempfile.mkdtemp()
    try:
        start = time.perf_counter()
        with redirect_stdout(io.StringIO()):
            run = helpers.TrainingRun(
                gan, x, epochs=epochs, batch_size=BATCH, folder=Path(folder) / "digit7", seed=SEED
            )
            gan.fit(
                run.dataset,
                epochs=epochs,
                initial_epoch=run.epoch,
                steps_per_epoch=run.steps,
                verbose=0,
                callbacks=[
                    run.checkpoint,
                    helpers.HealthMonitor(run),
                    helpers.SampleGrid(run, every=10, first=True),
                    helpers.LiveView(run),
                ],
            )
        seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return seconds, gan.generator, not np.array_equal(before, gan.discriminator.get_weights()[0])


def seed_way(x, epochs):
    helpers.set_seed(SEED)
    g, d = build_digit_generator(LATENT), build_digit_discriminator()
    d.compile(loss="binary_crossentropy", optimizer=adam())
    d.trainable = False
    gan = keras.Sequential([g, d])
    gan.compile(loss="binary_crossentropy", optimizer=adam())
    rng = np.random.default_rng(SEED)
    steps = len(x) // BATCH
    y = np.vstack([np.ones((BATCH, 1)), np.zeros((BATCH, 1))])
    before = d.get_weights()[0].copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        for _ in range(epochs):
            for _ in range(steps):
                real = x[rng.integers(0, len(x), BATCH)]
                fake = g.predict(rng.standard_normal((BATCH, LATENT)), verbose=0)
                d.trainable = True  # Keras 3: switch on for D's own update ...
                d.train_on_batch(np.vstack([real, fake]), y)
                d.trainable = False  # ... and off for the stacked G update
                gan.train_on_batch(rng.standard_normal((BATCH, LATENT)), np.ones((BATCH, 1)))
        seconds = time.perf_counter() - start
    return seconds, g, not np.array_equal(before, d.get_weights()[0])


def share_of_sevens(classifier, generator, n=1000):
    z = np.random.default_rng(1).standard_normal((n, LATENT)).astype("float32")
    images = generator.predict(z, verbose=0)
    return float(np.mean(classifier.predict(images, verbose=0).argmax(1) == 7))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=5, help="training epochs per side")
    parser.add_argument("--limit", type=int, default=None, help="use at most this many 7s")
    args = parser.parse_args()
    os.environ.setdefault("GAN_COURSE_DATA", str(Path(__file__).resolve().parents[2] / "shared" / "datasets"))
    out = Path(os.environ.get("GAN_COURSE_OUTPUT", "outputs")) / "benchmarks"
    x, _ = helpers.load_images("mnist", classes=7, limit=args.limit)
    judge = classifier("mnist", out, epochs=2, seed=42)  # trained once, then cached
    steps = len(x) // BATCH
    print(f"{args.epochs} epochs of {steps} iterations: D on {BATCH} real + {BATCH} fake, G on {BATCH} latents")
    results = {}
    for name, fn in [
        ("seed's program: predict + train_on_batch x2", seed_way),
        ("notebook 02 (TrainingRun + fit)", course_way),
    ]:
        seconds, generator, d_trained = fn(x, args.epochs)
        results[name] = seconds
        print(
            f"{name:<45} {seconds:6.1f} s  {seconds / (args.epochs * steps) * 1000:6.1f} ms/iteration  "
            f"judged 7: {share_of_sevens(judge, generator):.0%}  (D trained: {d_trained})",
            flush=True,
        )
    base, ours = results.values()
    print(f"notebook 02 is {base / ours:.1f}x as fast as the seed's program for equal work")


if __name__ == "__main__":
    main()
