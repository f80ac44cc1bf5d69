"""A dimension's covariance from exact sums of its complete answers, and the report's alpha."""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from scoring import reliability
from scoring.population import Population, pattern_counts
from scoring.privacy import enough
from scoring.questionnaire import Dimension, Survey

__all__ = []


# Answer patterns of a dimension counted one by one (8 bytes of counts each);
# beyond that the cross-products are summed over blocks of rows.
_PATTERNS = 1 << 20


@functools.lru_cache(maxsize=32)
def _complete_patterns(points: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Pattern numbers (base ``k + 1``, digits 0 for missing) without a missing
    answer, and their answers (read-only, shared between reports)."""
    base = points + 1
    powers = base ** np.arange(m - 1, -1, -1)
    numbers = np.arange(base**m)
    numbers = numbers[((numbers[:, None] // powers) % base > 0).all(axis=1)]
    values = ((numbers[:, None] // powers) % base).astype(np.float64)
    numbers.flags.writeable = values.flags.writeable = False
    return numbers, values


def _pattern_moments(
    population: Population, ids: Sequence[str], points: int
) -> tuple[np.ndarray, np.ndarray, int]:
    """Cross-products, sums and number of the complete rows, from the count of
    each pattern of answers (0 for missing): one counting pass over the data."""
    columns = [population.answers(item_id) for item_id in ids]
    numbers, values = _complete_patterns(points, len(ids))
    counts = pattern_counts(columns, points + 1)[numbers].astype(np.float64)
    weighted = values * counts[:, None]
    return values.T @ weighted, weighted.sum(axis=0), int(counts.sum())


def _block_moments(
    population: Population, ids: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, int]:
    """Cross-products, sums and number of the complete rows, a block of rows at a time."""
    complete = np.ones(population.n, dtype=bool)
    for item_id in ids:
        complete &= population.answers(item_id) > 0
    cross = np.zeros((len(ids), len(ids)))
    sums = np.zeros(len(ids))
    for block in population.answer_blocks(ids, keep=complete):
        cross += block.T @ block
        sums += block.sum(axis=0)
    return cross, sums, int(np.count_nonzero(complete))


def _complete_covariance(
    population: Population, dimension: Dimension, points: int
) -> tuple[np.ndarray, int]:
    """Covariance matrix (ddof=1) of a dimension's reverse-keyed answers over
    the respondents who answered every item, and their number.

    From the exact integer sums ``s`` and cross-products ``X'X`` of the
    complete rows: ``C = (n X'X - s s') / (n (n - 1))``. Reverse keying
    ``k + 1 - x`` only flips the sign of an item's covariances.
    """
    m = len(dimension.items)
    ids = [i.id for i in dimension.items]
    if (points + 1) ** m <= _PATTERNS:
        cross, sums, n = _pattern_moments(population, ids, points)
    else:
        cross, sums, n = _block_moments(population, ids)
    if n < 2:
        return np.full((m, m), np.nan), n
    signs = np.array([-1.0 if i.reverse else 1.0 for i in dimension.items])
    cov = (n * cross - np.outer(sums, sums)) / (n * (n - 1.0))
    return cov * np.outer(signs, signs), n


def _reliability(
    survey: Survey, population: Population, k: int
) -> dict[str, tuple[reliability.Alpha, reliability.ItemTotal]]:
    """Alpha with its interval per dimension and item-total figures per item,
    on reverse-keyed raw answers (METHOD.md, Reliability); a dimension whose
    complete answers come from fewer than k respondents gets no figures."""
    out = {}
    for dimension in survey.dimensions:
        cov, n_complete = _complete_covariance(population, dimension, survey.points)
        if not enough(n_complete, k):
            cov = np.full_like(cov, np.nan)
            n_complete = 0
        out[dimension.id] = (
            reliability.alpha_from_covariance(cov, n_complete, population.n),
            reliability.item_total_from_covariance(cov),
        )
    return out
