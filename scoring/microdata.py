"""Microdata: a closed wave's responses as rows an analyst may take away, k-anonymous.

For analysts who work in DuckDB, pandas or a BI tool, a wave can leave as one
row per respondent (``survey export --format parquet``). Such a file is only
safe when nobody can be singled out by what the file says about them, so:

- every combination of demographic values in the file holds at least ``k``
  respondents (k-anonymity over the demographics). Values are blanked, the
  rarest combination first and the most detailed demographic first, until it
  does; a blank reads the same as "prefer not to say", so an answer blanked
  here cannot be told from one never given;
- the file is read beside the reports, which publish each shown group's
  count and sums per figure: a group the report's breakdown hides is blanked
  in every row (the report may hide it to protect a smaller one), and where a
  group of one demographic, or a cell of two, has some rows blanked and some
  shown, the blanked ones hold 0 or at least ``k`` people of every figure, so
  that the group's figures minus its rows in the file give nobody away. This
  ends subtraction, not search: rows whose answers add up to a group's item
  sums can still be found by integer programming (docs/threat-model.md), so
  the file must not go to whoever reads the wave's group figures;
- comments never leave: their text is unique to its writer;
- the rows carry no order from storage: they are sorted by their own values,
  so the same answers give the same file whatever order they were stored in.

`k_anonymous` decides; the export writes what it returns.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from scoring.errors import SurveyError
from scoring.index import respondent_scores
from scoring.population import Population
from scoring.questionnaire import Survey

__all__ = ["ROLES_SETTING", "allowed", "class_sizes", "k_anonymous"]

ROLES_SETTING = "microdata_roles"
"""The setting listing the roles allowed to export microdata (comma-separated; empty: nobody)."""


def allowed(role: str, roles: str | None) -> bool:
    """Whether `role` may export microdata, given the setting's value (None or "": nobody)."""
    listed = {part.strip() for part in (roles or "").split(",") if part.strip()}
    return role in listed


def class_sizes(frame: pd.DataFrame, demographics: list[str]) -> np.ndarray:
    """For each row, how many rows share its combination of demographic values (blank included)."""
    if not demographics or frame.empty:
        return np.full(len(frame), len(frame), dtype=np.int64)
    codes = np.stack(
        [np.asarray(frame[d].cat.codes, dtype=np.int64) + 1 for d in demographics], axis=1
    )
    _, inverse, counts = np.unique(codes, axis=0, return_inverse=True, return_counts=True)
    return counts[inverse.ravel()]


def k_anonymous(frame: pd.DataFrame, survey: Survey, k: int | None = None) -> pd.DataFrame:
    """The response frame as k-anonymous microdata: demographics blanked, comments dropped, sorted.

    Parameters
    ----------
    frame
        Response frame of the responses to export (one closed wave).
    survey
        The survey they answer.
    k
        The smallest combination allowed; the survey's minimum group size by default.

    Returns
    -------
    pandas.DataFrame
        ``wave``, the demographics (Categorical, blank as NaN) and the items
        and outcomes, with no comment column, every combination of
        demographic values held by at least ``k`` rows, sorted by value
        with a fresh index.

    Raises
    ------
    SurveyError
        When there are fewer than ``k`` responses in all: no blanking makes
        them safe.
    """
    k = survey.min_group_size if k is None else k
    if len(frame) < k:
        raise SurveyError.single("microdata.too_few", count=len(frame), k=k)
    comments = {c.id for c in survey.comments}
    data = frame[[c for c in frame.columns if c not in comments]].copy()
    demographics = [d.id for d in survey.demographics if d.id in data.columns]
    # Canonical row order first, so that every choice below depends on the
    # answers, never on the order rows were stored in.
    data = _sorted(data)
    codes = {d: np.asarray(data[d].cat.codes, dtype=np.int64).copy() for d in demographics}
    original = {d: c.copy() for d, c in codes.items()}
    present = _figures(data, survey)
    digest = hashlib.sha256(pd.util.hash_pandas_object(data, index=False).to_numpy().tobytes())
    rng = np.random.default_rng(int.from_bytes(digest.digest()[:8], "big"))
    # A group the report's breakdown hides (for any figure) is blanked in
    # every row: the report may hide it only to protect a smaller one, and
    # the whole wave minus its rows here would hand that one back.
    for least in {k, survey.min_group_size}:  # the file's k and the pages' k
        for name, options in _hidden_by_report(data, survey, least, present).items():
            for option in options:
                codes[name][codes[name] == option] = -1
    # The most detailed demographic (most options) is blanked first: it is
    # the one that singles people out.
    order = sorted(demographics, key=lambda d: -len(data[d].cat.categories))
    while True:
        _blank_small(codes, demographics, order, k)
        if not _blank_residuals(codes, original, demographics, present, k, rng):
            break
    for name in demographics:
        data[name] = pd.Categorical.from_codes(codes[name], categories=data[name].cat.categories)
    return _sorted(data)


def _blank_small(
    codes: dict[str, np.ndarray], demographics: list[str], order: list[str], k: int
) -> None:
    """Blank values (in place) until every combination of demographics holds ``k`` rows."""
    while demographics:
        small = _sizes(codes, demographics) < k
        if not small.any():
            break
        # Blank, for the rows of too-small combinations, the most detailed
        # demographic they still show; rows showing none are all blank.
        for name in order:
            showing = small & (codes[name] >= 0)
            if showing.any():
                codes[name][showing] = -1
                break
        else:
            # Only the all-blank combination is small: blank whole rows of
            # the smallest shown combination into it until it holds k.
            sizes = _sizes(codes, demographics)
            shown = np.zeros(sizes.size, dtype=bool)
            for name in demographics:
                shown |= codes[name] >= 0
            smallest = sizes[shown].min()
            first = np.flatnonzero(shown & (sizes == smallest))
            keys = np.stack([codes[name][first] for name in demographics], axis=1)
            pick = first[(keys == keys[0]).all(axis=1)]
            for name in demographics:
                codes[name][pick] = -1


def _figures(data: pd.DataFrame, survey: Survey) -> np.ndarray:
    """Who stands behind each figure a report publishes of a group: one row per
    figure (respondents, index, each dimension, each item and outcome), one column per row."""
    scores = respondent_scores(survey, Population(data))
    rows = [np.ones(len(data), dtype=bool), ~np.isnan(scores.index)]
    rows += [np.asarray(scores.has_dimension(j), dtype=bool) for j in range(len(survey.dimensions))]
    rows += [data[q.id].notna().to_numpy() for q in [*survey.items, *survey.outcomes]]
    return np.array(rows)


def _hidden_by_report(
    data: pd.DataFrame, survey: Survey, k: int, present: np.ndarray
) -> dict[str, np.ndarray]:
    """Per demographic, the options its one-way breakdown hides for some figure
    (the report's own rule, youth lines included)."""
    from scoring.breakdowns import _one_way_hidden  # the rule the pages apply

    population = Population(data)
    index = present[1].astype(np.float64)
    out = {}
    for demographic in survey.demographics:
        if demographic.id not in data.columns:
            continue
        hidden = _one_way_hidden(survey, population, demographic.id, k)
        hidden = hidden | _one_way_hidden(survey, population, demographic.id, k, None, index)
        for figure in present[2:]:
            hidden = hidden | _one_way_hidden(
                survey, population, demographic.id, k, figure.astype(np.float64), index
            )
        out[demographic.id] = np.flatnonzero(hidden[:-1])  # the last slot is "no answer"
    return out


def _blank_residuals(
    codes: dict[str, np.ndarray],
    original: dict[str, np.ndarray],
    demographics: list[str],
    present: np.ndarray,
    k: int,
    rng: np.random.Generator,
) -> bool:
    """Blank more rows (in place) wherever a group's rows blanked out of it hold 1..k-1
    people of some figure; True if anything changed.

    The reports publish every shown group's count and, per figure, its people
    and mean; so do they for the cells of a group broken down by another
    demographic (a filter and a breakdown). The group's figure minus its rows
    the file still shows is the figure of the rows blanked out of it: those
    must hold 0 or at least ``k`` people, as any figure must. Rows to blank
    are drawn at random (seeded by the data, so the same answers give the
    same file), never picked by their answers, which would tell which they are.
    """
    cells = [(d,) for d in demographics]
    cells += [(a, b) for i, a in enumerate(demographics) for b in demographics[i + 1 :]]
    changed = False
    for names in cells:
        held = np.ones(len(present[0]), dtype=bool)
        for name in names:
            held &= original[name] >= 0
        if not held.any():
            continue
        keys = np.stack([original[name][held] for name in names], axis=1)
        where = np.flatnonzero(held)
        _, inverse, sizes = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
        grouped = where[np.argsort(inverse.ravel(), kind="stable")]
        for members in np.split(grouped, np.cumsum(sizes)[:-1]):
            shown = np.ones(members.size, dtype=bool)
            for name in names:
                shown &= codes[name][members] == original[name][members]
            if not shown.any() or shown.all():
                continue
            counts = present[:, members[~shown]].sum(axis=1)
            bad = np.flatnonzero((counts > 0) & (counts < k))
            if not bad.size:
                continue
            figure = bad[0]
            candidates = members[shown & present[figure, members]]
            need = k - int(counts[figure])
            last = names[-1]
            if candidates.size <= need:
                codes[last][members[shown]] = -1
            else:
                codes[last][rng.choice(candidates, size=need, replace=False)] = -1
            changed = True
    return changed


def _sizes(codes: dict[str, np.ndarray], demographics: list[str]) -> np.ndarray:
    keys = np.stack([codes[d] + 1 for d in demographics], axis=1)
    _, inverse, counts = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
    return counts[inverse.ravel()]


def _sorted(data: pd.DataFrame) -> pd.DataFrame:
    """Rows ordered by their own values (blanks first), so no storage order is left."""
    keys = []
    for name in data.columns:
        column = data[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            keys.append(np.asarray(column.cat.codes, dtype=np.int64))
        elif pd.api.types.is_float_dtype(column.dtype):
            keys.append(np.nan_to_num(column.to_numpy(), nan=-1.0))
        else:
            keys.append(pd.factorize(column.astype(str), sort=True)[0])
    order = np.lexsort(keys[::-1]) if keys else np.arange(len(data))
    return data.iloc[order].reset_index(drop=True)
