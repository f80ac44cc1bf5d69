"""Small surveys and response frames built in tests, shared by the scoring tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from scoring.questionnaire import Survey, parse_survey

# METHOD.md, "Command line and JSON": the top-level keys of the report.
METHOD_KEYS = frozenset(
    {"wave", "n", "index", "dimensions", "items", "breakdowns", "youth", "trend", "enps"}
    | {"gap_by_dimension"}
)

# METHOD.md's keys of the report's index, dimension, item and breakdown rows.
INDEX_KEYS = {"score", "ci_low", "ci_high", "target", "gap", "p_below_target"}
DIMENSION_KEYS = {"id", "score", "ci_low", "ci_high", "alpha", "alpha_ci", "n", "suppressed"}
ITEM_KEYS = {
    "id",
    "dimension",
    "score",
    "favorable_pct",
    "item_total_r",
    "alpha_if_deleted",
    "n",
    "suppressed",
    "counts",
}
GROUP_KEYS = {"group", "suppressed", "n", "index", "dimensions"}

# tests/data/surveys/base.yaml's columns: wave, demographics, items, outcomes, comments.
BASE_COLUMNS = (
    "wave",
    "dept",
    "age",
    "inn1",
    "inn2",
    "voi1",
    "voi2",
    "bal1",
    "sat",
    "rec",
    "good",
    "change",
)

SURVEYS = Path(__file__).resolve().parent / "data" / "surveys"


def survey_text(name: str) -> str:
    """A fixture survey's YAML, from tests/data/surveys/."""
    return (SURVEYS / name).read_text(encoding="utf-8")


SMALL_SURVEY = survey_text("small.yaml")


def small_survey() -> Survey:
    return parse_survey(SMALL_SURVEY, "small.yaml")


def make_frame(survey: Survey, columns: dict, wave: str | list[str] = "2025-H1") -> pd.DataFrame:
    """A response frame from plain columns; absent columns are all missing."""
    n = len(next(iter(columns.values())))
    data: dict[str, object] = {"wave": [wave] * n if isinstance(wave, str) else list(wave)}
    for d in survey.demographics:
        values = columns.get(d.id, [None] * n)
        data[d.id] = pd.Categorical(values, categories=[o.id for o in d.options])
    for col in [i.id for i in survey.items] + [o.id for o in survey.outcomes]:
        data[col] = np.asarray(columns.get(col, [np.nan] * n), dtype=np.float64)
    for c in survey.comments:
        data[c.id] = pd.Series(columns.get(c.id, [None] * n), dtype=object)
    return pd.DataFrame(data)


def random_frame(
    survey: Survey, n: int, seed: int = 0, missing: float = 0.1, waves: int = 1
) -> pd.DataFrame:
    """Random answers with missing cells, random groups and a few comments."""
    rng = np.random.default_rng(seed)
    cols: dict[str, object] = {}
    for item in survey.items:
        values = rng.integers(1, survey.points + 1, n).astype(float)
        values[rng.random(n) < missing] = np.nan
        cols[item.id] = values
    for outcome in survey.outcomes:
        values = rng.integers(outcome.low, outcome.high + 1, n).astype(float)
        values[rng.random(n) < missing] = np.nan
        cols[outcome.id] = values
    for d in survey.demographics:
        ids = [o.id for o in d.options]
        picks = rng.integers(0, len(ids) + 1, n)
        cols[d.id] = [ids[p] if p < len(ids) else None for p in picks]
    for c in survey.comments:
        cols[c.id] = [f"comment {i}" if rng.random() < 0.3 else None for i in range(n)]
    names = [f"{2020 + w // 2}-H{w % 2 + 1}" for w in range(waves)]
    return make_frame(survey, cols, wave=[names[i % waves] for i in range(n)])


def hand_report(survey) -> dict:
    """A report dictionary in the shape of `Report.to_dict()`, with chosen numbers."""
    dims = [d.id for d in survey.dimensions]
    return {
        "wave": "2026-H2",
        "n": 187,
        "respondents": 190,
        "suppressed": False,
        "min_group": 5,
        "filter": None,
        "headcount": None,
        "index": {
            "score": 66.66666,
            "ci_low": 63.04,
            "ci_high": 70.28,
            "target": 95.0,
            "gap": 28.33334,
            "p_below_target": 1e-9,
        },
        "dimensions": [
            {
                "id": d,
                "score": 60.0 + j + 0.04,
                "ci_low": 55.0 + j,
                "ci_high": 65.0 + j,
                "alpha": 0.8123,
                "alpha_ci": [0.7712, 0.8466],
                "n": 180 + j,
            }
            for j, d in enumerate(dims)
        ],
        "items": [
            {
                "id": item.id,
                "dimension": item.dimension,
                "score": 71.23,
                "favorable_pct": 58.04,
                "item_total_r": 0.6149,
                "alpha_if_deleted": 0.7921,
                "n": 185,
            }
            for item in survey.items
        ],
        "breakdowns": {
            "dept": [
                {
                    "group": "planning",
                    "suppressed": False,
                    "n": 41,
                    "index": 68.12,
                    "dimensions": dict.fromkeys(dims, 64.44),
                },
                {"group": "audit", "suppressed": True, "n": None, "index": None, "dimensions": {}},
                {"group": None, "suppressed": True, "n": None, "index": None, "dimensions": {}},
            ]
        },
        "youth": {
            "suppressed": False,
            "n_youth": 52,
            "n_rest": 135,
            "rows": [
                {
                    "id": "index",
                    "youth": 63.21,
                    "rest": 67.88,
                    "diff": -4.67,
                    "p": 0.01234,
                    "p_holm": 0.04936,
                    "hedges_g": -0.3512,
                    "tested": True,
                },
                {
                    "id": dims[1],
                    "youth": 58.01,
                    "rest": 66.02,
                    "diff": -8.01,
                    "p": None,
                    "p_holm": None,
                    "hedges_g": None,
                    "tested": False,
                },
            ],
        },
        "trend": [
            {
                "wave": "2026-H1",
                "n": None,
                "index": None,
                "ci_low": None,
                "ci_high": None,
                "dimensions": {},
                "suppressed": True,
            },
            {
                "wave": "2026-H2",
                "n": 187,
                "index": 66.66666,
                "ci_low": 63.04,
                "ci_high": 70.28,
                "dimensions": dict.fromkeys(dims, 61.11),
                "suppressed": False,
            },
        ],
        "enps": -12.3456,
        "gap_by_dimension": [
            {"id": d.id, "weight": d.weight, "score": 60.0, "contribution": d.weight * 35.0}
            for d in survey.dimensions
        ],
        "drivers": [],
        "projection": None,
    }


GROUPS = ("d1", "d2", "d3", "d4", None)
"""The small survey's departments and no answer, in the order of `GROUP_SIZES`."""
GROUP_SIZES = (
    st.lists(st.integers(0, 25), min_size=len(GROUPS), max_size=len(GROUPS))
    .filter(any)
    .map(lambda sizes: dict(zip(GROUPS, sizes, strict=True)))
)
"""How many respondents each of `GROUPS` has (at least one in all), for property tests of the
privacy rule."""


def frame_with_groups(
    survey: Survey, sizes: dict[str | None, int], seed: int = 0, missing: float = 0.0
) -> pd.DataFrame:
    """A random frame of the small survey whose departments have these sizes (None: no answer)."""
    depts = [g for g, size in sizes.items() for _ in range(size)]
    frame = random_frame(survey, len(depts), seed=seed, missing=missing)
    frame["dept"] = pd.Categorical(depts, categories=["d1", "d2", "d3", "d4"])
    return frame
