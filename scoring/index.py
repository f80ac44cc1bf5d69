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
from dataclasses import dataclass, field

import numpy as np

from scoring.distributions import t_cdf, t_ppf
from scoring.population import Population, pattern_counts
from scoring.questionnaire import Item, Survey

__all__ = [
    "Estimate",
    "ItemStats",
    "Projection",
    "RespondentScores",
    "dimension_estimate",
    "drivers",
    "enps",
    "estimate",
    "gap_contributions",
    "item_stats",
    "next_waves",
    "projection_line",
    "respondent_scores",
    "trend_to_target",
]


@dataclass(frozen=True)
class RespondentScores:
    """Per-respondent dimension scores and indexes (n) of one population.

    A respondent's dimension score depends only on the sum ``S`` and the
    number ``c`` of their answers in the dimension, so it is kept as the code
    ``S (m + 1) + c`` (2 bytes) and a table of the score of every code,
    instead of 8 bytes per respondent and dimension: at a million
    respondents the scores take 14 MB rather than 56.
    """

    states: np.ndarray
    tables: tuple[np.ndarray, ...]
    index: np.ndarray
    _counts: dict = field(default_factory=dict, compare=False, repr=False)

    def counts(self, j: int) -> np.ndarray:
        """How many respondents hold each code of dimension ``j`` (one per table entry)."""
        if j not in self._counts:
            self._counts[j] = pattern_counts([self.states[j]], self.tables[j].size)
        return self._counts[j]

    def with_dimension(self, j: int) -> int:
        """How many respondents have a score in dimension ``j``."""
        return int(self.counts(j)[~np.isnan(self.tables[j])].sum())

    def dimension(self, j: int, missing: float = math.nan) -> np.ndarray:
        """The scores of dimension ``j``, length n; ``missing`` (NaN) where too
        few of its items are answered."""
        table = self.tables[j]
        if not math.isnan(missing):
            table = np.where(np.isnan(table), missing, table)
        return table[self.states[j]]

    def has_dimension(self, j: int) -> np.ndarray:
        """Which respondents have a score in dimension ``j``."""
        return ~np.isnan(self.tables[j])[self.states[j]]

    def subset(self, mask: np.ndarray) -> RespondentScores:
        """The scores of the respondents where ``mask`` holds."""
        return RespondentScores(self.states[:, mask], self.tables, self.index[mask])

    @property
    def dimensions(self) -> np.ndarray:
        """All dimension scores, n x D (one contiguous column per dimension)."""
        out = np.empty((self.index.size, len(self.tables)), order="F")
        for j in range(len(self.tables)):
            out[:, j] = self.dimension(j)
        return out


# Rows scored at a time: the intermediate arrays of a block stay in the cache.
_ROWS = 1 << 16


def _score_table(m: int, points: int) -> np.ndarray:
    """Score of every code ``S (m + 1) + c``: ``100 (S / c - 1) / (k - 1)`` when
    ``c >= ceil(m / 2)``, else NaN. The mean of item scores equals this because
    an item score is linear in the answer."""
    total, answered = np.divmod(np.arange((m * points + 1) * (m + 1)), m + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = (total / answered - 1.0) * (100.0 / (points - 1))
    return np.where(answered >= math.ceil(m / 2), scores, np.nan)


def respondent_scores(survey: Survey, population: Population) -> RespondentScores:
    """Dimension scores and indexes of every respondent in ``population``.

    A dimension score is the mean of the respondent's item scores in that
    dimension when at least ``ceil(m / 2)`` of its ``m`` items are answered.
    The index is ``sum(w_d s_d) / sum(w_d)`` over the dimensions the respondent
    has, when those carry at least half of the total weight (METHOD.md, Scores 2-3).
    """
    n = population.n
    points = survey.points
    sizes = [len(d.items) for d in survey.dimensions]
    largest = max((m * points + 1) * (m + 1) for m in sizes)
    states = np.empty((len(survey.dimensions), n), dtype=np.min_scalar_type(-largest))
    index = np.empty(n)
    columns = [[population.answers(item.id) for item in d.items] for d in survey.dimensions]
    tables = [_score_table(m, points) for m in sizes]
    weights = [
        np.where(~np.isnan(table), table * d.weight, 0.0)
        for table, d in zip(tables, survey.dimensions, strict=True)
    ]
    total_weight = sum(d.weight for d in survey.dimensions)
    # Sums and counts of answers are small integers: int8, the answers' own
    # type, where they fit.
    small = np.result_type(np.int8, np.min_scalar_type(-max(sizes) * (points + 1)))
    rows = min(n, _ROWS)
    total, answered, reversed_ = (np.empty(rows, dtype=small) for _ in range(3))
    given = np.empty(rows, dtype=bool)
    codes = np.empty(rows, dtype=np.intp)
    looked_up, weighted, carried = (np.empty(rows) for _ in range(3))
    # A block of rows at a time, so that every intermediate array stays in
    # the cache; each respondent's figures are computed as a whole would be.
    for start in range(0, n, _ROWS):
        block = slice(start, min(start + _ROWS, n))
        size = block.stop - block.start
        weighted[:size] = 0.0
        carried[:size] = 0.0
        for j, dimension in enumerate(survey.dimensions):
            m = sizes[j]
            sum_, count, flipped = total[:size], answered[:size], reversed_[:size]
            for buffer in (sum_, count, flipped):
                buffer.fill(0)
            # S is the sum of the keyed answers: a reverse-keyed answer x counts
            # k + 1 - x, that is -x here and k + 1 per reverse-keyed answer below.
            for item, column in zip(dimension.items, columns[j], strict=True):
                answers = column[block]
                (np.subtract if item.reverse else np.add)(sum_, answers, out=sum_)
                np.greater(answers, 0, out=given[:size])
                np.add(count, given[:size], out=count)
                if item.reverse:
                    np.add(flipped, given[:size], out=flipped)
            np.multiply(flipped, points + 1, out=flipped)
            np.add(sum_, flipped, out=sum_)
            state = states[j, block]
            np.multiply(sum_, m + 1, out=state, dtype=state.dtype)
            np.add(state, count, out=state)
            # Every code is a valid position, so "clip" changes none (and spares a copy).
            np.copyto(codes[:size], state)
            np.take(weights[j], codes[:size], out=looked_up[:size], mode="clip")
            weighted[:size] += looked_up[:size]
            # The dimension's weight where it has a score (enough items answered), else 0.0.
            np.greater_equal(count, max(math.ceil(m / 2), 1), out=given[:size])
            carried[:size] += np.multiply(given[:size], dimension.weight, out=looked_up[:size])
        # A tolerance keeps "exactly half of the weight" on the right side of the rule.
        enough = carried[:size] >= 0.5 * total_weight - 1e-9
        with np.errstate(invalid="ignore", divide="ignore"):
            np.divide(weighted[:size], carried[:size], out=index[block])
        index[block][~enough] = np.nan
    return RespondentScores(states=states, tables=tuple(tables), index=index)


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
        return float(t_cdf((self.mean - target) / self.se, self.n - 1))


def estimate(
    values: np.ndarray,
    headcount: int | None = None,
    level: float = 0.95,
    counts: np.ndarray | None = None,
) -> Estimate:
    """Mean and ``t(0.975, n-1) s / sqrt(n)`` interval over the non-missing values.

    With a known population headcount N the standard error is multiplied by
    ``sqrt((N - n) / (N - 1))`` (finite population correction; Cochran,
    *Sampling Techniques*, 3rd ed., eq. 2.12). METHOD.md, Scores 5.
    ``counts``, when given, is how many respondents have each value (a
    frequency table): the estimate is that of the values so repeated.
    """
    values = np.asarray(values, dtype=np.float64)
    present = ~np.isnan(values)
    values = values[present]
    weights = None if counts is None else np.asarray(counts, dtype=np.float64)[present]
    n = int(values.size if weights is None else weights.sum())
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0, math.nan)
    mean = float(values.mean() if weights is None else weights @ values / n)
    if n < 2:
        return Estimate(mean, math.nan, math.nan, n, math.nan)
    if weights is None:
        sd = float(values.std(ddof=1))
    else:
        sd = math.sqrt(float(weights @ (values - mean) ** 2) / (n - 1))
    se = sd / math.sqrt(n)
    if headcount is not None and headcount > 1:
        se *= math.sqrt(max(headcount - n, 0) / (headcount - 1))
    half = float(t_ppf(0.5 + level / 2, n - 1)) * se
    return Estimate(mean, mean - half, mean + half, n, se)


def dimension_estimate(scores: RespondentScores, j: int, headcount: int | None = None) -> Estimate:
    """`estimate` of dimension ``j``'s respondent scores, from the count of each score."""
    return estimate(scores.tables[j], headcount, counts=scores.counts(j))


@dataclass(frozen=True)
class ItemStats:
    """One item's mean score, favorable share and number of answers."""

    id: str
    dimension: str
    score: float
    favorable_pct: float
    n: int
    counts: tuple[int, ...] = ()
    """Answers per scale point 1..k as given (before reverse keying)."""


def item_stats(survey: Survey, item: Item, population: Population) -> ItemStats:
    """Mean item score and the favorable share: the percent of answers in the
    top two scale points after reverse keying (METHOD.md, Scores 4 and 7).

    Both come from the count of each answer, exact integers.
    """
    points = survey.points
    answers = population.answers(item.id)
    # One comparison per scale point reads the int8 answers only (a bincount
    # would first widen them to eight bytes each).
    given = np.array([np.count_nonzero(answers == x) for x in range(1, points + 1)])
    counts = given[::-1] if item.reverse else given
    n = int(counts.sum())
    as_given = tuple(int(c) for c in given)
    if n == 0:
        return ItemStats(item.id, item.dimension, math.nan, math.nan, 0, as_given)
    mean = float(counts @ np.arange(1, points + 1)) / n
    score = (mean - 1.0) * 100.0 / (points - 1)
    favorable = float(counts[-2:].sum() * 100.0 / n)
    return ItemStats(item.id, item.dimension, score, favorable, n, as_given)


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

    Each item's r comes from the table counting every pair of answers (one
    counting pass over the data): over the ``n`` pairs,
    ``r = (n Sxy - Sx Sy) / sqrt((n Sxx - Sx^2)(n Syy - Sy^2))``, every sum
    exact because the answers are integers.
    """
    outcome = survey.outcome("satisfaction")
    if outcome is None:
        return []
    side = survey.points + 1
    satisfaction = population.answers(outcome.id)
    values = np.arange(1, side, dtype=np.float64)
    tables = _pair_tables([population.answers(i.id) for i in survey.items], satisfaction, side)
    result = []
    for item, table in zip(survey.items, tables, strict=True):
        # Row and column 0 hold the respondents who left one of the two unanswered.
        table = table[1:, 1:].astype(np.float64)
        count_x, count_y = table.sum(axis=1), table.sum(axis=0)
        pairs = float(count_x.sum())
        sx, sy = count_x @ values, count_y @ values
        var_x = pairs * (count_x @ values**2) - sx * sx
        var_y = pairs * (count_y @ values**2) - sy * sy
        r = math.nan
        if pairs >= min_pairs and var_x > 0 and var_y > 0:
            r = float((pairs * (values @ table @ values) - sx * sy) / math.sqrt(var_x * var_y))
            # Reverse keying flips the sign of the item score, not of the answer.
            r = -r if item.reverse else r
        result.append((item.id, r, int(pairs)))
    return result


# Cells of the joint table `_pair_tables` counts in one pass.
_PAIR_CELLS = 1 << 15


def _pair_tables(columns: Sequence[np.ndarray], other: np.ndarray, side: int) -> list[np.ndarray]:
    """For each column of codes 0..side-1, the side x side table counting its
    pairs with ``other`` (rows: the column's code, columns: other's).

    Several columns share one counting pass: their codes and other's make one
    number per respondent, and each column's table is a sum over the joint
    table of that number, so every count is the same exact integer.
    """
    width = 1
    while side ** (width + 2) <= _PAIR_CELLS and width < len(columns):
        width += 1
    tables = []
    for first in range(0, len(columns), width):
        group = columns[first : first + width]
        joint = pattern_counts([*group, other], side).reshape((side,) * (len(group) + 1))
        for axis in range(len(group)):
            others = tuple(a for a in range(len(group)) if a != axis)
            tables.append(joint.sum(axis=others))
    return tables


def gap_contributions(
    weights: Sequence[float], scores: Sequence[float], target: float
) -> list[float]:
    """``contribution_d = w_d / sum(w) * (target - score_d)`` (METHOD.md)."""
    total = float(sum(weights))
    return [w / total * (target - s) for w, s in zip(weights, scores, strict=True)]


# Wave ids that can be continued: half years, quarters and months.
_PERIODIC = re.compile(r"^(\d{4})-(?:H([12])|Q([1-4])|(0[1-9]|1[0-2]))$")


def next_waves(last: str, steps: int) -> str | None:
    """The wave ``steps`` periods after ``last``, in the same form.

    Half years (``2026-H2`` + 1 = ``2027-H1``), quarters (``2026-Q4`` + 1 =
    ``2027-Q1``) and months (``2026-12`` + 1 = ``2027-01``); None for an id of
    another form, which cannot be continued.
    """
    match = _PERIODIC.match(last)
    if match is None:
        return None
    year, half, quarter, month = match.groups()
    per_year, form = (2, "H{}") if half else (4, "Q{}") if quarter else (12, "{:02d}")
    position = int(year) * per_year + int(half or quarter or month) - 1 + steps
    return f"{position // per_year}-{form.format(position % per_year + 1)}"


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


STRONG_EVIDENCE = 0.01
"""Below this p the index is "very likely" below the target (`below_target`)."""


def below_target(gap: float, p: float) -> str:
    """What the one-sided test against the target says, in one word for every page.

    ``reached`` (no gap left: the test is not about being below),
    ``very_likely`` (p < `STRONG_EVIDENCE`), ``likely`` (p < the
    significance level of `scoring.compare`) or ``unclear``.
    """
    from scoring.compare import SIGNIFICANCE

    if gap <= 0:
        return "reached"
    if p < STRONG_EVIDENCE:
        return "very_likely"
    return "likely" if p < SIGNIFICANCE else "unclear"


PROJECTION_AHEAD = 6
"""How many waves past the last one the projection line is drawn, at most."""

OUTLOOKS = ("needs", "reached", "reach", "far", "reach_steps", "never")
"""What a projection can say; ``outlook.<kind>`` in `scoring.messages` words each."""


def outlook(
    projection: Projection | None, waves: Sequence[str], ahead: int = PROJECTION_AHEAD
) -> tuple[str, dict[str, object]]:
    """What the projection says, as one of `OUTLOOKS` and its message parameters.

    ``needs``: fewer than three waves with an index; ``reached``: the line is
    at the target already; ``reach``: the wave that reaches it (``wave``);
    ``far``: that wave lies past the drawn line, which ends at ``shown``;
    ``reach_steps``: a wave that cannot be named, ``steps`` waves ahead;
    ``never``: the line does not rise. Pages, reports and the text report
    all say it through `outlook_text`, so the line and its words agree.
    """
    if projection is None:
        return "needs", {}
    if not projection.on_track:
        return "never", {}
    if projection.waves_ahead == 0:
        return "reached", {}
    if projection.reach_wave is None:
        return "reach_steps", {"steps": projection.waves_ahead}
    line = projection_line(projection, waves, ahead)
    if (projection.waves_ahead or 0) > ahead and line:
        return "far", {"wave": projection.reach_wave, "shown": line[-1][0]}
    return "reach", {"wave": projection.reach_wave}


def outlook_text(
    projection: Projection | None,
    waves: Sequence[str],
    lang: str = "ko",
    ahead: int = PROJECTION_AHEAD,
) -> tuple[str, str]:
    """`outlook`'s kind and its sentence in `lang`."""
    from scoring.messages import text

    kind, params = outlook(projection, waves, ahead)
    return kind, text(f"outlook.{kind}", lang, **params)


def projection_line(
    projection: Projection | None, waves: Sequence[str], ahead: int
) -> list[tuple[str, float]]:
    """The trend line evaluated at each wave, then up to ``ahead`` waves after the last.

    The line runs to the wave that reaches the target (`Projection.reach_wave`)
    when that is at most ``ahead`` waves away, else ``ahead`` waves; waves after
    the last are named by `next_waves`, and an id that cannot be continued
    stops the line at the last wave. Empty without a projection.
    """
    if projection is None or not waves:
        return []
    steps = min(projection.waves_ahead or 0, ahead)
    future = [next_waves(waves[-1], step) for step in range(1, steps + 1)]
    names = [*waves, *future] if None not in future else list(waves)
    return [(name, projection.intercept + projection.slope * x) for x, name in enumerate(names)]
