"""The report's comparisons: youth against the rest, and one wave against another."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring import compare
from scoring.index import RespondentScores
from scoring.population import Population
from scoring.privacy import split_shown
from scoring.questionnaire import Survey
from scoring.report_model import WaveComparison, YouthComparison
from scoring.waves import _filtered, _problem, _wave_populations, check_wave, resolve_k

__all__ = [
    "compare_waves",
    "youth_mask",
    "youth_measures",
]


def _comparison_scores(
    scores: RespondentScores, survey: Survey, mask: np.ndarray
) -> dict[str, np.ndarray]:
    out = {"index": scores.index[mask]}
    for j, d in enumerate(survey.dimensions):
        out[d.id] = scores.dimension(j)[mask]
    return out


def youth_mask(survey: Survey, population: Population) -> np.ndarray:
    """Which respondents of ``population`` are young under the survey's youth rule.

    Raises `SurveyError` when the survey has no youth rule.
    """
    rule = survey.youth
    if rule is None:
        raise _problem("report.no_youth_rule", "youth")
    options = [o.id for o in survey.demographic(rule.demographic).options]
    return np.isin(population.codes(rule.demographic), [options.index(g) for g in rule.groups])


def youth_measures(
    survey: Survey, population: Population, scores: RespondentScores, k: int
) -> tuple[np.ndarray, list[str] | None]:
    """The youth split of a population and the measures it may compare.

    Returns the youth mask and the measures (``"index"``, then dimension ids)
    whose people number at least k on each side, or None when the
    comparison is suppressed whole: either side holds fewer than k
    respondents or fewer than k with an index (METHOD.md, Privacy). The
    breakdown by the youth rule's demographic settles its hidden groups
    within the youth and the other options as well (`_lines`), so no
    subtraction from it isolates fewer than k on either side.
    """
    young = youth_mask(survey, population)
    n_young = int(np.count_nonzero(young))
    if not split_shown(n_young, population.n - n_young, k):
        return young, None
    presents = {"index": ~np.isnan(scores.index)}
    for j, d in enumerate(survey.dimensions):
        presents[d.id] = scores.has_dimension(j)
    shown = []
    for key, present in presents.items():
        young_n = int(np.count_nonzero(present & young))
        if split_shown(young_n, int(np.count_nonzero(present)) - young_n, k):
            shown.append(key)
        elif key == "index":
            return young, None
    return young, shown


def _youth(
    survey: Survey, population: Population, scores: RespondentScores, k: int
) -> YouthComparison:
    young, shown = youth_measures(survey, population, scores, k)
    if shown is None:
        return YouthComparison(True, None, None, ())
    n_young = int(np.count_nonzero(young))
    a = _comparison_scores(scores, survey, young)
    b = _comparison_scores(scores, survey, ~young)
    rows = compare.compare_groups({m: a[m] for m in shown}, {m: b[m] for m in shown})
    return YouthComparison(False, n_young, population.n - n_young, tuple(rows))


def compare_waves(
    survey: Survey,
    frame: pd.DataFrame,
    wave_a: str,
    wave_b: str,
    *,
    filter: tuple[str, str] | None = None,
    min_group: int | None = None,
) -> WaveComparison:
    """Welch and Hedges' g between two waves for the index (unadjusted) and the
    dimensions (Holm over them), each population under the same privacy rules
    as a report: a dimension either wave may not show is left out."""
    k = resolve_k(survey, min_group)
    populations = _wave_populations(frame)
    check_wave(list(populations), wave_a)
    check_wave(list(populations), wave_b)
    view_a = _filtered(survey, populations[wave_a], filter, k)
    view_b = _filtered(survey, populations[wave_b], filter, k)
    if not (view_a.shown and view_b.shown):
        return WaveComparison(wave_a, wave_b, True, ())
    a = _comparison_scores(view_a.scores, survey, np.ones(view_a.population.n, dtype=bool))
    b = _comparison_scores(view_b.scores, survey, np.ones(view_b.population.n, dtype=bool))
    keys = ["index"] + [
        d.id
        for j, d in enumerate(survey.dimensions)
        if view_a.shows_dimension(j) and view_b.shows_dimension(j)
    ]
    rows = compare.compare_groups({m: a[m] for m in keys}, {m: b[m] for m in keys})
    return WaveComparison(wave_a, wave_b, False, tuple(rows))
