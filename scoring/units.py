"""Unit reports: every group of a demographic with its index, interval and dimension scores."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from scoring.breakdowns import _groups, _slots
from scoring.distributions import t_ppf
from scoring.index import respondent_scores
from scoring.questionnaire import Survey
from scoring.report_model import UnitReport, UnitReports
from scoring.waves import _check_demographic, _resolve_wave, resolve_k

__all__ = [
    "unit_reports",
]


def unit_reports(
    survey: Survey,
    frame: pd.DataFrame,
    demographic: str,
    *,
    wave: str | None = None,
    min_group: int | None = None,
) -> UnitReports:
    """Index, interval and dimension scores of every unit of ``demographic``
    in one wave (the latest by default), as a census publishes per team.

    The units are the groups of a breakdown and follow its privacy rules
    (METHOD.md, Privacy): a unit under k respondents is suppressed, and the
    suppressed units together hold 0 or at least k, the next-smallest joining
    them while they hold fewer; a wave under k suppresses every unit. Scores
    and counts are the breakdown's; the interval is METHOD.md's Student t
    interval ``t(0.975, n-1) s / sqrt(n)`` over the unit's respondent indexes.
    Each figure is one counting pass over the wave, so ten thousand units
    cost about what one report does.
    """
    k = resolve_k(survey, min_group)
    populations, wave = _resolve_wave(frame, wave)
    _check_demographic(survey, demographic, "demographic")
    population = populations[wave]
    if population.n < k:
        options = [o.id for o in survey.demographic(demographic).options]
        units = [UnitReport(g, True, None, None, None, None, {}) for g in [*options, None]]
        return UnitReports(wave, demographic, k, tuple(units))
    scores = respondent_scores(survey, population)
    table = _groups(survey, population, scores, [demographic], k)[demographic]
    means, counts = table.means[0], table.counts[0]
    slots = _slots(population.codes(demographic), len(table.ids) - 1)
    present = ~np.isnan(scores.index)
    deviations = np.where(present, scores.index - means[slots], 0.0)
    squares = np.bincount(slots, weights=deviations**2, minlength=len(table.ids))
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt(squares / (counts - 1) / counts)
        half = t_ppf(0.975, counts - 1) * se
    units = []
    for g, group in enumerate(table.ids):
        if table.hidden[g]:
            units.append(UnitReport(group, True, None, None, None, None, {}))
            continue
        dims = {
            d.id: float(table.means[j + 1, g])
            for j, d in enumerate(survey.dimensions)
            if not table.figure_hidden[j + 1, g]
        }
        low, high = (means[g] - half[g], means[g] + half[g]) if counts[g] >= 2 else (math.nan,) * 2
        units.append(
            UnitReport(group, False, int(counts[g]), float(means[g]), float(low), float(high), dims)
        )
    return UnitReports(wave, demographic, k, tuple(units))
