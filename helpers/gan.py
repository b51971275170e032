"""The GAN training step, as written out in notebook 01.

The class below is the one students read in ``notebooks/01_mlp_gan_3d_spiral.ipynb``;
``tests/test_same_code.py`` fails if the notebook cell and this file drift apart.
"""

import keras
import tensorflow as tf


class GAN(keras.Model):
    """A generator and a discriminator trained against each other by ``fit()``.

    Every batch of real data runs the three steps of the GAN game:
      1. the generator turns random latent vectors into fakes;
      2. the discriminator learns to say 1 for real and 0 for fake;
      3. the generator learns to make the discriminator say 1 for its fakes
         (the non-saturating loss -log D(G(z))), while the discriminator stays unchanged.
    """

    def __init__(self, generator, discriminator, latent_dim, seed=0, **kwargs):
        super().__init__(**kwargs)
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = latent_dim
        self.seed_generator = keras.random.SeedGenerator(seed)  # repeatable latent draws
        self.bce = keras.losses.BinaryCrossentropy()
        names = ["d_loss", "g_loss", "d_real", "d_fake", "d_acc"]
        self.trackers = {name: keras.metrics.Mean(name=name) for name in names}
        self.built = True  # G and D were built with their Input shapes: nothing left to build

    def compile(self, d_optimizer, g_optimizer, **kwargs):
        super().compile(**kwargs)
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        # Create the optimisers' state now, not inside the first training step (this is what
        # lets the same code run on several GPUs under tf.distribute.MirroredStrategy).
        d_optimizer.build(self.discriminator.trainable_weights)
        g_optimizer.build(self.generator.trainable_weights)

    @property
    def metrics(self):
        return list(self.trackers.values())  # reset by fit() at the start of every epoch

    def sample_latent(self, n):
        return keras.random.normal((n, self.latent_dim), seed=self.seed_generator)

    def train_step(self, real):
        n = tf.shape(real)[0]
        ones, zeros = tf.ones((n, 1)), tf.zeros((n, 1))

        # Steps 1 and 2: the discriminator sees n real and n fake samples.
        fake = self.generator(self.sample_latent(n), training=True)
        with tf.GradientTape() as tape:
            d_real = self.discriminator(real, training=True)
            d_fake = self.discriminator(fake, training=True)
            d_loss = self.bce(ones, d_real) + self.bce(zeros, d_fake)
        d_vars = self.discriminator.trainable_weights
        self.d_optimizer.apply_gradients(zip(tape.gradient(d_loss, d_vars), d_vars))

        # Step 3: the generator is updated through the discriminator, whose weights only
        # the d_optimizer ever changes, so it is "frozen" here without any trainable flag.
        with tf.GradientTape() as tape:
            d_on_fake = self.discriminator(self.generator(self.sample_latent(n), training=True),
                                           training=True)
            g_loss = self.bce(ones, d_on_fake)  # labels say "real": non-saturating loss
        g_vars = self.generator.trainable_weights
        self.g_optimizer.apply_gradients(zip(tape.gradient(g_loss, g_vars), g_vars))

        correct = tf.concat([tf.cast(d_real > 0.5, "float32"), tf.cast(d_fake <= 0.5, "float32")], 0)
        for name, value in [("d_loss", d_loss), ("g_loss", g_loss), ("d_real", tf.reduce_mean(d_real)),
                            ("d_fake", tf.reduce_mean(d_fake)), ("d_acc", tf.reduce_mean(correct))]:
            self.trackers[name].update_state(value)
        return {name: t.result() for name, t in self.trackers.items()}
