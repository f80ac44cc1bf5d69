"""The report: everything a page, an export or the command line may show.

`build_report` applies the privacy rules of METHOD.md while it computes, so a
caller cannot get a figure the rules hide. `Report.to_dict()` is METHOD.md's
JSON, floats unrounded and NaN as null.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from scoring import compare, reliability
from scoring.errors import SurveyError
from scoring.index import (
    Estimate,
    Projection,
    RespondentScores,
    drivers,
    enps,
    estimate,
    gap_contributions,
    item_stats,
    keyed,
    respondent_scores,
    trend_to_target,
)
from scoring.messages import register
from scoring.population import Population
from scoring.privacy import MIN_K, group_sizes, may_show_population, suppress_groups
from scoring.questionnaire import Survey

__all__ = [
    "Report",
    "WaveComparison",
    "build_report",
    "compare_waves",
    "visible_comments",
    "waves_in",
]

register(
    {
        "report.unknown_wave": {
            "ko": "응답 파일에 '{wave}' 차수가 없습니다 (있는 차수: {known})",
            "en": "the responses hold no wave '{wave}' (waves present: {known})",
        },
        "report.no_responses": {
            "ko": "응답이 하나도 없습니다",
            "en": "there are no responses",
        },
        "report.unknown_demographic": {
            "ko": "설문에 '{demographic}' 응답자 특성이 없습니다 (있는 특성: {known})",
            "en": "the survey has no demographic '{demographic}' (demographics: {known})",
        },
        "report.unknown_option": {
            "ko": "'{demographic}' 특성에 '{option}' 선택지가 없습니다 (있는 선택지: {known})",
            "en": "demographic '{demographic}' has no option '{option}' (options: {known})",
        },
        "report.min_group_too_small": {
            "ko": "최소 집단 크기는 {minimum} 이상이어야 합니다 (현재 값: {value})",
            "en": "the minimum group size must be at least {minimum} (got {value})",
        },
        "report.headcount_too_small": {
            "ko": "전체 인원({headcount}명)이 응답자 수({n}명)보다 적습니다",
            "en": "the headcount ({headcount}) is smaller than the respondents ({n})",
        },
        "report.no_youth_rule": {
            "ko": "설문에 청년 기준(survey.youth)이 정의되어 있지 않습니다",
            "en": "the survey defines no youth rule (survey.youth)",
        },
        "report.youth_with_filter": {
            "ko": "청년 비교는 다른 필터와 함께 볼 수 없습니다 (소수 인원이 드러날 수 있습니다)",
            "en": "the youth comparison cannot be combined with a filter"
            " (it could expose a few people)",
        },
    }
)


def _problem(key: str, place: str = "", **params: object) -> SurveyError:
    return SurveyError.single(key, place=place, **params)


@dataclass(frozen=True)
class IndexSummary:
    score: float
    ci_low: float
    ci_high: float
    target: float
    gap: float
    p_below_target: float


@dataclass(frozen=True)
class DimensionSummary:
    id: str
    score: float
    ci_low: float
    ci_high: float
    alpha: float
    alpha_ci: tuple[float, float]
    n: int


@dataclass(frozen=True)
class ItemSummary:
    id: str
    dimension: str
    score: float
    favorable_pct: float
    item_total_r: float
    alpha_if_deleted: float
    n: int


@dataclass(frozen=True)
class GroupRow:
    """One group of a breakdown; a suppressed group carries no count and no score."""

    group: str | None
    suppressed: bool
    n: int | None
    index: float | None
    dimensions: dict[str, float]


@dataclass(frozen=True)
class YouthComparison:
    """Youth vs the rest; suppressed whole when either side holds fewer than k."""

    suppressed: bool
    n_youth: int | None
    n_rest: int | None
    rows: tuple[compare.Comparison, ...]

    def to_dict(self) -> dict:
        return {
            "suppressed": self.suppressed,
            "n_youth": self.n_youth,
            "n_rest": self.n_rest,
            "rows": [_clean(row.as_row("youth", "rest")) for row in self.rows],
        }


@dataclass(frozen=True)
class TrendPoint:
    wave: str
    n: int | None
    index: float | None
    ci_low: float | None
    ci_high: float | None
    dimensions: dict[str, float]
    suppressed: bool


@dataclass(frozen=True)
class GapRow:
    id: str
    weight: float
    score: float
    contribution: float


@dataclass(frozen=True)
class Driver:
    """An item's correlation with overall satisfaction; ``priority`` marks a high
    correlation (above the median of items) with a low score (below the median)."""

    id: str
    r: float
    score: float
    pairs: int
    priority: bool


@dataclass(frozen=True)
class Report:
    wave: str
    respondents: int | None
    n: int | None
    suppressed: bool
    min_group: int
    filter: tuple[str, str] | None
    headcount: int | None
    index: IndexSummary | None
    dimensions: tuple[DimensionSummary, ...]
    items: tuple[ItemSummary, ...]
    breakdowns: dict[str, tuple[GroupRow, ...]]
    youth: YouthComparison | None
    trend: tuple[TrendPoint, ...]
    enps: float | None
    gap_by_dimension: tuple[GapRow, ...]
    drivers: tuple[Driver, ...]
    projection: Projection | None

    def to_dict(self) -> dict:
        """METHOD.md's JSON (plus ``respondents``, ``suppressed``, ``drivers`` and
        ``projection``); NaN becomes null."""
        out = {
            "wave": self.wave,
            "n": self.n,
            "respondents": self.respondents,
            "suppressed": self.suppressed,
            "min_group": self.min_group,
            "filter": list(self.filter) if self.filter else None,
            "headcount": self.headcount,
            "index": _clean(_asdict(self.index)) if self.index else None,
            "dimensions": [_clean(_asdict(d)) for d in self.dimensions],
            "items": [_clean(_asdict(i)) for i in self.items],
            "breakdowns": {
                key: [_clean(_asdict(row)) for row in rows] for key, rows in self.breakdowns.items()
            },
            "youth": self.youth.to_dict() if self.youth else None,
            "trend": [_clean(_asdict(p)) for p in self.trend],
            "enps": _clean(self.enps),
            "gap_by_dimension": [_clean(_asdict(g)) for g in self.gap_by_dimension],
            "drivers": [_clean(_asdict(d)) for d in self.drivers],
            "projection": _clean(_asdict(self.projection)) if self.projection else None,
        }
        return out


def _asdict(obj: object) -> dict:
    # dataclasses.asdict deep-copies; a shallow walk is enough and keeps tuples.
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def _clean(value: object) -> object:
    """Floats stay unrounded; NaN and numpy scalars become JSON-friendly."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        value = float(value)
        return None if math.isnan(value) else value
    return value


def waves_in(frame: pd.DataFrame) -> list[str]:
    """The waves present, in wave order (names sort as text: 2024-H2 < 2025-H1)."""
    return sorted({str(w) for w in pd.unique(frame["wave"])})


def _check_demographic(survey: Survey, demographic: str, place: str) -> None:
    if survey.demographic(demographic) is None:
        known = ", ".join(d.id for d in survey.demographics)
        raise _problem("report.unknown_demographic", place, demographic=demographic, known=known)


def _option_code(survey: Survey, demographic: str, option: str, place: str) -> int:
    _check_demographic(survey, demographic, place)
    ids = [o.id for o in survey.demographic(demographic).options]
    if option not in ids:
        raise _problem(
            "report.unknown_option",
            place,
            demographic=demographic,
            option=option,
            known=", ".join(ids),
        )
    return ids.index(option)


def _wave_population(frame: pd.DataFrame, wave: str) -> Population:
    return Population(frame).subset(frame["wave"].to_numpy(dtype=object) == wave)


def _filtered(
    survey: Survey, wave_pop: Population, filter: tuple[str, str] | None, k: int
) -> tuple[Population, bool]:
    """The filtered population of a wave and whether it may be shown."""
    if filter is None:
        return wave_pop, wave_pop.n >= k
    code = _option_code(survey, filter[0], filter[1], "--filter")
    mask = wave_pop.codes(filter[0]) == code
    population = wave_pop.subset(mask)
    return population, may_show_population(population.n, wave_pop.n - population.n, k)


def _group_means(
    codes: np.ndarray, n_groups: int, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Mean of ``values`` per group code (missing values skipped) and the count used."""
    present = ~np.isnan(values)
    slots = np.where(codes < 0, n_groups - 1, codes)[present]
    counts = np.bincount(slots, minlength=n_groups)
    sums = np.bincount(slots, weights=values[present], minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / counts, counts


def _breakdown(
    survey: Survey,
    population: Population,
    scores: RespondentScores,
    demographic: str,
    k: int,
    shown: bool,
) -> tuple[GroupRow, ...]:
    options = [o.id for o in survey.demographic(demographic).options]
    groups: list[str | None] = [*options, None]
    if not shown:
        return tuple(GroupRow(g, True, None, None, {}) for g in groups)
    codes = population.codes(demographic)
    sizes = group_sizes(codes, len(options))
    hidden = suppress_groups(sizes, k)
    index_means, index_counts = _group_means(codes, len(groups), scores.index)
    dim_means = [
        _group_means(codes, len(groups), scores.dimensions[:, j])[0]
        for j in range(len(survey.dimensions))
    ]
    rows = []
    for g, group in enumerate(groups):
        if hidden[g]:
            rows.append(GroupRow(group, True, None, None, {}))
            continue
        dims = {d.id: float(dim_means[j][g]) for j, d in enumerate(survey.dimensions)}
        rows.append(GroupRow(group, False, int(index_counts[g]), float(index_means[g]), dims))
    return tuple(rows)


def _comparison_scores(
    scores: RespondentScores, survey: Survey, mask: np.ndarray
) -> dict[str, np.ndarray]:
    out = {"index": scores.index[mask]}
    for j, d in enumerate(survey.dimensions):
        out[d.id] = scores.dimensions[mask, j]
    return out


def _youth(
    survey: Survey, population: Population, scores: RespondentScores, k: int
) -> YouthComparison:
    rule = survey.youth
    options = [o.id for o in survey.demographic(rule.demographic).options]
    young_codes = np.array([options.index(g) for g in rule.groups])
    young = np.isin(population.codes(rule.demographic), young_codes)
    n_young = int(np.count_nonzero(young))
    n_rest = population.n - n_young
    if n_young < k or n_rest < k:
        return YouthComparison(True, None, None, ())
    rows = compare.compare_groups(
        _comparison_scores(scores, survey, young), _comparison_scores(scores, survey, ~young)
    )
    return YouthComparison(False, n_young, n_rest, tuple(rows))


def _reliability(survey: Survey, population: Population) -> dict[str, tuple]:
    """Alpha with its interval per dimension and item-total figures per item,
    on reverse-keyed raw answers (METHOD.md, Reliability)."""
    out = {}
    for dimension in survey.dimensions:
        data = np.column_stack(
            [keyed(population.column(i.id), i.reverse, survey.points) for i in dimension.items]
        )
        totals = reliability.item_total(data)
        out[dimension.id] = (
            reliability.cronbach_alpha(data),
            np.asarray(totals.r_drop, dtype=np.float64),
            np.asarray(totals.alpha_if_deleted, dtype=np.float64),
        )
    return out


def _trend(
    survey: Survey,
    frame: pd.DataFrame,
    waves: Sequence[str],
    filter: tuple[str, str] | None,
    k: int,
) -> tuple[TrendPoint, ...]:
    points = []
    for wave in waves:
        population, shown = _filtered(survey, _wave_population(frame, wave), filter, k)
        if not shown:
            points.append(TrendPoint(wave, None, None, None, None, {}, True))
            continue
        scores = respondent_scores(survey, population)
        est = estimate(scores.index)
        dims = {
            d.id: float(np.nanmean(scores.dimensions[:, j]))
            if _has_values(scores.dimensions[:, j])
            else math.nan
            for j, d in enumerate(survey.dimensions)
        }
        points.append(TrendPoint(wave, est.n, est.mean, est.ci_low, est.ci_high, dims, False))
    return tuple(points)


def _has_values(values: np.ndarray) -> bool:
    return bool(np.any(~np.isnan(values)))


def _resolve_k(survey: Survey, min_group: int | None) -> int:
    k = survey.min_group_size if min_group is None else int(min_group)
    if k < MIN_K:
        raise _problem("report.min_group_too_small", "--min-group", minimum=MIN_K, value=k)
    return k


def _resolve_wave(frame: pd.DataFrame, wave: str | None) -> tuple[list[str], str]:
    waves = waves_in(frame) if len(frame) else []
    if not waves:
        raise _problem("report.no_responses")
    if wave is None:
        return waves, waves[-1]
    if wave not in waves:
        raise _problem("report.unknown_wave", "--wave", wave=wave, known=", ".join(waves))
    return waves, wave


def _suppressed_report(
    wave: str,
    k: int,
    filter: tuple[str, str] | None,
    headcount: int | None,
    breakdowns: dict[str, tuple[GroupRow, ...]],
    youth: YouthComparison | None,
    trend: tuple[TrendPoint, ...],
) -> Report:
    return Report(
        wave=wave,
        respondents=None,
        n=None,
        suppressed=True,
        min_group=k,
        filter=filter,
        headcount=headcount,
        index=None,
        dimensions=(),
        items=(),
        breakdowns=breakdowns,
        youth=youth,
        trend=trend,
        enps=None,
        gap_by_dimension=(),
        drivers=(),
        projection=None,
    )


def build_report(
    survey: Survey,
    frame: pd.DataFrame,
    *,
    wave: str | None = None,
    by: Sequence[str] = (),
    filter: tuple[str, str] | None = None,
    youth: bool = False,
    min_group: int | None = None,
    headcount: int | None = None,
) -> Report:
    """The report of one wave (the latest by default) of the response frame.

    ``by`` lists demographics to break down by; ``filter`` restricts to one
    option of a demographic; ``youth`` adds the youth vs rest comparison;
    ``min_group`` overrides the survey's k (never below 3); ``headcount`` is the
    population size N for the finite population correction.
    """
    k = _resolve_k(survey, min_group)
    waves, wave = _resolve_wave(frame, wave)
    for i, demographic in enumerate(by):
        _check_demographic(survey, demographic, f"--by[{i}]")
    if youth and survey.youth is None:
        raise _problem("report.no_youth_rule", "--youth")
    if youth and filter is not None:
        raise _problem("report.youth_with_filter", "--youth")

    population, shown = _filtered(survey, _wave_population(frame, wave), filter, k)
    # Checked only for a population that may be shown: the message states its size.
    if shown and headcount is not None and headcount < population.n:
        raise _problem(
            "report.headcount_too_small", "--headcount", headcount=headcount, n=population.n
        )
    trend = _trend(survey, frame, waves, filter, k)
    projection = trend_to_target([p.wave for p in trend], [p.index for p in trend], survey.target)

    scores = respondent_scores(survey, population) if shown else None
    breakdowns = {d: _breakdown(survey, population, scores, d, k, shown) for d in by}
    youth_result = None
    if youth:
        youth_result = (
            _youth(survey, population, scores, k)
            if shown
            else YouthComparison(True, None, None, ())
        )
    if not shown:
        return _suppressed_report(wave, k, filter, headcount, breakdowns, youth_result, trend)

    index_est = estimate(scores.index, headcount)
    target = float(survey.target)
    index = IndexSummary(
        score=index_est.mean,
        ci_low=index_est.ci_low,
        ci_high=index_est.ci_high,
        target=target,
        gap=target - index_est.mean,
        p_below_target=index_est.p_below(target),
    )
    rel = _reliability(survey, population)
    dimensions = []
    dim_estimates: list[Estimate] = []
    for j, d in enumerate(survey.dimensions):
        est = estimate(scores.dimensions[:, j], headcount)
        dim_estimates.append(est)
        alpha = rel[d.id][0]
        dimensions.append(
            DimensionSummary(
                d.id,
                est.mean,
                est.ci_low,
                est.ci_high,
                alpha.alpha,
                (alpha.ci_low, alpha.ci_high),
                est.n,
            )
        )
    items = []
    for d in survey.dimensions:
        _, r_drop, if_deleted = rel[d.id]
        for m, item in enumerate(d.items):
            st = item_stats(survey, item, population)
            items.append(
                ItemSummary(
                    item.id,
                    d.id,
                    st.score,
                    st.favorable_pct,
                    float(r_drop[m]),
                    float(if_deleted[m]),
                    st.n,
                )
            )
    recommend = survey.outcome("recommend")
    enps_value = enps(population.column(recommend.id)) if recommend else None
    gaps = gap_contributions(
        [d.weight for d in survey.dimensions], [e.mean for e in dim_estimates], target
    )
    gap_rows = tuple(
        GapRow(d.id, d.weight, e.mean, g)
        for d, e, g in zip(survey.dimensions, dim_estimates, gaps, strict=True)
    )
    return Report(
        wave=wave,
        respondents=population.n,
        n=index_est.n,
        suppressed=False,
        min_group=k,
        filter=filter,
        headcount=headcount,
        index=index,
        dimensions=tuple(dimensions),
        items=tuple(items),
        breakdowns=breakdowns,
        youth=youth_result,
        trend=trend,
        enps=enps_value,
        gap_by_dimension=gap_rows,
        drivers=_drivers(survey, population, items),
        projection=projection,
    )


def _drivers(
    survey: Survey, population: Population, items: Sequence[ItemSummary]
) -> tuple[Driver, ...]:
    found = [
        (item_id, r, pairs)
        for item_id, r, pairs in drivers(survey, population)
        if not math.isnan(r)
    ]
    if not found:
        return ()
    score_of = {i.id: i.score for i in items}
    r_median = float(np.median([r for _, r, _ in found]))
    score_median = float(np.median([score_of[i] for i, _, _ in found]))
    return tuple(
        Driver(i, r, score_of[i], pairs, r > r_median and score_of[i] < score_median)
        for i, r, pairs in found
    )


@dataclass(frozen=True)
class WaveComparison:
    """Wave ``a`` against wave ``b`` for the index and every dimension."""

    wave_a: str
    wave_b: str
    suppressed: bool
    rows: tuple[compare.Comparison, ...]

    def to_dict(self) -> dict:
        return {
            "wave_a": self.wave_a,
            "wave_b": self.wave_b,
            "suppressed": self.suppressed,
            "rows": [_clean(row.as_row("a", "b")) for row in self.rows],
        }


def compare_waves(
    survey: Survey,
    frame: pd.DataFrame,
    wave_a: str,
    wave_b: str,
    *,
    filter: tuple[str, str] | None = None,
    min_group: int | None = None,
) -> WaveComparison:
    """Welch, Hedges' g and Holm over {index, dimensions} between two waves,
    each population under the same privacy rules as a report."""
    k = _resolve_k(survey, min_group)
    waves = waves_in(frame)
    for wave in (wave_a, wave_b):
        if wave not in waves:
            raise _problem("report.unknown_wave", "--wave", wave=wave, known=", ".join(waves))
    pop_a, shown_a = _filtered(survey, _wave_population(frame, wave_a), filter, k)
    pop_b, shown_b = _filtered(survey, _wave_population(frame, wave_b), filter, k)
    if not (shown_a and shown_b):
        return WaveComparison(wave_a, wave_b, True, ())
    scores_a = respondent_scores(survey, pop_a)
    scores_b = respondent_scores(survey, pop_b)
    all_a = np.ones(pop_a.n, dtype=bool)
    all_b = np.ones(pop_b.n, dtype=bool)
    rows = compare.compare_groups(
        _comparison_scores(scores_a, survey, all_a), _comparison_scores(scores_b, survey, all_b)
    )
    return WaveComparison(wave_a, wave_b, False, tuple(rows))


def visible_comments(
    survey: Survey,
    frame: pd.DataFrame,
    wave: str,
    *,
    threshold: int,
    filter: tuple[str, str] | None = None,
    youth_only: bool = False,
    min_group: int | None = None,
    rng: random.Random | None = None,
) -> dict[str, list[str]] | None:
    """Comments of a population that may be shown, per comment question.

    The population must hold at least ``max(k, threshold)`` respondents and its
    complement in the wave 0 or at least k; otherwise ``None``. Comments come
    without any demographic, each question's list shuffled independently so
    that neither submission order nor one writer's answers line up.
    """
    k = _resolve_k(survey, min_group)
    waves = waves_in(frame)
    if wave not in waves:
        raise _problem("report.unknown_wave", "--wave", wave=wave, known=", ".join(waves))
    wave_pop = _wave_population(frame, wave)
    if youth_only:
        if survey.youth is None:
            raise _problem("report.no_youth_rule", "--youth")
        if filter is not None:
            raise _problem("report.youth_with_filter", "--youth")
        rule = survey.youth
        options = [o.id for o in survey.demographic(rule.demographic).options]
        mask = np.isin(wave_pop.codes(rule.demographic), [options.index(g) for g in rule.groups])
        population = wave_pop.subset(mask)
    else:
        population, _ = _filtered(survey, wave_pop, filter, k)
    if not may_show_population(population.n, wave_pop.n - population.n, k) or population.n < max(
        k, threshold
    ):
        return None
    rng = rng or random.SystemRandom()
    out: dict[str, list[str]] = {}
    for comment in survey.comments:
        if comment.id not in frame.columns:
            out[comment.id] = []
            continue
        texts = [
            str(t).strip()
            for t in population.labels(comment.id)
            if isinstance(t, str) and t.strip()
        ]
        rng.shuffle(texts)
        out[comment.id] = texts
    return out
