"""Notebook 05's DCGAN against notebook 02/04's digit-7 program: seconds per epoch on this machine.

Both sides train with the course's ``fit`` + ``GAN.train_step`` on the same images (the CIFAR-10
cars at 32x32x3 and the MNIST 7s at 28x28x1), each with its own batch size (DCGAN 32, the
digit-7 program 50), as in notebook 05. The first epoch (tracing, warm-up) is not timed.

It also counts the multiply-accumulates (MACs) of one forward pass of each network from its
layer shapes, and turns the measured time into the arithmetic rate this machine reached: the
basis for the GPU estimate in the README (an estimate, not a measurement).
"""

import argparse
import os
import time

import helpers  # noqa: F401  (quiet TensorFlow start-up)
import keras
import numpy as np
from keras import layers

from helpers.gan import GAN
from helpers.models import (build_dcgan_discriminator, build_dcgan_generator, build_digit_discriminator,
                            build_digit_generator)


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


def step_flops(generator, discriminator) -> int:
    """Approximate FLOPs of one training step per real image. A backward pass costs about twice
    a forward pass (gradients for the inputs and for the weights); one MAC is 2 FLOPs.
    D step: G forward on one latent vector, D forward + backward on one real and one fake image.
    G step: G forward + backward, D forward + backward to its input only (no weight gradients)."""
    g, d = forward_macs(generator), forward_macs(discriminator)
    d_step = g + 2 * 3 * d
    g_step = 3 * g + 2 * d
    return 2 * (d_step + g_step)


def seconds_per_epoch(generator, discriminator, latent, x, batch, epochs):
    helpers.set_seed(0)
    gan = GAN(generator, discriminator, latent, seed=0)
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    data, steps = helpers.epoch_batches(x, batch, seed=0), len(x) // batch
    gan.fit(data, epochs=1, steps_per_epoch=steps, verbose=0)  # warm-up: tracing and first allocations
    start = time.perf_counter()
    gan.fit(data, initial_epoch=1, epochs=1 + epochs, steps_per_epoch=steps, verbose=0)
    return (time.perf_counter() - start) / epochs, steps * batch


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=2, help="timed epochs per model")
    parser.add_argument("--limit", type=int, default=None, help="use at most this many images per dataset")
    args = parser.parse_args()
    os.environ.setdefault("GAN_COURSE_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "datasets"))
    helpers.environment_report()
    for dataset, cls in [("cifar10", "automobile"), ("mnist", 7)]:
        x, _ = helpers.load_images(dataset, classes=cls, scale="-1_1", limit=args.limit)
        shape = x.shape[1:]
        runs = {
            "digit-7 program": (lambda: (build_digit_generator(10, shape), build_digit_discriminator(shape)), 10, 50,
                                (x + 1) / 2),
            "DCGAN": (lambda: (build_dcgan_generator(100, shape), build_dcgan_discriminator(shape)), 100, 32, x),
        }
        times = {}
        for name, (build, latent, batch, images) in runs.items():
            g, d = build()
            seconds, seen = seconds_per_epoch(g, d, latent, images, batch, args.epochs)
            flops = step_flops(g, d) * seen
            times[name] = seconds
            print(f"{dataset} {shape}, {name:<16} {seconds:7.2f} s/epoch  {seen / seconds:7.0f} real images/s  "
                  f"G {forward_macs(g) / 1e6:6.1f} M MACs, D {forward_macs(d) / 1e6:5.1f} M MACs per image, "
                  f"{flops / 1e9:7.0f} GFLOP per epoch, {flops / seconds / 1e9:5.1f} GFLOP/s", flush=True)
        print(f"{dataset}: a DCGAN epoch costs {times['DCGAN'] / times['digit-7 program']:.1f}x "
              f"a digit-7-program epoch", flush=True)


if __name__ == "__main__":
    main()
