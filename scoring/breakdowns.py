"""Group breakdowns: every group's figures in one pass, and the audit of two-way tables."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scoring.index import RespondentScores
from scoring.population import Population, pattern_counts
from scoring.privacy import audit_cells, derivable_breach, hide_figure, suppress_groups
from scoring.questionnaire import Demographic, Survey
from scoring.report_model import GroupRow

__all__ = [
    "panel_of",
    "panel_publishable",
]


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
    pair = (survey, wave_pop, first, second, k)
    hidden = _pair_hidden(pair)
    hidden = _pair_hidden(pair, (index_present, None), hidden)
    tables = [hidden]
    for j in range(len(survey.dimensions)):
        figure = (index_present, scores.has_dimension(j))
        tables.append(_pair_hidden(pair, figure, hidden))
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
    pair: tuple[Survey, Population, str, str, int],
    figure: tuple[np.ndarray | None, np.ndarray | None] | None = None,
    hidden: np.ndarray | None = None,
) -> np.ndarray:
    """The cells of a two-way table (`_pair_table`'s arguments, in `pair`) that stay hidden
    for a figure: those under k, those already `hidden`, and those they let be derived."""
    table, lines, published = _pair_table(*pair, figure)
    k = pair[-1]
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
