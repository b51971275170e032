"""Notebook 07: how the class label enters each player of the conditional DCGAN.

Both functions get the label's two layers ready-made (an ``Embedding`` and a ``Dense`` layer, as in
``helpers.cgan``), so that the result is fixed; they work on arrays and on ``keras.Input`` tensors
alike (with Keras layers or ``keras.ops``), so they can build the models of section 1.

07.1 ``join_label_to_z(z, labels, embedding, dense)``: the generator's input. Each label picks its
     row of the embedding, the dense layer maps it, and the result is joined to z side by side:
     for z of shape (n, latent) and labels (n,), shape (n, latent + dense's units), z first.
07.2 ``join_label_to_image(images, labels, embedding, dense)``: the discriminator's input. The
     label -> embedding -> dense layer (height x width units) -> one image-sized map, stacked on
     the images as an extra channel: for images (n, height, width, channels), shape
     (n, height, width, channels + 1), the image's channels first.
"""

from __future__ import annotations

import numpy as np

from ..i18n import _
from .core import Wrong, close, exercise, taught


def _label_layers(num_classes, label_dim, units, seed):
    """An Embedding and a Dense layer with fixed weights, built here (never the student's)."""
    from keras import layers

    rng = np.random.default_rng(seed)
    embedding, dense = layers.Embedding(num_classes, label_dim), layers.Dense(units)
    embedding.build((None,))
    dense.build((None, label_dim))
    embedding.set_weights([rng.normal(size=(num_classes, label_dim)).astype("float32")])
    dense.set_weights([rng.normal(size=(label_dim, units)).astype("float32"), rng.normal(size=units).astype("float32")])
    return embedding, dense


def _array(value, what):
    try:
        return np.asarray(value, dtype="float64")
    except Exception:  # a KerasTensor, None, a string ...
        raise Wrong(
            _("{what} returned {kind}, not a tensor of numbers.", what=what, kind=type(value).__name__)
        ) from None


def _close(a, b) -> bool:
    return np.shape(a) == np.shape(b) and close(a, b)


def _run(model, inputs, what):
    """Run the model built on keras.Input tensors; its errors named (most: a batch size written in)."""
    try:
        return model(inputs)
    except Exception as exc:
        raise Wrong(
            _(
                "the model built with {what} on keras.Input tensors fails when it runs ({error}): a "
                "keras.Input's batch size is unknown (None) while the model is built, so do not write the "
                "batch size into a shape (images.shape[0]): use layers.Reshape((height, width, 1)), or -1 "
                "for the batch.",
                what=what,
                error=type(exc).__name__,
            )
        ) from None


def _in_a_model(function, inputs, embedding, dense, what):
    """Call ``function`` on keras.Input tensors and return the model it builds, as section 1 would."""
    import keras

    symbolic = [keras.Input(x.shape[1:], dtype=str(x.dtype)) for x in inputs]
    try:
        out = function(*symbolic, embedding, dense)
    except Exception as exc:
        raise Wrong(
            _(
                "{what} works on arrays but not on keras.Input tensors ({error}), so it cannot build a "
                "model: use Keras layers or keras.ops (not tf.* or NumPy functions) to join the tensors.",
                what=what,
                error=type(exc).__name__,
            )
        ) from None
    if not isinstance(out, keras.KerasTensor):
        raise Wrong(
            _(
                "on keras.Input tensors {what} returned {kind}, not a Keras tensor: use Keras layers or "
                "keras.ops to join them, so that a model can be built from it.",
                what=what,
                kind=type(out).__name__,
            )
        )
    return keras.Model(symbolic, out)


# ---------------------------------------------------------------------------------------- 07.1


@exercise(
    "07.1", "join_label_to_z(z, labels, embedding, dense)", course=lambda: taught("join_label_to_z", "cgan"), seconds=30
)
def judge_join_label_to_z(join_label_to_z):
    import keras

    # latent size = the dense layer's units = 6 (so that a sum or a join on the batch axis runs and
    # can be named); the embedding's rows have 4 numbers, as many as there are classes.
    z = np.random.default_rng(70).normal(size=(3, 6)).astype("float32")
    labels = np.array([2, 0, 3], "int32")
    embedding, dense = _label_layers(4, 4, 6, seed=71)
    label = np.asarray(dense(embedding(labels)))
    right = np.concatenate([z, label], axis=-1)
    given = z.copy(), labels.copy()
    try:
        got = _array(join_label_to_z(*given, *_label_layers(4, 4, 6, seed=71)), "join_label_to_z")
    except (Wrong, NotImplementedError):
        raise
    except Exception as exc:
        raise Wrong(
            _(
                "for z of shape {z_shape} and labels of shape {labels_shape} it raised {error}: does the label's "
                "vector get an extra axis (from labels shaped (n, 1), say), so that it is no longer one "
                "row per example, like z?",
                z_shape=z.shape,
                labels_shape=labels.shape,
                error=type(exc).__name__,
            )
        ) from None
    if not (np.array_equal(given[0], z) and np.array_equal(given[1], labels)):
        raise Wrong(_("join_label_to_z changed z or the labels in place: build a new tensor instead."))
    if not _close(got, right):
        one_hot = np.asarray(dense(keras.ops.one_hot(labels, 4)))
        for wrong, message in [
            (
                np.concatenate([z, label], axis=0),
                _(
                    "z and the label are joined on the batch axis (axis 0): that adds the labels' vectors as "
                    "extra examples. Join them on the feature axis, so that each example gets its own label's "
                    "numbers."
                ),
            ),
            (
                z + label,
                _(
                    "the label's vector is added to z: then neither can be told apart from the other. Join "
                    "them side by side (concatenate), so that G gets both."
                ),
            ),
            (
                np.concatenate([label, z], axis=-1),
                _("the label's vector comes first: the course's generator puts z first, then the label's vector."),
            ),
            (
                np.concatenate([z, np.asarray(embedding(labels))], axis=-1),
                _("the embedding's row is joined without the dense layer: the label goes through both."),
            ),
            (
                np.concatenate([z, one_hot], axis=-1),
                _(
                    "the label goes into the dense layer as a one-hot vector: the class is meant to be looked "
                    "up in the embedding passed in, whose learnt row stands for it."
                ),
            ),
        ]:
            if _close(got, wrong):
                raise Wrong(message)
        if got.shape != right.shape:
            raise Wrong(
                _(
                    "for z of shape {z_shape} and a dense layer of 6 units it gives shape {got}: z and the "
                    "label's vector side by side make one row per example.",
                    z_shape=z.shape,
                    got=got.shape,
                )
            )
        raise Wrong(
            _(
                "the shape is right, but not the numbers: each label's embedding row, through the dense "
                "layer, then joined after z."
            )
        )
    model = _in_a_model(join_label_to_z, [z, labels], *_label_layers(4, 4, 6, seed=71), "join_label_to_z")
    if not _close(
        _array(_run(model, [z, labels], "join_label_to_z"), _("the model built with join_label_to_z")), right
    ):
        raise Wrong(_("inside a model (on keras.Input tensors) join_label_to_z gives other numbers than on arrays."))


# ---------------------------------------------------------------------------------------- 07.2


def _map_probe(join, height, width, channels, seed):
    """The student's result and the right one for one shape of image."""
    rng = np.random.default_rng(seed)
    images = rng.normal(size=(2, height, width, channels)).astype("float32")
    labels = np.array([1, 2], "int32")
    embedding, dense = _label_layers(3, 5, height * width, seed=seed + 1)
    label_map = np.asarray(dense(embedding(labels))).reshape(2, height, width, 1)
    right = np.concatenate([images, label_map], axis=-1)
    given = images.copy(), labels.copy()
    got = _array(join(*given, *_label_layers(3, 5, height * width, seed=seed + 1)), "join_label_to_image")
    if not (np.array_equal(given[0], images) and np.array_equal(given[1], labels)):
        raise Wrong(_("join_label_to_image changed the images or the labels in place: build a new tensor instead."))
    return images, label_map, got, right


def _guarded_probe(join, height, width, channels, seed, what):
    """``_map_probe``, with the student's errors named: most come from a map shaped for other images."""
    try:
        return _map_probe(join, height, width, channels, seed=seed)
    except (Wrong, NotImplementedError):
        raise
    except Exception as exc:
        raise Wrong(
            _(
                "on {what} it raised {error}: is the label's map shaped (height, width, 1) from the "
                "images' own shape, height first, whatever their size and number of channels?",
                what=what,
                error=type(exc).__name__,
            )
        ) from None


@exercise(
    "07.2",
    "join_label_to_image(images, labels, embedding, dense)",
    course=lambda: taught("join_label_to_image", "cgan"),
    seconds=30,
)
def judge_join_label_to_image(join_label_to_image):
    # Square grey images first: a join on the wrong axis then runs, and can be named.
    images, label_map, got, right = _guarded_probe(join_label_to_image, 4, 4, 1, 72, _("4×4 grey images"))
    square = images, right
    if not _close(got, right):
        for wrong, message in [
            (
                np.concatenate([images, label_map], axis=0),
                _(
                    "the label's map is joined on the batch axis (axis 0): that adds it as extra images. Stack "
                    "it on each image as one more channel (the last axis)."
                ),
            ),
            (
                np.concatenate([images, label_map], axis=1),
                _(
                    "the label's map is joined along the height (axis 1), as if glued below the image: stack "
                    "it as one more channel (the last axis), so that every pixel sees the label."
                ),
            ),
            (
                np.concatenate([images, label_map], axis=2),
                _(
                    "the label's map is joined along the width (axis 2), as if glued beside the image: stack "
                    "it as one more channel (the last axis), so that every pixel sees the label."
                ),
            ),
            (
                images + label_map,
                _(
                    "the label's map is added onto the image: D can no longer tell the pixels from the label. "
                    "Stack it as a separate channel."
                ),
            ),
            (
                np.concatenate([label_map, images], axis=-1),
                _(
                    "the label's map comes first: the course's discriminator keeps the image's channels first "
                    "and adds the label's map as the last channel."
                ),
            ),
            (
                np.concatenate([images, label_map.transpose(0, 2, 1, 3)], axis=-1),
                _(
                    "the label's map is transposed: the dense layer's height × width numbers fill the map row "
                    "by row, as a reshape to (height, width, 1) does."
                ),
            ),
        ]:
            if _close(got, wrong):
                raise Wrong(message)
        if got.shape == images.shape:
            raise Wrong(_("the result has as many channels as the image: the label's map should be one more channel."))
        if got.shape != right.shape:
            raise Wrong(
                _(
                    "for images of shape {shape} it gives shape {got}: the label adds one channel of the "
                    "image's height and width.",
                    shape=images.shape,
                    got=got.shape,
                )
            )
        raise Wrong(
            _(
                "the shape is right, but not the numbers: the label's embedding row, through the dense "
                "layer, reshaped to one image-sized map after the image's channels."
            )
        )
    for height, width, channels, what in [
        (4, 3, 1, _("a 4×3 image (height 4, width 3)")),
        (4, 4, 3, _("colour images")),
    ]:
        images, label_map, got, right = _guarded_probe(join_label_to_image, height, width, channels, 73, what)
        if not _close(got, right):
            raise Wrong(
                _(
                    "right on square grey images, but not on {what}: the map takes the images' height and "
                    "width, and is one extra channel whatever the number of channels.",
                    what=what,
                )
            )
    images, right = square
    labels = np.array([1, 2], "int32")
    model = _in_a_model(join_label_to_image, [images, labels], *_label_layers(3, 5, 16, 73), "join_label_to_image")
    out = _run(model, [images, labels], "join_label_to_image")
    if not _close(_array(out, _("the model built with join_label_to_image")), right):
        raise Wrong(
            _("inside a model (on keras.Input tensors) join_label_to_image gives other numbers than on arrays.")
        )
