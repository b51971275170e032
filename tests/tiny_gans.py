"""The tiny GANs the tests train: one builder, shared by the tests (through the ``tiny_gan``
fixture of conftest.py) and by the subprocess workers (which cannot use fixtures)."""

import keras

import helpers
from helpers.gan import GAN


def tiny_gan(
    seed=0, latent=4, data_dim=3, hidden=8, hidden_activation="relu", g_activation=None, lr=1e-3, image_shape=None
):
    """A compiled two-layer MLP GAN (seeded first): G maps ``latent`` numbers to ``data_dim`` points
    (output activation ``g_activation``), D maps points to one probability. With ``image_shape``
    (say (8, 8, 1)) it makes images instead: G is one tanh Dense reshaped to the image, D a
    Flatten and one sigmoid."""
    helpers.set_seed(seed)
    if image_shape is None:
        g = keras.Sequential(
            [
                keras.Input((latent,)),
                keras.layers.Dense(hidden, activation=hidden_activation),
                keras.layers.Dense(data_dim, activation=g_activation),
            ]
        )
        d = keras.Sequential(
            [
                keras.Input((data_dim,)),
                keras.layers.Dense(hidden, activation=hidden_activation),
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
    else:
        size = 1
        for side in image_shape:
            size *= side
        g = keras.Sequential(
            [keras.Input((latent,)), keras.layers.Dense(size, activation="tanh"), keras.layers.Reshape(image_shape)]
        )
        d = keras.Sequential(
            [keras.Input(image_shape), keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid")]
        )
    gan = GAN(g, d, latent, seed=seed)
    gan.compile(d_optimizer=keras.optimizers.Adam(lr), g_optimizer=keras.optimizers.Adam(lr))
    return gan


def fit_run(gan, x, epochs, folder, batch_size=20, seed=0, callbacks=(), every_seconds=0, verbose=True, **run_args):
    """What a notebook's training cell does: a ``TrainingRun`` (restoring ``folder``'s newest
    checkpoint), then ``gan.fit()`` with its checkpoint, a ``HealthMonitor`` and ``callbacks``.
    The checkpoint is saved after every epoch here (``every_seconds=0``). Returns
    ``(run, history, monitor)``."""
    run = helpers.TrainingRun(gan, x, epochs, batch_size, folder, seed=seed, verbose=verbose, **run_args)
    run.checkpoint.every_seconds = every_seconds
    monitor = helpers.HealthMonitor(run, verbose=verbose)
    history = gan.fit(
        run.dataset,
        epochs=epochs,
        initial_epoch=run.epoch,
        steps_per_epoch=run.steps,
        verbose=0,
        callbacks=[run.checkpoint, monitor, *callbacks],
    )
    return run, history, monitor
