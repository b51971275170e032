"""Networks that several notebooks share, each written out where it is first taught.

* ``build_digit_discriminator`` / ``build_digit_generator``: the digit-7 program of notebook 02
  (also used by notebooks 03 and 04, and as the baseline of notebook 05).

``tests/test_same_code.py`` checks that the notebook cells and these functions are identical.
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
