"""Notebook 05's DCGAN: seconds per epoch against a plain tf.function training step, and the
arithmetic rate reached against this machine's own measured peak.

1. Peak: a 2048x2048 matmul, a DCGAN-sized 5x5 stride-2 convolution and its transposed
   convolution, in float32 and in bfloat16 (best of three timings).
2. Speed on the cars (CIFAR-10 automobiles, 32x32x3, batch 32, 6,000 images = 187 steps per
   epoch), the same networks and initial weights on every side, ``--steps`` timed steps after a
   warm-up, turned into seconds per epoch:
   * TensorFlow's DCGAN tutorial way: a ``@tf.function`` step with two tapes (one generator pass
     whose fakes train D and G at once) called from a Python loop over a ``tf.data`` pipeline;
   * the course's way in float32: ``fit()`` with the compiled ``GAN.train_step`` (D's update, then
     G's on fresh latents through the updated D), one compiled call per ``--steps`` steps;
   * the course's way in the precision ``best_precision`` below picks on this machine.
   FLOPs per step are counted from the layer shapes (a backward pass costs about two forward
   passes); the tutorial's step does one generator and one discriminator pass less than the
   course's (3 G + 7 D passes' worth per image, against 4 G + 8 D).
3. Quality on every side: each trains ``--quality-epochs`` epochs on the MNIST 7s (28x28) from the
   same start, then 1,000 generated digits are labelled by a classifier trained on real MNIST
   digits; the share labelled "7" is printed, so a faster way that learns less shows.
"""

import argparse
import os
import time
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf
from keras import layers

import helpers  # noqa: F401  (quiet TensorFlow start-up)
from helpers.data import epoch_batches
from helpers.gan import GAN
from helpers.models import build_dcgan_discriminator, build_dcgan_generator
from helpers.quality import classifier

LATENT, BATCH = 100, 32


def _cpu_flags() -> set[str]:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def best_precision() -> tuple[str, str]:
    """(policy, reason) for this machine, without changing anything."""
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        details = tf.config.experimental.get_device_details(gpus[0])
        cc = details.get("compute_capability") or (0, 0)
        name = details.get("device_name", "GPU")
        if tuple(cc) >= (8, 0):
            return "mixed_bfloat16", f"{name} (compute capability {cc[0]}.{cc[1]}) computes in bfloat16 natively"
        return "float32", (
            f"{name} (compute capability {cc[0]}.{cc[1]}) has no fast bfloat16; float16 would need loss scaling"
        )
    flags = _cpu_flags()
    found = sorted(flags & {"avx512_bf16", "amx_bf16"})
    if found:
        return "mixed_bfloat16", f"this CPU has {' and '.join(f.upper() for f in found)} instructions"
    return "float32", "this CPU has no bfloat16 instructions"


def forward_macs(model) -> int:
    """Multiply-accumulates of one forward pass of one image through the conv and dense layers."""
    total = 0
    for layer in model.layers:
        if isinstance(layer, layers.Conv2DTranspose):
            h, w, c_in = layer.input.shape[1:]
            kh, kw = layer.kernel_size
            total += h * w * c_in * kh * kw * layer.filters
        elif isinstance(layer, layers.Conv2D):
            h, w, c_out = layer.output.shape[1:]
            kh, kw = layer.kernel_size
            total += h * w * c_out * kh * kw * layer.input.shape[-1]
        elif isinstance(layer, layers.Dense):
            total += layer.input.shape[-1] * layer.units
    return int(total)


def step_flops(generator, discriminator, way: str) -> int:
    """FLOPs of one training step per real image (1 MAC = 2 FLOPs; a backward pass = 2 forward).
    Course: D step g + 2d forward, 2 x 2d backward; G step g + d forward, d + 2g backward.
    Tutorial: g + 2d forward, 2 x 2d backward for D, d + 2g backward for G."""
    g, d = forward_macs(generator), forward_macs(discriminator)
    passes = (4 * g + 8 * d) if way == "course" else (3 * g + 7 * d)
    return 2 * passes


def peak(dtype) -> dict:
    def rate(fn, flops):
        fn().numpy()
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            for _ in range(5):
                result = fn()
            result.numpy()
            best = min(best, (time.perf_counter() - start) / 5)
        return flops / best / 1e9

    rng = tf.random.Generator.from_seed(0)
    a, b = (tf.cast(rng.normal((2048, 2048)), dtype) for _ in range(2))
    x = tf.cast(rng.normal((32, 16, 16, 128)), dtype)
    k = tf.cast(rng.normal((5, 5, 128, 256)), dtype)
    y = tf.cast(rng.normal((32, 8, 8, 256)), dtype)
    first = lambda t: tf.cast(tf.reshape(t, [-1])[0], tf.float32)  # noqa: E731 (forces the result)
    conv_flops = 2 * 32 * 8 * 8 * 256 * 25 * 128
    return {
        "matmul": rate(tf.function(lambda: first(tf.matmul(a, b))), 2 * 2048**3),
        "conv": rate(tf.function(lambda: first(tf.nn.conv2d(x, k, 2, "SAME"))), conv_flops),
        "conv_transpose": rate(
            tf.function(lambda: first(tf.nn.conv2d_transpose(y, k, (32, 16, 16, 128), 2, "SAME"))), conv_flops
        ),
    }


def build(shape, policy):
    keras.mixed_precision.set_global_policy(policy)
    helpers.set_seed(0)
    return build_dcgan_generator(LATENT, shape), build_dcgan_discriminator(shape)


def adam():
    return keras.optimizers.Adam(2e-4, beta_1=0.5)


def course_way(x, policy, steps, epochs=None):
    """Seconds per step (timing) or the trained generator (epochs)."""
    g, d = build(x.shape[1:], policy)
    gan = GAN(g, d, LATENT, seed=0)
    per_call = steps if epochs is None else len(x) // BATCH
    gan.compile(d_optimizer=adam(), g_optimizer=adam(), steps_per_execution=per_call)
    data = epoch_batches(x, BATCH, seed=0)
    if epochs is not None:
        gan.fit(data, epochs=epochs, steps_per_epoch=per_call, verbose=0)
        return g
    times = []
    timer = keras.callbacks.LambdaCallback(
        on_epoch_begin=lambda e, logs: times.append(time.perf_counter()),
        on_epoch_end=lambda e, logs: times.append(time.perf_counter()),
    )
    gan.fit(data, epochs=2, steps_per_epoch=steps, verbose=0, callbacks=[timer])  # epoch 1 warms up
    return (times[3] - times[2]) / steps, g, d


def tutorial_way(x, steps, epochs=None):
    """The step of TensorFlow's DCGAN tutorial (https://www.tensorflow.org/tutorials/generative/dcgan),
    with the course's networks (D ends in a sigmoid, so the losses take probabilities)."""
    g, d = build(x.shape[1:], "float32")
    g_opt, d_opt = adam(), adam()
    bce = keras.losses.BinaryCrossentropy()

    @tf.function
    def train_step(images):
        noise = tf.random.normal([BATCH, LATENT])
        with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
            generated = g(noise, training=True)
            real_output = d(images, training=True)
            fake_output = d(generated, training=True)
            gen_loss = bce(tf.ones_like(fake_output), fake_output)
            disc_loss = bce(tf.ones_like(real_output), real_output) + bce(tf.zeros_like(fake_output), fake_output)
        g_opt.apply_gradients(zip(gen_tape.gradient(gen_loss, g.trainable_variables), g.trainable_variables))
        d_opt.apply_gradients(zip(disc_tape.gradient(disc_loss, d.trainable_variables), d.trainable_variables))

    per_epoch = len(x) // BATCH
    data = epoch_batches(x, BATCH, seed=0)
    batches = iter(data)
    if epochs is not None:
        for _ in range(epochs * per_epoch):
            train_step(next(batches))
        return g
    for _ in range(steps):  # warm-up: tracing and first allocations
        train_step(next(batches))
    start = time.perf_counter()
    for _ in range(steps):
        train_step(next(batches))
    return (time.perf_counter() - start) / steps, g, d


def share_of_sevens(judge, generator, n=1000):
    z = np.random.default_rng(1).standard_normal((n, LATENT)).astype("float32")
    images = (np.asarray(generator.predict(z, verbose=0), dtype="float32") + 1) / 2
    return float(np.mean(judge.predict(images, verbose=0).argmax(1) == 7))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=40, help="timed training steps per way")
    parser.add_argument("--quality-epochs", type=int, default=2, help="epochs on the 7s per way (0: skip)")
    args = parser.parse_args()
    os.environ.setdefault("GAN_COURSE_DATA", str(Path(__file__).resolve().parents[2] / "shared" / "datasets"))
    out = Path(os.environ.get("GAN_COURSE_OUTPUT", "outputs")) / "benchmarks"
    fast, reason = best_precision()
    print(f"The fastest precision here: {fast} ({reason}).")

    peaks = {}
    for dtype in (tf.float32, tf.bfloat16):
        peaks[dtype.name] = peak(dtype)
        print(
            f"peak {dtype.name:>8}: " + ", ".join(f"{k} {v:5.0f} GFLOP/s" for k, v in peaks[dtype.name].items()),
            flush=True,
        )

    cars, _ = helpers.load_images("cifar10", classes="automobile", scale="-1_1")
    per_epoch = len(cars) // BATCH
    ways = [
        ("TF tutorial step, float32", "tutorial", "float32"),
        ("course (fit + train_step), float32", "course", "float32"),
    ]
    if fast != "float32":
        ways.append((f"course (fit + train_step), {fast}", "course", fast))
    seconds = {}
    for name, way, policy in ways:
        step_s, g, d = tutorial_way(cars, args.steps) if way == "tutorial" else course_way(cars, policy, args.steps)
        flops = step_flops(g, d, way) * BATCH
        top = max(peaks["bfloat16" if "bfloat16" in policy else "float32"].values())
        seconds[name] = step_s * per_epoch
        print(
            f"{name:<40} {step_s * 1000:6.0f} ms/step = {seconds[name]:5.1f} s/epoch  "
            f"{flops / 1e9:5.1f} GFLOP/step  {flops / step_s / 1e9:5.0f} GFLOP/s "
            f"({flops / step_s / 1e9 / top:.0%} of the measured {policy.replace('mixed_', '')} peak)",
            flush=True,
        )
    base = seconds[ways[0][0]]
    for name in list(seconds)[1:]:
        print(f"{name}: {base / seconds[name]:.2f}x as fast as the TF tutorial step")
    keras.mixed_precision.set_global_policy("float32")

    if args.quality_epochs:
        sevens, _ = helpers.load_images("mnist", classes=7, scale="-1_1")
        judge = classifier("mnist", out, epochs=2, seed=42)  # trained once, then cached
        for name, way, policy in ways:
            start = time.perf_counter()
            g = (
                tutorial_way(sevens, 0, epochs=args.quality_epochs)
                if way == "tutorial"
                else course_way(sevens, policy, 0, epochs=args.quality_epochs)
            )
            keras.mixed_precision.set_global_policy("float32")
            print(
                f"{name:<40} {args.quality_epochs} epochs on the 7s in {time.perf_counter() - start:5.0f} s: "
                f"judged 7: {share_of_sevens(judge, g):.0%}",
                flush=True,
            )


if __name__ == "__main__":
    main()
