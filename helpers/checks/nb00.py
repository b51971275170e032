"""Notebook 00: the best discriminator for a fixed generator.

00.1 ``best_d(p_data, p_g)``: D*(x) = p_data(x) / (p_data(x) + p_g(x)), element by element, on
     NumPy arrays of the two densities at the same points x. Where both densities are 0 (neither
     real nor generated data ever appear there) the formula is 0/0; ``best_d`` returns ½ there,
     the value D* takes wherever the two densities are equal, and never NaN.
"""

from __future__ import annotations

import numpy as np

from ..i18n import _
from .core import Wrong, a_type, close, exercise, taught

# Densities at eight points: four ordinary ones, then both 0, only real data 0, only generated
# data 0, and both tiny but not 0 (the far tails of two Gaussians).
P_DATA = np.array([0.30, 0.05, 0.40, 0.20, 0.0, 0.0, 0.25, 2e-13])
P_G = np.array([0.10, 0.35, 0.40, 0.05, 0.0, 0.30, 0.0, 6e-13])
ORDINARY, BOTH_ZERO, NO_DATA, NO_FAKES, TINY = slice(0, 4), 4, 5, 6, 7


@exercise("00.1", "best_d(p_data, p_g)", course=lambda: taught("best_d"), seconds=5)
def judge_best_d(best_d):
    p_data, p_g = P_DATA.copy(), P_G.copy()
    with np.errstate(all="ignore"):  # 0/0 in a wrong answer is judged below, not warned about
        result = best_d(p_data, p_g)
    if not (np.array_equal(p_data, P_DATA) and np.array_equal(p_g, P_G)):
        raise Wrong(
            _("best_d changed the arrays it was given: compute D* in a new array and leave p_data and p_g as they are.")
        )
    if result is None:
        raise Wrong(_("best_d returned None: did you forget `return`?"))
    try:
        got = np.asarray(result, dtype="float64")
    except (TypeError, ValueError):
        raise Wrong(_("best_d returned {kind}, not an array of numbers.", kind=a_type(result))) from None
    if got.shape != P_DATA.shape:
        raise Wrong(
            _(
                "on arrays of {size} densities best_d returned shape {shape}: D* is computed point by "
                "point, one value for each x, so the result has the shape of p_data.",
                size=P_DATA.size,
                shape=got.shape,
            )
        )
    want = taught("best_d")(P_DATA.copy(), P_G.copy())
    if close(got, want):
        return
    mine = got[ORDINARY]
    if not close(mine, want[ORDINARY]):
        with np.errstate(all="ignore"):
            if close(mine, 1 - want[ORDINARY]):
                raise Wrong(
                    _(
                        "it is flipped: this is the share of generated data, p_g / (p_data + p_g). D says how likely "
                        "a point is to be real, so D* is the share of real data among all points near x."
                    )
                )
            if close(mine, (P_DATA - P_G)[ORDINARY]):
                raise Wrong(
                    _(
                        "it returns the difference p_data - p_g, which can be negative: D* is a probability, the "
                        "share of real data among all the data (real and generated) near x."
                    )
                )
            if close(mine, (P_DATA / P_G)[ORDINARY]):
                raise Wrong(
                    _(
                        "it returns the ratio p_data / p_g, which can exceed 1: D* is a probability, the share of "
                        "real points among all the points near x, the real and the generated ones together."
                    )
                )
        raise Wrong(
            _(
                "with p_data = {p_data} and p_g = {p_g} it gives {got:.4g}, not {want:.4g}: D* is the "
                "share of real data among all the data near x.",
                p_data=P_DATA[0],
                p_g=P_G[0],
                got=mine[0],
                want=want[0],
            )
        )
    if np.isnan(got[BOTH_ZERO]):
        raise Wrong(
            _(
                "it gives NaN where both densities are 0 (0 / 0). Far from all the data such points are common "
                "(the tails of a plot), and a NaN breaks everything computed from it: treat that case apart, "
                "as the docstring says (no real and no generated data there: no evidence either way)."
            )
        )
    if not close(got[TINY], want[TINY]):
        raise Wrong(
            _(
                "where both densities are tiny (p_data = {p_data:g}, p_g = {p_g:g}) it gives "
                "{got:.4g}, not {want:.4g}. D* depends only on the ratio of the two densities, "
                "however small they are: a small epsilon added to the denominator changes it there. Treat "
                "only an exact 0 + 0 apart.",
                p_data=P_DATA[TINY],
                p_g=P_G[TINY],
                got=got[TINY],
                want=want[TINY],
            )
        )
    if not close(got[BOTH_ZERO], 0.5):
        raise Wrong(
            _(
                "where both densities are 0 it gives {got:.4g}: with no real and no generated data "
                "there, D has no evidence either way, and the docstring asks for the value D* takes wherever "
                "the two densities are equal.",
                got=got[BOTH_ZERO],
            )
        )
    if not (close(got[NO_DATA], 0.0) and close(got[NO_FAKES], 1.0)):
        raise Wrong(
            _(
                "it is wrong where only one density is 0: where there is no real data D* is 0 (surely fake), "
                "where there are no fakes it is 1 (surely real). Is the case 'both are 0' caught too widely?"
            )
        )
    raise Wrong(_("it is right on ordinary points but not everywhere: check it point by point against the formula."))
