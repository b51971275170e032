"""Notebook 02: the digit-7 networks.

02.1 ``build_digit_generator(latent_dim)``: notebook 02's generator for 28×28×1 images in [0, 1]: a
     Dense layer to 64 maps of 7×7, upsampling and a 2×2 convolution twice (64 maps of 14×14,
     then 8 maps of 28×28), and a 1×1 convolution with a sigmoid (53,009 parameters for a latent
     size of 10). The course's version is ``helpers.models.build_digit_generator``.
02.2 ``build_digit_discriminator()``: notebook 02's discriminator for 28×28×1 images: two 5×5
     convolution + 2×2 max-pooling stages, a Dense layer of 100 units and one sigmoid unit, the
     probability that the image is real (84,761 parameters). The course's version is
     ``helpers.models.build_digit_discriminator``.

The judges build the student's networks (never touching the student's own models, and leaving
Python's and NumPy's random state as they found it), compare the output's shape and range, the
feature maps after each layer and the parameter count with the course's networks, and finally
give both networks the same weights and compare what they compute. Notebook 04's colour
versions use the same judges (``judge_generator``, ``judge_discriminator``).
"""

from __future__ import annotations

import warnings

import numpy as np

from ..i18n import _
from .core import ATOL, RTOL, Wrong, a_type, exercise, taught


def shape_text(shape) -> str:
    shape = tuple(shape)
    if len(shape) == 1:
        return _("{count:,} numbers", count=shape[0])
    return "×".join(str(s) for s in shape) if shape else _("one number")


def build(builder, args: tuple, call: str):
    """The student's network, built afresh; a clear ``Wrong`` if it is not a Keras model. It is
    built twice: a function that hands out one shared model (which the judge would then change)
    is a mistake of its own."""
    import keras

    model = builder(*args)
    if model is None:
        raise Wrong(_("{call} returned None: return the model (did you forget `return`?).", call=call))
    if not isinstance(model, keras.Model):
        raise Wrong(
            _(
                "{call} should return a Keras model, e.g. keras.Sequential([...]), not {kind}.",
                call=call,
                kind=a_type(model),
            )
        )
    if not model.built:
        raise Wrong(
            _(
                "the model of {call} has no declared input, so it has no weights until its first call: "
                "start the Sequential with keras.Input(...) (later cells count its weights, and the "
                "optimisers need them).",
                call=call,
            )
        )
    if builder(*args) is model:
        raise Wrong(
            _(
                "{call} returns the same model object on every call: a build function must make a new, "
                "untrained network each time (notebook 03 trains a fresh pair for every run).",
                call=call,
            )
        )
    try:  # judge a copy: the model may be held elsewhere too
        return keras.models.clone_model(model)
    except Exception:  # e.g. a subclassed model: a new one on each call, as just checked
        return model


def declared_input(model):
    """The input shape the model declares (without the batch), or None if it is built lazily."""
    try:
        shape = model.input_shape
    except (AttributeError, ValueError):
        return None
    if isinstance(shape, list) or shape is None:
        return None
    return tuple(shape[1:])


def run(model, x, call: str | None, what: str) -> np.ndarray:
    """The model's outputs on ``x`` as a NumPy array, or a ``Wrong`` that names ``call`` (the call
    that built the model; None: the judged model, "it") and ``what`` (``x``, in words)."""
    import keras

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. Keras's own warning about a softmax over one unit
            out = model(x, training=False)
    except Exception as exc:
        text, error = (str(exc).strip().splitlines() or [""])[0][:200], type(exc).__name__
        if call is None:
            raise Wrong(
                _("the model of it cannot take {what}: {error}: {text}", what=what, error=error, text=text)
            ) from None
        raise Wrong(
            _("the model of {call} cannot take {what}: {error}: {text}", call=call, what=what, error=error, text=text)
        ) from None
    if isinstance(out, list | tuple | dict):
        if call is None:
            raise Wrong(_("the model of it gives several outputs; it should give one tensor."))
        raise Wrong(_("the model of {call} gives several outputs; it should give one tensor.", call=call))
    return np.asarray(keras.ops.convert_to_numpy(out), dtype="float64")


def own_kernels(model, seed: int = 0, biases: bool = False):
    """Give every kernel fixed random values of the usual size (1/sqrt(fan in)), from the check's
    own generator: the verdicts below do not depend on the random initial weights. Vectors
    (biases, batch-norm statistics) keep their initial values unless ``biases``."""
    rng = np.random.default_rng(seed)
    weights = []
    for w in model.get_weights():
        if w.dtype.kind == "f" and w.ndim >= 2:
            w = rng.normal(0.0, 1.0 / np.sqrt(np.prod(w.shape[:-1])), w.shape).astype(w.dtype)
        elif w.dtype.kind == "f" and biases:
            w = rng.normal(0.0, 0.1, w.shape).astype(w.dtype)
        weights.append(w)
    model.set_weights(weights)


def feature_maps(model, x):
    """[(layer number from 1, class name, output shape without the batch)] for the layers that
    have weights or change the shape (an Activation or Dropout layer is left out), or None."""
    import keras

    steps = []
    try:
        if isinstance(model, keras.Sequential):
            for layer in model.layers:
                x = layer(x, training=False)
                steps.append((layer, tuple(x.shape[1:])))
        else:
            for layer in model.layers:
                if not isinstance(layer, keras.layers.InputLayer):
                    steps.append((layer, tuple(layer.output.shape[1:])))
    except Exception:
        return None
    kept, previous = [], None
    for number, (layer, shape) in enumerate(steps, 1):
        if layer.weights or shape != previous:
            kept.append((number, type(layer).__name__, shape))
        previous = shape
    return kept


def _resizes(maps, smaller: bool) -> int:
    """How many weightless layers shrink (pooling) or grow (upsampling) the feature maps' side."""
    count, previous = 0, None
    for __, name, shape in maps:
        if previous is not None and len(shape) == len(previous) == 3 and "Conv" not in name:
            count += shape[0] < previous[0] if smaller else shape[0] > previous[0]
        previous = shape
    return count


def _odd_layer(theirs, ours, i: int):
    """theirs[i] if it is a layer with weights that keeps the maps' shape and that ``ours`` has no
    counterpart for: without it, the two stacks' kinds of layer and shapes line up; else None."""
    if i >= len(theirs) or (i < len(ours) and theirs[i][1] == ours[i][1]):
        return None
    kept = [(name, shape) for __, name, shape in theirs[:i] + theirs[i + 1 :]]
    if kept != [(name, shape) for __, name, shape in ours]:
        return None
    previous = theirs[i - 1][2] if i > 0 else None
    return theirs[i] if theirs[i][2] == previous else None


def _shrinking_conv(maps):
    """(layer number, class name, side before, side after) for the first convolution that makes
    the maps smaller, or None."""
    previous = None
    for number, name, shape in maps or []:
        if previous is not None and len(shape) == len(previous) == 3 and "Conv" in name and shape[0] < previous[0]:
            return number, name, previous[0], shape[0]
        previous = shape
    return None


def compare_structure(model, course, x, ref: str, values: str) -> None:
    """Feature maps layer by layer, then the parameter count, then the same weights' outputs.
    ``values``: what the network's outputs are, for the messages."""
    import keras

    theirs, ours = feature_maps(model, x), feature_maps(course, x)
    if theirs is not None and [s for *__, s in theirs] != [s for *__, s in ours]:
        i = next((i for i, (a, b) in enumerate(zip(theirs, ours)) if a[2] != b[2]), min(len(theirs), len(ours)))
        extra, missing = _odd_layer(theirs, ours, i), _odd_layer(ours, theirs, i)
        if extra is not None:
            number, name, shape = extra
            text = _(
                "layer {number} ({name}) is one {ref} does not have: the layers around it match, but at "
                "that place {ref} has no layer with weights.",
                number=number,
                name=name,
                ref=ref,
            )
        elif missing is not None:
            text = _(
                "a layer is missing after layer {number} ({name}): at that place {ref} has a {missing} "
                "layer, with weights, giving {shape}.",
                number=theirs[i - 1][0],
                name=theirs[i - 1][1],
                ref=ref,
                missing=missing[1],
                shape=shape_text(missing[2]),
            )
        elif i < len(theirs) and i < len(ours):
            number, name, shape = theirs[i]
            text = _(
                "the feature maps first differ after layer {number} ({name}): {shape}, where {ref} has "
                "{want} at that point.",
                number=number,
                name=name,
                shape=shape_text(shape),
                ref=ref,
                want=shape_text(ours[i][2]),
            )
        elif i == len(theirs):
            text = _(
                "the stack ends too early: {ref} has more layers after {shape}.",
                ref=ref,
                shape=shape_text(ours[i - 1][2]),
            )
        else:
            number, name, shape = theirs[i]
            text = _(
                "layer {number} ({name}, {shape}) is one too many: {ref} ends before it.",
                number=number,
                name=name,
                shape=shape_text(shape),
                ref=ref,
            )
        if _resizes(theirs, smaller=True) < _resizes(ours, smaller=True):
            text += " " + _("A max-pooling stage is missing: each halves the maps' width and height.")
        if _resizes(theirs, smaller=False) < _resizes(ours, smaller=False):
            text += " " + _("An upsampling step is missing: each doubles the maps' width and height.")
        raise Wrong(text)
    n, m = model.count_params(), course.count_params()
    if n != m:
        if theirs is None:
            raise Wrong(_("it has {got:,} parameters where {ref} has {want:,}.", got=n, ref=ref, want=m))
        raise Wrong(
            _(
                "it has {got:,} parameters where {ref} has {want:,}: the feature maps have the right shapes, "
                "so check each layer's kernel size and whether it has a bias.",
                got=n,
                ref=ref,
                want=m,
            )
        )
    if [w.shape for w in model.get_weights()] != [w.shape for w in course.get_weights()]:
        raise Wrong(
            _("its weights are arranged differently from {ref}'s: build the layers in the same order.", ref=ref)
        )
    own_kernels(model, seed=1, biases=True)
    own_kernels(course, seed=1, biases=True)
    mine, right = run(model, x, None, _("the inputs")), run(course, x, None, _("the inputs"))
    half = keras.mixed_precision.global_policy().compute_dtype != "float32"  # 16-bit layers: 3 digits
    if np.allclose(mine, right, rtol=2e-2 if half else RTOL, atol=2e-2 if half else ATOL):
        return
    p = np.clip(right, 1e-6, 1 - 1e-6)
    logit = np.log(p / (1 - p))  # what the course's network feeds its sigmoid
    if np.allclose(mine, np.tanh(logit), rtol=1e-2, atol=1e-3):
        raise Wrong(
            _(
                "its last layer is a tanh, with outputs between -1 and 1, where {ref} gives {values}: use "
                "the matching activation.",
                ref=ref,
                values=values,
            )
        )
    if np.allclose(mine, logit, rtol=1e-2, atol=1e-3):
        raise Wrong(
            _(
                "its last layer has no activation: it gives logits (any number), where {ref} gives {values}.",
                ref=ref,
                values=values,
            )
        )
    raise Wrong(
        _(
            "same layers and shapes as {ref}, but given the same weights the two compute different "
            "outputs (up to {gap:.3g} apart): check each layer's activation (relu in the hidden "
            "layers) and how each layer is set up (padding, strides, interpolation).",
            ref=ref,
            gap=np.abs(mine - right).max(),
        )
    )


def judge_generator(builder, latent_dim: int, image_shape: tuple, course_builder, call: str, ref: str) -> None:
    model = build(builder, (latent_dim,), call)
    declared = declared_input(model)
    if declared is not None and declared != (latent_dim,):
        raise Wrong(
            _(
                "{call} takes inputs of {shape}: G reads latent vectors, {latent_dim} numbers each for "
                "latent_dim = {latent_dim}.",
                call=call,
                shape=shape_text(declared),
                latent_dim=latent_dim,
            )
        )
    rng = np.random.default_rng(0)
    z = rng.standard_normal((6, latent_dim)).astype("float32")
    own_kernels(model)
    out = run(model, z, call, _("a batch of latent vectors of size {latent_dim}", latent_dim=latent_dim))
    got, want = out.shape[1:], tuple(image_shape)
    if got != want:
        side, channels = want[0], want[-1]
        if len(got) != 3:
            hint = _(
                "images of {shape}, not a flat vector: G's maps must stay images to the end.", shape=shape_text(want)
            )
        elif got[:2] == want[:2] and got[-1] != channels:
            hint = (
                _("one channel: colour images have three (red, green, blue).")
                if channels == 3
                else _("{channels} channels: the grey images have one.", channels=got[-1])
            )
        elif shrink := _shrinking_conv(feature_maps(model, z)):
            number, name, before, after = shrink
            hint = _(
                "its convolutions make the maps smaller (layer {number}, {name}, from {before}×{before} to "
                "{after}×{after}): a convolution that does not pad its input loses a border at each step, "
                "but in G only the upsampling steps change the maps' size.",
                number=number,
                name=name,
                before=before,
                after=after,
            )
        elif got[0] * 2 == side:
            hint = _("one upsampling step is missing: each doubles the maps' width and height.")
        else:
            hint = _(
                "images of {side}×{side}: G starts from maps a quarter of the image's side and doubles them twice.",
                side=side,
            )
        raise Wrong(
            _(
                "{call} makes images of shape {shape}, where the data are {want}: {hint}",
                call=call,
                shape=shape_text(got),
                want=shape_text(want),
                hint=hint,
            )
        )
    big = run(model, 1000 * z, call, _("large latent vectors"))
    low, high = min(out.min(), big.min()), max(out.max(), big.max())
    if low < 0 and high <= 1:
        raise Wrong(
            _(
                "its pixels go down to {low:.2f}: an output between -1 and 1 is a tanh's, but the images "
                "are scaled to [0, 1]: the last layer's activation must give exactly the data's range.",
                low=low,
            )
        )
    if low < 0 or high > 1:
        raise Wrong(
            _(
                "its pixels range from {low:.3g} to {high:.3g} for large latent vectors: the last layer "
                "needs an activation that keeps them in the data's range, [0, 1].",
                low=low,
                high=high,
            )
        )
    if np.mean(out == 0) > 0.05:
        raise Wrong(
            _(
                "{share:.0%} of its pixels are exactly 0, as behind a relu: the last layer's activation "
                "must give a grey level in [0, 1] for every pixel, without cutting off.",
                share=np.mean(out == 0),
            )
        )
    other = latent_dim // 2 + 1  # the same network for any latent size, not only this one
    declared = declared_input(build(builder, (other,), call.replace(str(latent_dim), str(other))))
    if declared is not None and declared != (other,):
        raise Wrong(
            _(
                "with latent_dim = {latent_dim} G still reads inputs of {shape}: use the argument latent_dim "
                "for the size of its input.",
                latent_dim=other,
                shape=shape_text(declared),
            )
        )
    course = course_builder(latent_dim)
    compare_structure(model, course, z, ref, _("pixels in [0, 1]"))


def judge_discriminator(builder, image_shape: tuple, course_builder, call: str, ref: str) -> None:
    model = build(builder, (), call)
    want = tuple(image_shape)
    declared = declared_input(model)
    if declared is not None and declared != want:
        if declared == (28, 28, 1):
            hint = _("it is still the 7s' 28×28×1: the images are now {shape}.", shape=shape_text(want))
        elif len(declared) == 3 and declared[:2] == want[:2]:
            if declared[-1] == 1:
                hint = _("{got} channel where the images have {want}.", got=declared[-1], want=want[-1])
            else:
                hint = _("{got} channels where the images have {want}.", got=declared[-1], want=want[-1])
        else:
            hint = _("the images are {shape} (height, width, channels).", shape=shape_text(want))
        raise Wrong(_("D reads inputs of {shape}: {hint}", shape=shape_text(declared), hint=hint))
    rng = np.random.default_rng(0)
    # images of all sorts (in [0, 1], and centred on 0), so that D's scores differ in sign
    x = np.concatenate([rng.uniform(0, 1, (4, *want)), rng.normal(0, 1, (4, *want))]).astype("float32")
    own_kernels(model)
    out = run(model, x, call, _("a batch of {shape} images", shape=shape_text(want)))
    if out.shape[1:] != (1,):
        raise Wrong(
            _(
                "D gives {shape} per image, where it should give one number per image: the probability "
                "that the image is real.",
                shape=shape_text(out.shape[1:]),
            )
        )
    big = run(model, 1000 * x, call, _("images with large pixel values"))
    low, high = min(out.min(), big.min()), max(out.max(), big.max())
    if low < 0 and low >= -1 and high <= 1:
        raise Wrong(
            _(
                "its outputs go down to {low:.2f}: between -1 and 1 is a tanh's range, but D's output is "
                "the probability that the image is real, in [0, 1]: the last layer needs the matching "
                "activation.",
                low=low,
            )
        )
    if low < 0 or high > 1:
        raise Wrong(
            _(
                "its outputs range from {low:.3g} to {high:.3g}: these are logits (scores), not "
                "probabilities. D's output is the probability that the image is real, in [0, 1], which the "
                "course's losses expect: the last layer needs the matching activation.",
                low=low,
                high=high,
            )
        )
    if np.ptp(np.r_[out.ravel(), big.ravel()]) == 0:
        raise Wrong(
            _(
                "it gives the same output, {value:.3g}, for every image: D must respond to its input. (A "
                "softmax over a single unit is always 1.)",
                value=out.ravel()[0],
            )
        )
    course = course_builder()
    compare_structure(model, course, x, ref, _("the probability that the image is real, in [0, 1]"))


@exercise(
    "02.1",
    "build_digit_generator(latent_dim, image_shape)",
    course=lambda: taught("build_digit_generator", "models"),
    seconds=30,
)
def judge_build_generator(build_digit_generator):
    judge_generator(
        build_digit_generator,
        10,
        (28, 28, 1),
        taught("build_digit_generator", "models"),
        "build_digit_generator(10)",
        _("notebook 02's generator"),
    )


@exercise(
    "02.2",
    "build_digit_discriminator(image_shape)",
    course=lambda: taught("build_digit_discriminator", "models"),
    seconds=30,
)
def judge_build_discriminator(build_digit_discriminator):
    judge_discriminator(
        build_digit_discriminator,
        (28, 28, 1),
        taught("build_digit_discriminator", "models"),
        "build_digit_discriminator()",
        _("notebook 02's discriminator"),
    )
