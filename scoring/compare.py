"""Two-group comparisons: Welch's t test, Hedges' g and Holm's adjustment.

Used for youth vs the rest and for one wave against another (METHOD.md
"Comparisons"). A row is tested only when both sides hold at least ``min_n``
respondents (METHOD.md "Testing a difference needs enough people"); an
untested row still shows both means and their difference.

Missing values (NaN) in either sample are ignored everywhere in this module.

Zero variance on both sides makes the t statistic 0/0 or x/0. Rather than
report "no answer" for data that are perfectly clear, this module decides:

- equal means: ``p = 1.0`` and ``g = 0.0`` (the groups are identical);
- different means: ``p = 0.0`` and ``g = NaN`` (certainly different, but a
  difference in standard deviations of zero has no finite size).

Tested against scipy.stats.ttest_ind(equal_var=False), published R ``t.test``
outputs, pingouin's ``compute_effsize``, R multtest's Holm results and
statsmodels' ``multipletests(method="holm")``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from scoring.distributions import t_sf

__all__ = [
    "MIN_TESTED",
    "PRIMARY",
    "SIGNIFICANCE",
    "Comparison",
    "WelchResult",
    "compare_groups",
    "family_adjusted",
    "hedges_g",
    "holm",
    "verdict",
    "welch",
]

SIGNIFICANCE = 0.05
"""The level below which a (family-adjusted) p is called a significant difference."""

UNTESTED, SIGNIFICANT, NOT_SIGNIFICANT = "untested", "significant", "not_significant"

MIN_TESTED = 10
"""The fewest scores each side needs for a comparison to be tested (METHOD.md)."""


def verdict(p: float, tested: bool = True) -> str:
    """What a comparison says: `UNTESTED`, `SIGNIFICANT` or `NOT_SIGNIFICANT`.

    ``p`` is the row's family-adjusted p (``Comparison.p_holm``: the index's
    own p, Holm over the dimensions). Untested is not "no difference": the
    sides were too small to test, and a page says so in other words.
    """
    if not tested or not math.isfinite(p):
        return UNTESTED
    return SIGNIFICANT if p < SIGNIFICANCE else NOT_SIGNIFICANT


class WelchResult(NamedTuple):
    """Welch's two-sided t test: statistic, Welch-Satterthwaite df and p-value."""

    t: float
    df: float
    p: float


@dataclass(frozen=True)
class Comparison:
    """One row of a comparison family (the index or one dimension).

    Attributes
    ----------
    id : str
        ``"index"`` or a dimension id.
    mean_a, mean_b : float
        Means of the non-missing scores on each side (NaN for an empty side).
    diff : float
        ``mean_a - mean_b``.
    n_a, n_b : int
        Non-missing scores on each side.
    p : float
        Welch two-sided p-value; NaN when untested.
    p_holm : float
        For a dimension, Holm-adjusted over the tested dimensions; for the
        index, its unadjusted ``p``; NaN when untested.
    hedges_g : float
        Hedges' g of a against b; NaN when untested.
    tested : bool
        Both sides hold at least ``min_n`` scores.
    """

    id: str
    mean_a: float
    mean_b: float
    diff: float
    n_a: int
    n_b: int
    p: float
    p_holm: float
    hedges_g: float
    tested: bool

    def as_row(self, label_a: str = "youth", label_b: str = "rest") -> dict[str, object]:
        """The row as METHOD.md's JSON keys, means under ``label_a`` and ``label_b``.

        Values are plain Python floats (NaN stays NaN: turning it into JSON null
        is the serializer's job).
        """
        return {
            "id": self.id,
            label_a: float(self.mean_a),
            label_b: float(self.mean_b),
            "diff": float(self.diff),
            "p": float(self.p),
            "p_holm": float(self.p_holm),
            "hedges_g": float(self.hedges_g),
            "tested": bool(self.tested),
        }


def _clean(sample: Sequence[float] | np.ndarray) -> np.ndarray:
    """The sample as a 1-D float64 array without NaN."""
    values = np.asarray(sample, dtype=np.float64).ravel()
    return values[~np.isnan(values)]


def welch(a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray) -> WelchResult:
    """Welch's two-sided t test for a difference in means (unequal variances).

    .. math::

        t = \\frac{\\bar a - \\bar b}{\\sqrt{s_a^2/n_a + s_b^2/n_b}},\\qquad
        \\nu = \\frac{(s_a^2/n_a + s_b^2/n_b)^2}
                     {\\frac{(s_a^2/n_a)^2}{n_a - 1} + \\frac{(s_b^2/n_b)^2}{n_b - 1}},\\qquad
        p = 2\\,P(T_\\nu > |t|)

    with sample variances (ddof=1). Equals ``scipy.stats.ttest_ind(a, b,
    equal_var=False)`` and R's ``t.test(a, b)``.

    NaN values are ignored. With fewer than 2 values on a side all three
    results are NaN. With zero variance on both sides the standard error is
    zero: equal means give ``t = 0, p = 1``, different means give ``t = ±inf,
    p = 0``; ``df`` is NaN in both cases (0/0).

    References
    ----------
    Welch, B. L. (1947). The generalization of "Student's" problem when
    several different population variances are involved. Biometrika, 34, 28-35.
    Satterthwaite, F. E. (1946). An approximate distribution of estimates of
    variance components. Biometrics Bulletin, 2(6), 110-114.
    """
    x, y = _clean(a), _clean(b)
    n_a, n_b = x.size, y.size
    if n_a < 2 or n_b < 2:
        return WelchResult(math.nan, math.nan, math.nan)
    diff = float(x.mean() - y.mean())
    se2_a = float(x.var(ddof=1)) / n_a
    se2_b = float(y.var(ddof=1)) / n_b
    se2 = se2_a + se2_b
    if se2 == 0.0:
        if diff == 0.0:
            return WelchResult(0.0, math.nan, 1.0)
        return WelchResult(math.copysign(math.inf, diff), math.nan, 0.0)
    t_stat = diff / math.sqrt(se2)
    # The same df written with shares of se2, so tiny variances cannot underflow to 0/0.
    share_a = se2_a / se2
    df = 1.0 / (share_a**2 / (n_a - 1) + (1.0 - share_a) ** 2 / (n_b - 1))
    p = float(2.0 * t_sf(abs(t_stat), df))
    return WelchResult(t_stat, df, min(p, 1.0))


def hedges_g(a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray) -> float:
    """Hedges' g of a against b: Cohen's d with the pooled SD, bias-corrected.

    .. math::

        s_p = \\sqrt{\\frac{(n_a - 1) s_a^2 + (n_b - 1) s_b^2}{n_a + n_b - 2}},\\qquad
        g = \\frac{\\bar a - \\bar b}{s_p}\\left(1 - \\frac{3}{4 (n_a + n_b) - 9}\\right)

    The correction is Hedges' approximation as used by pingouin's
    ``compute_effsize(eftype="hedges")`` (METHOD.md "Comparisons").

    NaN values are ignored. NaN when a side is empty or ``n_a + n_b < 3``.
    A pooled SD of zero gives 0.0 for equal means and NaN otherwise.

    References
    ----------
    Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect
    size and related estimators. Journal of Educational Statistics, 6(2), 107-128.
    """
    x, y = _clean(a), _clean(b)
    n_a, n_b = x.size, y.size
    if n_a < 1 or n_b < 1 or n_a + n_b < 3:
        return math.nan
    diff = float(x.mean() - y.mean())
    # A side of one value has no spread of its own; its (n - 1) s^2 term is 0.
    ss_a = float(((x - x.mean()) ** 2).sum())
    ss_b = float(((y - y.mean()) ** 2).sum())
    pooled_sd = math.sqrt((ss_a + ss_b) / (n_a + n_b - 2))
    if pooled_sd == 0.0:
        return 0.0 if diff == 0.0 else math.nan
    correction = 1.0 - 3.0 / (4.0 * (n_a + n_b) - 9.0)
    return diff / pooled_sd * correction


def holm(pvalues: Sequence[float] | np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values.

    With the m non-missing p-values sorted ascending, :math:`p_{(1)} \\le \\dots \\le p_{(m)}`:

    .. math::

        \\tilde p_{(i)} = \\min\\left(1, \\max_{j \\le i} (m - j + 1)\\, p_{(j)}\\right)

    returned in the input order. NaN entries (rows not tested) stay NaN and do
    not count towards m. Same as R ``p.adjust(p, method="holm")``, which also
    leaves NA out of the family.

    Raises ``ValueError`` for p-values outside [0, 1].

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    Scandinavian Journal of Statistics, 6(2), 65-70.
    """
    p = np.asarray(pvalues, dtype=np.float64)
    if p.ndim != 1:
        raise ValueError(f"pvalues must be 1-D, got {p.ndim}-D")
    present = ~np.isnan(p)
    values = p[present]
    if ((values < 0) | (values > 1)).any():
        raise ValueError("p-values must lie in [0, 1]")
    adjusted = np.full(p.shape, np.nan)
    m = values.size
    if m == 0:
        return adjusted
    order = np.argsort(values, kind="stable")
    multipliers = np.arange(m, 0, -1, dtype=np.float64)
    stepped = np.minimum(np.maximum.accumulate(multipliers * values[order]), 1.0)
    in_order = np.empty(m)
    in_order[order] = stepped
    adjusted[present] = in_order
    return adjusted


PRIMARY = "index"
"""The primary measure: its tests are unadjusted and it is no member of the Holm family."""


def family_adjusted(keys: Sequence[str], pvalues: Sequence[float]) -> np.ndarray:
    """Holm over every measure but the primary one, whose p stays as it is."""
    p = np.asarray(pvalues, dtype=np.float64)
    secondary = np.array([key != PRIMARY for key in keys], dtype=bool)
    out = p.copy()
    if secondary.any():
        out[secondary] = holm(p[secondary])
    return out


def compare_groups(
    a: Mapping[str, np.ndarray],
    b: Mapping[str, np.ndarray],
    min_n: int = MIN_TESTED,
) -> tuple[Comparison, ...]:
    """Compare two groups on the index and every dimension.

    The index is the primary measure and its test is reported unadjusted
    (``p_holm`` equals ``p``); the dimensions are the secondary family,
    adjusted by Holm over the tested dimensions (METHOD.md, Comparisons).

    Parameters
    ----------
    a, b : Mapping[str, numpy.ndarray]
        Same keys in both (``"index"`` and dimension ids); each value holds the
        respondent scores of that side, NaN for a respondent without a score.
        Rows come out in the key order of ``a``.
    min_n : int
        A row is tested only when both sides hold at least this many scores
        (METHOD.md: 10). At least 2, the fewest a variance needs.

    Returns
    -------
    tuple[Comparison, ...]
        Means and difference for every row; Welch ``p``, Hedges' g and the Holm
        ``p_holm`` (adjusted over the tested rows only) for tested rows, NaN
        for the others.
    """
    if min_n < 2:
        raise ValueError(f"min_n must be at least 2, got {min_n}")
    if set(a) != set(b):
        missing = sorted(set(a) ^ set(b))
        raise ValueError(f"both groups need the same keys; differing: {missing}")
    rows = []
    for key in a:
        x, y = _clean(a[key]), _clean(b[key])
        mean_a = float(x.mean()) if x.size else math.nan
        mean_b = float(y.mean()) if y.size else math.nan
        tested = x.size >= min_n and y.size >= min_n
        p = welch(x, y).p if tested else math.nan
        g = hedges_g(x, y) if tested else math.nan
        rows.append((key, mean_a, mean_b, x.size, y.size, p, g, tested))
    adjusted = family_adjusted([row[0] for row in rows], [row[5] for row in rows])
    return tuple(
        Comparison(
            id=key,
            mean_a=mean_a,
            mean_b=mean_b,
            diff=mean_a - mean_b,
            n_a=n_a,
            n_b=n_b,
            p=p,
            p_holm=float(p_holm),
            hedges_g=g,
            tested=tested,
        )
        for (key, mean_a, mean_b, n_a, n_b, p, g, tested), p_holm in zip(
            rows, adjusted, strict=True
        )
    )
