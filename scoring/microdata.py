"""Microdata: a closed wave's responses as rows an analyst may take away, k-anonymous.

For analysts who work in DuckDB, pandas or a BI tool, a wave can leave as one
row per respondent (``survey export --format parquet``). Such a file is only
safe when nobody can be singled out by what the file says about them, so:

- every combination of demographic values in the file holds at least ``k``
  respondents (k-anonymity over the demographics). Values are blanked, the
  rarest combination first and the most detailed demographic first, until it
  does; a blank reads the same as "prefer not to say", so an answer blanked
  here cannot be told from one never given;
- comments never leave: their text is unique to its writer;
- the rows carry no order from storage: they are sorted by their own values,
  so the same answers give the same file whatever order they were stored in.

`k_anonymous` decides; the export writes what it returns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring import messages
from scoring.errors import SurveyError
from scoring.questionnaire import Survey

__all__ = ["ROLES_SETTING", "allowed", "class_sizes", "k_anonymous"]

ROLES_SETTING = "microdata_roles"
"""The setting listing the roles allowed to export microdata (comma-separated; empty: nobody)."""

messages.register(
    {
        "microdata.too_few": {
            "ko": "응답이 {count}건뿐이라 최소 집단 크기 {k}명을 지킬 수 없어 개별 응답을 "
            "내보낼 수 없습니다",
            "en": "only {count} responses: fewer than the minimum group size of {k},"
            " so individual responses cannot be exported",
        },
        "microdata.not_allowed": {
            "ko": "개별 응답(마이크로데이터) 내보내기는 꺼져 있습니다. 허용할 역할을 "
            "CULTURE_MICRODATA_ROLES 설정에 적어야 합니다 (현재 역할: {role})",
            "en": "exporting individual responses (microdata) is off; the roles allowed must"
            " be listed in the setting CULTURE_MICRODATA_ROLES (this role: {role})",
        },
    }
)


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
    codes = {d: np.asarray(data[d].cat.codes, dtype=np.int64).copy() for d in demographics}
    # The most detailed demographic (most options) is blanked first: it is
    # the one that singles people out.
    order = sorted(demographics, key=lambda d: -len(data[d].cat.categories))
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
            shown = np.zeros(len(data), dtype=bool)
            for name in demographics:
                shown |= codes[name] >= 0
            smallest = sizes[shown].min()
            first = np.flatnonzero(shown & (sizes == smallest))
            keys = np.stack([codes[name][first] for name in demographics], axis=1)
            pick = first[(keys == keys[0]).all(axis=1)]
            for name in demographics:
                codes[name][pick] = -1
    for name in demographics:
        data[name] = pd.Categorical.from_codes(codes[name], categories=data[name].cat.categories)
    return _sorted(data)


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
