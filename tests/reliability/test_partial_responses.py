"""Partial responses: k counts the people behind each figure, not the rows.

What it attacks: the per-figure rule of METHOD.md (Privacy). A respondent who
submits only demographics, skips a whole dimension or leaves items blank is
a row of their group but not one of the people behind its index, that
dimension or those items. Where suppression counted rows, a department of 6
rows with one index was shown with that person's exact index, and a hidden
group whose rows were many but whose answerers of one item were few was
recovered from the item's total minus the shown groups.

Organizations: the differencing attacker's (`test_differencing`) with answers
blanked the way real respondents leave them, at several rates: whole
submissions with demographics only, a skipped dimension, skipped items, and
all three mixed; plus the issue's own case, a department of 6 rows of which
5 submitted demographics only.

Attacks: first the direct one, every figure published for a population of
fewer than k of its people (a mean over 1 to k-1 answers is their answers);
then the differencing attacker, which collects every figure HR and the
youth panel can see and, figure by figure, subtracts the populations that
publish it (pairs, sums, and an exact search over every linear combination
on the full three-way cross-classification of the demographics). Both must
find nothing; the counts are printed and kept in
test-output/attacker_counts.txt.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scoring.report import build_report, waves_in
from tests.reliability.test_differencing import (
    DEMOGRAPHICS,
    ITEMS,
    SURVEY,
    K,
    _record,
    attack,
    cell_counts,
    cells_of,
    organization,
    shaped,
)

pytestmark = pytest.mark.reliability

DIMENSION_ITEMS = {d.id: [i.id for i in d.items] for d in SURVEY.dimensions}
ANSWERS = [*ITEMS, "sat", "rec"]


def blanked(frame: pd.DataFrame, how: str, rate: float, seed: int) -> pd.DataFrame:
    """The frame with answers left blank as respondents leave them."""
    out = frame.copy()
    rng = np.random.default_rng(seed)
    n = len(out)
    if how in ("demographics_only", "mixed"):
        rows = rng.random(n) < rate
        out.loc[rows, ANSWERS] = np.nan
    if how in ("skipped_dimension", "mixed"):
        for items in DIMENSION_ITEMS.values():
            rows = rng.random(n) < rate
            out.loc[rows, items] = np.nan
    if how in ("skipped_items", "mixed"):
        for item in ANSWERS:
            rows = rng.random(n) < rate
            out.loc[rows, item] = np.nan
    return out


def department_of_six_answering_one() -> pd.DataFrame:
    """The issue's case: 6 rows in `city`, 5 of them demographics only."""
    frame = shaped(
        [
            (9, "plan", "age_35_49", "no"),
            (8, "data", "age_50_plus", "no"),
            (6, "city", "age_30_34", "no"),
            (8, "ops", "age_under_30", "yes"),
        ],
        seed=6,
    )
    city = frame.index[frame["dept"] == "city"][1:]
    frame.loc[city, ANSWERS] = np.nan
    return frame


CASES = {  # name: (organization, how, rate, seed)
    "demographics_only_10": ("generated_70x2", "demographics_only", 0.10, 1),
    "demographics_only_30": ("generated_40", "demographics_only", 0.30, 2),
    "skipped_dimension_15": ("generated_120", "skipped_dimension", 0.15, 3),
    "skipped_dimension_40": ("generated_40", "skipped_dimension", 0.40, 4),
    "skipped_items_10": ("generated_70x2", "skipped_items", 0.10, 5),
    "skipped_items_35": ("generated_40", "skipped_items", 0.35, 6),
    "mixed_20": ("generated_200", "mixed", 0.20, 7),
    "mixed_department_of_3": ("department_of_3", "mixed", 0.25, 8),
    "mixed_missing_demographics": ("missing_demographics", "mixed", 0.25, 9),
}


def case(name: str) -> pd.DataFrame:
    if name == "department_of_six_answering_one":
        return department_of_six_answering_one()
    base, how, rate, seed = CASES[name]
    return blanked(organization(base), how, rate, seed)


def direct_breaches(frame: pd.DataFrame) -> list[str]:
    """Every figure published (by `attack`'s collection) over 1..k-1 of its people."""
    collected, _, _ = attack(frame)
    counts = cell_counts(frame)
    found = []
    for figure in collected.figures:
        people = int(counts[figure.wave][figure.kind] @ cells_of(dict(figure.condition)))
        if 0 < people < K:
            found.append(f"{figure.source}: {figure.kind} rests on {people}")
    return found


@pytest.mark.parametrize("name", [*CASES, "department_of_six_answering_one"])
def test_no_figure_rests_on_fewer_than_k(name: str, output_dir: Path) -> None:
    frame = case(name)
    direct = direct_breaches(frame)
    collected, result, wrong = attack(frame)
    line = (
        f"respondents={len(frame)} waves={len(waves_in(frame))} "
        f"counts_modelled={len(collected.figures)} direct={len(direct)} "
        f"attacker_queries={sum(result.queries.values())} breaches={len(result.breaches)}"
    )
    _record(output_dir, f"partial_{name}", line)
    assert not wrong, "figures the model does not describe:\n" + "\n".join(wrong[:20])
    assert not direct, "\n".join(direct[:12])
    assert not result.breaches, "\n".join(result.breaches[:12])


def test_the_department_of_six_shows_no_figure_of_its_one_answerer() -> None:
    frame = department_of_six_answering_one()
    report = build_report(SURVEY, frame, by=DEMOGRAPHICS)
    city = next(row for row in report.breakdowns["dept"] if row.group == "city")
    assert city.suppressed and city.n is None and city.index is None
    filtered = build_report(SURVEY, frame, filter=("dept", "city"))
    assert filtered.suppressed and filtered.index is None and not filtered.items
    # The wave's own figures still show: they rest on everyone who answered.
    assert not report.suppressed and report.n == len(frame) - 5


def test_the_blanking_leaves_partial_people_behind_figures() -> None:
    """The cases do what they say: figures rest on fewer people than rows."""
    frame = case("mixed_20")
    counts = cell_counts(frame)[waves_in(frame)[-1]]
    rows = int(counts["rows"].sum())
    assert int(counts["index"].sum()) < rows
    assert all(int(counts[f"item:{i}"].sum()) < rows for i in ITEMS)
