"""Notebook 06: walking through the latent space, and a direction in it.

06.1 ``slerp(z0, z1, t)``: spherical interpolation between two latent vectors (NumPy arrays of one
     shape, ``t`` a number in [0, 1]), as section 3 writes it: with cos w = z0.z1 / (|z0| |z1|),
     ``(sin((1 - t) w) z0 + sin(t w) z1) / sin w``. For (nearly) parallel vectors sin w is 0 and
     the formula divides 0 by 0: then it falls back to the straight line, (1 - t) z0 + t z1.
06.2 ``thickness_direction(z, ink, classes)``: section 4's "thickness" direction from latent
     vectors ``z`` (n, d), the ink of the digit each one draws (n,) and the class the judge gave
     it (n,): within every class that has at least 8 samples, sorted by ink, the mean z of the
     inkiest quarter (len // 4 samples) minus the mean z of the faintest quarter; the direction
     is the average of these per-class differences, each class counting once (not normalised).

Why 06.2: the section's point is *latent arithmetic by averaging*, and its pitfall: ink differs
far more between classes (a 1 against a 0) than within one, so "the inkiest samples minus the
faintest" across all classes would mostly be "a 0 minus a 1", a class direction, not a style
one. Comparing within each class, then averaging, is what the exercise makes the student do;
the check recognises the across-classes version by name.
"""

from __future__ import annotations

import numpy as np

from ..i18n import _
from .core import Wrong, close, exercise, taught

# ---------------------------------------------------------------------------------------- 06.1


def _lerp(z0, z1, t):
    return (1 - t) * z0 + t * z1


def _arc_and_line(z0, z1, t):
    """A typical mistake: the direction on the arc (between unit vectors), the length on a straight line."""
    a, b = np.linalg.norm(z0), np.linalg.norm(z1)
    return taught("slerp")(z0 / a, z1 / b, t) * ((1 - t) * a + t * b)


def _vector(value, what, shape):
    try:
        array = np.asarray(value, dtype="float64")
    except (TypeError, ValueError):
        raise Wrong(
            _("{what} returned {kind}, not an array of numbers.", what=what, kind=type(value).__name__)
        ) from None
    if array.shape != shape:
        raise Wrong(
            _(
                "{what} returned shape {shape}: it should be a vector of shape {want}, like its inputs.",
                what=what,
                shape=array.shape,
                want=shape,
            )
        )
    return array


def _unchanged(name, given, original, what):
    if not np.array_equal(given, original):
        raise Wrong(
            _(
                "{what} changed its argument {name} in place (an in-place operation such as /= or "
                ".sort()): the caller's vectors must stay as they were; work on new arrays.",
                what=what,
                name=name,
            )
        )


_TS = (0.0, 0.2, 0.5, 0.75, 1.0)


@exercise("06.1", "slerp(z0, z1, t)", course=lambda: taught("slerp"), seconds=10)
def judge_slerp(slerp):
    z0, z1 = np.random.default_rng(6).standard_normal((2, 100))  # lengths about 10, nearly perpendicular
    got = []
    for t in _TS:
        a, b = z0.copy(), z1.copy()
        out = _vector(slerp(a, b, t), "slerp", z0.shape)
        _unchanged("z0", a, z0, "slerp")
        _unchanged("z1", b, z1, "slerp")
        got.append(out)
    got = np.stack(got)
    right = np.stack([taught("slerp")(z0, z1, t) for t in _TS])
    if not np.all(np.isfinite(got)):
        raise Wrong(
            _(
                "slerp returned NaN or infinity for two ordinary vectors: is the angle w computed from the "
                "cosine of the two *normalised* vectors (clipped to [-1, 1])?"
            )
        )
    if not close(got, right):
        lengths = np.linalg.norm(got, axis=1)
        middle = _TS.index(0.5)
        if close(got, [_lerp(z0, z1, t) for t in _TS]):
            raise Wrong(
                _(
                    "this is the straight line (lerp): halfway its point has length {length:.1f}, while z0 "
                    "and z1 have {length0:.1f} and {length1:.1f}: a length the generator never saw. Walk along the arc "
                    "between the two directions instead.",
                    length=lengths[middle],
                    length0=np.linalg.norm(z0),
                    length1=np.linalg.norm(z1),
                )
            )
        if close(got, [taught("slerp")(z1, z0, t) for t in _TS]):
            raise Wrong(
                _(
                    "t runs the wrong way: at t = 0 slerp must give z0 and at t = 1 z1, so z0's weight is the "
                    "one that fades as t grows."
                )
            )
        if np.allclose(lengths, 1, rtol=1e-2):
            raise Wrong(
                _(
                    "every point has length 1: slerp keeps the length typical of z (about 10 here) by walking "
                    "on the arc; it does not normalise, neither its inputs nor its result."
                )
            )
        if not (close(got[0], z0) and close(got[-1], z1)):
            raise Wrong(
                _(
                    "at t = 0 slerp must give z0 itself and at t = 1 z1 itself: check the two weights at the "
                    "two ends (at each end, one vector's weight is 1 and the other's 0)."
                )
            )
        if close(got, [_arc_and_line(z0, z1, t) for t in _TS]):
            raise Wrong(
                _(
                    "the direction walks along the arc, but the length is interpolated along a straight line "
                    "(from one length to the other): the task keeps the point itself on the arc, so its length "
                    "follows from the two vectors' weights."
                )
            )
        raise Wrong(
            _(
                "the ends are right, but halfway its point has length {length:.2f} and slerp's "
                "{want:.2f}: check w (the angle between z0 and z1) and the weights.",
                length=lengths[middle],
                want=np.linalg.norm(right[middle]),
            )
        )
    # Parallel vectors (exactly: 3-4-5 integers): the arc is not defined, sin w = 0.
    p0 = np.zeros(100)
    p0[:2] = 3.0, 4.0
    for q0, q1 in [(p0, 2 * p0), (p0, p0.copy())]:
        with np.errstate(invalid="ignore", divide="ignore"):  # 0 / 0 is named below, not warned about
            out = _vector(slerp(q0.copy(), q1.copy(), 0.25), "slerp", p0.shape)
        if not np.all(np.isfinite(out)):
            raise Wrong(
                _(
                    "for two parallel vectors slerp returns NaN or infinity: there w = 0 and sin w = 0, so the "
                    "formula divides 0 by 0. When sin w is (nearly) 0, fall back to the straight line."
                )
            )
        if not close(out, _lerp(q0, q1, 0.25)):
            raise Wrong(
                _(
                    "for two parallel vectors (w = 0) slerp should fall back to the straight line; it gives "
                    "something else."
                )
            )


# ---------------------------------------------------------------------------------------- 06.2


def _directions_data():
    """60 + 6 latent vectors in 4 classes: classes differ in ink and in their mean z; within a class,
    ink grows along the first coordinate. The last class (6 samples) is too small to use."""
    rng = np.random.default_rng(60)
    # 8: exactly the smallest class used; 23: a quarter of 5.75, where rounding matters; 6: too small.
    sizes, base_ink = [20, 8, 23, 6], [0.10, 0.25, 0.15, 0.30]
    classes = np.concatenate([np.full(n, c) for c, n in enumerate(sizes)])
    z = rng.standard_normal((len(classes), 6)) + 1.5 * rng.standard_normal((len(sizes), 6))[classes]
    ink = np.array(base_ink)[classes] + 0.03 * z[:, 0] + 0.01 * rng.standard_normal(len(classes))
    order = rng.permutation(len(classes))
    return z[order].astype("float32"), ink[order].astype("float32"), classes[order]


def _per_class(z, ink, classes, fraction=4, min_size=8, count=None):
    steps, thick, thin = [], [], []
    for c in np.unique(classes):
        mine = np.flatnonzero(classes == c)
        if len(mine) >= min_size:
            order = mine[np.argsort(ink[mine])]
            k = count(len(order)) if count else len(order) // fraction
            steps.append(z[order[-k:]].mean(0) - z[order[:k]].mean(0))
            thick.append(order[-k:])
            thin.append(order[:k])
    return steps, np.concatenate(thick), np.concatenate(thin)


def _direction_mistakes(z, ink, classes):
    right = taught("thickness_direction")(z, ink, classes)
    order = np.argsort(ink)
    quarter = len(order) // 4
    steps, thick, thin = _per_class(z, ink, classes)
    return [
        (
            z[order[-quarter:]].mean(0) - z[order[:quarter]].mean(0),
            _(
                "this compares the inkiest quarter of *all* samples with the faintest: ink differs most "
                "between classes (a 0 has more than a 1), so that is mostly a class direction. Compare "
                "within each class, then average the classes' differences."
            ),
        ),
        (-right, _("the sign is flipped: the direction should point from the faint samples towards the inky ones.")),
        (
            right / np.linalg.norm(right),
            _(
                "the direction is normalised to length 1: return the average difference itself (its length "
                "says how far apart thick and thin lie; the notebook normalises afterwards)."
            ),
        ),
        (
            z[thick].mean(0) - z[thin].mean(0),
            _(
                "the samples of all classes are pooled before averaging, so a large class weighs more: "
                "each class's difference counts once in the average."
            ),
        ),
        (
            np.mean(_per_class(z, ink, classes, fraction=2)[0], axis=0),
            _("this uses halves: compare the inkiest quarter with the faintest quarter of each class."),
        ),
        (
            np.mean(_per_class(z, ink, classes, min_size=1)[0], axis=0),
            _(
                "a class with fewer than 8 samples is used too: its quarter is one or two samples, too few "
                "for a mean; leave such classes out."
            ),
        ),
        (np.sum(steps, axis=0), _("the classes' differences are summed: average them.")),
        (
            np.mean(_per_class(z, ink, classes, min_size=9)[0], axis=0),
            _("a class of exactly 8 samples is left out: the task uses every class with at least 8."),
        ),
        (
            np.mean(_per_class(z, ink, classes, count=lambda n: int(np.ceil(n / 4)))[0], axis=0),
            _(
                "the quarter is rounded to the nearest whole number, or up: where a class's size is not a "
                "multiple of 4, the task's quarter rounds down (never more than a quarter of the class)."
            ),
        ),
    ]


@exercise("06.2", "thickness_direction(z, ink, classes)", course=lambda: taught("thickness_direction"), seconds=10)
def judge_thickness_direction(thickness_direction):
    z, ink, classes = _directions_data()
    given = z.copy(), ink.copy(), classes.copy()
    got = _vector(thickness_direction(*given), "thickness_direction", z.shape[1:])
    for name, array, original in zip(("z", "ink", "classes"), given, (z, ink, classes)):
        _unchanged(name, array, original, "thickness_direction")
    if not np.all(np.isfinite(got)):
        raise Wrong(
            _(
                "the direction holds NaN: is a mean taken over an empty selection (a class too small for a "
                "quarter, or a quarter of 0 samples)?"
            )
        )
    right = taught("thickness_direction")(z, ink, classes)
    if close(got, right):
        return
    for wrong, message in _direction_mistakes(z, ink, classes):
        if close(got, wrong):
            raise Wrong(message)
    cosine = float(got @ right / (np.linalg.norm(got) * np.linalg.norm(right) + 1e-12))
    raise Wrong(
        _(
            "the direction has length {length:.3f} and cosine {cosine:.2f} with the right one (length "
            "{want:.3f}): per class, the mean z of the inkiest quarter minus the faintest quarter's, "
            "then the average over the classes.",
            length=np.linalg.norm(got),
            cosine=cosine,
            want=np.linalg.norm(right),
        )
    )
