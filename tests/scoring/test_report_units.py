"""scoring/report.py unit_reports: every unit of a demographic in one pass, privacy applied."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from bench import survey_with
from scoring.errors import SurveyError
from scoring.report import build_report, unit_reports
from scoring.sample import generate
from tests.scoring.test_index import straightforward_scores
from tests.scoring_helpers import GROUP_SIZES, frame_with_groups, random_frame, small_survey


@pytest.fixture(scope="module")
def survey():
    return small_survey()


def test_units_are_the_breakdown_with_its_suppression(survey):
    frame = random_frame(survey, 900, seed=4, missing=0.2, waves=3)
    frame.loc[frame["dept"] == "d3", "dept"] = np.nan  # a large "prefer not to say" group
    units = unit_reports(survey, frame, "dept")
    rows = build_report(survey, frame, by=["dept"]).breakdowns["dept"]
    assert units.wave == "2021-H1" and units.demographic == "dept" and units.min_group == 5
    assert (
        [u.group for u in units.units] == [r.group for r in rows] == ["d1", "d2", "d3", "d4", None]
    )
    for unit, row in zip(units.units, rows, strict=True):
        assert (unit.suppressed, unit.n, unit.index, unit.dimensions) == (
            row.suppressed,
            row.n,
            row.index,
            row.dimensions,
        )


def test_index_and_interval_match_a_straightforward_computation(survey):
    """The interval is METHOD.md's Student t interval, checked against scipy.stats.t.interval
    on respondent indexes computed row by row (tests.scoring.test_index.straightforward_scores)."""
    frame = frame_with_groups(
        survey, {"d1": 40, "d2": 25, "d3": 12, "d4": 7, None: 16}, seed=3, missing=0.1
    )
    expected = straightforward_scores(survey, frame)
    groups = frame["dept"].astype(object).where(frame["dept"].notna(), None)
    for unit in unit_reports(survey, frame, "dept").units:
        assert not unit.suppressed
        mask = (groups == unit.group) if unit.group else groups.isna()
        index = expected["index"][mask.to_numpy()].dropna()
        low, high = stats.t.interval(0.95, len(index) - 1, loc=index.mean(), scale=stats.sem(index))
        assert unit.n == len(index)
        assert unit.index == pytest.approx(index.mean(), abs=1e-9)
        assert (unit.ci_low, unit.ci_high) == pytest.approx((low, high), abs=1e-9)
        for d in survey.dimensions:
            dims = expected[d.id][mask.to_numpy()]
            assert unit.dimensions[d.id] == pytest.approx(dims.mean(), abs=1e-9)


def test_suppressed_units_show_nothing_and_the_next_smallest_joins_them(survey):
    frame = frame_with_groups(survey, {"d1": 30, "d2": 3, "d3": 6, "d4": 12, None: 9}, missing=0.1)
    units = {u["group"]: u for u in unit_reports(survey, frame, "dept").to_dict()["units"]}
    hidden = {
        "suppressed": True,
        "n": None,
        "index": None,
        "ci_low": None,
        "ci_high": None,
        "dimensions": {},
    }
    assert units["d2"] == {"group": "d2", **hidden}
    assert units["d3"] == {"group": "d3", **hidden}  # 3 alone would follow from the total
    assert not units["d1"]["suppressed"] and units["d1"]["n"] == 30
    json.dumps(units)  # plain JSON: no NaN, no numpy scalars


def test_a_unit_whose_index_rests_on_one_person_is_hidden_with_its_complement(survey):
    # 8 rows in d2, but only one of them answered enough for an index: the
    # unit's index would be that person's (METHOD.md: k counts the people
    # behind each figure), and d1 beside the wave's index would recover it.
    frame = frame_with_groups(survey, {"d1": 20, "d2": 8}, seed=5, missing=0.1)
    blank = frame.index[frame["dept"] == "d2"][1:]
    frame.loc[blank, [i.id for i in survey.items]] = np.nan
    units = unit_reports(survey, frame, "dept", min_group=3).units
    assert units[1].suppressed and units[1].n is None and units[1].index is None
    assert units[0].suppressed  # the wave's index minus d1 would be d2's one person
    # With a second person in d2 who has an index, both units show.
    frame.loc[blank[:2], [i.id for i in survey.items]] = 3
    units = unit_reports(survey, frame, "dept", min_group=3).units
    assert not units[1].suppressed and units[1].n == 3
    assert not math.isnan(units[1].ci_low)


def test_a_wave_under_k_hides_every_unit(survey):
    units = unit_reports(survey, random_frame(survey, 4, seed=1), "dept")
    assert all(u.suppressed and u.n is None for u in units.units)
    assert len(units.units) == 5


def test_wave_and_arguments(survey):
    frame = random_frame(survey, 300, seed=6, waves=2)
    assert unit_reports(survey, frame, "age", wave="2020-H1").wave == "2020-H1"
    with pytest.raises(SurveyError) as error:
        unit_reports(survey, frame, "team")
    assert error.value.problems[0].place == "demographic"
    with pytest.raises(SurveyError):
        unit_reports(survey, frame, "dept", wave="2019-H1")
    with pytest.raises(SurveyError):
        unit_reports(survey, frame, "dept", min_group=2)


@settings(max_examples=60, deadline=None)
@given(
    GROUP_SIZES,
    st.integers(3, 10),
    st.integers(0, 1000),
)
def test_no_unit_under_k_is_shown(groups, k, seed):
    survey = small_survey()
    units = unit_reports(
        survey, frame_with_groups(survey, groups, seed, missing=0.1), "dept", min_group=k
    )
    hidden = [groups[u.group] for u in units.units if u.suppressed]
    shown = [u for u in units.units if not u.suppressed]
    assert all(groups[u.group] >= k and u.n <= groups[u.group] for u in shown)
    assert sum(hidden) == 0 or sum(hidden) >= k or not shown


def test_ten_thousand_units():
    survey = survey_with(demographic=("dept", 10_000))
    frame = generate(survey, 30_000, seed=2)
    units = unit_reports(survey, frame, "dept").units
    assert len(units) == 10_001 and units[-1].group is None
    shown = [u for u in units if not u.suppressed]
    sizes = frame["dept"].value_counts()
    assert shown and all(sizes[u.group] >= 5 for u in shown if u.group is not None)
    assert any(u.suppressed for u in units)
