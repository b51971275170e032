"""Notebook 01's training against the program it is taught from: seed 001's PyTorch loop.

Both sides: the same 1,000 spiral points, the same networks (20 -> 50 ReLU -> 3 linear; 3 -> 50
ReLU -> 1 sigmoid), the same initial weights (the Keras ones, copied into PyTorch), Adam 1e-3,
batches of 25 shuffled every epoch, one D update and one G update per batch (G on fresh
latents), 500 epochs. The PyTorch side is the seed's program as printed (DataLoader, BCELoss,
D's loss back-propagated through G as well, zero_grad before each step), with the linear output
layer notebook 01 settles on. The course's side is exactly what notebook 01 runs:
``helpers.TrainingRun`` and ``gan.fit()`` with the notebook's callbacks (the compiled
train_step, one compiled call per epoch; ``run.checkpoint``, ``helpers.HealthMonitor`` and
``helpers.LiveView``), timed from building the run to the end of ``fit()``, twice: in this
script, and where students run it, in a notebook cell executed by a Jupyter kernel (nbclient)
with the training view updating in place, after the same 30-epoch sigmoid training notebook 01
runs first.

Each side runs ``--repeats`` times, alternating, and the median is reported, with D(real) and
D(fake) after training (1,000 fresh fakes) so a faster run that learns less would be visible.
Needs PyTorch: ``pip install -r benchmarks/requirements.txt``.
"""

import argparse
import io
import json
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

import keras
import numpy as np

import helpers  # noqa: F401  (quiet TensorFlow start-up)
from helpers.gan import GAN

LATENT, HIDDEN, BATCH, LR = 20, 50, 25, 1e-3


def dense(units, act):
    return keras.layers.Dense(
        units, activation=act, kernel_initializer="glorot_normal", bias_initializer=keras.initializers.Constant(0.001)
    )


def build(seed, output="linear"):
    helpers.set_seed(seed)
    g = keras.Sequential([keras.Input((LATENT,)), dense(HIDDEN, "relu"), dense(3, output)])
    d = keras.Sequential([keras.Input((3,)), dense(HIDDEN, "relu"), dense(1, "sigmoid")])
    return g, d


def course_way(x, epochs, seed):
    g, d = build(seed)
    gan = GAN(g, d, LATENT, seed=seed)
    gan.compile(d_optimizer=keras.optimizers.Adam(LR), g_optimizer=keras.optimizers.Adam(LR))
    folder = tempfile.mkdtemp()
    try:
        start = time.perf_counter()
        with redirect_stdout(io.StringIO()):  # the log lines
            run = helpers.TrainingRun(
                gan, x, epochs=epochs, batch_size=BATCH, folder=Path(folder) / "linear", seed=seed
            )
            gan.fit(
                run.dataset,
                epochs=epochs,
                initial_epoch=run.epoch,
                steps_per_epoch=run.steps,
                verbose=0,
                callbacks=[run.checkpoint, helpers.HealthMonitor(run), helpers.LiveView(run, log_every=50)],
            )
        seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    z = np.random.default_rng(1).standard_normal((1000, LATENT)).astype("float32")
    fake = g.predict(z, verbose=0)
    return seconds, float(d.predict(x, verbose=0).mean()), float(d.predict(fake, verbose=0).mean())


KERNEL_CELLS = [
    """import json, tempfile, time
import sys
from pathlib import Path
sys.path.insert(0, {bench!r})
import helpers, numpy as np
from bench_01_mlp_gan import build
from helpers.gan import GAN
import keras
x, _ = helpers.make_spiral(1000, seed={seed})
x = x.astype("float32")


def make(seed, output="linear"):
    g, d = build(seed, output)
    gan = GAN(g, d, {latent}, seed=seed)
    gan.compile(d_optimizer=keras.optimizers.Adam({lr}), g_optimizer=keras.optimizers.Adam({lr}))
    return gan, g, d
""",
    # notebook 01 trains the sigmoid generator first, in the same kernel, with the same callbacks
    """sigmoid_gan = make({seed}, "sigmoid")[0]
folder = Path(tempfile.mkdtemp()) / "sigmoid"
run = helpers.TrainingRun(sigmoid_gan, x, epochs=30, batch_size={batch}, folder=folder, seed={seed})
sigmoid_gan.fit(
    run.dataset,
    epochs=30,
    initial_epoch=run.epoch,
    steps_per_epoch=run.steps,
    verbose=0,
    callbacks=[run.checkpoint, helpers.HealthMonitor(run), helpers.LiveView(run)],
)""",
    """gan, g, d = make({seed})
folder = Path(tempfile.mkdtemp()) / "linear"
start = time.perf_counter()
run = helpers.TrainingRun(gan, x, epochs={epochs}, batch_size={batch}, folder=folder, seed={seed})
gan.fit(
    run.dataset,
    epochs={epochs},
    initial_epoch=run.epoch,
    steps_per_epoch=run.steps,
    verbose=0,
    callbacks=[run.checkpoint, helpers.HealthMonitor(run), helpers.LiveView(run, log_every=50)],
)
seconds = time.perf_counter() - start
fake = g.predict(np.random.default_rng(1).standard_normal((1000, {latent})).astype("float32"), verbose=0)
d_real, d_fake = float(d.predict(x, verbose=0).mean()), float(d.predict(fake, verbose=0).mean())
print("RESULT", json.dumps([seconds, d_real, d_fake]))""",
]


def kernel_way(x, epochs, seed):
    """The course's side in a notebook kernel, as a student runs it (see the module's docstring)."""
    import nbformat
    from nbclient import NotebookClient

    values = dict(
        bench=str(Path(__file__).resolve().parent), seed=seed, latent=LATENT, lr=LR, batch=BATCH, epochs=epochs
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c.format(**values)) for c in KERNEL_CELLS])
    NotebookClient(nb, timeout=1800, kernel_name="python3").execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    return tuple(json.loads(text.split("RESULT ", 1)[1].splitlines()[0]))


def seed_way(x, epochs, seed, torch):
    """Seed 001's training loop, as printed, with the same starting weights as the course's side."""
    from torch import nn

    g_keras, d_keras = build(seed)
    torch.manual_seed(seed)

    def copy(keras_model, torch_model):
        linears = [m for m in torch_model if isinstance(m, nn.Linear)]
        for layer, linear in zip([k for k in keras_model.layers if k.weights], linears):
            kernel, bias = layer.get_weights()
            linear.weight.data = torch.tensor(kernel.T.copy())
            linear.bias.data = torch.tensor(bias.copy())

    G = nn.Sequential(nn.Linear(LATENT, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 3))
    D = nn.Sequential(nn.Linear(3, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 1), nn.Sigmoid())
    copy(g_keras, G)
    copy(d_keras, D)
    G_optim, D_optim = torch.optim.Adam(G.parameters(), lr=LR), torch.optim.Adam(D.parameters(), lr=LR)
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.tensor(x)), batch_size=BATCH, shuffle=True
    )
    ones, zeros = torch.ones(BATCH, 1), torch.zeros(BATCH, 1)
    bce = nn.BCELoss()
    start = time.perf_counter()
    for _ in range(epochs):
        for (batch_x,) in loader:
            z = torch.randn(BATCH, LATENT)
            D_loss = bce(D(batch_x), ones) + bce(D(G(z)), zeros)
            D_optim.zero_grad()
            D_loss.backward()
            D_optim.step()
            z = torch.randn(BATCH, LATENT)
            G_loss = bce(D(G(z)), ones)
            G_optim.zero_grad()
            G_loss.backward()
            G_optim.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        z = torch.tensor(np.random.default_rng(1).standard_normal((1000, LATENT)).astype("float32"))
        return seconds, float(D(torch.tensor(x)).mean()), float(D(G(z)).mean())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    try:
        import torch
    except ImportError:
        sys.exit(
            "This benchmark compares against seed 001's PyTorch program, and PyTorch is not installed: "
            "run  pip install -r benchmarks/requirements.txt  (the CPU build is enough)."
        )
    x, _ = helpers.make_spiral(1000, seed=args.seed)
    x = x.astype("float32")
    print(
        f"PyTorch {torch.__version__} ({torch.get_num_threads()} threads), "
        f"TensorFlow/Keras {keras.__version__}; {args.epochs} epochs of {len(x) // BATCH} batches of {BATCH}"
    )
    ways = {
        "seed 001's PyTorch program": lambda: seed_way(x, args.epochs, args.seed, torch),
        "notebook 01, script": lambda: course_way(x, args.epochs, args.seed),
        "notebook 01, kernel": lambda: kernel_way(x, args.epochs, args.seed),
    }
    runs = {name: [] for name in ways}
    for r in range(args.repeats):
        for name, way in ways.items():
            result = way()
            runs[name].append(result)
            print(
                f"  run {r + 1} {name:<32} {result[0]:6.1f} s  D(real) {result[1]:.3f}  D(fake) {result[2]:.3f}",
                flush=True,
            )
    medians = {}
    for name, results in runs.items():
        medians[name] = statistics.median(r[0] for r in results)
        print(
            f"{name:<34} median {medians[name]:6.1f} s  ({medians[name] / args.epochs * 1000:5.1f} ms/epoch)  "
            f"D(real) {statistics.median(r[1] for r in results):.3f}  "
            f"D(fake) {statistics.median(r[2] for r in results):.3f}"
        )
    seed_s, script_s, kernel_s = medians.values()
    seed_runs, script_runs, kernel_runs = runs.values()
    for name, course_s, course_runs in [("script", script_s, script_runs), ("kernel", kernel_s, kernel_runs)]:
        print(
            f"notebook 01 ({name}) is {seed_s / course_s:.1f}x as fast as seed 001's program (ratio of "
            f"medians; per run: {', '.join(f'{a[0] / b[0]:.1f}x' for a, b in zip(seed_runs, course_runs))})"
        )
    print(f"kernel / script: {kernel_s / script_s:.2f} (ratio of medians)")


if __name__ == "__main__":
    main()
