"""Waves of a response frame, and the view of one a page shows: whole or filtered."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.breakdowns import _lines, _slots
from scoring.errors import SurveyError
from scoring.index import RespondentScores, respondent_scores
from scoring.population import Population
from scoring.privacy import MIN_K, enough, hide_figure, may_show_population
from scoring.questionnaire import Survey

__all__ = [
    "check_wave",
    "resolve_k",
    "waves_in",
]


def _problem(key: str, place: str = "", **params: object) -> SurveyError:
    return SurveyError.single(key, place=place, **params)


def waves_in(frame: pd.DataFrame) -> list[str]:
    """The waves present, in wave order (names sort as text: 2024-H2 < 2025-H1)."""
    return sorted(str(w) for w in pd.unique(frame["wave"]))


def _wave_populations(frame: pd.DataFrame) -> dict[str, Population]:
    """Every wave's population, in wave order.

    The wave column is hashed once (comparing a million strings once per wave
    would cost more than the scoring); a wave whose rows are contiguous in the
    frame becomes a slice, whose columns cost no copy.
    """
    everyone = Population(frame)
    waves = frame["wave"].to_numpy()
    # Most frames hold their waves in runs (one wave, or grouped by wave):
    # then the first row of each run is all that needs hashing.
    starts = np.flatnonzero(waves[1:] != waves[:-1]) + 1 if waves.size else np.empty(0, int)
    if starts.size < _RUNS:
        bounds = np.concatenate([[0], starts, [waves.size]])
        run_codes, names = pd.factorize(waves[bounds[:-1]])
        codes = np.repeat(run_codes, np.diff(bounds))
    else:
        codes, names = pd.factorize(frame["wave"])
    populations = {str(name): everyone.subset(codes == i) for i, name in enumerate(names)}
    return {name: populations[name] for name in sorted(populations)}


# Runs of one wave in a frame beyond which `_wave_populations` hashes every row.
_RUNS = 1024


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


@dataclass(frozen=True)
class _View:
    """One wave's population as a page shows it: the whole wave or one option
    of a demographic, and the decision of which figures it may show.

    ``shown`` is False when the view is suppressed whole: fewer than k
    respondents, a complement of 1..k-1, an option its breakdown hides, or
    an index resting on fewer than k people (the index is the view's main
    figure). Every other figure asks `shows` with its people among the
    wave's respondents.
    """

    wave_pop: Population
    population: Population
    shown: bool
    k: int
    mask: np.ndarray | None = None
    slots: np.ndarray | None = None
    code: int | None = None
    lines: tuple = ()
    group_hidden: np.ndarray | None = None
    wave_scores: RespondentScores | None = None

    @functools.cached_property
    def scores(self) -> RespondentScores:
        if self.mask is None:
            return self.wave_scores
        return self.wave_scores.subset(self.mask)

    def shows(self, present: np.ndarray) -> bool:
        """Whether a figure resting on the wave's respondents where ``present``
        holds (restricted to the view) may be shown (METHOD.md, Privacy): at
        least k people in the view, and with a filter, the figure's own
        breakdown by the filter's demographic shows the option."""
        if not self.shown:
            return False
        if self.slots is None:
            return enough(np.count_nonzero(present), self.k)
        counts = np.bincount(self.slots, weights=present, minlength=self.group_hidden.size)
        return not hide_figure(counts, self.k, self.group_hidden, self.lines)[self.code]

    def shows_dimension(self, j: int) -> bool:
        if self.slots is None:  # the people behind it, counted from the scores' codes
            return self.shown and enough(self.wave_scores.with_dimension(j), self.k)
        return self.shows(self.wave_scores.has_dimension(j))


def _filtered(
    survey: Survey, wave_pop: Population, filter: tuple[str, str] | None, k: int
) -> _View:
    """The view of a wave (its filtered population) and what it may show.

    Beyond METHOD.md's complement rule, the option must be one the wave's
    breakdown by that demographic shows (for the respondents and for the
    index): otherwise the option's figures, next to those of the groups the
    breakdown shows, would recover the groups it hides.
    """
    if filter is None:
        if wave_pop.n < k:
            return _View(wave_pop, wave_pop, False, k)
        scores = respondent_scores(survey, wave_pop)
        shown = enough(np.count_nonzero(~np.isnan(scores.index)), k)
        return _View(wave_pop, wave_pop, shown, k, wave_scores=scores)
    code = _option_code(survey, filter[0], filter[1], "filter")
    n_options = len(survey.demographic(filter[0]).options)
    slots = _slots(wave_pop.codes(filter[0]), n_options)
    mask = slots == code
    population = wave_pop.subset(mask)
    lines = _lines(survey, filter[0])
    rows_hidden = hide_figure(np.bincount(slots, minlength=n_options + 1), k, lines=lines)
    if rows_hidden[code] or not may_show_population(population.n, wave_pop.n - population.n, k):
        return _View(wave_pop, population, False, k)
    scores = respondent_scores(survey, wave_pop)
    with_index = np.bincount(slots, weights=~np.isnan(scores.index), minlength=n_options + 1)
    group_hidden = hide_figure(with_index, k, rows_hidden, lines)
    return _View(
        wave_pop,
        population,
        not group_hidden[code],
        k,
        mask,
        slots,
        code,
        tuple(lines),
        group_hidden,
        scores,
    )


def resolve_k(survey: Survey, min_group: int | None) -> int:
    """The k of a report: the survey's, or ``min_group`` (never below `MIN_K`)."""
    k = survey.min_group_size if min_group is None else int(min_group)
    if k < MIN_K:
        raise _problem("report.min_group_too_small", "min_group", minimum=MIN_K, value=k)
    return k


def check_wave(known: Sequence[str], wave: str) -> None:
    """Raise `SurveyError` (place ``wave``) unless ``wave`` is one of ``known``."""
    if wave not in known:
        raise _problem("report.unknown_wave", "wave", wave=wave, known=", ".join(known))


def _resolve_wave(frame: pd.DataFrame, wave: str | None) -> tuple[dict[str, Population], str]:
    populations = _wave_populations(frame) if len(frame) else {}
    if not populations:
        raise _problem("report.no_responses")
    if wave is None:
        return populations, list(populations)[-1]
    check_wave(list(populations), wave)
    return populations, wave
