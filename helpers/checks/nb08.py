"""Notebook 08: WGAN-GP's gradient penalty and the hinge loss.

08.1 ``gradient_penalty(critic, real, fake, alpha=None)``: WGAN-GP's penalty (without its weight
     lambda, which the training step applies): at x^ = real + alpha (fake - real), with one alpha
     per example, mean over the examples of (||grad_x^ critic(x^)|| - 1)^2, the norm taken over
     each example's own numbers. ``alpha`` has shape (n,) and must be shaped to broadcast over a
     point (n, 1) or an image (n, 1, 1, 1); when it is None the function draws it, uniform on
     [0, 1], one number per example (``WGANGP.gradient_penalty`` calls it with
     ``self.draw_alpha(n)`` or without it). Judged with alpha given (the value is then fixed), and
     without it: the points the critic is shown must lie on the segments, one alpha per example.
     Then inside a compiled step (a tf.function, as fit() runs it): the penalty's gradient with respect
     to the critic's weights must be the course's, and without alpha two steps must draw anew.
08.2 ``hinge_d_loss(d_real, d_fake)``: the discriminator's hinge loss on raw scores (no sigmoid):
     mean(max(0, 1 - d_real)) + mean(max(0, 1 + d_fake)).
08.3 ``hinge_g_loss(d_fake)``: the generator's side: -mean(d_fake).
"""

from __future__ import annotations

import numpy as np

from ..i18n import _
from .core import Wrong, close, exercise, scalar, taught


def _one_number() -> str:
    """How a loss of one number is made (in the course's language: read when a check runs)."""
    return _("average over the examples, so that it is one number.")


# ---------------------------------------------------------------------------------------- 08.1


class _Critic:
    """A small fixed critic, C(x) = tanh(flat(x) A) v, that notes every batch it is shown."""

    def __init__(self, size, seed, scale=1.0):
        import tensorflow as tf

        rng = np.random.default_rng(seed)
        self.a = tf.Variable(rng.normal(size=(size, 4)) * scale / np.sqrt(size), dtype="float32")  # D's weights
        self.v = tf.constant(rng.normal(size=(4, 1)), "float32")
        self.seen = []

    def __call__(self, x, training=None, **kwargs):
        import tensorflow as tf

        x = tf.cast(x, "float32")  # float64 points are welcome too
        if tf.executing_eagerly():
            self.seen.append(x.numpy())
        return tf.matmul(tf.tanh(tf.matmul(tf.reshape(x, (tf.shape(x)[0], -1)), self.a)), self.v)

    def gradients(self, x):
        import tensorflow as tf

        x = tf.constant(x, "float32")
        with tf.GradientTape() as tape:
            tape.watch(x)
            score = self(x)
        return tape.gradient(score, x).numpy().reshape(len(x), -1).astype("float64")


def _penalty_mistakes(real, fake, alpha, seed, scale):
    """(value, message) of the typical wrong penalties on this probe."""
    critic = _Critic(real[0].size, seed, scale)
    shape = (-1,) + (1,) * (real.ndim - 1)
    a = alpha.reshape(shape)
    g = critic.gradients(real + a * (fake - real))
    norm = np.linalg.norm(g, axis=1)
    n = len(real)
    return [
        (
            (np.sqrt(np.sum(g**2)) - 1) ** 2,
            _(
                "the norm is taken over the whole batch: each example's gradient has its own norm (over "
                "its own numbers only), and the penalty averages over the examples how far each norm is "
                "from 1."
            ),
        ),
        (
            np.mean(norm**2),
            _(
                "this penalises the squared norm itself, pushing D (the critic) towards a flat function: "
                "WGAN-GP asks for gradient norm 1 (penalise how far the norm is from 1)."
            ),
        ),
        (
            np.mean((norm**2 - 1) ** 2),
            _("the squared norm is compared with 1: compare the norm itself (the length of the gradient)."),
        ),
        (
            np.mean(np.abs(norm - 1)),
            _("the distance from 1 is not squared: WGAN-GP penalises the squared distance of each norm from 1."),
        ),
        (
            np.mean(np.maximum(norm - 1, 0) ** 2),
            _(
                "only norms above 1 are penalised (the one-sided variant): WGAN-GP's penalty is two-sided, "
                "norms below 1 cost as much as norms above it."
            ),
        ),
        *(
            [
                (
                    np.mean((np.sqrt(np.sum(g.reshape(real.shape) ** 2, axis=(1, 2))) - 1) ** 2),
                    _(
                        "the norm is taken over height and width only, one per channel: each example's gradient "
                        "has one norm, over all its numbers, the channels too."
                    ),
                )
            ]
            if real.ndim == 4
            else []
        ),
        (
            np.mean((np.abs(g) - 1) ** 2),
            _(
                "each number of the gradient is compared with 1: take the norm of each example's whole "
                "gradient first, then compare it with 1."
            ),
        ),
        (
            np.mean((norm / n - 1) ** 2),
            _(
                "D's (the critic's) scores are averaged before the gradient is taken, which divides each "
                "example's gradient by the batch size: each example's gradient is that of its own score."
            ),
        ),
        (
            np.sum((norm - 1) ** 2),
            _("the penalties are summed over the examples: average them."),
        ),
        (
            10 * np.mean((norm - 1) ** 2),
            _("the penalty is already multiplied by its weight (10): the training step applies the weight."),
        ),
        (
            np.mean((np.linalg.norm(critic.gradients(fake + a * (real - fake)), axis=1) - 1) ** 2),
            _(
                "the point is alpha of the way from the fake end: alpha = 0 should give the real point and "
                "alpha = 1 the fake one."
            ),
        ),
        (
            np.mean((np.linalg.norm(critic.gradients(real), axis=1) - 1) ** 2),
            _("the gradient is taken at the real points: WGAN-GP takes it at points between real and fake."),
        ),
        (
            np.mean((np.linalg.norm(critic.gradients(fake), axis=1) - 1) ** 2),
            _("the gradient is taken at the fakes: WGAN-GP takes it at points between real and fake."),
        ),
        (
            np.mean((np.linalg.norm(critic.gradients(real + 0.5 * (fake - real)), axis=1) - 1) ** 2),
            _(
                "the alpha passed in is ignored: every point is halfway (alpha = 0.5). Use one alpha per "
                "example, the one given."
            ),
        ),
    ]


def _probe(name, n, shape, seed):
    rng = np.random.default_rng(seed)
    real = rng.normal(size=(n, *shape)).astype("float32")
    step = rng.choice([-1.0, 1.0], size=real.shape) * rng.uniform(0.5, 1.5, real.shape)  # never near 0
    fake = (real + step).astype("float32")
    return name, real, fake, rng.uniform(0.05, 0.95, n).astype("float32")


# What TensorFlow and NumPy say when two shapes do not broadcast (not the bare word "shape").
_SHAPE_WORDS = ("incompatible shapes", "not broadcastable", "could not be broadcast", "dimensions must be equal")


def _penalty(gradient_penalty, critic, real, fake, alpha, what):
    given = [real.copy(), fake.copy()] + ([] if alpha is None else [alpha.copy()])
    try:
        value = gradient_penalty(critic, *given)
    except (Wrong, NotImplementedError):
        raise
    except Exception as exc:
        if alpha is None:
            raise Wrong(
                _(
                    "called without alpha, {call} raised {error}: alpha is "
                    "optional, and when it is not given (None) the function must draw it itself.",
                    call="gradient_penalty(critic, real, fake)",
                    error=type(exc).__name__,
                )
            ) from None
        if any(words in str(exc).lower() for words in _SHAPE_WORDS):
            raise Wrong(
                _(
                    "on {what} it raised {error} about shapes: alpha holds one number per example, shape (n,); "
                    "shape it so that it broadcasts over each example, whatever its shape.",
                    what=what,
                    error=type(exc).__name__,
                )
            ) from None
        if "not tf.tensor" in str(exc).lower() or "ndarray" in str(exc):
            raise Wrong(
                _(
                    "on {what} it raised {error}: a tape can only watch a TensorFlow tensor, and real, fake "
                    "and alpha may arrive as NumPy arrays: turn them into tensors first (tf.convert_to_tensor).",
                    what=what,
                    error=type(exc).__name__,
                )
            ) from None
        raise
    for array, original in zip(given, [real, fake, alpha]):
        if not np.array_equal(array, original):
            raise Wrong(_("gradient_penalty changed real, fake or alpha in place: compute new tensors instead."))
    return scalar(value, "gradient_penalty", _one_number())


def _alphas(gradient_penalty, real, fake):
    """The alpha of each example that D was shown, from one call without alpha."""
    critic = _Critic(real[0].size, 84)
    _penalty(gradient_penalty, critic, real, fake, None, "")
    between = [
        x
        for x in critic.seen
        if x.shape == real.shape and not np.allclose(x, real, atol=1e-6) and not np.allclose(x, fake, atol=1e-6)
    ]
    if not critic.seen:
        raise Wrong(
            _(
                "called without alpha, the check could not see what D (the critic) was shown (it watches "
                "eager calls): leave gradient_penalty a plain function, not a tf.function; fit() compiles "
                "the step around it."
            )
        )
    if not between:
        raise Wrong(
            _("called without alpha, D (the critic) was never shown points between the real and the fake ones.")
        )
    return ((between[0] - real) / (fake - real)).reshape(len(real), -1)


def _compiled(gradient_penalty, real, fake, alpha, seed, scale):
    """Inside a compiled step, as in fit(): the penalty and its gradient with respect to D's weights,
    for the student's function and the course's. Without alpha, two steps of one compiled function."""
    import tensorflow as tf

    def step_of(penalty, critic):
        @tf.function
        def step():
            with tf.GradientTape() as tape:
                drawn = None if alpha is None else tf.constant(alpha)
                value = penalty(critic, tf.constant(real), tf.constant(fake), drawn)
                value = tf.reshape(tf.cast(value, "float32"), [])
            grad = tape.gradient(value, critic.a)
            return value, tf.zeros_like(critic.a) if grad is None else grad

        return step

    step = step_of(gradient_penalty, _Critic(real[0].size, seed, scale))
    try:
        got = [[t.numpy().astype("float64") for t in step()] for _step in range(1 if alpha is not None else 2)]
    except Wrong:  # a NotImplementedError here is "symbolic tensor to NumPy", not a stub
        raise
    except Exception as exc:
        raise Wrong(
            _(
                "inside a compiled training step (a tf.function, as in fit()) it raised {error}: the "
                "penalty must stay a TensorFlow computation: its gradient trains D (the critic), with no "
                "NumPy or Python numbers in between.",
                error=type(exc).__name__,
            )
        ) from None
    if alpha is None:  # nothing to compare with (and no draw of the course's own, from TF's global generator)
        return got, None
    right = [
        t.numpy().astype("float64") for t in step_of(taught("gradient_penalty"), _Critic(real[0].size, seed, scale))()
    ]
    return got, right


def _check_compiled(gradient_penalty, real, fake, alpha, seed, scale, what):
    got, right = _compiled(gradient_penalty, real, fake, alpha, seed, scale)
    grad = got[0][1]
    if not (np.all(np.isfinite(grad)) and np.abs(grad).max() > 0):
        raise Wrong(
            _(
                "inside a compiled training step (as in fit()) the penalty on {what} gives D's weights no "
                "gradient: the penalty must stay a TensorFlow computation: its gradient trains D (the "
                "critic). Is the value turned into a NumPy or Python number, or computed on a copy?",
                what=what,
            )
        )
    if right is not None and not np.allclose(grad, right[1], rtol=1e-2, atol=1e-4):
        raise Wrong(
            _(
                "inside a compiled training step (as in fit()), on {what}, the gradient of the penalty "
                "with respect to D's weights is not the course's: the penalty must stay a TensorFlow "
                "computation: its gradient trains D (the critic), all the way from x^ to the value.",
                what=what,
            )
        )
    if alpha is None and abs(got[0][0] - got[1][0]) <= 1e-7 * max(1.0, abs(got[0][0])):
        raise Wrong(
            _(
                "inside a compiled training step (as in fit()), without alpha, two steps give the same "
                "penalty: the alphas were drawn once, when TensorFlow traced the step, and every step "
                "reuses them. Draw them as part of the TensorFlow computation, so that each step gets new "
                "ones."
            )
        )


@exercise(
    "08.1",
    "gradient_penalty(critic, real, fake, alpha=None)",
    course=lambda: taught("gradient_penalty"),
    seconds=60,
)
def judge_gradient_penalty(gradient_penalty):
    # 1. alpha given: the value is fixed. Points (n, 3), then colour images (n, 4, 4, 3).
    probes = [
        (_probe(_("points of shape {shape}", shape=(5, 3)), 5, (3,), 80), 81, 2.0),
        (_probe(_("images of shape {shape}", shape=(3, 4, 4, 3)), 3, (4, 4, 3), 87), 89, 3.0),
    ]
    for (what, real, fake, alpha), seed, scale in probes:
        got = _penalty(gradient_penalty, _Critic(real[0].size, seed, scale), real, fake, alpha, what)
        right = scalar(
            taught("gradient_penalty")(_Critic(real[0].size, seed, scale), real, fake, alpha), "", _one_number()
        )
        if close(got, right):
            continue
        again = _penalty(gradient_penalty, _Critic(real[0].size, seed, scale), real, fake, alpha, what)
        if not close(got, again):
            raise Wrong(
                _(
                    "with the same alpha, the penalty changes from call to call: use the alpha passed in (draw "
                    "one only when alpha is None)."
                )
            )
        for wrong, message in _penalty_mistakes(real, fake, alpha, seed, scale):
            if close(got, wrong):
                raise Wrong(message)
        raise Wrong(
            _(
                "on {what} it gives {got:.4f}, the course's penalty {right:.4f}: check where the gradient "
                "is taken, that each example's gradient has its own norm, and how its distance from 1 is "
                "penalised.",
                what=what,
                got=got,
                right=right,
            )
        )

    # 2. alpha drawn: the critic's inputs show it. One number per example, uniform on [0, 1].
    real, fake = _probe("", 400, (2,), 85)[1:3]
    first = _alphas(gradient_penalty, real, fake)
    if np.ptp(first, axis=1).max() > 1e-4:
        raise Wrong(
            _(
                "alpha differs between the numbers of one example: draw one alpha per example, acting on "
                "all of that example's numbers, so that each x^ lies on the segment from its real to its "
                "fake point."
            )
        )
    first = first[:, 0]
    if first.min() < -1e-4 or first.max() > 1 + 1e-4:
        share = np.mean((first < 0) | (first > 1))
        raise Wrong(
            _(
                "{share:.0%} of the points x^ lie off the segment between real and fake (alpha outside [0, "
                "1], as a normal draw gives): draw alpha uniformly on [0, 1].",
                share=share,
            )
        )
    if np.ptp(first) < 1e-6:
        second = _alphas(gradient_penalty, real, fake)[:, 0]
        if abs(first[0] - 0.5) < 1e-4 and np.ptp(second) < 1e-6 and abs(second[0] - 0.5) < 1e-4:
            raise Wrong(
                _(
                    "alpha is always 0.5: every x^ is a midpoint, so D (the critic) is only asked to have "
                    "gradient norm 1 there. Draw alpha uniformly on [0, 1], one per example."
                )
            )
        raise Wrong(
            _("the whole batch gets one alpha: draw one per example, so that the points x^ spread along the segments.")
        )
    drawn = np.concatenate(
        [first, _alphas(gradient_penalty, real, fake)[:, 0], _alphas(gradient_penalty, real, fake)[:, 0]]
    )
    quarters = np.histogram(drawn, bins=4, range=(0, 1))[0] / len(drawn)
    if abs(drawn.mean() - 0.5) > 0.05 or np.abs(quarters - 0.25).max() > 0.06:
        raise Wrong(
            _(
                "the alphas drawn are not uniform on [0, 1]: of {count}, the quarters [0, 1/4), ... hold "
                "{shares}. Draw them uniformly.",
                count=len(drawn),
                shares=", ".join(f"{q:.0%}" for q in quarters),
            )
        )

    # 3. Inside a compiled step, as fit() runs it: a TensorFlow computation whose gradient trains D.
    for (what, real, fake, alpha), seed, scale in probes:
        _check_compiled(gradient_penalty, real, fake, alpha, seed, scale, what)
    what, real, fake = probes[0][0][:3]
    _check_compiled(gradient_penalty, real, fake, None, 81, 2.0, what)


# ---------------------------------------------------------------------------------------- 08.2, 08.3


def _scores():
    """Raw scores on both sides of the margins +-1: real around +0.5, fake around -0.5."""
    rng = np.random.default_rng(8)
    return rng.uniform(-1.5, 2.5, (8, 1)).astype("float32"), rng.uniform(-2.5, 1.5, (8, 1)).astype("float32")


def _relu(x):
    return np.maximum(x, 0.0)


def _softplus(x):
    return np.logaddexp(0.0, x)


@exercise("08.2", "hinge_d_loss(d_real, d_fake)", course=lambda: taught("hinge_d_loss"), seconds=10)
def judge_hinge_d_loss(hinge_d_loss):
    real, fake = _scores()
    given = real.copy(), fake.copy()
    got = scalar(hinge_d_loss(*given), "hinge_d_loss", _one_number())
    if not (np.array_equal(given[0], real) and np.array_equal(given[1], fake)):
        raise Wrong(_("hinge_d_loss changed the scores in place: compute new tensors instead."))
    r, f = real.astype("float64"), fake.astype("float64")
    right = np.mean(_relu(1 - r)) + np.mean(_relu(1 + f))
    if close(got, right):
        return
    for wrong, message in [
        (
            np.mean(_relu(1 + r)) + np.mean(_relu(1 - f)),
            _("the signs are flipped: D wants real scores high (at least +1) and fake scores low (at most -1)."),
        ),
        (
            np.mean(1 - r) + np.mean(1 + f),
            _(
                "there is no hinge: the loss is linear and keeps rewarding D for pushing scores further. "
                "The hinge stops at the margin: a real score above +1 (a fake below -1) costs nothing."
            ),
        ),
        (
            np.mean(f) - np.mean(r),
            _(
                "this is the Wasserstein critic's loss, linear in the scores: the hinge loss stops "
                "rewarding D once a score is past its margin (+1 for real data, -1 for fakes)."
            ),
        ),
        (
            np.mean(_softplus(-r)) + np.mean(_softplus(f)),
            _(
                "this is notebook 01's cross-entropy, with the scores as logits: the hinge loss works on "
                "the raw scores, with margins at +1 for real data and -1 for fakes."
            ),
        ),
        (
            _relu(1 - np.mean(r)) + _relu(1 + np.mean(f)),
            _("the hinge is applied to the batch's mean score: apply it to each score, then average."),
        ),
        (right / 2, _("the two halves are averaged: the hinge loss adds its part on real and its part on fakes.")),
        (
            np.sum(_relu(1 - r)) + np.sum(_relu(1 + f)),
            _("each half is summed over the batch: average it."),
        ),
        (np.mean(_relu(1 - r)), _("only the real half is there: add the part on fakes, with its margin at -1.")),
        (np.mean(_relu(1 + f)), _("only the fake half is there: add the part on real data, with its margin at +1.")),
    ]:
        if close(got, wrong):
            raise Wrong(message)
    raise Wrong(
        _(
            "on real scores around +0.5 and fake ones around -0.5 it gives {got:.4f}; the hinge loss "
            "gives {right:.4f}.",
            got=got,
            right=right,
        )
    )


@exercise("08.3", "hinge_g_loss(d_fake)", course=lambda: taught("hinge_g_loss"), seconds=10)
def judge_hinge_g_loss(hinge_g_loss):
    fake = _scores()[1]
    given = fake.copy()
    got = scalar(hinge_g_loss(given), "hinge_g_loss", _one_number())
    if not np.array_equal(given, fake):
        raise Wrong(_("hinge_g_loss changed the scores in place: compute new tensors instead."))
    f = fake.astype("float64")
    right = -np.mean(f)
    if close(got, right):
        return
    for wrong, message in [
        (
            np.mean(f),
            _(
                "the sign is flipped: this loss falls when D scores the fakes lower. G has no margin: it "
                "wants D's scores of its fakes as high as possible."
            ),
        ),
        (
            np.mean(_relu(1 - f)),
            _(
                "G uses a hinge too, so it stops once a fake scores +1: G has no margin, it wants D's "
                "scores of its fakes as high as possible."
            ),
        ),
        (
            np.mean(_relu(1 + f)),
            _(
                "this is D's part of the loss on fakes, which pushes their scores down: G has no margin, "
                "it wants D's scores of its fakes as high as possible."
            ),
        ),
        (
            np.mean(_softplus(-f)),
            _(
                "this is notebook 01's non-saturating cross-entropy on the scores: with the hinge loss "
                "there is no sigmoid and G has no margin, it wants D's raw scores of its fakes as high as "
                "possible."
            ),
        ),
        (-np.sum(f), _("the scores are summed over the batch: average them.")),
    ]:
        if close(got, wrong):
            raise Wrong(message)
    raise Wrong(
        _(
            "on fake scores around -0.5 it gives {got:.4f}, the course's loss {right:.4f}: G has no "
            "margin, it wants D's scores of its fakes, on average, as high as possible.",
            got=got,
            right=right,
        )
    )
