"""The culture index: item, dimension and respondent scores and their summaries.

Every formula here is the one fixed in METHOD.md ("Scores", "Outcome questions,
drivers and the way to the target"). Work is column by column so that the
memory used above the input stays a few arrays of one value per respondent,
whatever the number of items.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from scoring.population import Population
from scoring.questionnaire import Item, Survey

__all__ = [
    "Estimate",
    "ItemStats",
    "Projection",
    "RespondentScores",
    "drivers",
    "enps",
    "estimate",
    "gap_contributions",
    "item_stats",
    "keyed",
    "keyed_answers",
    "respondent_scores",
    "trend_to_target",
]


def keyed(answers: np.ndarray, reverse: bool, points: int) -> np.ndarray:
    """Raw answers after reverse keying: ``k + 1 - x`` for reverse-keyed items."""
    answers = np.asarray(answers, dtype=np.float64)
    return (points + 1) - answers if reverse else answers


@dataclass(frozen=True)
class RespondentScores:
    """Per-respondent dimension scores (n x D, one contiguous column per
    dimension) and indexes (n) of one population."""

    dimensions: np.ndarray
    index: np.ndarray


def keyed_answers(answers: np.ndarray, reverse: bool, points: int) -> np.ndarray:
    """Answer codes (int8, 0 missing) after reverse keying: ``k + 1 - x``; 0 stays 0."""
    if not reverse:
        return answers
    return np.where(answers > 0, points + 1 - answers, 0).astype(np.int8)


def respondent_scores(survey: Survey, population: Population) -> RespondentScores:
    """Dimension scores and indexes of every respondent in ``population``.

    A dimension score is the mean of the respondent's item scores in that
    dimension when at least ``ceil(m / 2)`` of its ``m`` items are answered.
    The index is ``sum(w_d s_d) / sum(w_d)`` over the dimensions the respondent
    has, when those carry at least half of the total weight (METHOD.md, Scores 2-3).

    The mean of item scores is computed as ``100 (S / c - 1) / (k - 1)`` from
    the integer sum ``S`` of the ``c`` reverse-keyed answers, the same number
    because the item score is linear in the answer.
    """
    n = population.n
    points = survey.points
    dims = np.empty((n, len(survey.dimensions)), order="F")
    weighted = np.zeros(n)
    carried = np.zeros(n)
    for j, dimension in enumerate(survey.dimensions):
        # int16 holds the sum of up to 2,978 answers on an 11-point scale.
        total = np.zeros(n, dtype=np.int16)
        answered = np.zeros(n, dtype=np.int16)
        for item in dimension.items:
            answers = keyed_answers(population.answers(item.id), item.reverse, points)
            total += answers
            answered += answers > 0
        with np.errstate(invalid="ignore", divide="ignore"):
            score = np.divide(total, answered, out=dims[:, j])
        score -= 1.0
        score *= 100.0 / (points - 1)
        present = answered >= math.ceil(len(dimension.items) / 2)
        score[~present] = np.nan
        weighted += np.where(present, score * dimension.weight, 0.0)
        carried += present * dimension.weight
    total_weight = sum(d.weight for d in survey.dimensions)
    # A tolerance keeps "exactly half of the weight" on the right side of the rule.
    enough = carried >= 0.5 * total_weight - 1e-9
    with np.errstate(invalid="ignore", divide="ignore"):
        weighted /= carried
    weighted[~enough] = np.nan
    return RespondentScores(dimensions=dims, index=weighted)


@dataclass(frozen=True)
class Estimate:
    """A mean with its 95% Student t interval and the one-sided test against a target."""

    mean: float
    ci_low: float
    ci_high: float
    n: int
    se: float

    def p_below(self, target: float) -> float:
        """One-sided p of H1: mean < target (METHOD.md, Scores 6)."""
        if self.n < 2 or math.isnan(self.se):
            return math.nan
        if self.se == 0.0:
            # A census or no spread: the mean is known exactly.
            return 0.0 if self.mean < target else 1.0
        return float(stats.t.cdf((self.mean - target) / self.se, self.n - 1))


def estimate(values: np.ndarray, headcount: int | None = None, level: float = 0.95) -> Estimate:
    """Mean and ``t(0.975, n-1) s / sqrt(n)`` interval over the non-missing values.

    With a known population headcount N the standard error is multiplied by
    ``sqrt((N - n) / (N - 1))`` (finite population correction; Cochran,
    *Sampling Techniques*, 3rd ed., eq. 2.12). METHOD.md, Scores 5.
    """
    values = np.asarray(values, dtype=np.float64)
    values = values[~np.isnan(values)]
    n = int(values.size)
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0, math.nan)
    mean = float(values.mean())
    if n < 2:
        return Estimate(mean, math.nan, math.nan, n, math.nan)
    se = float(values.std(ddof=1)) / math.sqrt(n)
    if headcount is not None and headcount > 1:
        se *= math.sqrt(max(headcount - n, 0) / (headcount - 1))
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * se
    return Estimate(mean, mean - half, mean + half, n, se)


@dataclass(frozen=True)
class ItemStats:
    """One item's mean score, favorable share and number of answers."""

    id: str
    dimension: str
    score: float
    favorable_pct: float
    n: int


def item_stats(survey: Survey, item: Item, population: Population) -> ItemStats:
    """Mean item score and the favorable share: the percent of answers in the
    top two scale points after reverse keying (METHOD.md, Scores 4 and 7).

    Both come from the count of each answer, exact integers.
    """
    points = survey.points
    counts = np.bincount(population.answers(item.id), minlength=points + 1)[1:]
    if item.reverse:
        counts = counts[::-1]
    n = int(counts.sum())
    if n == 0:
        return ItemStats(item.id, item.dimension, math.nan, math.nan, 0)
    mean = float(counts @ np.arange(1, points + 1)) / n
    score = (mean - 1.0) * 100.0 / (points - 1)
    favorable = float(counts[-2:].sum() * 100.0 / n)
    return ItemStats(item.id, item.dimension, score, favorable, n)


def enps(recommend: np.ndarray) -> float:
    """Employee net promoter score: percent answering 9-10 minus percent 0-6.

    Reichheld (2003), "The One Number You Need to Grow", HBR; METHOD.md.
    """
    answers = np.asarray(recommend, dtype=np.float64)
    answers = answers[~np.isnan(answers)]
    if answers.size == 0:
        return math.nan
    promoters = np.count_nonzero(answers >= 9)
    detractors = np.count_nonzero(answers <= 6)
    return float((promoters - detractors) * 100.0 / answers.size)


def drivers(
    survey: Survey, population: Population, min_pairs: int = 20
) -> list[tuple[str, float, int]]:
    """Pearson r of every item score with the overall satisfaction score.

    Over respondents who answered both; an item with fewer than ``min_pairs``
    such respondents gets NaN (METHOD.md, drivers). Returns (item id, r, pairs).
    Each r comes from the table counting every pair of answers, so a million
    respondents cost one counting pass per item.
    """
    outcome = survey.outcome("satisfaction")
    if outcome is None:
        return []
    side = survey.points + 1
    satisfaction = population.answers(outcome.id).astype(np.int16)
    values = np.arange(1, side, dtype=np.float64)
    result = []
    for item in survey.items:
        pair_codes = population.answers(item.id).astype(np.int16) * side + satisfaction
        table = np.bincount(pair_codes, minlength=side * side).reshape(side, side)
        # Row and column 0 are a missing answer on one side.
        table = table[1:, 1:].astype(np.float64)
        pairs = int(table.sum())
        r = math.nan
        if pairs >= min_pairs:
            count_x, count_y = table.sum(axis=1), table.sum(axis=0)
            dx = values - count_x @ values / pairs
            dy = values - count_y @ values / pairs
            var_x, var_y = count_x @ (dx * dx), count_y @ (dy * dy)
            if var_x > 0 and var_y > 0:
                r = float(dx @ table @ dy / math.sqrt(var_x * var_y))
                # Reverse keying flips the sign of the item score, not of the answer.
                r = -r if item.reverse else r
        result.append((item.id, r, pairs))
    return result


def gap_contributions(
    weights: Sequence[float], scores: Sequence[float], target: float
) -> list[float]:
    """``contribution_d = w_d / sum(w) * (target - score_d)`` (METHOD.md)."""
    total = float(sum(weights))
    return [w / total * (target - s) for w, s in zip(weights, scores, strict=True)]


_HALF_YEAR = re.compile(r"^(\d{4})-H([12])$")


def next_waves(last: str, steps: int) -> str | None:
    """The half-year wave ``steps`` after ``last`` (``2026-H2`` + 1 = ``2027-H1``)."""
    match = _HALF_YEAR.match(last)
    if match is None:
        return None
    halves = int(match.group(1)) * 2 + int(match.group(2)) - 1 + steps
    return f"{halves // 2}-H{halves % 2 + 1}"


@dataclass(frozen=True)
class Projection:
    """The least-squares line through the wave indexes and where it meets the target."""

    slope: float
    intercept: float
    on_track: bool
    reach_wave: str | None
    waves_ahead: int | None


def trend_to_target(
    waves: Sequence[str], indexes: Sequence[float], target: float
) -> Projection | None:
    """Least-squares line through the wave indexes in wave order (x = 0, 1, ...).

    Returns the first wave at which the line reaches the target, or
    ``on_track=False`` when the slope is not positive. Needs at least three
    waves with an index; otherwise ``None`` (METHOD.md, trend to target).
    """
    points = [(x, v) for x, v in enumerate(indexes) if v is not None and not math.isnan(v)]
    if len(points) < 3:
        return None
    x = np.array([p[0] for p in points], dtype=np.float64)
    y = np.array([p[1] for p in points], dtype=np.float64)
    slope, intercept = np.polyfit(x, y, 1)
    slope, intercept = float(slope), float(intercept)
    last = len(waves) - 1
    if slope <= 0:
        reached = intercept + slope * last >= target
        return Projection(
            slope, intercept, reached, waves[last] if reached else None, 0 if reached else None
        )
    at = math.ceil((target - intercept) / slope - 1e-9)
    if at <= last:
        first = max(at, 0)
        return Projection(slope, intercept, True, waves[first], 0)
    ahead = at - last
    return Projection(slope, intercept, True, next_waves(waves[last], ahead), ahead)
