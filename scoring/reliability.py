"""Internal consistency of a dimension: Cronbach's alpha and item-total statistics.

Every function takes a 2-D array with one row per respondent and one column per
item, holding the raw answers of the dimension with reverse-keyed items already
reversed (``k + 1 - x``) and NaN for a missing answer. Rows with any missing
answer are dropped first (listwise deletion, METHOD.md "Reliability").

All statistics come from one covariance matrix of the complete rows, so a
million respondents cost one pass over the data; the per-item statistics are
derived from that matrix without touching the rows again.

Results have been tested against pingouin's ``cronbach_alpha`` (its documented
examples on its bundled data sets) and against the definitions of R psych's
``alpha`` (``r.drop``, ``alpha.drop$raw_alpha``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from scoring.distributions import f_isf

__all__ = [
    "ALPHA_FLAG",
    "Alpha",
    "ItemTotal",
    "alpha_from_covariance",
    "alpha_is_low",
    "cronbach_alpha",
    "item_total",
    "item_total_from_covariance",
    "raises_alpha",
]

ALPHA_FLAG = 0.7
"""Cronbach's alpha below this is flagged (Nunnally 1978's usual threshold)."""


def alpha_is_low(alpha: float) -> bool:
    """Whether an alpha is flagged: known and below `ALPHA_FLAG` (NaN is not low, unknown)."""
    return math.isfinite(alpha) and alpha < ALPHA_FLAG


# A total variance this small relative to the summed item variances means the
# items cancel out exactly; alpha is undefined there, not a huge negative number.
_RELATIVE_ZERO = 1e-12


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha of one set of items with its Feldt confidence interval.

    Attributes
    ----------
    alpha : float
        Raw (covariance based) alpha; NaN when undefined.
    ci_low, ci_high : float
        Bounds of the Feldt confidence interval; NaN when alpha is NaN.
    n : int
        Respondents used, i.e. rows left after listwise deletion.
    k : int
        Number of items.
    """

    alpha: float
    ci_low: float
    ci_high: float
    n: int
    k: int

    def __iter__(self) -> Iterator[object]:
        """Unpack as ``alpha, (ci_low, ci_high)``, the shape in docs/architecture.md."""
        yield self.alpha
        yield (self.ci_low, self.ci_high)


class ItemTotal(NamedTuple):
    """Per-item statistics, one entry per column of the input, in column order.

    Attributes
    ----------
    r_drop : numpy.ndarray
        Corrected item-total correlation: the item against the sum of the other items.
    alpha_if_deleted : numpy.ndarray
        Raw alpha of the remaining items when this item is left out.
    """

    r_drop: np.ndarray
    alpha_if_deleted: np.ndarray


def _complete_covariance(data: np.ndarray) -> tuple[np.ndarray, int]:
    """Covariance matrix (ddof=1) of the rows without missing values, and their count.

    The matrix is computed in float64 from centred data, which keeps float32
    input and large sums accurate.
    """
    values = np.asarray(data)
    if values.ndim != 2:
        raise ValueError(f"data must be a 2-D array (respondents x items), got {values.ndim}-D")
    complete_rows = ~np.isnan(values).any(axis=1)
    if not complete_rows.all():
        values = values[complete_rows]
    n = values.shape[0]
    k = values.shape[1]
    if n < 2:
        return np.full((k, k), np.nan), n
    centred = np.subtract(values, values.mean(axis=0, dtype=np.float64), dtype=np.float64)
    cov = centred.T @ centred / (n - 1)
    return cov, n


def _alpha_from_covariance(total_variance: float, item_variance_sum: float, k: int) -> float:
    """Raw alpha ``k / (k - 1) * (1 - sum(var_i) / var_total)``, NaN when undefined."""
    if k < 2 or not np.isfinite(total_variance):
        return float("nan")
    if total_variance <= _RELATIVE_ZERO * item_variance_sum or total_variance <= 0:
        return float("nan")
    return k / (k - 1) * (1.0 - item_variance_sum / total_variance)


def cronbach_alpha(data: np.ndarray, ci: float = 0.95) -> Alpha:
    """Cronbach's alpha with listwise deletion and Feldt's confidence interval.

    .. math::

        \\alpha = \\frac{k}{k - 1}\\left(1 - \\frac{\\sum_i \\sigma^2_{i}}{\\sigma^2_X}\\right)

    where :math:`\\sigma^2_i` are the item variances and :math:`\\sigma^2_X` the
    variance of the total score, both with ddof=1 over the complete rows.
    The interval is Feldt's:

    .. math::

        c_L = 1 - (1 - \\alpha) F_{1 - (1 - ci)/2}(n - 1, (n - 1)(k - 1)),\\quad
        c_U = 1 - (1 - \\alpha) F_{(1 - ci)/2}(n - 1, (n - 1)(k - 1))

    with :math:`F_q` the q-quantile of the F distribution. This is pingouin's
    ``cronbach_alpha(nan_policy="listwise")`` formula, unrounded, which METHOD.md
    makes the contract: :math:`n` is the number of rows given, counted before
    incomplete rows are dropped (as pingouin and R psych count it), while alpha
    itself uses the complete rows only. Feldt's own definition would count the
    complete rows; with complete data the two agree.

    Parameters
    ----------
    data : numpy.ndarray
        Respondents x items, reverse-keyed items already reversed, NaN missing.
        float32 or float64.
    ci : float
        Confidence level of the interval, strictly between 0 and 1.

    Returns
    -------
    Alpha
        NaN alpha and bounds (never an exception) when fewer than 2 items, fewer
        than 2 complete rows, or a total score without variance.

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of
    tests. Psychometrika, 16(3), 297-334.
    Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference
    for coefficient alpha. Applied Psychological Measurement, 11(1), 93-103.
    """
    cov, n = _complete_covariance(data)
    return alpha_from_covariance(cov, n, np.asarray(data).shape[0], ci)


def alpha_from_covariance(cov: np.ndarray, n_complete: int, n_rows: int, ci: float = 0.95) -> Alpha:
    """`cronbach_alpha` from the covariance matrix (ddof=1) of the complete rows.

    ``n_complete`` rows made the matrix; ``n_rows`` were given (the Feldt
    interval counts them, as pingouin and R psych do). For callers that
    build the matrix without the rows at hand, such as a report over a
    million respondents counting answer patterns.
    """
    if not 0.0 < ci < 1.0:
        raise ValueError(f"ci must be strictly between 0 and 1, got {ci}")
    k = cov.shape[0]
    alpha = _alpha_from_covariance(float(cov.sum()), float(np.trace(cov)), k)
    if np.isnan(alpha):
        return Alpha(alpha=alpha, ci_low=float("nan"), ci_high=float("nan"), n=n_complete, k=k)
    df1 = n_rows - 1
    df2 = df1 * (k - 1)
    tail = (1.0 - ci) / 2.0
    ci_low = 1.0 - (1.0 - alpha) * f_isf(tail, df1, df2)
    ci_high = 1.0 - (1.0 - alpha) * f_isf(1.0 - tail, df1, df2)
    return Alpha(alpha=alpha, ci_low=float(ci_low), ci_high=float(ci_high), n=n_complete, k=k)


def item_total(data: np.ndarray) -> ItemTotal:
    """Corrected item-total correlation and alpha-if-item-deleted for every item.

    From the covariance matrix :math:`C` of the complete rows, with
    :math:`V = \\sum_{jl} C_{jl}` (total score variance), :math:`T = \\mathrm{tr}\\,C`
    and :math:`s_i = \\sum_j C_{ij}`, the rest score without item :math:`i` has
    variance :math:`V_{-i} = V - 2 s_i + C_{ii}` and covariance
    :math:`s_i - C_{ii}` with the item, so

    .. math::

        r_{drop,i} = \\frac{s_i - C_{ii}}{\\sqrt{C_{ii} V_{-i}}},\\qquad
        \\alpha_{-i} = \\frac{k - 1}{k - 2}\\left(1 - \\frac{T - C_{ii}}{V_{-i}}\\right)

    These are R psych ``alpha()``'s ``item.stats$r.drop`` and
    ``alpha.drop$raw_alpha`` (with ``use="complete.obs"``).

    Parameters
    ----------
    data : numpy.ndarray
        Respondents x items, reverse-keyed items already reversed, NaN missing.

    Returns
    -------
    ItemTotal
        Arrays of length k. An entry is NaN where it is undefined: an item
        without variance, a rest score without variance, fewer than 2 complete
        rows, ``r_drop`` with fewer than 2 items, and ``alpha_if_deleted`` with
        fewer than 3 items (one remaining item has no alpha; psych prints the
        inter-item correlation there instead).

    References
    ----------
    Revelle, W. psych: Procedures for Psychological, Psychometric, and
    Personality Research, function ``alpha``. Northwestern University.
    """
    return item_total_from_covariance(_complete_covariance(data)[0])


def item_total_from_covariance(cov: np.ndarray) -> ItemTotal:
    """`item_total` from the covariance matrix (ddof=1) of the complete rows."""
    k = cov.shape[0]
    r_drop = np.full(k, np.nan)
    alpha_if_deleted = np.full(k, np.nan)
    if k < 2 or np.isnan(cov).any():
        return ItemTotal(r_drop=r_drop, alpha_if_deleted=alpha_if_deleted)
    total_variance = float(cov.sum())
    trace = float(np.trace(cov))
    row_sums = cov.sum(axis=1)
    for i in range(k):
        item_variance = float(cov[i, i])
        rest_variance = total_variance - 2.0 * float(row_sums[i]) + item_variance
        rest_covariance = float(row_sums[i]) - item_variance
        if item_variance > 0 and rest_variance > _RELATIVE_ZERO * (trace - item_variance):
            r_drop[i] = rest_covariance / np.sqrt(item_variance * rest_variance)
        if k >= 3:
            alpha_if_deleted[i] = _alpha_from_covariance(
                rest_variance, trace - item_variance, k - 1
            )
    return ItemTotal(r_drop=r_drop, alpha_if_deleted=alpha_if_deleted)


def raises_alpha(alpha_if_deleted: float | None, alpha: float | None) -> bool:
    """Whether leaving the item out would raise its dimension's alpha.

    The flag HR reads beside alpha if item deleted: such an item may measure
    something else than its dimension. False when either figure is missing
    (None or NaN), so an untested dimension flags nothing.
    """
    if alpha_if_deleted is None or alpha is None:
        return False
    return bool(alpha_if_deleted > alpha)
