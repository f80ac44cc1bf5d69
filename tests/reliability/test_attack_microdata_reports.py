"""Attack on microdata beside the reports: a group's published figure minus its rows in the file.

The analyst who receives the Parquet file (``survey export --format parquet``)
also reads, as HR does, the report of the same wave: every shown group's
respondents and index, and, filtering on the group, its items with the
number who answered each. When the file blanks a demographic value in only
some of a group's rows, the group's published count minus the rows that still
show it is the number of rows blanked out of it, and its published sums minus
those rows' sums are the blanked rows' own sums. One row blanked out of a
department gives that row's index exactly; looking it up among the blank rows
puts the department back on the one row the file meant to hide, together with
all its answers. The same holds per item: the people who answered an item in
the blanked part are a count of their own (missingness).

The rule attacked: for every demographic option whose group the report shows,
the rows the file blanks out of it hold, for every figure (respondents, index,
each dimension, each item, each outcome), 0 or at least k people.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scoring.index import respondent_scores
from scoring.microdata import class_sizes, k_anonymous
from scoring.population import Population
from scoring.questionnaire import Survey, load_survey
from scoring.report import build_report
from scoring.sample import generate

pytestmark = pytest.mark.reliability


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(Path(__file__).resolve().parents[2] / "questions.yaml")


def _figures(survey: Survey, frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Who stands behind each figure: one boolean column per figure."""
    scores = respondent_scores(survey, Population(frame.reset_index(drop=True)))
    out = {"respondents": np.ones(len(frame), dtype=bool), "index": ~np.isnan(scores.index)}
    for j, d in enumerate(survey.dimensions):
        out[d.id] = np.asarray(scores.has_dimension(j), dtype=bool)
    for question in [*survey.items, *survey.outcomes]:
        out[question.id] = frame[question.id].notna().to_numpy()
    return out


def _attack(survey: Survey, frame: pd.DataFrame, k: int) -> tuple[list[str], int]:
    """Residuals of 1..k-1 people, and blank rows whose department is put back."""
    safe = k_anonymous(frame, survey, k)
    wave = str(frame["wave"].iloc[0])
    # What the attacker computes from the file alone: each row's index from its answers.
    index = respondent_scores(survey, Population(safe)).index
    report = build_report(survey, frame, wave=wave, by=[d.id for d in survey.demographics])
    in_file = _figures(survey, safe)
    in_truth = _figures(survey, frame)
    small: list[str] = []
    found = 0
    for d in survey.demographics:
        original = frame[d.id].to_numpy(dtype=object)
        shown = safe[d.id].to_numpy(dtype=object)
        blank = pd.isna(shown)
        for row in report.breakdowns[d.id]:
            if row.suppressed or row.group is None:
                continue
            visible = shown == row.group
            # The report's n is those with an index; subtract the file's rows.
            if row.n - int(np.count_nonzero(visible & ~np.isnan(index))) == 1:
                value = row.n * row.index - float(np.nansum(index[visible]))
                match = np.flatnonzero(blank & (np.abs(index - value) < 1e-6))
                found += int(match.size == 1)
            # Per figure: the people behind it in the group (a filtered report
            # publishes each figure's n) minus those in the file's rows of the group.
            members = original == row.group
            if not visible.any():
                continue  # the whole group blanked: what is left is its own published figure
            for name in in_truth:
                people = int(np.count_nonzero(in_truth[name][members])) - int(
                    np.count_nonzero(in_file[name][visible])
                )
                if 0 < people < k:
                    small.append(f"{d.id}={row.group} {name}: {people}")
    return small, found


@pytest.mark.parametrize(("n", "seed"), [(200, 1), (120, 4), (300, 5)])
def test_no_group_figure_minus_its_rows_in_the_file_leaves_fewer_than_k(
    survey: Survey, n: int, seed: int
) -> None:
    k = survey.min_group_size
    frame = generate(survey, n, seed=seed)
    small, found = _attack(survey, frame, k)
    assert found == 0, f"{found} rows' hidden department put back by subtraction"
    assert not small, f"{len(small)} residuals of 1..{k - 1} people: {small[:8]}"


def _pair_residuals(survey: Survey, frame: pd.DataFrame, k: int) -> list[str]:
    """The same subtraction on the cells a filter and a breakdown publish (dept=A by age)."""
    safe = k_anonymous(frame, survey, k)
    in_file, in_truth = _figures(survey, safe), _figures(survey, frame)
    names = [d.id for d in survey.demographics]
    small = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            pairs = frame[[a, b]].dropna().drop_duplicates().itertuples(index=False)
            for x, y in pairs:
                members = ((frame[a] == x) & (frame[b] == y)).to_numpy()
                visible = ((safe[a] == x) & (safe[b] == y)).to_numpy()
                if not visible.any():
                    continue
                for name in in_truth:
                    people = int(np.count_nonzero(in_truth[name][members])) - int(
                        np.count_nonzero(in_file[name][visible])
                    )
                    if 0 < people < k:
                        small.append(f"{a}={x},{b}={y} {name}: {people}")
    return small


def test_no_cell_of_two_demographics_minus_its_rows_leaves_fewer_than_k(survey: Survey) -> None:
    k = survey.min_group_size
    small = _pair_residuals(survey, generate(survey, 300, seed=6), k)
    assert not small, f"{len(small)} residuals of 1..{k - 1} people: {small[:8]}"


def test_the_file_stays_k_anonymous_and_useful(survey: Survey) -> None:
    frame = generate(survey, 300, seed=6)
    k = survey.min_group_size
    safe = k_anonymous(frame, survey, k)
    names = [d.id for d in survey.demographics]
    assert class_sizes(safe, names).min() >= k
    # Values survive (45% here, 56% before the residual rule, 91% given):
    # the rule blanks rows, not whole demographics.
    assert safe[names].notna().to_numpy().mean() > 0.35


def _members_by_integer_programming(
    survey: Survey, safe: pd.DataFrame, report, time_limit: float = 20.0
) -> list[np.ndarray]:
    """Sets of the file's rows whose counts and item sums match one group's filtered
    report (at most two: a second one means the first is not unique)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    points = survey.points
    rows, sums = [np.ones(len(safe))], [float(report.respondents)]
    for item in report.items:
        if item.suppressed:
            continue
        answers = safe[item.id].to_numpy(dtype=float)
        keyed = (points - answers) if survey.item(item.id).reverse else (answers - 1)
        score = np.nan_to_num(100 * keyed / (points - 1))
        rows += [(~np.isnan(answers)).astype(float), score]
        sums += [float(item.n), item.n * item.score]
    matrix, totals = np.array(rows), np.array(sums)
    constraints = [LinearConstraint(matrix, totals - 1e-6, totals + 1e-6)]
    found: list[np.ndarray] = []
    for _ in range(2):
        result = milp(
            np.zeros(len(safe)),
            constraints=constraints,
            integrality=np.ones(len(safe)),
            bounds=Bounds(0, 1),
            options={"time_limit": time_limit},
        )
        if result.status != 0 or result.x is None:
            break
        chosen = result.x > 0.5
        found.append(chosen)
        cut = chosen.astype(float)[None, :]
        constraints.append(LinearConstraint(cut, -np.inf, chosen.sum() - 1))
    return found


@pytest.mark.xfail(
    strict=True,
    reason="microdata beside exact per-group reports: a group's item counts and sums pick its"
    " rows out of the file by integer programming even when the file blanks the demographic"
    " in every row; no blanking of demographics stops it (the answers themselves identify),"
    " so the remedy is who receives the file, not how it is blanked",
)
def test_no_group_is_picked_out_of_the_file_by_its_item_sums(survey: Survey) -> None:
    frame = generate(survey, 200, seed=2)
    wave = str(frame["wave"].iloc[0])
    safe = k_anonymous(frame, survey)
    recovered = []
    for option in survey.demographic("dept").options:
        report = build_report(survey, frame, wave=wave, filter=("dept", option.id))
        if report.suppressed or report.respondents > 30:
            continue
        found = _members_by_integer_programming(survey, safe, report)
        if len(found) == 1:  # one solution, and the true rows are a solution: it is them
            recovered.append(f"dept={option.id}: {int(found[0].sum())} rows")
    assert not recovered, f"departments put back on rows the file blanked: {recovered}"


def _protecting(seed: int):
    """A department of 1-4 beside one of 5-11 whose people share an age: the report
    hides the second to protect the first, while its rows make a class of k."""
    from tests.scoring_helpers import make_frame, small_survey

    survey = small_survey()
    rng = np.random.default_rng(seed)
    sizes = [int(rng.integers(1, 5)), int(rng.integers(5, 12))]
    sizes += [int(rng.integers(15, 40)), int(rng.integers(15, 40))]
    n = sum(sizes)
    columns = {i.id: rng.integers(1, 6, n).astype(float) for i in survey.items}
    columns["dept"] = [f"d{j + 1}" for j, m in enumerate(sizes) for _ in range(m)]
    ages = rng.choice(["young", "mid", "old"], n, p=[0.2, 0.6, 0.2]).tolist()
    ages[sizes[0] : sizes[0] + sizes[1]] = ["mid"] * sizes[1]
    columns["age"] = ages
    return survey, make_frame(survey, columns, wave="W"), sizes


def test_a_group_the_report_hides_to_protect_another_is_not_shown_by_the_file() -> None:
    """The report hides d2 beside d1 so that the hidden part holds k; a file that
    showed d2's rows would hand back d1's people: the whole wave (every row is in
    the file) minus d2's rows minus the departments the report shows."""
    recovered, shown_hidden = [], []
    for seed in range(12):
        survey, frame, sizes = _protecting(seed)
        k = survey.min_group_size
        report = build_report(survey, frame, wave="W", by=["dept"])
        rows = {r.group: r for r in report.breakdowns["dept"]}
        if not (rows["d1"].suppressed and rows["d2"].suppressed):
            continue
        safe = k_anonymous(frame, survey, k)
        file_d2 = safe["dept"].to_numpy(dtype=object) == "d2"
        if not file_d2.any():
            continue
        shown_hidden.append(seed)
        index = respondent_scores(survey, Population(safe)).index
        left = np.nansum(index) - np.nansum(index[file_d2])
        left -= sum(r.n * r.index for r in rows.values() if not r.suppressed)
        truth = respondent_scores(survey, Population(frame)).index[: sizes[0]]
        if file_d2.sum() == sizes[1] and np.isclose(left, np.nansum(truth)):
            recovered.append(f"seed {seed}: {sizes[0]} people of d1")
    assert not recovered, f"hidden departments recovered: {recovered}"
    assert not shown_hidden, f"the file shows a department the report hides: seeds {shown_hidden}"
