"""Young employees against everyone else, beyond the report's youth comparison.

`scoring.report.build_report(..., youth=True)` holds the youth comparison of
METHOD.md (means, Welch, Holm, Hedges' g). The youth panel's page needs more,
and this module computes it with the privacy rules applied inside:

- each side's index and dimension scores with their 95% intervals, and every
  item's score and favorable share on both sides (`youth_figures`);
- panel members against the other young employees (`panel_comparison`);
- the youth gap in every wave and whether its change between two waves is
  significant (`gap_trend`, `gap_change`);
- the youth participation rate from headcounts by age band (`participation`).

Who is young
    The survey's youth rule: respondents whose answer to the rule's
    demographic is one of its options. Everyone else, including those who did
    not answer that demographic, is "the rest".

When the figures are suppressed
    Every figure of a wave rests on the same split, shown only when:

    1. the wave holds at least k respondents (as the report);
    2. both sides hold at least k respondents (METHOD.md, Privacy);
    3. no subtraction from a breakdown can isolate fewer than k people. The
       dashboard's breakdown by the youth rule's demographic hides small
       groups; if the hidden groups on one side (for example 3 people aged
       under 30 beside 20 aged 30 to 34) held 1 to k-1 respondents, the youth
       total minus the groups that breakdown shows would be their figure.

    The reason is kept (`REASONS`), so a page can say why.

Testing
    A difference is tested only when the samples involved hold at least 10
    scores each (METHOD.md, "Testing a difference needs enough people").
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring import compare
from scoring.distributions import t_sf
from scoring.errors import SurveyError
from scoring.index import Estimate, RespondentScores, estimate, item_stats, respondent_scores
from scoring.population import Population
from scoring.privacy import enough, group_sizes, split_residual, split_shown
from scoring.questionnaire import Survey
from scoring.report import (
    check_wave,
    panel_publishable,
    resolve_k,
    waves_in,
    youth_mask,
    youth_measures,
)

__all__ = [
    "EFFECT_SIZES",
    "MIN_TESTED",
    "REASONS",
    "GapChange",
    "GapChangeRow",
    "GapTrend",
    "ItemGap",
    "Measure",
    "PanelComparison",
    "Participation",
    "WaveGap",
    "YouthFigures",
    "effect_size",
    "gap_change",
    "gap_changes",
    "gap_trend",
    "panel_comparison",
    "participation",
    "youth_figures",
    "youth_mask",
]

MIN_TESTED = compare.MIN_TESTED
"""The fewest scores on each side for a test (`scoring.compare.MIN_TESTED`)."""

# The panel (junior board) membership demographic and its member option are
# fixed in `scoring.report`, whose privacy rules protect the panel counts too.

REASONS = ("view", "few", "residual", "panel_few", "panel_residual")
"""Why figures are suppressed: the wave holds fewer than k respondents (``view``);
young or other respondents number fewer than k (``few``); a breakdown by the
youth demographic hides 1 to k-1 people on one side (``residual``); panel
members or the other young employees number fewer than k (``panel_few``);
panel membership outside youth would isolate 1 to k-1 people (``panel_residual``)."""

EFFECT_SIZES = ((0.2, "negligible"), (0.5, "small"), (0.8, "medium"))
"""Upper bounds of |g| for the effect size words below "large" (Cohen 1988)."""


def effect_size(g: float) -> str | None:
    """The conventional size of a standardized difference: negligible, small, medium, large.

    ``|g| < 0.2`` negligible, ``< 0.5`` small, ``< 0.8`` medium, else large;
    None when ``g`` is NaN (untested).

    References
    ----------
    Cohen, J. (1988). Statistical power analysis for the behavioral sciences
    (2nd ed.), chapter 2: d = 0.2, 0.5 and 0.8 as small, medium and large.
    Lawrence Erlbaum.
    """
    if g is None or math.isnan(g):
        return None
    size = abs(g)
    return next((word for bound, word in EFFECT_SIZES if size < bound), "large")


# ---------------------------------------------------------------- the split


_k = resolve_k


def _wave_population(frame: pd.DataFrame, wave: str) -> Population:
    check_wave(waves_in(frame) if len(frame) else [], wave)
    return Population(frame).subset(frame["wave"].to_numpy(dtype=object) == wave)


@dataclass(frozen=True)
class _Split:
    """One wave split into the young and the rest, and whether it may be shown."""

    survey: Survey
    population: Population
    young: np.ndarray
    reason: str | None
    scores: RespondentScores | None = None
    """Every respondent's scores; None when the split is suppressed before scoring."""
    shown: tuple[str, ...] = ()
    """The measures (``"index"``, dimension ids) at least k have on each side."""

    @property
    def n_youth(self) -> int:
        return int(np.count_nonzero(self.young))

    @property
    def n_rest(self) -> int:
        return self.population.n - self.n_youth

    def measures(self, mask: np.ndarray) -> dict[str, np.ndarray]:
        """Respondent scores, where ``mask`` holds, of the measures the split shows."""
        out = {}
        for key in self.shown:
            if key == "index":
                out[key] = self.scores.index[mask]
            else:
                j = [d.id for d in self.survey.dimensions].index(key)
                out[key] = self.scores.dimension(j)[mask]
        return out

    def present(self, key: str) -> np.ndarray:
        """Who has a score in a measure."""
        if key == "index":
            return ~np.isnan(self.scores.index)
        return self.scores.has_dimension([d.id for d in self.survey.dimensions].index(key))


def _split(survey: Survey, frame: pd.DataFrame, wave: str, k: int) -> _Split:
    population = _wave_population(frame, wave)
    young = youth_mask(survey, population)
    if population.n < k:
        return _Split(survey, population, young, "view")
    n_youth = int(np.count_nonzero(young))
    if not split_shown(n_youth, population.n - n_youth, k):
        return _Split(survey, population, young, "few")
    rule = survey.youth
    options = [o.id for o in survey.demographic(rule.demographic).options]
    sizes = group_sizes(population.codes(rule.demographic), len(options))
    # The last group is the missing answers, which belong to the rest.
    young_side = [o in rule.groups for o in options] + [False]
    if split_residual(sizes, young_side, k):
        return _Split(survey, population, young, "residual")
    scores = respondent_scores(survey, population)
    _, shown = youth_measures(survey, population, scores, k)
    if shown is None:  # fewer than k with an index on one side
        return _Split(survey, population, young, "few")
    return _Split(survey, population, young, None, scores, tuple(shown))


# ---------------------------------------------------------------- one wave


@dataclass(frozen=True)
class Measure:
    """The index or one dimension on both sides, each a mean with its 95% t interval.

    No finite population correction: how many of the staff are young is known
    only by age band, and respondents may leave their age blank, so each
    side's headcount is not known exactly (the intervals are the wider ones).
    """

    id: str
    youth: Estimate
    rest: Estimate

    @property
    def diff(self) -> float:
        """Youth minus the rest."""
        return self.youth.mean - self.rest.mean


@dataclass(frozen=True)
class ItemGap:
    """One item on both sides: mean item score and favorable share (METHOD.md, Scores 4, 7).

    ``suppressed`` when either side holds fewer than k answers to the item;
    its figures are NaN then.
    """

    id: str
    dimension: str
    suppressed: bool
    youth: float
    rest: float
    favorable_youth: float
    favorable_rest: float

    @property
    def diff(self) -> float:
        """Youth minus the rest, in score points."""
        return self.youth - self.rest


@dataclass(frozen=True)
class YouthFigures:
    """One wave's youth figures; ``reason`` is None when they may be shown, else one of
    `REASONS`, and a suppressed result holds no count and no figure."""

    wave: str
    min_group: int
    reason: str | None
    n_youth: int | None
    n_rest: int | None
    measures: tuple[Measure, ...]
    items: tuple[ItemGap, ...]

    @property
    def suppressed(self) -> bool:
        return self.reason is not None

    def measure(self, id: str) -> Measure | None:
        """The measure ``"index"`` or a dimension id, if shown."""
        return next((m for m in self.measures if m.id == id), None)

    def largest_gaps(self, count: int = 5) -> tuple[ItemGap, ...]:
        """The ``count`` shown items with the largest gaps either way, largest first
        (ties by item id)."""
        ranked = sorted(
            (i for i in self.items if not i.suppressed and math.isfinite(i.diff)),
            key=lambda i: (-abs(i.diff), i.id),
        )
        return tuple(ranked[:count])


def youth_figures(
    survey: Survey, frame: pd.DataFrame, wave: str, *, min_group: int | None = None
) -> YouthFigures:
    """Youth and the rest in one wave: intervals for the index and every dimension,
    and every item's score and favorable share on both sides.

    The means are those of the report's youth comparison (the same respondent
    scores); each interval is ``mean ± t(0.975, n-1) s / sqrt(n)`` (METHOD.md,
    Scores 5). Raises `SurveyError` for an unknown wave, a survey without a
    youth rule or a ``min_group`` below 3.
    """
    k = _k(survey, min_group)
    split = _split(survey, frame, wave, k)
    if split.reason is not None:
        return YouthFigures(wave, k, split.reason, None, None, (), ())
    young = split.measures(split.young)
    rest = split.measures(~split.young)
    measures = tuple(Measure(key, estimate(young[key]), estimate(rest[key])) for key in young)
    youth_pop = split.population.subset(split.young)
    rest_pop = split.population.subset(~split.young)
    items = []
    for item in survey.items:
        a = item_stats(survey, item, youth_pop)
        b = item_stats(survey, item, rest_pop)
        if a.n < k or b.n < k:
            nan = math.nan
            items.append(ItemGap(item.id, item.dimension, True, nan, nan, nan, nan))
            continue
        items.append(
            ItemGap(
                item.id, item.dimension, False, a.score, b.score, a.favorable_pct, b.favorable_pct
            )
        )
    return YouthFigures(wave, k, None, split.n_youth, split.n_rest, measures, tuple(items))


# ---------------------------------------------------------------- the panel


@dataclass(frozen=True)
class PanelComparison:
    """Youth panel members against the other young employees of one wave.

    The other young employees are every young respondent who is not a member,
    including those who left the membership question blank, so that members
    and others add up to the youth of the youth comparison and no subtraction
    between the two comparisons isolates anyone.
    """

    demographic: str
    member: str
    reason: str | None
    n_members: int | None
    n_others: int | None
    rows: tuple[compare.Comparison, ...]

    @property
    def suppressed(self) -> bool:
        return self.reason is not None


def panel_comparison(
    survey: Survey,
    frame: pd.DataFrame,
    wave: str,
    *,
    min_group: int | None = None,
    min_n: int = MIN_TESTED,
    demographic: str | None = None,
    member: str | None = None,
) -> PanelComparison | None:
    """Panel members vs the other young employees: means, Welch, Holm, Hedges' g.

    As `scoring.compare.compare_groups` over the index and every dimension.
    Membership is the survey's ``survey.youth.panel`` (``demographic`` and
    ``member`` override it); None when the survey declares no panel or has no
    ``demographic`` with a ``member`` option.

    Shown only when the youth figures of the wave are shown and, in the table
    of youth (or not) by member (or not), the two youth cells hold at least k
    respondents each and the two other cells 0 or at least k: a dashboard
    breakdown by membership shows all members, so members outside youth would
    otherwise be all members minus the young ones.
    """
    declared = survey.youth.panel if survey.youth is not None else None
    demographic = demographic or (declared.demographic if declared else None)
    member = member or (declared.option if declared else None)
    if demographic is None or member is None:
        return None
    panel = survey.demographic(demographic)
    if panel is None or member not in [o.id for o in panel.options]:
        return None
    k = _k(survey, min_group)
    split = _split(survey, frame, wave, k)

    def hidden(reason: str) -> PanelComparison:
        return PanelComparison(demographic, member, reason, None, None, ())

    if split.reason is not None:
        return hidden(split.reason)
    code = [o.id for o in panel.options].index(member)
    is_member = split.population.codes(demographic) == code
    members = split.young & is_member
    others = split.young & ~is_member
    n_members, n_others = int(members.sum()), int(others.sum())
    if not split_shown(n_members, n_others, k):
        return hidden("panel_few")
    outside = [int((~split.young & is_member).sum()), int((~split.young & ~is_member).sum())]
    if any(0 < n < k for n in outside) or not panel_publishable(survey, split.population, k):
        return hidden("panel_residual")
    # Each measure on its own people: members and others each at least k,
    # and the members outside youth (all members minus the young ones) 0 or k.
    keys = []
    for key in split.shown:
        present = split.present(key)
        old_members = int(np.count_nonzero(present & ~split.young & is_member))
        sides = int(np.count_nonzero(present & members)), int(np.count_nonzero(present & others))
        if split_shown(*sides, k) and (old_members == 0 or enough(old_members, k)):
            keys.append(key)
        elif key == "index":
            return hidden("panel_few")
    a, b = split.measures(members), split.measures(others)
    rows = compare.compare_groups({m: a[m] for m in keys}, {m: b[m] for m in keys}, min_n=min_n)
    return PanelComparison(demographic, member, None, n_members, n_others, rows)


# ---------------------------------------------------------------- across waves


def _clean(sample: Sequence[float] | np.ndarray) -> np.ndarray:
    values = np.asarray(sample, dtype=np.float64).ravel()
    return values[~np.isnan(values)]


def gap_change(
    youth_before: Sequence[float] | np.ndarray,
    rest_before: Sequence[float] | np.ndarray,
    youth_after: Sequence[float] | np.ndarray,
    rest_after: Sequence[float] | np.ndarray,
) -> compare.WelchResult:
    """Welch-type t test of the change in the youth gap between two waves.

    The change is a difference in differences of four independent means,

    .. math::

        \\Delta = (\\bar y_2 - \\bar r_2) - (\\bar y_1 - \\bar r_1),\\qquad
        V = \\sum_{i=1}^{4} \\frac{s_i^2}{n_i},\\qquad t = \\frac{\\Delta}{\\sqrt V},

    tested against Student's t with the Welch-Satterthwaite degrees of freedom
    of a linear combination of means with unequal variances,

    .. math::

        \\nu = \\frac{V^2}{\\sum_i \\frac{(s_i^2 / n_i)^2}{n_i - 1}},\\qquad
        p = 2\\,P(T_\\nu > |t|),

    sample variances with ddof=1. With two samples it is Welch's test
    (`scoring.compare.welch`). Waves are treated as independent samples:
    anonymous answers cannot be linked across waves; people who answer both
    waves usually answer alike, which makes the true variance of the change
    smaller and this test conservative.

    NaN values are ignored; fewer than 2 values in any sample give NaN. Zero
    variance everywhere gives ``p = 1`` for no change and ``p = 0`` otherwise,
    as `scoring.compare.welch`.

    References
    ----------
    Satterthwaite, F. E. (1946). An approximate distribution of estimates of
    variance components. Biometrics Bulletin, 2(6), 110-114.
    Welch, B. L. (1947). The generalization of "Student's" problem when
    several different population variances are involved. Biometrika, 34, 28-35.
    Maxwell, S. E., & Delaney, H. D. (2004). Designing experiments and analyzing
    data (2nd ed.), chapter 4: separate-variance tests of contrasts.
    """
    samples = [_clean(s) for s in (youth_after, rest_after, youth_before, rest_before)]
    if any(s.size < 2 for s in samples):
        return compare.WelchResult(math.nan, math.nan, math.nan)
    means = [float(s.mean()) for s in samples]
    change = (means[0] - means[1]) - (means[2] - means[3])
    parts = [float(s.var(ddof=1)) / s.size for s in samples]
    total = sum(parts)
    if total == 0.0:
        if change == 0.0:
            return compare.WelchResult(0.0, math.nan, 1.0)
        return compare.WelchResult(math.copysign(math.inf, change), math.nan, 0.0)
    t_stat = change / math.sqrt(total)
    # Shares of the total, so that tiny variances cannot underflow to 0/0.
    df = 1.0 / sum((v / total) ** 2 / (s.size - 1) for v, s in zip(parts, samples, strict=True))
    p = float(2.0 * t_sf(abs(t_stat), df))
    return compare.WelchResult(t_stat, df, min(p, 1.0))


@dataclass(frozen=True)
class GapChangeRow:
    """The change of one measure's youth gap between two waves.

    ``p`` is `gap_change`'s; ``p_holm`` Holm-adjusted over the tested
    dimensions, and for the index its ``p`` (METHOD.md, Comparisons); both NaN
    when untested.
    """

    id: str
    gap_before: float
    gap_after: float
    change: float
    p: float
    p_holm: float
    tested: bool

    @property
    def narrowed(self) -> bool:
        """The gap is closer to zero than before."""
        return abs(self.gap_after) < abs(self.gap_before)

    @property
    def reversed(self) -> bool:
        """The gap changed sides: the young were above the rest before and below now,
        or the other way round."""
        return self.gap_before * self.gap_after < 0


def gap_changes(
    before: tuple[Mapping[str, np.ndarray], Mapping[str, np.ndarray]],
    after: tuple[Mapping[str, np.ndarray], Mapping[str, np.ndarray]],
    min_n: int = MIN_TESTED,
) -> tuple[GapChangeRow, ...]:
    """`gap_change` for every measure; the index unadjusted, Holm over the dimensions.

    ``before`` and ``after`` are (youth scores, rest scores), each a mapping
    from measure id (``"index"``, dimension ids) to respondent scores, keys in
    the same set everywhere; rows come in the key order of ``before[0]``. A
    row is tested only when all four samples hold at least ``min_n`` scores.
    """
    if min_n < 2:
        raise ValueError(f"min_n must be at least 2, got {min_n}")
    keys = list(before[0])
    for part in (*before, *after):
        if set(part) != set(keys):
            raise ValueError("every sample needs the same measures")
    found = []
    for key in keys:
        samples = [_clean(before[0][key]), _clean(before[1][key])]
        samples += [_clean(after[0][key]), _clean(after[1][key])]
        means = [float(s.mean()) if s.size else math.nan for s in samples]
        gap_before, gap_after = means[0] - means[1], means[2] - means[3]
        tested = all(s.size >= min_n for s in samples)
        p = gap_change(*samples).p if tested else math.nan
        found.append((key, gap_before, gap_after, p, tested))
    adjusted = compare.family_adjusted([row[0] for row in found], [row[3] for row in found])
    return tuple(
        GapChangeRow(key, gb, ga, ga - gb, p, float(ph), tested)
        for (key, gb, ga, p, tested), ph in zip(found, adjusted, strict=True)
    )


@dataclass(frozen=True)
class WaveGap:
    """Youth and the rest in one wave: the index and dimension means, or nothing."""

    wave: str
    reason: str | None
    n_youth: int | None
    n_rest: int | None
    youth: dict[str, float]
    rest: dict[str, float]

    @property
    def suppressed(self) -> bool:
        return self.reason is not None

    def gap(self, id: str = "index") -> float:
        """Youth minus the rest for a measure; NaN when suppressed."""
        if self.suppressed:
            return math.nan
        return self.youth[id] - self.rest[id]


@dataclass(frozen=True)
class GapChange:
    """The later wave against the one before it; no rows when either is suppressed."""

    wave_before: str
    wave_after: str
    suppressed: bool
    rows: tuple[GapChangeRow, ...]

    def row(self, id: str = "index") -> GapChangeRow | None:
        return next((r for r in self.rows if r.id == id), None)


@dataclass(frozen=True)
class GapTrend:
    """The youth gap in every wave of the frame (wave order) and its change between
    consecutive waves."""

    waves: tuple[WaveGap, ...]
    changes: tuple[GapChange, ...]


def _mean(values: np.ndarray) -> float:
    values = values[~np.isnan(values)]
    return float(values.mean()) if values.size else math.nan


def gap_trend(
    survey: Survey,
    frame: pd.DataFrame,
    *,
    min_group: int | None = None,
    min_n: int = MIN_TESTED,
) -> GapTrend:
    """The youth gap in every wave and the significance of its change between waves.

    Every wave is split and suppressed as in `youth_figures`; a change is
    computed between each wave and the one before it when both are shown
    (`gap_changes`: Welch-type difference in differences, the index
    unadjusted and Holm over the dimensions both waves show).
    """
    k = _k(survey, min_group)
    if survey.youth is None:
        raise SurveyError.single("report.no_youth_rule", place="youth")
    points: list[WaveGap] = []
    samples: list[tuple[dict, dict] | None] = []
    for wave in waves_in(frame) if len(frame) else []:
        split = _split(survey, frame, wave, k)
        if split.reason is not None:
            points.append(WaveGap(wave, split.reason, None, None, {}, {}))
            samples.append(None)
            continue
        young = split.measures(split.young)
        rest = split.measures(~split.young)
        points.append(
            WaveGap(
                wave,
                None,
                split.n_youth,
                split.n_rest,
                {key: _mean(v) for key, v in young.items()},
                {key: _mean(v) for key, v in rest.items()},
            )
        )
        samples.append((young, rest))
    changes = []
    for i in range(1, len(points)):
        before, after = samples[i - 1], samples[i]
        if before is None or after is None:
            changes.append(GapChange(points[i - 1].wave, points[i].wave, True, ()))
            continue
        # A measure either wave may not show is left out of the change.
        keys = [key for key in before[0] if key in after[0]]
        before = tuple({key: side[key] for key in keys} for side in before)
        after = tuple({key: side[key] for key in keys} for side in after)
        rows = gap_changes(before, after, min_n=min_n)
        changes.append(GapChange(points[i - 1].wave, points[i].wave, False, rows))
    return GapTrend(tuple(points), tuple(changes))


# ---------------------------------------------------------------- participation


@dataclass(frozen=True)
class Participation:
    """Respondents as a percent of the headcount, for the young and for everyone.

    Young respondents are those who gave a young age band, so respondents who
    left their age blank make the youth rate a lower bound.
    """

    youth_respondents: int
    youth_headcount: int
    youth_rate: float
    respondents: int
    headcount: int
    rate: float


def participation(
    survey: Survey,
    frame: pd.DataFrame,
    wave: str,
    headcounts: Mapping[str, int] | None,
    *,
    min_group: int | None = None,
) -> Participation | None:
    """Youth participation ``100 * n_youth / N_youth`` beside everyone's ``100 * n / N``.

    ``headcounts`` are the wave's staff numbers per option of the youth rule's
    demographic (HR's headcount by age band); ``N`` is their sum. None when
    they are missing, name options of another demographic, lack a youth
    option or give the young a headcount of 0, and when the wave's youth
    figures are suppressed (the rate would reveal the number of young
    respondents).
    """
    k = _k(survey, min_group)
    rule = survey.youth
    if rule is None:
        raise SurveyError.single("report.no_youth_rule", place="youth")
    options = {o.id for o in survey.demographic(rule.demographic).options}
    if not headcounts or not set(headcounts) <= options:
        return None
    if not set(rule.groups) <= set(headcounts):
        return None
    youth_headcount = sum(int(headcounts[g]) for g in rule.groups)
    headcount = sum(int(v) for v in headcounts.values())
    if youth_headcount <= 0:
        return None
    split = _split(survey, frame, wave, k)
    if split.reason is not None:
        return None
    n_youth, n = split.n_youth, split.population.n
    return Participation(
        n_youth,
        youth_headcount,
        100.0 * n_youth / youth_headcount,
        n,
        headcount,
        100.0 * n / headcount,
    )
