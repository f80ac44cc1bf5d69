"""The report: everything a page, an export or the command line may show.

`build_report` applies the privacy rules of METHOD.md while it computes, so a
caller cannot get a figure the rules hide. `Report.to_dict()` is METHOD.md's
JSON, floats unrounded and NaN as null.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from scoring import compare, reliability
from scoring.distributions import t_ppf
from scoring.errors import SurveyError
from scoring.index import (
    Estimate,
    Projection,
    RespondentScores,
    dimension_estimate,
    drivers,
    enps,
    estimate,
    gap_contributions,
    item_stats,
    respondent_scores,
    trend_to_target,
)
from scoring.population import Population, pattern_counts
from scoring.privacy import (
    MIN_K,
    audit_cells,
    derivable_breach,
    enough,
    hide_figure,
    may_show_population,
    split_shown,
    suppress_groups,
)
from scoring.questionnaire import Demographic, Dimension, Survey

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
    """A dimension's score; ``suppressed`` when fewer than k have its score
    (or hiding it is needed so no subtraction recovers them): then its figures
    are NaN and ``n`` is None. ``alpha`` is NaN unless at least k respondents
    answered all its items."""

    id: str
    score: float
    ci_low: float
    ci_high: float
    alpha: float
    alpha_ci: tuple[float, float]
    n: int | None
    suppressed: bool = False


@dataclass(frozen=True)
class ItemSummary:
    """An item's figures; ``counts`` are its answers per scale point 1..k as
    given. ``suppressed`` when fewer than k answered it (or hiding it is
    needed so no subtraction recovers them): figures NaN, ``n`` None, no counts."""

    id: str
    dimension: str
    score: float
    favorable_pct: float
    item_total_r: float
    alpha_if_deleted: float
    n: int | None
    suppressed: bool = False
    counts: tuple[int, ...] = ()


@dataclass(frozen=True)
class GroupRow:
    """One group of a breakdown; a suppressed group carries no count and no score.

    ``dimensions`` holds only the dimensions the group may show: one whose
    score rests on fewer than k of the group's people is absent."""

    group: str | None
    suppressed: bool
    n: int | None
    index: float | None
    dimensions: dict[str, float]


@dataclass(frozen=True)
class YouthComparison:
    """Youth vs the rest; suppressed whole when either side holds fewer than k
    respondents, or fewer than k with an index. ``rows`` hold the index and the
    dimensions whose score at least k have on each side."""

    suppressed: bool
    n_youth: int | None
    n_rest: int | None
    rows: tuple[compare.Comparison, ...]

    def to_dict(self) -> dict:
        return _comparison_dict(self, "youth", "rest")


@dataclass(frozen=True)
class TrendPoint:
    """One wave of the trend; ``dimensions`` holds the dimensions it may show."""

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


def _comparison_dict(comparison: YouthComparison | WaveComparison, a: str, b: str) -> dict:
    """A comparison's fields, its rows as `compare.Comparison.as_row` with sides ``a``, ``b``."""
    out = _asdict(comparison)
    out["rows"] = [_clean(row.as_row(a, b)) for row in comparison.rows]
    return out


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


def panel_of(survey: Survey) -> tuple[Demographic, int] | None:
    """The youth panel's demographic and its members' option index (``survey.youth.panel``).

    None without a youth rule or a panel declared in questions.yaml (validation
    has checked that the demographic and option exist and differ from the rule's).
    """
    declared = survey.youth.panel if survey.youth is not None else None
    panel = survey.demographic(declared.demographic) if declared is not None else None
    if panel is None or declared.option not in [o.id for o in panel.options]:
        return None
    return panel, [o.id for o in panel.options].index(declared.option)


def _published(survey: Survey) -> list[dict[str, frozenset[int]]]:
    """Populations whose size the youth page publishes, as option slots per
    demographic (the last slot of a demographic is its missing answers):
    the youth, everyone else, and the panel members and other young among them."""
    rule = survey.youth
    if rule is None or survey.demographic(rule.demographic) is None:
        return []
    age = survey.demographic(rule.demographic)
    ids = [o.id for o in age.options]
    young = frozenset(ids.index(g) for g in rule.groups if g in ids)
    out = [{age.id: young}, {age.id: frozenset(range(len(ids) + 1)) - young}]
    declared = panel_of(survey)
    if declared is not None and declared[0].id != age.id:
        panel, member = declared[0], frozenset({declared[1]})
        others = frozenset(range(len(panel.options) + 1)) - member
        out += [{age.id: young, panel.id: member}, {age.id: young, panel.id: others}]
    return out


def _lines(survey: Survey, demographic: str) -> list[list[int]]:
    """Sets of one breakdown's groups whose total is published elsewhere."""
    return [sorted(p[demographic]) for p in _published(survey) if set(p) == {demographic}]


def _one_way_hidden(
    survey: Survey,
    population: Population,
    demographic: str,
    k: int,
    present: np.ndarray | None = None,
    index_present: np.ndarray | None = None,
) -> np.ndarray:
    """Which groups (options, then missing) of a one-way breakdown do not show a figure.

    Without ``present`` the figure is the group itself (its respondents);
    with ``index_present`` only, the group's index; with both, a figure of
    the respondents where ``present`` holds, hidden wherever the index is.
    """
    n_options = len(survey.demographic(demographic).options)
    slots = _slots(population.codes(demographic), n_options)
    lines = _lines(survey, demographic)
    hidden = hide_figure(np.bincount(slots, minlength=n_options + 1), k, lines=lines)
    for figure in (index_present, present):
        if figure is not None:
            counts = np.bincount(slots, weights=figure, minlength=n_options + 1)
            hidden = hide_figure(counts, k, hidden, lines)
    return hidden


def _visible_groups(survey: Survey, population: Population, demographic: str, k: int) -> np.ndarray:
    """Which groups (options, then missing) of a one-way breakdown are shown."""
    return ~_one_way_hidden(survey, population, demographic, k)


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


def _filtered_hidden(
    survey: Survey,
    wave_pop: Population,
    filter: tuple[str, str],
    demographic: str,
    k: int,
    scores: RespondentScores,
) -> np.ndarray:
    """Hidden groups of a breakdown inside a filtered population.

    The wave's respondents cross-classified by the two demographics form a
    two-way table (the one earlier in the survey as rows, so that filtering
    either way reads the same pattern). Published are the cells of every
    row or column a filter may select, the totals of the groups the one-way
    breakdowns show and of those they hide together, the wave's total and
    the youth page's sets; `scoring.privacy.audit_cells` hides cells until
    no combination of those recovers 1..k-1 respondents.

    Each figure (the index, then every dimension) is audited on its own
    table, the people with that figure in each cell, starting from the
    cells hidden for the respondents (for the index) or for the index (for
    a dimension). Returns one row per figure, one column per group.
    """
    options = [o.id for o in survey.demographic(demographic).options]
    index_present = ~np.isnan(scores.index)
    if filter[0] == demographic:
        # Within "dept = x" the breakdown by dept is the population itself,
        # showing the figures the one-way breakdown shows for x.
        own = np.array([group != filter[1] for group in [*options, None]])
        figures = [(None, None)] + [
            (index_present, scores.has_dimension(j)) for j in range(len(survey.dimensions))
        ]
        code = options.index(filter[1])
        out = np.tile(own, (len(figures), 1))
        out[0, code] = _one_way_hidden(survey, wave_pop, demographic, k, None, index_present)[code]
        for f, (index, present) in enumerate(figures[1:], start=1):
            out[f, code] = _one_way_hidden(survey, wave_pop, demographic, k, present, index)[code]
        return out
    order = [d.id for d in survey.demographics]
    first, second = sorted((filter[0], demographic), key=order.index)
    hidden = _pair_hidden(survey, wave_pop, first, second, k)
    hidden = _pair_hidden(survey, wave_pop, first, second, k, (index_present, None), hidden)
    tables = [hidden]
    for j in range(len(survey.dimensions)):
        figure = (index_present, scores.has_dimension(j))
        tables.append(_pair_hidden(survey, wave_pop, first, second, k, figure, hidden))
    code = [o.id for o in survey.demographic(filter[0]).options].index(filter[1])
    return np.array([t[code, :] if filter[0] == first else t[:, code] for t in tables])


def panel_publishable(survey: Survey, wave_pop: Population, k: int) -> bool:
    """Whether the panel members and other young employees may be counted.

    Their two counts join the published margins of the age and membership
    breakdowns (and the youth and rest totals); with no cell of that
    two-way table shown, no combination may recover 1..k-1 respondents.
    """
    rule, declared = survey.youth, panel_of(survey)
    if rule is None or declared is None:
        return False
    panel = declared[0]
    order = [d.id for d in survey.demographics]
    first, second = sorted((rule.demographic, panel.id), key=order.index)
    table, lines, _ = _pair_table(survey, wave_pop, first, second, k)
    return derivable_breach(table, np.ones(table.shape, dtype=bool), lines, k) is None


def _pair_table(
    survey: Survey,
    wave_pop: Population,
    first: str,
    second: str,
    k: int,
    figure: tuple[np.ndarray | None, np.ndarray | None] | None = None,
) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Counts of the two-way table, its published lines and its published cells.

    Without ``figure`` the counts are respondents; with ``figure`` =
    (index present, figure present) they are the people behind that figure
    (the index when the second is None), and the lines are those the
    one-way breakdowns publish for it.
    """
    rows_demo, cols_demo = survey.demographic(first), survey.demographic(second)
    n_rows, n_cols = len(rows_demo.options) + 1, len(cols_demo.options) + 1
    row_slots = _slots(wave_pop.codes(first), n_rows - 1)
    col_slots = _slots(wave_pop.codes(second), n_cols - 1)
    index_present, present = figure if figure is not None else (None, None)
    weights = present if present is not None else index_present
    table = np.bincount(row_slots * n_cols + col_slots, weights=weights, minlength=n_rows * n_cols)
    table = table.reshape(n_rows, n_cols)
    row_shown = ~_one_way_hidden(survey, wave_pop, first, k, present, index_present)
    col_shown = ~_one_way_hidden(survey, wave_pop, second, k, present, index_present)
    # A filter selects an option the one-way breakdown shows, never "no answer".
    row_filter, col_filter = row_shown.copy(), col_shown.copy()
    row_filter[-1] = col_filter[-1] = False
    published = row_filter[:, None] | col_filter[None, :]
    everything = np.ones_like(published)
    lines = [everything]
    lines += [everything & (np.arange(n_rows) == r)[:, None] for r in np.flatnonzero(row_shown)]
    lines += [everything & (np.arange(n_cols) == c)[None, :] for c in np.flatnonzero(col_shown)]
    lines += [everything & ~row_shown[:, None], everything & ~col_shown[None, :]]
    for sets in _published(survey):
        if set(sets) <= {first, second}:
            in_rows = np.isin(np.arange(n_rows), sorted(sets.get(first, range(n_rows))))
            in_cols = np.isin(np.arange(n_cols), sorted(sets.get(second, range(n_cols))))
            lines.append(np.outer(in_rows, in_cols))
    return table, lines, published


def _pair_hidden(
    survey: Survey,
    wave_pop: Population,
    first: str,
    second: str,
    k: int,
    figure: tuple[np.ndarray | None, np.ndarray | None] | None = None,
    hidden: np.ndarray | None = None,
) -> np.ndarray:
    table, lines, published = _pair_table(survey, wave_pop, first, second, k, figure)
    start = table < k if hidden is None else hidden | (table < k)
    return audit_cells(table, start, published, lines, k)


def _slots(codes: np.ndarray, n_options: int) -> np.ndarray:
    """Group positions for counting: option codes, and ``n_options`` for missing."""
    slots = codes.astype(np.intp)
    slots[slots < 0] = n_options
    return slots


# Cells counted in one pass when breakdowns are counted jointly (8 bytes each).
_JOINT_CELLS = 1 << 16


@dataclass(frozen=True)
class _Groups:
    """One breakdown's figures for every group, and which groups are hidden.

    ``means``, ``counts`` and ``figure_hidden`` have one row for the index,
    then one per dimension; ``hidden`` is the index's row (a group whose
    index may not be shown is suppressed whole).
    """

    ids: list[str | None]
    hidden: list[bool]
    means: np.ndarray
    counts: np.ndarray
    figure_hidden: np.ndarray


def _joint_sets(shapes: dict[str, int]) -> list[list[str]]:
    """Demographics in runs whose cross-table stays under `_JOINT_CELLS` cells."""
    sets: list[list[str]] = []
    cells = 0
    for demographic, size in shapes.items():
        if sets and cells * size <= _JOINT_CELLS:
            sets[-1].append(demographic)
            cells *= size
        else:
            sets.append([demographic])
            cells = size
    return sets


def _groups(
    survey: Survey,
    population: Population,
    scores: RespondentScores,
    demographics: Sequence[str],
    k: int,
) -> dict[str, _Groups]:
    """Every group's index and dimension means for each demographic.

    The demographics are crossed (dept x age x grade: a few hundred cells)
    and every figure is summed per cell in one counting pass; a group's sum
    is then the sum of its cells. So three breakdowns cost what one does,
    and ten thousand groups about what ten do.
    """
    shapes = {d: len(survey.demographic(d).options) + 1 for d in dict.fromkeys(demographics)}
    sets = []
    for members in _joint_sets(shapes):
        # The cell numbers are built in four bytes and widened once for bincount.
        cells = np.zeros(population.n, dtype=np.int32)
        for d in members:
            codes = population.codes(d)
            cells *= shapes[d]
            cells += np.where(codes < 0, shapes[d] - 1, codes)
        sets.append((members, cells, cells.astype(np.intp)))
    figures = 1 + len(survey.dimensions)
    sums = [np.empty((figures, math.prod(shapes[d] for d in m))) for m, _, _ in sets]
    counts = [np.empty_like(table) for table in sums]
    for s in range(figures):
        if s == 0:
            present = ~np.isnan(scores.index)
            filled = np.where(present, scores.index, 0.0)
        else:
            filled = scores.dimension(s - 1, missing=0.0)
        for (_, small, cells), total, count in zip(sets, sums, counts, strict=True):
            if s == 0:
                count[s] = np.bincount(cells, weights=present, minlength=count.shape[1])
            else:
                count[s] = _with_dimension(scores, s - 1, small, cells, count.shape[1])
            total[s] = np.bincount(cells, weights=filled, minlength=total.shape[1])
    out = {}
    for (members, _, cells), total, count in zip(sets, sums, counts, strict=True):
        sizes = np.bincount(cells, minlength=total.shape[1])
        shape = [shapes[d] for d in members]
        for axis, d in enumerate(members):
            others = tuple(a for a in range(len(members)) if a != axis)
            group_sums = total.reshape(figures, *shape).sum(axis=tuple(a + 1 for a in others))
            group_counts = count.reshape(figures, *shape).sum(axis=tuple(a + 1 for a in others))
            unit_sizes = sizes.reshape(shape).sum(axis=others)
            with np.errstate(invalid="ignore", divide="ignore"):
                means = group_sums / group_counts
            options = [o.id for o in survey.demographic(d).options]
            lines = _lines(survey, d)
            figure_hidden = np.empty(group_counts.shape, dtype=bool)
            figure_hidden[0] = hide_figure(
                group_counts[0], k, suppress_groups(unit_sizes, k, lines), lines
            )
            for f in range(1, figures):
                figure_hidden[f] = hide_figure(group_counts[f], k, figure_hidden[0], lines)
            hidden = figure_hidden[0].tolist()
            out[d] = _Groups([*options, None], hidden, means, group_counts, figure_hidden)
    return out


# Cells x codes up to which `_with_dimension` counts every pair of the two.
_PAIR_CELLS = 1 << 20


def _with_dimension(
    scores: RespondentScores, j: int, small: np.ndarray, cells: np.ndarray, n_cells: int
) -> np.ndarray:
    """How many respondents of each cell have a score in dimension ``j``.

    From the count of every pair of cell and score code (``small`` holds the
    cells in few bytes, ``cells`` the same as positions), which reads two
    bytes per respondent where weighing each by a flag reads eight.
    """
    size = scores.tables[j].size
    if n_cells * size > _PAIR_CELLS:
        return np.bincount(cells, weights=scores.has_dimension(j), minlength=n_cells)
    pairs = pattern_counts([small, scores.states[j]], (n_cells, size)).reshape(n_cells, size)
    return pairs @ ~np.isnan(scores.tables[j])


def _breakdowns(
    survey: Survey,
    population: Population,
    scores: RespondentScores | None,
    demographics: Sequence[str],
    k: int,
    shown: bool,
    hidden_within: dict[str, np.ndarray] | None = None,
) -> dict[str, tuple[GroupRow, ...]]:
    if not shown:
        return {
            d: tuple(
                GroupRow(g, True, None, None, {})
                for g in [*(o.id for o in survey.demographic(d).options), None]
            )
            for d in demographics
        }
    out = {}
    for demographic, table in _groups(survey, population, scores, demographics, k).items():
        hidden = (hidden_within or {}).get(demographic, table.figure_hidden)
        rows = []
        for g, group in enumerate(table.ids):
            if hidden[0, g]:
                rows.append(GroupRow(group, True, None, None, {}))
                continue
            dims = {
                d.id: float(table.means[j + 1, g])
                for j, d in enumerate(survey.dimensions)
                if not hidden[j + 1, g]
            }
            rows.append(
                GroupRow(group, False, int(table.counts[0, g]), float(table.means[0, g]), dims)
            )
        out[demographic] = tuple(rows)
    return out


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


@dataclass(frozen=True)
class WaveComparison:
    """Wave ``a`` against wave ``b`` for the index and every dimension."""

    wave_a: str
    wave_b: str
    suppressed: bool
    rows: tuple[compare.Comparison, ...]

    def to_dict(self) -> dict:
        return _comparison_dict(self, "a", "b")


def _shown_items(report: Report) -> list[ItemSummary]:
    return [i for i in report.items if not i.suppressed and i.n and math.isfinite(i.score)]


def ranked_items(report: Report) -> list[ItemSummary]:
    """The items that may be shown, strongest first (ties by id): the one ranking of every page."""
    return sorted(_shown_items(report), key=lambda i: (-i.score, i.id))


SUMMARY_TOP = 3
"""How many items to act on and groups holding the index back a summary names."""


def items_to_act_on(report: Report, count: int = SUMMARY_TOP) -> list[ItemSummary]:
    """The items a summary asks to act on, weakest first (ties by id), at most ``count``.

    The priority items that may be shown (`Driver.priority`: a correlation
    with overall satisfaction above the items' median and a score below
    theirs); when there is none, the shown items with the lowest scores.
    """
    shown = {i.id: i for i in _shown_items(report)}
    priority = [shown[d.id] for d in report.drivers if d.priority and d.id in shown]
    return sorted(priority or shown.values(), key=lambda i: (i.score, i.id))[:count]


def groups_behind(report: Report, count: int = SUMMARY_TOP) -> list[tuple[str, GroupRow]]:
    """Shown groups whose index is below the whole's, lowest first, at most ``count``.

    Pairs of the breakdown's demographic and its group row, from every
    breakdown of the report in order (ties keep that order). The missing
    answers ("no answer") are left out: they are not a group anyone can act
    on. Empty when the report shows no index.
    """
    if report.index is None:
        return []
    whole = report.index.score
    found = [
        (demographic, row)
        for demographic, rows in report.breakdowns.items()
        for row in rows
        if row.group is not None
        and not row.suppressed
        and row.index is not None
        and math.isfinite(row.index)
        and row.index < whole
    ]
    return sorted(found, key=lambda pair: pair[1].index)[:count]


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


@dataclass(frozen=True)
class UnitReport:
    """One unit (a group of a demographic): its index with the 95% interval and
    its dimension scores; a suppressed unit carries no count and no score."""

    group: str | None
    suppressed: bool
    n: int | None
    index: float | None
    ci_low: float | None
    ci_high: float | None
    dimensions: dict[str, float]


@dataclass(frozen=True)
class UnitReports:
    """The unit reports of one wave by one demographic, in option order, the
    missing answers ("prefer not to say") last."""

    wave: str
    demographic: str
    min_group: int
    units: tuple[UnitReport, ...]

    def to_dict(self) -> dict:
        """JSON-friendly: the unit rows with NaN as null."""
        return {
            "wave": self.wave,
            "demographic": self.demographic,
            "min_group": self.min_group,
            "units": [_clean(_asdict(u)) for u in self.units],
        }


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
