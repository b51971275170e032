"""The exercise checks of notebooks 05 to 08 (helpers/checks/nb05.py ... nb08.py): the course's own
answers pass, a stub is skipped, typical mistakes fail with a message that names them, a wrong
type fails clearly, and judging never changes what the student passed in."""

from __future__ import annotations

import numpy as np
import pytest

import helpers  # noqa: F401  (starts TensorFlow quietly)
from helpers import cgan, exercises
from helpers.checks import EXERCISES, check, judge, nb06

IDS = ["05.1", "05.2", "06.1", "06.2", "07.1", "07.2", "08.1", "08.2", "08.3"]


@pytest.mark.parametrize("exercise", IDS)
def test_the_course_version_passes(exercise):
    result = judge(exercise, EXERCISES[exercise].course())
    assert result.status == "pass", result.message


@pytest.mark.parametrize("exercise", IDS)
def test_a_stub_is_skipped(exercise):
    def stub(*args, **kwargs):
        raise NotImplementedError

    assert judge(exercise, stub).status == "skipped"


@pytest.mark.parametrize("exercise", IDS)
def test_not_a_function_fails_clearly(exercise):
    result = judge(exercise, 42)
    assert result.status == "fail"
    assert "function" in result.message and "not an int" in result.message


# ------------------------------------------------------------------------------------------- 05


def test_the_course_convt_size_is_what_keras_computes():
    """For every kernel at least the stride (the sizes the exercise asks for); below that Keras
    gives (n - 1) * stride + stride for "valid", which the exercise leaves out."""
    import keras

    for n in (1, 2, 3, 5):
        for kernel in (1, 2, 3, 4, 5):
            for stride in (s for s in (1, 2, 3) if s <= kernel):
                for padding in ("same", "valid"):
                    layer = keras.layers.Conv2DTranspose(1, kernel, strides=stride, padding=padding)
                    side = layer(np.zeros((1, n, n, 1), "float32")).shape[1]
                    assert exercises.convt_size(n, kernel, stride, padding) == side, (n, kernel, stride, padding)


def _fails(exercise, answer, *words):
    result = judge(exercise, answer)
    assert result.status == "fail", (result.status, result.message)
    for word in words:
        assert word in result.message, (word, result.message)
    return result.message


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda n, k, s, p: -(-n // s) if p == "same" else (n - k) // s + 1, ["forward", "shrinks"]),
        (lambda n, k, s, p: n * s, ["'valid'", "kernel"]),
        (lambda n, k, s, p: n if p == "same" else n + k - 1, ["stride is ignored"]),
        (lambda n, k, s, p: n * s if p == "valid" else (n - 1) * s + k, ["swapped"]),
        (lambda n, k, s, p: n * s + (k if p == "valid" else 0), ["one stride step too many"]),
        (lambda n, k, s, p: n * s if p == "same" else (n - 1) * s + k - 1, ["one short"]),
        (lambda n, k, s, p: str(n * s), ["str", "whole number"]),
        (lambda n, k, s, p: n * s / 3, ["whole number"]),
    ],
)
def test_convt_size_mistakes(answer, words):
    _fails("05.1", answer, *words)


def _block(stride=2, activation="relu", bias=False, norm=True, momentum=0.9, init=True, kernel=5, relu_first=False):
    from keras import layers

    from helpers.models import dcgan_init

    def dcgan_block(filters):
        conv = layers.Conv2DTranspose(
            filters,
            kernel,
            strides=stride,
            padding="same",
            use_bias=bias,
            kernel_initializer=dcgan_init() if init else "glorot_uniform",
        )
        act = layers.ReLU() if activation == "relu" else layers.LeakyReLU(0.2)
        bn = [layers.BatchNormalization(momentum=momentum)] if norm else []
        return [conv, act, *bn] if relu_first else [conv, *bn, act]

    return dcgan_block


@pytest.mark.parametrize(
    "answer, words",
    [
        (_block(stride=1), ["does not upsample", "stride"]),
        (_block(activation="leaky"), ["LeakyReLU", "discriminator"]),
        (_block(bias=True), ["bias", "batch normalisation"]),
        (_block(norm=False), ["no batch normalisation"]),
        (_block(relu_first=True), ["ReLU comes before batch normalisation"]),
        (_block(momentum=0.99), ["momentum 0.99"]),
        (_block(init=False), ["N(0, 0.02)"]),
        (_block(kernel=3), ["5×5"]),
        (lambda f: 3, ["list of layers", "int"]),
        (lambda f: [__import__("keras").Input((4, 4, 8)), *exercises.dcgan_block(f)], ["no keras.Input"]),
    ],
)
def test_dcgan_block_mistakes(answer, words):
    _fails("05.2", answer, *words)


def test_dcgan_block_without_a_transposed_convolution_is_named():
    from keras import layers

    def upsampling(filters):
        return [
            layers.UpSampling2D(2),
            layers.Conv2D(filters, 5, padding="same", use_bias=False),
            layers.BatchNormalization(momentum=0.9),
            layers.ReLU(),
        ]

    _fails("05.2", upsampling, "no Conv2DTranspose", "UpSampling2D")


def test_dcgan_block_as_a_sequential_passes_and_is_not_changed():
    import keras

    models = []

    def as_sequential(filters):
        models.append(keras.Sequential([keras.Input((4, 4, 8)), *exercises.dcgan_block(filters)]))
        models[-1].befores = [w.numpy().copy() for w in models[-1].weights]  # kernel, gamma, beta, moving stats
        return models[-1]

    assert judge("05.2", as_sequential).status == "pass"
    for model in models:
        assert all(np.array_equal(b, w.numpy()) for b, w in zip(model.befores, model.weights))


@pytest.mark.parametrize(
    "extra",
    [
        lambda: __import__("keras").layers.BatchNormalization(),
        lambda: __import__("keras").layers.Activation("tanh"),
        lambda: __import__("keras").layers.Dropout(0.3),
    ],
)
def test_dcgan_block_with_an_extra_layer_fails(extra):
    _fails("05.2", lambda f: [*exercises.dcgan_block(f), extra()], "more than its three layers")


def test_dcgan_block_with_activation_relu_passes():
    from keras import layers

    assert judge("05.2", lambda f: [*exercises.dcgan_block(f)[:2], layers.Activation("relu")]).status == "pass"


def test_dcgan_block_returning_shared_layers_fails_and_leaves_them_unbuilt():
    import keras

    shared = exercises.dcgan_block(16)  # made once, at module level, as a student might
    _fails("05.2", lambda f: shared, "each call must make new layers")
    assert not any(layer.built for layer in shared[:2])  # the convolution and batch normalisation: no weights made
    model = keras.Sequential(exercises.dcgan_block(16))
    _fails("05.2", lambda f: model, "each call must make new layers")
    assert not model.built


# ------------------------------------------------------------------------------------------- 06


def _notebook_slerp(z0, z1, t):  # section 3's version, without the parallel case
    omega = np.arccos(np.clip(z0 @ z1 / (np.linalg.norm(z0) * np.linalg.norm(z1)), -1, 1))
    return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)


def _in_place_slerp(z0, z1, t):
    z0 /= np.linalg.norm(z0) / np.linalg.norm(z0)  # the same numbers, but written into the caller's array
    z0 += 1e-3
    return exercises.slerp(z0, z1, t)


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda z0, z1, t: (1 - t) * z0 + t * z1, ["straight line", "lerp", "length"]),
        (lambda z0, z1, t: exercises.slerp(z0, z1, 1 - t), ["wrong way", "t = 0"]),
        (lambda z0, z1, t: (r := exercises.slerp(z0, z1, t)) / np.linalg.norm(r), ["length 1", "normalise"]),
        (lambda z0, z1, t: np.sin((1 - t) * 1.5) * z0 + np.sin(t * 1.5) * z1, ["t = 0", "z0 itself"]),
        (_notebook_slerp, ["parallel", "NaN", "straight line"]),
        (_in_place_slerp, ["in place"]),
        (lambda z0, z1, t: 1.0, ["shape ()", "(100,)"]),
        (lambda z0, z1, t: "z", ["str"]),
    ],
)
def test_slerp_mistakes(answer, words):
    _fails("06.1", answer, *words)


def test_thickness_direction_off_by_one_mistakes_written_out():
    def direction(more_than_8=False, rounding=False):
        def thickness_direction(z, ink, classes):
            steps = []
            for c in np.unique(classes):
                mine = np.flatnonzero(classes == c)
                if (len(mine) > 8) if more_than_8 else (len(mine) >= 8):
                    order = mine[np.argsort(ink[mine])]
                    k = round(len(order) / 4) if rounding else len(order) // 4
                    steps.append(z[order[-k:]].mean(0) - z[order[:k]].mean(0))
            return np.mean(steps, axis=0)

        return thickness_direction

    assert judge("06.2", direction()).status == "pass"
    _fails("06.2", direction(more_than_8=True), "exactly 8")
    _fails("06.2", direction(rounding=True), "rounded")


def test_slerp_with_the_length_on_a_straight_line_is_named():
    def arc_direction_line_length(z0, z1, t):
        a, b = np.linalg.norm(z0), np.linalg.norm(z1)
        return exercises.slerp(z0 / a, z1 / b, t) * ((1 - t) * a + t * b)

    _fails("06.1", arc_direction_line_length, "straight line", "on the arc")


def test_slerp_keeps_the_length_where_lerp_dips():
    z0, z1 = np.random.default_rng(0).standard_normal((2, 100))
    mid_slerp, mid_lerp = exercises.slerp(z0, z1, 0.5), (z0 + z1) / 2
    ends = (np.linalg.norm(z0) + np.linalg.norm(z1)) / 2
    assert abs(np.linalg.norm(mid_slerp) - ends) < 0.1 * ends
    assert np.linalg.norm(mid_lerp) < 0.8 * ends
    assert np.allclose(exercises.slerp(z0, z1, 0.0), z0) and np.allclose(exercises.slerp(z0, z1, 1.0), z1)


def _sorting_direction(z, ink, classes):
    ink.sort()  # sorts the caller's array
    return exercises.thickness_direction(z, ink, classes)


@pytest.mark.parametrize(
    "index, words",
    [(0, ["*all* samples", "within each class"]), (1, ["sign is flipped"]), (2, ["normalised"]), (3, ["pooled"])]
    + [(4, ["halves"]), (5, ["fewer than 8"]), (6, ["summed"]), (7, ["exactly 8"]), (8, ["rounded"])],
)
def test_thickness_direction_mistakes(index, words):
    z, ink, classes = nb06._directions_data()
    wrong, _ = nb06._direction_mistakes(z, ink, classes)[index]
    _fails("06.2", lambda *args: wrong.copy(), *words)


def test_thickness_direction_written_out_as_a_student_would():
    def across_classes(z, ink, classes):  # the inkiest quarter of all samples minus the faintest
        order = np.argsort(ink)
        q = len(ink) // 4
        return z[order[-q:]].mean(0) - z[order[:q]].mean(0)

    def by_percentile(z, ink, classes):  # thresholds instead of sorting: a class of 23 gets 6 samples, not 5
        steps = []
        for c in set(classes.tolist()):
            mine = classes == c
            if mine.sum() >= 8:
                low, high = np.percentile(ink[mine], [25, 75])
                steps.append(z[mine & (ink > high)].mean(0) - z[mine & (ink < low)].mean(0))
        return np.mean(steps, axis=0)

    _fails("06.2", across_classes, "within each class")
    _fails("06.2", by_percentile, "rounded")
    _fails("06.2", _sorting_direction, "in place")
    _fails("06.2", lambda z, ink, classes: z.mean(0)[:3], "shape (3,)")


# ------------------------------------------------------------------------------------------- 07


def _join_z(how):
    from keras import ops

    def join_label_to_z(z, labels, embedding, dense):
        label = dense(embedding(labels))
        return {
            "batch axis": lambda: ops.concatenate([z, label], axis=0),
            "added": lambda: z + label,
            "label first": lambda: ops.concatenate([label, z], axis=-1),
            "no dense": lambda: ops.concatenate([z, embedding(labels)], axis=-1),
            "one-hot": lambda: ops.concatenate([z, dense(ops.one_hot(labels, 4))], axis=-1),
            "numpy": lambda: np.concatenate([z, label], axis=-1),
            "string": lambda: "z",
            "labels (n, 1)": lambda: ops.concatenate([z, dense(embedding(ops.reshape(labels, (-1, 1))))], axis=-1),
        }[how]()

    return join_label_to_z


@pytest.mark.parametrize(
    "how, words",
    [
        ("batch axis", ["batch axis", "feature axis"]),
        ("added", ["added", "side by side"]),
        ("label first", ["comes first", "z first"]),
        ("no dense", ["without the dense layer"]),
        ("one-hot", ["one-hot", "embedding"]),
        ("numpy", ["keras.Input", "keras.ops"]),
        ("string", ["str", "not a tensor"]),
        ("labels (n, 1)", ["extra axis", "one row per example"]),
    ],
)
def test_join_label_to_z_mistakes(how, words):
    _fails("07.1", _join_z(how), *words)


def _join_image(how):
    from keras import ops

    def join_label_to_image(images, labels, embedding, dense):
        height, width = images.shape[1], images.shape[2]
        shape = (-1, width, height, 1) if how == "width first" else (-1, height, width, 1)
        label_map = ops.reshape(dense(embedding(labels)), shape)
        if how == "added":
            return images + label_map
        if how == "map first":
            return ops.concatenate([label_map, images], axis=-1)
        if how == "only the image":
            return images
        axis = {"batch axis": 0, "height axis": 1, "width axis": 2}.get(how, -1)
        return ops.concatenate([images, label_map], axis=axis)

    return join_label_to_image


@pytest.mark.parametrize(
    "how, words",
    [
        ("batch axis", ["batch axis", "channel"]),
        ("height axis", ["along the height", "channel"]),
        ("width axis", ["along the width", "channel"]),
        ("added", ["added onto the image", "channel"]),
        ("map first", ["comes first"]),
        ("width first", ["4×3 image", "height first"]),
        ("only the image", ["one more channel"]),
    ],
)
def test_join_label_to_image_mistakes(how, words):
    _fails("07.2", _join_image(how), *words)


def test_join_label_to_image_for_colour_images_only_needs_one_map():
    from keras import ops

    def one_map_per_channel(images, labels, embedding, dense):  # works for grey images only
        h, w, c = images.shape[1:]
        return ops.concatenate([images, ops.reshape(dense(embedding(labels)), (-1, h, w, c))], axis=-1)

    _fails("07.2", one_map_per_channel, "colour images")


def test_join_label_to_image_with_a_hard_coded_size_is_named():
    from keras import ops

    def mnist_only(images, labels, embedding, dense):  # the notebook's 28x28, written in
        return ops.concatenate([images, ops.reshape(dense(embedding(labels)), (-1, 28, 28, 1))], axis=-1)

    _fails("07.2", mnist_only, "4×4 grey images", "images' own shape")


def test_the_course_joins_build_the_notebooks_models_numbers():
    """The taught joins, inside a model, give what the networks' Concatenate layer computes."""
    import keras
    from keras import layers

    from helpers.cgan import build_cgan_discriminator, build_cgan_generator

    g = build_cgan_generator(latent_dim=8, num_classes=3, label_dim=5)
    embedding = next(layer for layer in g.layers if isinstance(layer, layers.Embedding))
    dense = next(layer for layer in g.layers if isinstance(layer, layers.Dense) and layer.units == 5)
    z, y = keras.Input((8,)), keras.Input((), dtype="int32")
    piece = keras.Model([z, y], cgan.join_label_to_z(z, y, embedding, dense))
    concat = keras.Model(g.inputs, next(layer for layer in g.layers if isinstance(layer, layers.Concatenate)).output)
    zs, ys = np.random.default_rng(0).normal(size=(4, 8)).astype("float32"), np.array([0, 2, 1, 2], "int32")
    assert np.allclose(piece([zs, ys]), concat([zs, ys]), atol=1e-6)

    d = build_cgan_discriminator(num_classes=3, label_dim=5)
    embedding = next(layer for layer in d.layers if isinstance(layer, layers.Embedding))
    dense = next(layer for layer in d.layers if isinstance(layer, layers.Dense) and layer.units == 28 * 28)
    x, y = keras.Input((28, 28, 1)), keras.Input((), dtype="int32")
    piece = keras.Model([x, y], cgan.join_label_to_image(x, y, embedding, dense))
    concat = keras.Model(d.inputs, next(layer for layer in d.layers if isinstance(layer, layers.Concatenate)).output)
    xs = np.random.default_rng(1).normal(size=(4, 28, 28, 1)).astype("float32")
    assert np.allclose(piece([xs, ys]), concat([xs, ys]), atol=1e-6)


# ------------------------------------------------------------------------------------------- 08


def _penalty(alpha_draw="uniform", norm_over="example", target="norm - 1", at="mixed", reshape=True, given=True):
    import tensorflow as tf

    def gradient_penalty(critic, real, fake, alpha=None):
        real, fake = tf.convert_to_tensor(real), tf.convert_to_tensor(fake)
        n = real.shape[0]
        if alpha is None or not given:
            alpha = {
                "uniform": lambda: tf.random.uniform((n,)),
                "normal": lambda: tf.random.normal((n,)),
                "half": lambda: tf.fill((n,), 0.5),
                "one per batch": lambda: tf.fill((n,), tf.random.uniform(())),
                "per element": lambda: tf.random.uniform(real.shape),
            }[alpha_draw]()
        if reshape and len(alpha.shape) == 1:
            alpha = tf.reshape(alpha, [-1] + [1] * (len(real.shape) - 1))
        x = {"mixed": real + alpha * (fake - real), "real": real, "swapped": fake + alpha * (real - fake)}[at]
        with tf.GradientTape() as tape:
            tape.watch(x)
            score = critic(x, training=True)
        grads = tape.gradient(score, x)
        axes = None if norm_over == "batch" else list(range(1, len(real.shape)))
        norm = tf.sqrt(tf.reduce_sum(tf.square(grads), axis=axes))
        return tf.reduce_mean({"norm - 1": (norm - 1) ** 2, "norm": norm**2}[target])

    return gradient_penalty


@pytest.mark.parametrize(
    "answer, words",
    [
        (_penalty(alpha_draw="half"), ["always 0.5"]),
        (_penalty(alpha_draw="one per batch"), ["whole batch gets one alpha"]),
        (_penalty(alpha_draw="per element"), ["one alpha per example"]),
        (_penalty(alpha_draw="normal"), ["off the segment", "uniformly"]),
        (_penalty(norm_over="batch"), ["whole batch", "own norm"]),
        (_penalty(target="norm"), ["squared norm", "norm 1"]),
        (_penalty(at="real"), ["at the real points"]),
        (_penalty(at="swapped"), ["fake end"]),
        (_penalty(reshape=False), ["shapes", "broadcast"]),
        (_penalty(given=False), ["alpha passed in"]),
        (_penalty(given=False, alpha_draw="half"), ["alpha passed in is ignored"]),
        (lambda critic, real, fake, alpha=None: np.zeros(3), ["shape (3,)", "one number"]),
        (lambda critic, real, fake: 0.0, ["TypeError"]),
    ],
)
def test_gradient_penalty_mistakes(answer, words):
    result = judge("08.1", answer)
    assert result.status in ("fail", "error"), result  # a missing alpha argument is the student's TypeError
    for word in words:
        assert word in result.message, (word, result.message)
    assert result.status == "fail" or words == ["TypeError"]


def test_gradient_penalty_written_as_the_notebooks_method_passes():
    """The penalty as notebook 08 once wrote it inside WGANGP, without converting or casting its
    inputs, passes too."""
    import tensorflow as tf

    def notebook_style(critic, real, fake, alpha=None):
        if alpha is None:
            alpha = tf.random.uniform(tf.shape(real)[:1])
        shape = [-1] + [1] * (len(real.shape) - 1)
        mixed = real + tf.reshape(alpha, shape) * (fake - real)
        with tf.GradientTape() as tape:
            tape.watch(mixed)
            score = critic(mixed, training=True)
        grads = tape.gradient(score, mixed)
        norm = tf.sqrt(tf.reduce_sum(tf.square(grads), axis=list(range(1, len(real.shape)))) + 1e-12)
        return tf.reduce_mean(tf.square(norm - 1.0))

    assert judge("08.1", notebook_style).status == "pass"


def _tf_penalty(alpha_of, finish=None, axes=None, dtype="float32"):
    """A penalty written with TensorFlow; ``alpha_of(real)`` draws alpha when it is None, ``finish``
    turns the tensor into what is returned, ``axes(ndim)`` are those of the norm."""
    import tensorflow as tf

    def gradient_penalty(critic, real, fake, alpha=None):
        real, fake = tf.cast(real, dtype), tf.cast(fake, dtype)
        if alpha is None:
            alpha = alpha_of(real)
        alpha = tf.reshape(tf.cast(alpha, dtype), [-1] + [1] * (len(real.shape) - 1))
        mixed = real + alpha * (fake - real)
        with tf.GradientTape() as tape:
            tape.watch(mixed)
            score = critic(mixed, training=True)
        grads = tape.gradient(score, mixed)
        norm = tf.sqrt(
            tf.reduce_sum(tf.square(grads), axis=axes(len(real.shape)) if axes else list(range(1, len(real.shape))))
        )
        value = tf.reduce_mean(tf.square(norm - 1.0))
        return finish(value) if finish else value

    return gradient_penalty


def _uniform(real):
    import tensorflow as tf

    return tf.random.uniform(tf.shape(real)[:1], dtype=real.dtype)


def _numpy_alpha(real):
    return np.random.default_rng().uniform(0, 1, real.shape[0])


def test_gradient_penalty_in_float64_passes():
    assert judge("08.1", _tf_penalty(_uniform, dtype="float64")).status == "pass"


@pytest.mark.parametrize(
    "answer, words",
    [
        (_tf_penalty(_uniform, finish=lambda v: float(v.numpy())), ["TensorFlow computation", "gradient"]),
        (_tf_penalty(_uniform, finish=lambda v: np.float32(v)), ["TensorFlow computation"]),
        (_tf_penalty(_uniform, axes=lambda ndim: [1, 2] if ndim == 4 else [1]), ["height and width", "channels"]),
        (_tf_penalty(_uniform, finish=lambda v: __import__("tensorflow").stop_gradient(v)), ["no gradient"]),
        (_tf_penalty(lambda real: None), ["without alpha", "draw it"]),
        (_tf_penalty(_numpy_alpha), ["compiled", "traced", "each step"]),
        (_tf_penalty(_numpy_alpha, dtype="float64"), ["compiled", "traced"]),
    ],
)
def test_gradient_penalty_that_only_works_eagerly_or_forgets_something_fails(answer, words):
    _fails("08.1", answer, *words)


def test_gradient_penalty_probe_is_not_told_to_reshape_alpha_for_a_dtype_error():
    import tensorflow as tf

    def float64_alpha(critic, real, fake, alpha=None):  # float64 alpha times float32 points: a dtype error
        alpha = tf.constant(np.asarray(alpha, "float64").reshape(-1, *[1] * (len(real.shape) - 1)))
        return tf.reduce_mean(critic(tf.constant(real) + alpha * (fake - real)))

    result = judge("08.1", float64_alpha)
    assert "reshape" not in result.message and "about shapes" not in result.message, result.message


def test_the_course_penalty_runs_in_a_compiled_step_and_draws_alpha_there():
    import keras
    import tensorflow as tf

    critic = keras.Sequential([keras.Input((2,)), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(1)])
    real, fake = tf.zeros((64, 2)), tf.ones((64, 2))
    penalty = tf.function(lambda: exercises.gradient_penalty(critic, real, fake))
    assert np.isfinite(penalty().numpy()) and penalty().numpy() != penalty().numpy()  # a fresh alpha each call


def _hinge_d(how):
    import tensorflow as tf

    def hinge_d_loss(d_real, d_fake):
        relu, mean = tf.nn.relu, tf.reduce_mean
        return {
            "flipped": lambda: mean(relu(1 + d_real)) + mean(relu(1 - d_fake)),
            "linear": lambda: mean(1 - d_real) + mean(1 + d_fake),
            "bce": lambda: mean(tf.nn.softplus(-d_real)) + mean(tf.nn.softplus(d_fake)),
            "wasserstein": lambda: mean(d_fake) - mean(d_real),
            "relu of the mean": lambda: relu(1 - mean(d_real)) + relu(1 + mean(d_fake)),
            "real half only": lambda: mean(relu(1 - d_real)),
            "per example": lambda: relu(1 - d_real) + relu(1 + d_fake),
        }[how]()

    return hinge_d_loss


@pytest.mark.parametrize(
    "how, words",
    [
        ("flipped", ["signs are flipped"]),
        ("linear", ["no hinge", "margin"]),
        ("bce", ["cross-entropy", "raw"]),
        ("wasserstein", ["Wasserstein", "margin"]),
        ("relu of the mean", ["mean score"]),
        ("real half only", ["only the real half"]),
        ("per example", ["shape (8, 1)", "one number"]),
    ],
)
def test_hinge_d_loss_mistakes(how, words):
    _fails("08.2", _hinge_d(how), *words)


def test_hinge_d_loss_from_keras_bce_on_probabilities_fails():
    import keras

    def bce(d_real, d_fake):  # notebook 01's d_loss, kept for raw scores
        loss = keras.losses.BinaryCrossentropy(from_logits=True)
        return loss(np.ones_like(d_real), d_real) + loss(np.zeros_like(d_fake), d_fake)

    _fails("08.2", bce, "cross-entropy")


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda d_fake: np.mean(d_fake), ["sign is flipped"]),
        (lambda d_fake: np.mean(np.maximum(0, 1 - d_fake)), ["G uses a hinge too"]),
        (lambda d_fake: np.mean(np.maximum(0, 1 + d_fake)), ["D's part"]),
        (lambda d_fake: np.mean(np.logaddexp(0, -d_fake)), ["non-saturating cross-entropy"]),
        (lambda d_fake: -np.sum(d_fake), ["summed"]),
        (lambda d_fake: "loss", ["str", "not a number"]),
    ],
)
def test_hinge_g_loss_mistakes(answer, words):
    _fails("08.3", answer, *words)


def test_losses_that_change_the_scores_in_place_fail():
    def d_in_place(d_real, d_fake):
        d_real -= 1  # the caller's array
        return np.mean(np.maximum(0, -d_real)) + np.mean(np.maximum(0, 1 + d_fake))

    def g_in_place(d_fake):
        d_fake *= -1
        return np.mean(d_fake)

    _fails("08.2", d_in_place, "in place")
    _fails("08.3", g_in_place, "in place")


# --------------------------------------------------------------------------------------- check()


def test_check_goes_on_with_the_answer_if_right_else_the_course_version(capsys):
    right = exercises.hinge_g_loss
    assert check("08.3", right) is right
    wrong = lambda d_fake: np.mean(d_fake)  # noqa: E731
    got = check("08.3", wrong)
    assert got is not wrong and judge("08.3", got).status == "pass"
    out = capsys.readouterr().out
    assert "✔ Exercise 08.3" in out and "sign is flipped" in out and "course's own version" in out


def test_join_label_to_image_with_the_batch_size_written_in_is_named():
    import keras

    def batch_in_shape(images, labels, embedding, dense):
        height, width = images.shape[1], images.shape[2]
        label_map = keras.ops.reshape(dense(embedding(labels)), (keras.ops.shape(images)[0], height, width, 1))
        return keras.ops.concatenate([images, label_map], axis=-1)

    result = judge("07.2", batch_in_shape)
    assert result.status == "fail" and "batch size" in result.message, result.message


def test_gradient_penalty_on_numpy_points_is_named():
    import tensorflow as tf

    def numpy_mixed(critic, real, fake, alpha=None):
        alpha = np.random.default_rng().uniform(size=len(real)) if alpha is None else alpha
        mixed = real + alpha.reshape(-1, *[1] * (real.ndim - 1)) * (fake - real)  # a NumPy array
        with tf.GradientTape() as tape:
            tape.watch(mixed)
            score = critic(mixed)
        norm = tf.norm(tf.reshape(tape.gradient(score, mixed), (len(real), -1)), axis=1)
        return tf.reduce_mean((norm - 1) ** 2)

    result = judge("08.1", numpy_mixed)
    assert result.status == "fail" and "tf.convert_to_tensor" in result.message, result.message
