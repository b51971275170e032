"""What the interactive pieces cost on this CPU.

1. The live training view (``helpers.LiveView(run, show=True)``) against the same training
   without it (``LiveView(run, show=False)``: the log lines and the saved final
   ``live_view.png``, no picture shown, as the previous ``train_gan(live=False)``: what the
   course did before the view existed), on two notebooks' trainings, each ``TrainingRun`` +
   ``gan.fit()`` with ``run.checkpoint`` and ``helpers.HealthMonitor``: notebook 01's MLP GAN
   (500 short epochs: the most redraw chances per second of training) and notebook 02's digit-7
   GAN (with its ``helpers.SampleGrid``; a 25-image grid sampled at every redraw). The view is
   built and redrawn exactly as in a kernel; only the display call is replaced by a no-op (no
   front-end here), so the cost of sending the pictures to a browser is not included.
   Alternating runs, medians, ratio = with view / without.
2. The GAN playground of notebook 01: generator steps per second (1 and 5 D steps per G step),
   milliseconds per frame (decision map, points, arrows, loss curves as PNG), and the play
   button's tick (20 steps + one frame), i.e. how often the picture can change.

    python benchmarks/bench_widgets.py [--repeats 3]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import keras

import helpers

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers.gan import GAN  # noqa: E402
from helpers.models import build_digit_discriminator, build_digit_generator  # noqa: E402
from helpers.playground import GANPlayground  # noqa: E402


def no_display():
    """Stand in for IPython's display so the view builds and redraws as it would in a kernel."""
    import IPython.display

    class Handle:
        def update(self, *args, **kwargs):
            pass

    IPython.display.display = lambda *args, **kwargs: Handle()


def mlp_gan(seed=0):
    helpers.set_seed(seed)
    dense = lambda units, act: keras.layers.Dense(units, activation=act, kernel_initializer="glorot_normal")  # noqa: E731
    g = keras.Sequential([keras.Input((20,)), dense(50, "relu"), dense(3, None)])
    d = keras.Sequential([keras.Input((3,)), dense(50, "relu"), dense(1, "sigmoid")])
    gan = GAN(g, d, 20, seed=seed)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3), g_optimizer=keras.optimizers.Adam(1e-3))
    return gan


def digit_gan(seed=0):
    helpers.set_seed(seed)
    gan = GAN(build_digit_generator(10), build_digit_discriminator(), 10, seed=seed)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5), g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5)
    )
    return gan


def timed_training(make, x, epochs, batch, live, grid=False):
    """Seconds from building the run to the end of ``fit()``; ``live``: the view is shown."""
    import contextlib
    import io

    with tempfile.TemporaryDirectory() as folder:
        gan = make()
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            run = helpers.TrainingRun(gan, x, epochs=epochs, batch_size=batch, folder=Path(folder) / "run")
            view = helpers.LiveView(run, show=live)
            callbacks = [run.checkpoint, helpers.HealthMonitor(run)]
            callbacks += [helpers.SampleGrid(run, every=10)] if grid else []
            gan.fit(
                run.dataset,
                epochs=epochs,
                initial_epoch=run.epoch,
                steps_per_epoch=run.steps,
                verbose=0,
                callbacks=[*callbacks, view],
            )
        seconds = time.perf_counter() - start
        assert view.draws if live else not view.draws, f"live={live}, yet {view.draws} pictures drawn"
        return seconds


def live_view(repeats):
    spiral, _ = helpers.make_spiral(1000, seed=42)
    sevens, _ = helpers.load_images("mnist", classes=7, scale="0_1")
    rows = []
    for name, make, x, epochs, batch, grid in [
        ("01 MLP GAN, 500 epochs", mlp_gan, spiral, 500, 25, False),
        ("02 digit-7 GAN, 3 epochs", digit_gan, sevens, 3, 50, True),
    ]:
        times = {False: [], True: []}
        for _ in range(repeats):
            for live in (False, True):
                times[live].append(timed_training(make, x, epochs, batch, live, grid))
        off, on = statistics.median(times[False]), statistics.median(times[True])
        rows.append((name, off, on))
        print(
            f"{name}: without view {off:.1f} s, with view {on:.1f} s -> x{on / off:.3f} "
            f"(runs without {[f'{t:.1f}' for t in times[False]]}, with {[f'{t:.1f}' for t in times[True]]})",
            flush=True,
        )
    return rows


def playground(repeats):
    p = GANPlayground()
    p.step(5)
    p.png()  # compile and warm up
    for d_steps in (1, 5):
        p.set(d_steps=d_steps)
        rates = []
        for _ in range(repeats):
            start = time.perf_counter()
            p.step(200)
            rates.append(200 / (time.perf_counter() - start))
        print(
            f"playground, {d_steps} D step(s) per G step: {statistics.median(rates):.0f} generator steps/s "
            f"({[f'{r:.0f}' for r in rates]})",
            flush=True,
        )
    p.set(d_steps=1)
    frames, ticks = [], []
    for _ in range(max(repeats, 5)):
        start = time.perf_counter()
        p.png()
        frames.append(time.perf_counter() - start)
        start = time.perf_counter()
        p.step(20)
        p.png()
        ticks.append(time.perf_counter() - start)
    frame, tick = statistics.median(frames), statistics.median(ticks)
    print(
        f"playground frame: {1000 * frame:.0f} ms; tick (20 steps + frame): {1000 * tick:.0f} ms "
        f"= {1 / tick:.1f} pictures/s, {20 / tick:.0f} steps/s while playing",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    no_display()
    playground(args.repeats)
    live_view(args.repeats)


if __name__ == "__main__":
    main()
