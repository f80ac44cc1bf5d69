"""The report: everything a page, an export or the command line may show.

`build_report` applies the privacy rules of METHOD.md while it computes, so a
caller cannot get a figure the rules hide. `Report.to_dict()` is METHOD.md's
JSON, floats unrounded and NaN as null.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from scoring.breakdowns import (
    _breakdowns,
    _filtered_hidden,
    panel_of,
    panel_publishable,
)
from scoring.comparisons import _youth, compare_waves, youth_mask, youth_measures
from scoring.covariance import _reliability
from scoring.index import (
    Estimate,
    dimension_estimate,
    drivers,
    enps,
    estimate,
    gap_contributions,
    item_stats,
    trend_to_target,
)
from scoring.population import Population
from scoring.questionnaire import Survey
from scoring.ranking import SUMMARY_TOP, groups_behind, items_to_act_on, ranked_items
from scoring.report_model import (
    DimensionSummary,
    Driver,
    GapRow,
    GroupRow,
    IndexSummary,
    ItemSummary,
    Report,
    TrendPoint,
    UnitReport,
    UnitReports,
    WaveComparison,
    YouthComparison,
)
from scoring.units import unit_reports
from scoring.waves import (
    _check_demographic,
    _filtered,
    _problem,
    _resolve_wave,
    _View,
    check_wave,
    resolve_k,
    waves_in,
)

__all__ = [
    "SUMMARY_TOP",
    "Report",
    "UnitReport",
    "UnitReports",
    "WaveComparison",
    "build_report",
    "check_wave",
    "compare_waves",
    "groups_behind",
    "items_to_act_on",
    "panel_of",
    "panel_publishable",
    "ranked_items",
    "resolve_k",
    "unit_reports",
    "waves_in",
    "youth_mask",
    "youth_measures",
]


def _wave_point(
    survey: Survey, wave: str, view: _View, headcount: int | None = None
) -> tuple[TrendPoint, Estimate, list[Estimate | None]]:
    """A wave's trend point, with the index and dimension estimates it rests on
    (None for a dimension the view may not show)."""
    scores = view.scores
    index = estimate(scores.index, headcount)
    dims = [
        dimension_estimate(scores, j, headcount) if view.shows_dimension(j) else None
        for j in range(len(survey.dimensions))
    ]
    means = {d.id: e.mean for d, e in zip(survey.dimensions, dims, strict=True) if e is not None}
    point = TrendPoint(wave, index.n, index.mean, index.ci_low, index.ci_high, means, False)
    return point, index, dims


def _trend(
    survey: Survey,
    populations: dict[str, Population],
    filter: tuple[str, str] | None,
    k: int,
    known: dict[str, TrendPoint],
    headcounts: Mapping[str, int],
) -> tuple[TrendPoint, ...]:
    """One point per wave; ``known`` holds points already computed (the report's wave).

    A wave whose headcount is in ``headcounts`` has the finite population
    correction in its interval, as its own report has (METHOD.md: one
    standard error per figure everywhere)."""
    points = []
    for wave, wave_pop in populations.items():
        if wave in known:
            points.append(known[wave])
            continue
        view = _filtered(survey, wave_pop, filter, k)
        if not view.shown:
            points.append(TrendPoint(wave, None, None, None, None, {}, True))
            continue
        n = headcounts.get(wave)
        if n is not None and n < view.population.n:
            n = None  # a headcount below the respondents is a typo: no correction
        points.append(_wave_point(survey, wave, view, n)[0])
    return tuple(points)


# What a view hidden as a whole shows of its own figures: nothing.
_NOTHING_SHOWN: dict[str, object] = {
    "respondents": None,
    "n": None,
    "suppressed": True,
    "index": None,
    "dimensions": (),
    "items": (),
    "enps": None,
    "gap_by_dimension": (),
    "drivers": (),
    "projection": None,
}


def _suppressed_report(
    wave: str,
    k: int,
    filter: tuple[str, str] | None,
    headcount: int | None,
    breakdowns: dict[str, tuple[GroupRow, ...]],
    youth: YouthComparison | None,
    trend: tuple[TrendPoint, ...],
) -> Report:
    """A view under k: its breakdowns, youth comparison and trend (each hidden by its own
    rule) and none of its own figures."""
    return Report(
        wave,
        min_group=k,
        filter=filter,
        headcount=headcount,
        breakdowns=breakdowns,
        youth=youth,
        trend=trend,
        **_NOTHING_SHOWN,
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
    trend_headcounts: Mapping[str, int] | None = None,
) -> Report:
    """The report of one wave (the latest by default) of the response frame.

    ``by`` lists demographics to break down by; ``filter`` restricts to one
    option of a demographic; ``youth`` adds the youth vs rest comparison;
    ``min_group`` overrides the survey's k (never below 3); ``headcount`` is the
    population size N of the wave (of the filtered population) for the finite
    population correction; ``trend_headcounts`` gives the other waves' N, so
    that each trend point has the interval of its own wave's report.
    """
    k = resolve_k(survey, min_group)
    populations, wave = _resolve_wave(frame, wave)
    for i, demographic in enumerate(by):
        _check_demographic(survey, demographic, f"by[{i}]")
    if youth and survey.youth is None:
        raise _problem("report.no_youth_rule", "youth")
    if youth and filter is not None:
        raise _problem("report.youth_with_filter", "youth")

    view = _filtered(survey, populations[wave], filter, k)
    population, shown = view.population, view.shown
    # Checked only for a population that may be shown: the message states its size.
    if shown and headcount is not None and headcount < population.n:
        raise _problem(
            "report.headcount_too_small", "headcount", headcount=headcount, n=population.n
        )
    scores = view.scores if shown else None
    known: dict[str, TrendPoint] = {}
    if shown:
        point, index_est, dim_estimates = _wave_point(survey, wave, view, headcount)
        known[wave] = point
    others = {w: int(n) for w, n in (trend_headcounts or {}).items() if w != wave}
    trend = _trend(survey, populations, filter, k, known, others)
    projection = trend_to_target([p.wave for p in trend], [p.index for p in trend], survey.target)

    hidden_within = None
    if shown and filter is not None:
        hidden_within = {
            d: _filtered_hidden(survey, populations[wave], filter, d, k, view.wave_scores)
            for d in dict.fromkeys(by)
        }
    breakdowns = _breakdowns(survey, population, scores, by, k, shown, hidden_within)
    youth_result = None
    if youth:
        youth_result = (
            _youth(survey, population, scores, k)
            if shown
            else YouthComparison(True, None, None, ())
        )
    if not shown:
        return _suppressed_report(wave, k, filter, headcount, breakdowns, youth_result, trend)

    target = float(survey.target)
    index = IndexSummary(
        score=index_est.mean,
        ci_low=index_est.ci_low,
        ci_high=index_est.ci_high,
        target=target,
        gap=target - index_est.mean,
        p_below_target=index_est.p_below(target),
    )
    rel = _reliability(survey, population, k)
    nan = math.nan
    dimensions = []
    for d, est in zip(survey.dimensions, dim_estimates, strict=True):
        if est is None:
            dimensions.append(DimensionSummary(d.id, nan, nan, nan, nan, (nan, nan), None, True))
            continue
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
        totals = rel[d.id][1]
        for m, item in enumerate(d.items):
            if not view.shows(view.wave_pop.answers(item.id) > 0):
                items.append(ItemSummary(item.id, d.id, nan, nan, nan, nan, None, True))
                continue
            st = item_stats(survey, item, population)
            items.append(
                ItemSummary(
                    item.id,
                    d.id,
                    st.score,
                    st.favorable_pct,
                    float(totals.r_drop[m]),
                    float(totals.alpha_if_deleted[m]),
                    st.n,
                    False,
                    st.counts,
                )
            )
    recommend = survey.outcome("recommend")
    enps_value = None
    if recommend is not None:
        answered = ~np.isnan(view.wave_pop.column(recommend.id))
        enps_value = enps(population.column(recommend.id)) if view.shows(answered) else nan
    gaps = gap_contributions(
        [d.weight for d in survey.dimensions],
        [e.mean if e else nan for e in dim_estimates],
        target,
    )
    gap_rows = tuple(
        GapRow(d.id, d.weight, e.mean, g)
        for d, e, g in zip(survey.dimensions, dim_estimates, gaps, strict=True)
        if e is not None
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
        drivers=_drivers(survey, population, items, k),
        projection=projection,
    )


def _drivers(
    survey: Survey, population: Population, items: Sequence[ItemSummary], k: int
) -> tuple[Driver, ...]:
    """Drivers of the items the report shows, each on at least 20 (and k) pairs."""
    shown = {i.id for i in items if not i.suppressed}
    found = [
        (item_id, r, pairs)
        for item_id, r, pairs in drivers(survey, population, max(20, k))
        if item_id in shown and not math.isnan(r)
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
