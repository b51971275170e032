"""Networks that several notebooks share, each written out where it is first taught.

* ``build_digit_discriminator`` / ``build_digit_generator``: the digit-7 program of notebook 02
  (also used by notebooks 03 and 04, and as the baseline of notebook 05).
* ``dcgan_init``, ``build_dcgan_generator`` / ``build_dcgan_discriminator``: the DCGAN of
  notebook 05 (seed 004's 32x32 colour layout, and a 28x28 variant for MNIST).

``tests/test_notebooks.py`` checks that the notebook cells and these functions are identical.
"""

import keras
from keras import layers


def build_digit_discriminator(image_shape=(28, 28, 1)):
    """LeNet-like critic: two conv + max-pool stages, a dense layer, one sigmoid output."""
    return keras.Sequential([
        keras.Input(image_shape),
        layers.Conv2D(20, 5, activation="relu"),       # 28x28 -> 24x24x20
        layers.MaxPooling2D(2),                        #       -> 12x12x20
        layers.Conv2D(40, 5, activation="relu"),       #       ->  8x8x40
        layers.MaxPooling2D(2),                        #       ->  4x4x40
        layers.Flatten(),                              #       ->  640
        layers.Dense(100, activation="relu"),
        layers.Dense(1, activation="sigmoid"),         # probability that the image is real
    ], name="discriminator")


def build_digit_generator(latent_dim=10, image_shape=(28, 28, 1)):
    """Dense to a small stack of feature maps, then upsample + convolve twice to full size."""
    side = image_shape[0] // 4                         # 7 for 28x28 images, 8 for 32x32
    return keras.Sequential([
        keras.Input((latent_dim,)),
        layers.Dense(64 * side * side, activation="relu"),
        layers.Reshape((side, side, 64)),              # 7x7x64
        layers.UpSampling2D(2),                        # 14x14x64
        layers.Conv2D(64, 2, padding="same", activation="relu"),
        layers.UpSampling2D(2),                        # 28x28x64
        layers.Conv2D(8, 2, padding="same", activation="relu"),
        layers.Conv2D(image_shape[-1], 1, padding="same", activation="sigmoid"),  # pixels in [0, 1]
    ], name="generator")


def dcgan_init():
    """DCGAN's weight initialisation: every kernel drawn from N(0, 0.02)."""
    return keras.initializers.RandomNormal(mean=0.0, stddev=0.02)


def build_dcgan_generator(latent_dim=100, image_shape=(32, 32, 3)):
    """z -> a small, deep stack of feature maps -> 5x5 transposed convolutions -> tanh image.

    32x32 (seed 004): 2x2x512 -> 4x4x256 -> 8x8x128 -> 16x16x64 -> 32x32x3, four stride-2 steps.
    28x28 (MNIST):    7x7x256 -> 7x7x128 -> 14x14x64 -> 28x28x1 (28 cannot be halved four times).
    """
    side, channels = image_shape[0], image_shape[-1]
    if side % 16 == 0:
        start, depth, steps = side // 16, 512, [(256, 2), (128, 2), (64, 2)]
    elif side % 4 == 0:
        start, depth, steps = side // 4, 256, [(128, 1), (64, 2)]
    else:
        raise ValueError(f"build_dcgan_generator needs an image side divisible by 4, got {image_shape}.")
    model = [keras.Input((latent_dim,)),
             layers.Dense(start * start * depth, use_bias=False, kernel_initializer=dcgan_init()),
             layers.Reshape((start, start, depth)),
             layers.BatchNormalization(momentum=0.9), layers.ReLU()]
    for filters, stride in steps:                      # deeper and narrower -> shallower and wider
        model += [layers.Conv2DTranspose(filters, 5, strides=stride, padding="same", use_bias=False,
                                         kernel_initializer=dcgan_init()),
                  layers.BatchNormalization(momentum=0.9), layers.ReLU()]
    model.append(layers.Conv2DTranspose(channels, 5, strides=2, padding="same", activation="tanh",
                                        kernel_initializer=dcgan_init()))  # pixels in [-1, 1]
    return keras.Sequential(model, name="dcgan_generator")


def build_dcgan_discriminator(image_shape=(32, 32, 3)):
    """Four 5x5 stride-2 convolutions (64 -> 128 -> 256 -> 512 filters): each halves the width
    and height and doubles the depth. BatchNorm + LeakyReLU(0.2), no pooling, one sigmoid."""
    model = [keras.Input(image_shape)]
    for i, filters in enumerate([64, 128, 256, 512]):
        model.append(layers.Conv2D(filters, 5, strides=2, padding="same", use_bias=False,
                                   kernel_initializer=dcgan_init()))
        if i > 0:                                      # not on the input layer (DCGAN paper)
            model.append(layers.BatchNormalization(momentum=0.9))
        model.append(layers.LeakyReLU(0.2))
    model += [layers.Flatten(),
              layers.Dense(1, activation="sigmoid", kernel_initializer=dcgan_init())]
    return keras.Sequential(model, name="dcgan_discriminator")
