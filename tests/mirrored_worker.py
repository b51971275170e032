"""Run by tests/test_reliability.py in a subprocess (devices must be set before TF starts):
two epochs of the course GAN under MirroredStrategy on two logical CPU devices."""

import json

import tensorflow as tf

import helpers  # noqa: F401

cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)

import numpy as np  # noqa: E402
from tiny_gans import tiny_gan  # noqa: E402

from helpers.data import epoch_batches  # noqa: E402

helpers.set_seed(1)
strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
with strategy.scope():
    gan = tiny_gan(seed=1, hidden=16)
g, d = gan.generator, gan.discriminator
x, _ = helpers.make_spiral(200, seed=1)
history = gan.fit(epoch_batches(x, 20, seed=1), epochs=2, steps_per_epoch=10, verbose=0).history

agree, n_mirrored = True, 0
for v in g.weights + d.weights:
    values = getattr(v.value, "values", None)
    if values is not None and len(values) == 2:
        n_mirrored += 1
        agree &= bool(np.array_equal(values[0].numpy(), values[1].numpy()))
print(
    json.dumps(
        {"replicas": strategy.num_replicas_in_sync, "history": history, "n_mirrored": n_mirrored, "agree": agree}
    )
)
