"""Small surveys and response frames built in tests, shared by the scoring tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.questionnaire import Survey, parse_survey

# METHOD.md, "Command line and JSON": the top-level keys of the report.
METHOD_KEYS = frozenset(
    {"wave", "n", "index", "dimensions", "items", "breakdowns", "youth", "trend", "enps"}
    | {"gap_by_dimension"}
)

SMALL_SURVEY = """
version: 1
survey:
  id: small
  title: {ko: 작은 설문, en: Small survey}
  target: 95
  min_group_size: 5
  scale: {points: 5, labels: {ko: [1, 2, 3, 4, 5], en: [1, 2, 3, 4, 5]}}
  youth: {demographic: age, groups: [young]}
dimensions:
  - id: a
    label: A
    weight: 0.5
    items:
      - {id: a1, text: A1, reverse: false}
      - {id: a2, text: A2, reverse: true}
      - {id: a3, text: A3, reverse: false}
  - id: b
    label: B
    weight: 0.3
    items:
      - {id: b1, text: B1, reverse: false}
      - {id: b2, text: B2, reverse: false}
  - id: c
    label: C
    weight: 0.2
    items:
      - {id: c1, text: C1, reverse: false}
      - {id: c2, text: C2, reverse: false}
      - {id: c3, text: C3, reverse: true}
      - {id: c4, text: C4, reverse: false}
outcomes:
  satisfaction: {id: sat, text: Satisfaction}
  recommend: {id: rec, text: Recommend}
demographics:
  - id: dept
    label: Department
    options: [{id: d1, label: D1}, {id: d2, label: D2}, {id: d3, label: D3}, {id: d4, label: D4}]
  - id: age
    label: Age
    options: [{id: young, label: Young}, {id: mid, label: Mid}, {id: old, label: Old}]
comments:
  - {id: note, text: Note, max_length: 200}
"""


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
