"""How often is the training-health monitor right, on runs its thresholds were not tuned on?

Its thresholds were set while looking at notebook 03's Fashion-MNIST runs. Here it watches fresh
runs of notebook 01's spiral GAN, with other seeds, in four situations whose right answer is known
by construction:

* healthy:   notebook 01's setup (linear output, Adam 1e-3 for both): no warning is right;
* sigmoid:   a sigmoid output on standardised data (notebook 01's first attempt), fakes trapped in
             the unit cube: "the discriminator wins" is right;
* strong_d:  the generator's learning rate set to 0 while D learns at 1e-2: "D wins" is right;
* collapse:  a generator whose first layer multiplies z by zero (not trainable), so every sample is
             the same point: "collapse" is right.

    python benchmarks/health_monitor_check.py            # seeds 100-104, 60 epochs each (~4 min on 2 cores)
    python benchmarks/health_monitor_check.py --seeds 3 --epochs 40

A problem run counts as right when the expected warning is among those given (a second, also
true warning is listed: a generator stuck in one point is also beaten by D, and a sigmoid's
samples trapped in a corner of the unit cube are also nearly alike); a healthy run only when no
warning is given. Prints one line per run and a table. The test suite runs one seed of each
(tests/test_health_unseen.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keras  # noqa: E402

import helpers  # noqa: E402
from helpers.gan import GAN  # noqa: E402

EXPECTED = {"healthy": set(), "sigmoid": {"d_wins"}, "strong_d": {"d_wins"}, "collapse": {"collapse"}}


def spiral_gan(kind: str, seed: int) -> GAN:
    helpers.set_seed(seed)

    def dense(units, act, **kw):
        return keras.layers.Dense(
            units,
            activation=act,
            kernel_initializer="glorot_normal",
            bias_initializer=keras.initializers.Constant(0.001),
            **kw,
        )

    first = dense(50, "relu")
    if kind == "collapse":
        first = keras.layers.Dense(
            50,
            activation="relu",
            kernel_initializer="zeros",
            bias_initializer=keras.initializers.RandomNormal(seed=seed),
            trainable=False,
        )
    g = keras.Sequential([keras.Input((20,)), first, dense(3, "sigmoid" if kind == "sigmoid" else "linear")])
    d = keras.Sequential([keras.Input((3,)), dense(50, "relu"), dense(1, "sigmoid")])
    gan = GAN(g, d, 20, seed=seed)
    d_lr, g_lr = (1e-2, 0.0) if kind == "strong_d" else (1e-3, 1e-3)
    gan.compile(d_optimizer=keras.optimizers.Adam(d_lr), g_optimizer=keras.optimizers.Adam(g_lr))
    return gan


def verdict(kind: str, seed: int, epochs: int) -> set[str]:
    """The kinds of warning the monitor (``helpers.HealthMonitor`` of a ``TrainingRun``, as the
    notebooks use it) gave on one fresh run."""
    x, _ = helpers.make_spiral(1000, seed=seed)
    with tempfile.TemporaryDirectory() as folder:
        import contextlib
        import io

        gan = spiral_gan(kind, seed)
        with contextlib.redirect_stdout(io.StringIO()):
            run = helpers.TrainingRun(gan, x, epochs=epochs, batch_size=25, folder=Path(folder) / "ckpt", seed=seed)
            run.checkpoint.every_seconds = 1e9  # saved once, after the last epoch
            monitor = helpers.HealthMonitor(run)
            gan.fit(
                run.dataset,
                epochs=epochs,
                initial_epoch=run.epoch,
                steps_per_epoch=run.steps,
                verbose=0,
                callbacks=[run.checkpoint, monitor],
            )
    return {w.split(":")[0] for w in monitor.warnings}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=60)
    args = parser.parse_args(argv)
    right = {kind: 0 for kind in EXPECTED}
    for kind, expected in EXPECTED.items():
        for seed in range(100, 100 + args.seeds):
            said = verdict(kind, seed, args.epochs)
            ok = expected <= said if expected else not said
            right[kind] += ok
            extra = sorted(said - expected)
            print(
                f"{kind:<9} seed {seed}: monitor said {sorted(said) or 'nothing'}; "
                f"{'right' if ok else 'WRONG'} (expected {sorted(expected) or 'nothing'})"
                + (f"; also {extra}" if extra and ok else ""),
                flush=True,
            )
    print(f"\n{'situation':<10}{'right':>8}")
    for kind, n in right.items():
        print(f"{kind:<10}{n:>5} / {args.seeds}")
    total = sum(right.values())
    print(f"{'all':<10}{total:>5} / {args.seeds * len(EXPECTED)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
