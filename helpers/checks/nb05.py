"""Notebook 05: the transposed convolution and the DCGAN generator's block.

05.1 ``convt_size(n, kernel, stride, padding)``: the side of a ``Conv2DTranspose``'s output for an
     n x n input (Keras, ``padding`` "same" or "valid", no ``output_padding``): "same" gives
     n * stride, "valid" (n - 1) * stride + kernel, the last stamp sticking out by the kernel.
     (Keras gives (n - 1) * stride + max(kernel, stride) for "valid": the two agree whenever the
     kernel is at least the stride, as in every network of the course, and only those are asked.)
05.2 ``dcgan_block(filters)``: the layers of one block of the DCGAN generator, as
     ``build_dcgan_generator`` stacks them: a 5x5 stride-2 ``Conv2DTranspose`` with ``filters``
     filters, no bias, kernels from N(0, 0.02); ``BatchNormalization(momentum=0.9)``; ``ReLU``.
     A list of layers or a ``keras.Sequential`` of them.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..i18n import _
from .core import Wrong, a_type, exercise, taught

# ---------------------------------------------------------------------------------------- 05.1


# (n, kernel, stride): every kernel at least the stride, so "valid" is (n - 1) * stride + kernel.
_SIZES = [(n, k, s) for n in (1, 2, 4, 7) for k in (1, 2, 3, 4, 5) for s in (1, 2, 3) if k >= s]


def _conv_size(n, k, s, padding):  # a (forward) convolution: it shrinks
    return -(-n // s) if padding == "same" else (n - k) // s + 1


def _convt_mistakes() -> list:
    """A typical wrong formula (n, kernel, stride, padding) -> side, and what to say when an answer
    gives exactly its values (in the course's language: built when a check runs)."""
    return [
        (
            _conv_size,
            _(
                "this is the size of an ordinary (forward) convolution, which shrinks its input. A "
                "transposed convolution runs it backwards: each input pixel stamps the kernel into a "
                "larger map, the stamps stride pixels apart."
            ),
        ),
        (
            lambda n, k, s, p: n * s,
            _(
                "your 'valid' gives the same size as 'same': without padding nothing is cut off, so the "
                "last stamp's kernel sticks out past the last stride step."
            ),
        ),
        (
            lambda n, k, s, p: n if p == "same" else n + k - 1,
            _("the stride is ignored: the stamps lie stride pixels apart, which spreads the output out."),
        ),
        (
            lambda n, k, s, p: n * s if p == "valid" else (n - 1) * s + k,
            _(
                "the two paddings are swapped: 'same' is the one that cuts off what sticks out at the "
                "edges, 'valid' keeps all of the last stamp."
            ),
        ),
        (
            lambda n, k, s, p: n * s if p == "same" else n * s + k,
            _(
                "for 'valid' there is one stride step too many: count the gaps between the n stamps, not "
                "the stamps themselves."
            ),
        ),
        (
            lambda n, k, s, p: n * s if p == "same" else (n - 1) * s + k - 1,
            _(
                "for 'valid' the count is one short: the last stamp covers its whole kernel, the pixel "
                "where it starts included."
            ),
        ),
    ]


@exercise("05.1", "convt_size(n, kernel, stride, padding)", course=lambda: taught("convt_size"), seconds=10)
def judge_convt_size(convt_size):
    got = {}
    for padding in ("same", "valid"):
        for n, k, s in _SIZES:
            value = convt_size(n, k, s, padding)
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise Wrong(
                    _("convt_size returned {kind}, not a whole number (a side in pixels).", kind=type(value).__name__)
                )
            if float(value) != int(value):
                raise Wrong(
                    _(
                        "{call} returned {value}: a side is a whole number.",
                        call=f"convt_size({n}, {k}, {s}, {padding!r})",
                        value=value,
                    )
                )
            got[n, k, s, padding] = int(value)
    right = {key: taught("convt_size")(*key) for key in got}
    if got == right:
        return
    for formula, message in _convt_mistakes():
        if all(got[key] == formula(*key) for key in got):
            raise Wrong(message)
    (n, k, s, padding), want = next((key, w) for key, w in right.items() if got[key] != w)
    same_right = all(got[key] == right[key] for key in got if key[3] == "same")
    hint = (
        _("'same' is right; for 'valid' think of where the last stamp starts and how far it reaches.")
        if same_right
        else _(
            "with 'same' think of how the stamps, stride pixels apart, enlarge the input, with nothing sticking out."
        )
    )
    raise Wrong(
        _(
            "for a {side}×{side} input, kernel {kernel}, stride {stride}, padding {padding!r} it gives {got}, "
            "where Keras gives {want}: {hint}",
            side=n,
            kernel=k,
            stride=s,
            padding=padding,
            got=got[n, k, s, padding],
            want=want,
            hint=hint,
        )
    )


# ---------------------------------------------------------------------------------------- 05.2


def _block_layers(block):
    """The student's block as a list of layers (from a list, a tuple or a Sequential)."""
    import keras

    if isinstance(block, keras.Sequential):
        return list(block.layers)
    if isinstance(block, keras.layers.Layer):
        return [block]
    if isinstance(block, (list, tuple)):
        for item in block:
            if not isinstance(item, keras.layers.Layer):
                raise Wrong(
                    _(
                        "dcgan_block's list holds {kind}: return only the block's layers (no keras.Input; the "
                        "block goes inside a model that has its own).",
                        kind=a_type(item),
                    )
                )
        return list(block)
    raise Wrong(
        _("dcgan_block should return a list of layers (or a keras.Sequential), not {kind}.", kind=a_type(block))
    )


def _activation(layer) -> str:
    """The name of a layer's activation function ('linear' when it has none)."""
    act = getattr(layer, "activation", None)
    return getattr(act, "__name__", str(act)) if act is not None else "linear"


def _is_relu(layer) -> bool:
    """A plain ReLU: ``ReLU()`` with its defaults, or ``Activation("relu")``."""
    from keras import layers

    if isinstance(layer, layers.ReLU):
        config = layer.get_config()
        return config.get("max_value") is None and not config.get("negative_slope") and not config.get("threshold")
    return isinstance(layer, layers.Activation) and _activation(layer) == "relu"


@exercise("05.2", "dcgan_block(filters)", course=lambda: taught("dcgan_block"), seconds=30)
def judge_dcgan_block(dcgan_block):
    import keras
    from keras import layers

    filters = 16
    block = dcgan_block(filters)
    found = _block_layers(block)
    if not found:
        raise Wrong(_("dcgan_block returned no layers."))
    # Each call must make new layers: the generator stacks several blocks, each with its own weights.
    # Only fresh layers are built here, so the student's shared objects are never touched.
    other = dcgan_block(filters)
    if other is block or any(any(layer is mine for mine in found) for layer in _block_layers(other)):
        raise Wrong(
            _(
                "dcgan_block returns the same layer objects at every call, so the generator's blocks would "
                "share them (and their weights): each call must make new layers."
            )
        )
    if any(isinstance(layer, layers.LeakyReLU) for layer in found) or any(
        _activation(layer) in ("leaky_relu", "LeakyReLU") for layer in found
    ):
        raise Wrong(_("the block uses LeakyReLU: that is the discriminator's activation; DCGAN's generator uses ReLU."))
    x = np.random.default_rng(5).normal(size=(1, 4, 4, 8)).astype("float32")
    model = block if isinstance(block, keras.Sequential) else keras.Sequential(found)
    out = np.asarray(model(x.copy(), training=False))  # inference: no batch statistics are updated
    if out.ndim != 4 or out.shape[0] != 1:
        raise Wrong(
            _(
                "on a (1, 4, 4, 8) batch of feature maps the block gives shape {shape}: it should give maps.",
                shape=out.shape,
            )
        )
    if out.shape[1:3] == (4, 4):
        raise Wrong(
            _("the side stays 4: the block does not upsample. A DCGAN block doubles width and height (stride 2).")
        )
    if out.shape[1:3] != (8, 8):
        raise Wrong(
            _(
                "on 4×4 maps the block gives {height}×{width}: one block doubles the side ('same' padding, stride 2).",
                height=out.shape[1],
                width=out.shape[2],
            )
        )
    if out.shape[3] != filters:
        raise Wrong(
            _(
                "{call} gives {channels} channels: the block has `filters` filters.",
                call=f"dcgan_block({filters})",
                channels=out.shape[3],
            )
        )
    convs = [layer for layer in found if isinstance(layer, layers.Conv2DTranspose)]
    if not convs:
        raise Wrong(
            _(
                "there is no Conv2DTranspose: DCGAN's generator learns to enlarge its maps with a "
                "transposed convolution instead of copying pixels (UpSampling2D, the digit-7 program's "
                "way)."
            )
        )
    conv = convs[0]
    bns = [layer for layer in found if isinstance(layer, layers.BatchNormalization)]
    if not bns:
        raise Wrong(
            _(
                "there is no batch normalisation: DCGAN normalises every hidden layer of G (only its "
                "output layer goes without)."
            )
        )
    if conv.use_bias:
        raise Wrong(
            _(
                "the transposed convolution has a bias: batch normalisation right after it subtracts the "
                "mean and cancels it, so a layer followed by batch normalisation goes without a bias."
            )
        )
    if _activation(conv) != "linear":
        raise Wrong(
            _(
                "the transposed convolution applies {activation} itself, so the activation comes before batch "
                "normalisation; DCGAN normalises first, then applies ReLU.",
                activation=_activation(conv),
            )
        )
    relus = [
        i
        for i, layer in enumerate(found)
        if isinstance(layer, layers.ReLU) or (layer is not conv and _activation(layer) == "relu")
    ]
    if not relus:
        raise Wrong(_("there is no ReLU: DCGAN's generator uses ReLU after batch normalisation."))
    if relus[0] < found.index(bns[0]):
        raise Wrong(
            _("the ReLU comes before batch normalisation: normalise the convolution's output, then apply ReLU.")
        )
    extra = [layer for layer in found if layer is not conv and layer is not bns[0] and not _is_relu(layer)]
    if extra or len(found) != 3:
        names = ", ".join(type(layer).__name__ for layer in extra or found)
        raise Wrong(
            _(
                "the block holds more than its three layers ({names} too): one DCGAN block is only the "
                "transposed convolution, its batch normalisation and the ReLU; whatever else the generator "
                "needs comes outside the blocks.",
                names=names,
            )
        )
    if out.min() < 0 or not 0.2 < np.mean(out == 0) < 0.8:
        raise Wrong(
            _(
                "the block's outputs are not those of ReLU after batch normalisation (about half of them "
                "0, none negative): does the block end with the ReLU?"
            )
        )
    if tuple(conv.kernel_size) != (5, 5) or tuple(conv.strides) != (2, 2):
        raise Wrong(
            _(
                "the transposed convolution has a {kernel_size} kernel and stride {strides}: notebook 05's "
                "blocks use 5×5 kernels at stride 2.",
                kernel_size=conv.kernel_size,
                strides=conv.strides,
            )
        )
    if abs(bns[0].momentum - 0.9) > 1e-6:
        raise Wrong(
            _(
                "batch normalisation has momentum {momentum:g}: notebook 05 uses 0.9, so that the running "
                "averages used for samples keep up with a generator that changes fast.",
                momentum=bns[0].momentum,
            )
        )
    kernel = np.asarray(conv.kernel)
    if not (0.015 < kernel.std() < 0.025 and abs(kernel.mean()) < 0.005):
        raise Wrong(
            _(
                "the kernel starts with standard deviation {std:.3f}: DCGAN draws every kernel from "
                "N(0, 0.02), not with Keras' default initialiser.",
                std=kernel.std(),
            )
        )
