"""scoring/report.py: the report JSON, privacy applied inside, comparisons."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from scoring.errors import SurveyError
from scoring.report import (
    SUMMARY_TOP,
    Driver,
    GroupRow,
    ItemSummary,
    build_report,
    compare_waves,
    groups_behind,
    items_to_act_on,
    waves_in,
)
from tests.scoring.test_index import straightforward_scores
from tests.scoring_helpers import (
    DIMENSION_KEYS,
    GROUP_KEYS,
    GROUP_SIZES,
    INDEX_KEYS,
    ITEM_KEYS,
    METHOD_KEYS,
    frame_with_groups,
    random_frame,
    small_survey,
)


@pytest.fixture(scope="module")
def survey():
    return small_survey()


@pytest.fixture(scope="module")
def frame(survey):
    return random_frame(survey, 600, seed=11, missing=0.15, waves=3)


def test_json_shape_is_methods(survey, frame):
    report = build_report(survey, frame, by=["dept"], youth=True).to_dict()
    assert set(report) >= METHOD_KEYS
    assert set(report["index"]) == INDEX_KEYS
    assert set(report["dimensions"][0]) == DIMENSION_KEYS
    assert set(report["items"][0]) == ITEM_KEYS
    assert set(report["breakdowns"]["dept"][0]) == GROUP_KEYS
    assert set(report["youth"]) == {"suppressed", "n_youth", "n_rest", "rows"}
    assert set(report["youth"]["rows"][0]) == {
        "id",
        "youth",
        "rest",
        "diff",
        "p",
        "p_holm",
        "hedges_g",
        "tested",
    }
    assert set(report["trend"][0]) >= {"wave", "n", "index", "ci_low", "ci_high", "dimensions"}
    assert set(report["gap_by_dimension"][0]) == {"id", "weight", "score", "contribution"}
    json.dumps(report, allow_nan=False)


def test_latest_wave_by_default_and_trend_lists_every_wave(survey, frame):
    report = build_report(survey, frame)
    assert waves_in(frame) == ["2020-H1", "2020-H2", "2021-H1"]
    assert report.wave == "2021-H1"
    assert [p.wave for p in report.trend] == waves_in(frame)
    assert build_report(survey, frame, wave="2020-H1").wave == "2020-H1"


def test_figures_agree_with_a_straightforward_computation(survey, frame):
    wave = frame[frame["wave"] == "2020-H2"].reset_index(drop=True)
    expected = straightforward_scores(survey, wave)
    report = build_report(survey, frame, wave="2020-H2", by=["dept"])
    idx = expected["index"].dropna()
    assert report.n == len(idx)
    assert report.index.score == pytest.approx(idx.mean(), abs=1e-6)
    lo, hi = stats.t.interval(0.95, len(idx) - 1, loc=idx.mean(), scale=stats.sem(idx))
    assert (report.index.ci_low, report.index.ci_high) == pytest.approx((lo, hi), abs=1e-6)
    assert report.index.gap == pytest.approx(95 - idx.mean(), abs=1e-6)
    for dim in report.dimensions:
        assert dim.score == pytest.approx(expected[dim.id].mean(), abs=1e-6)
    for row in report.breakdowns["dept"]:
        if row.suppressed:
            continue
        mask = (wave["dept"] == row.group) if row.group else wave["dept"].isna()
        assert row.index == pytest.approx(expected["index"][mask.to_numpy()].mean(), abs=1e-6)
        assert row.dimensions["b"] == pytest.approx(expected["b"][mask.to_numpy()].mean(), abs=1e-6)


def test_suppressed_groups_show_no_count_and_no_score(survey):
    frame = frame_with_groups(survey, {"d1": 30, "d2": 3, "d3": 6, "d4": 12, None: 9})
    rows = {
        r["group"]: r
        for r in build_report(survey, frame, by=["dept"]).to_dict()["breakdowns"]["dept"]
    }
    assert rows["d2"] == {
        "group": "d2",
        "suppressed": True,
        "n": None,
        "index": None,
        "dimensions": {},
    }
    # d2 (3) alone could be recovered from the total; the next-smallest shown group goes too.
    assert rows["d3"]["suppressed"] and rows["d3"]["n"] is None
    assert not rows["d1"]["suppressed"] and rows["d1"]["n"] == 30
    assert not rows[None]["suppressed"]  # "prefer not to say" is a group like any other


def test_filter_complement_rule_suppresses_everything(survey):
    frame = frame_with_groups(survey, {"d1": 30, "d2": 4})
    hidden = build_report(survey, frame, filter=("dept", "d1"), by=["age"])
    assert (
        hidden.suppressed
        and hidden.index is None
        and hidden.n is None
        and hidden.respondents is None
    )
    assert all(r.suppressed for r in hidden.breakdowns["age"])
    assert all(p.suppressed and p.index is None for p in hidden.trend)
    shown = build_report(
        survey, frame_with_groups(survey, {"d1": 30, "d2": 5}), filter=("dept", "d1")
    )
    assert not shown.suppressed and shown.respondents == 30


def test_wave_smaller_than_k_is_suppressed(survey):
    frame = random_frame(survey, 4, seed=2)
    report = build_report(survey, frame).to_dict()
    assert report["suppressed"] and report["index"] is None and report["n"] is None
    assert report["trend"][0]["index"] is None and report["trend"][0]["n"] is None


def test_youth_comparison_matches_scipy_and_is_suppressed_when_few(survey):
    frame = random_frame(survey, 300, seed=5, missing=0.05)
    report = build_report(survey, frame, youth=True)
    young = (frame["age"] == "young").to_numpy()
    expected = straightforward_scores(survey, frame)
    a, b = expected["index"][young].dropna(), expected["index"][~young].dropna()
    row = report.to_dict()["youth"]["rows"][0]
    assert row["id"] == "index" and row["tested"]
    assert row["youth"] == pytest.approx(a.mean()) and row["rest"] == pytest.approx(b.mean())
    assert row["p"] == pytest.approx(stats.ttest_ind(a, b, equal_var=False).pvalue)
    assert report.youth.n_youth == int(young.sum())

    frame.loc[frame.index[young][4:], "age"] = "old"  # four young employees remain
    few = build_report(survey, frame, youth=True).to_dict()["youth"]
    assert few == {"suppressed": True, "n_youth": None, "n_rest": None, "rows": []}


def test_headcount_applies_the_finite_population_correction(survey):
    frame = random_frame(survey, 40, seed=8, missing=0.0)
    census = build_report(survey, frame, headcount=40)
    assert census.index.ci_low == pytest.approx(census.index.ci_high)
    assert build_report(survey, frame, headcount=400).index.ci_low < census.index.ci_low


@pytest.mark.parametrize(
    ("kwargs", "place"),
    [
        ({"wave": "1999-H1"}, "wave"),
        ({"by": ["nope"]}, "by[0]"),
        ({"filter": ("dept", "d9")}, "filter"),
        ({"min_group": 2}, "min_group"),
        ({"headcount": 10}, "headcount"),
        ({"youth": True, "filter": ("dept", "d1")}, "youth"),
    ],
)
def test_bad_arguments_are_survey_errors_placed_at_the_parameter(survey, frame, kwargs, place):
    """The library names its parameters; only the command line names its options."""
    with pytest.raises(SurveyError) as err:
        build_report(survey, frame, **kwargs)
    assert [problem.place for problem in err.value.problems] == [place]
    assert "--" not in err.value.message("en") and "--" not in err.value.message("ko")


def test_headcount_check_never_reveals_a_hidden_population_size(survey):
    frame = frame_with_groups(survey, {"d1": 30, "d2": 2})
    report = build_report(survey, frame, filter=("dept", "d2"), headcount=1)
    assert report.suppressed


def test_compare_waves(survey, frame):
    comparison = compare_waves(survey, frame, "2020-H1", "2021-H1")
    assert not comparison.suppressed and comparison.rows[0].id == "index"
    assert len(comparison.rows) == 1 + len(survey.dimensions)
    tiny = pd.concat(
        [frame, random_frame(survey, 3, seed=1).assign(wave="2022-H1")], ignore_index=True
    )
    assert compare_waves(survey, tiny, "2021-H1", "2022-H1").suppressed


@settings(max_examples=60, deadline=None)
@given(
    GROUP_SIZES,
    st.integers(3, 10),
    st.integers(0, 1000),
)
def test_report_never_shows_a_group_under_k(groups, k, seed):
    survey = small_survey()
    frame = frame_with_groups(survey, groups, seed=seed)
    report = build_report(survey, frame, by=["dept"], min_group=k)
    hidden_total = 0
    for row in report.breakdowns["dept"]:
        size = groups[row.group]
        if row.suppressed:
            hidden_total += size
            assert row.n is None and row.index is None and not row.dimensions
        else:
            assert size >= k and row.n <= size
    shown_any = any(not r.suppressed for r in report.breakdowns["dept"])
    assert hidden_total == 0 or hidden_total >= k or not shown_any
    if report.suppressed:
        assert sum(groups.values()) < k


def test_group_counts_use_every_respondent(survey):
    frame = frame_with_groups(survey, {"d1": 8, "d2": 8})
    frame.loc[:2, [i.id for i in survey.items]] = np.nan  # three d1 respondents without an index
    rows = build_report(survey, frame, by=["dept"]).breakdowns["dept"]
    assert not rows[0].suppressed and rows[0].n == 5


def test_every_trend_point_has_its_own_waves_interval(survey, frame):
    """One standard error per figure (METHOD.md): with headcounts known, a wave's
    trend point has the interval of that wave's own report."""
    waves = waves_in(frame)
    sizes = {w: int((frame["wave"] == w).sum()) for w in waves}
    headcounts = {w: sizes[w] + 40 for w in waves}
    latest = build_report(
        survey, frame, headcount=headcounts[waves[-1]], trend_headcounts=headcounts
    )
    for point in latest.trend:
        own = build_report(survey, frame, wave=point.wave, headcount=headcounts[point.wave])
        assert (point.ci_low, point.ci_high) == (own.index.ci_low, own.index.ci_high)
    without = build_report(survey, frame, wave=waves[0])
    first = latest.trend[0]
    assert first.ci_high - first.ci_low < without.index.ci_high - without.index.ci_low


REPO_QUESTIONS = Path(__file__).resolve().parents[2] / "questions.yaml"
FOLLOW_UP = {
    "id": "com_follow",
    "text": {
        "ko": "지난 진단 결과에 따라 실제로 달라진 점이 있다",
        "en": "Something has really changed since the last survey's results",
    },
    "reverse": False,
}


def test_the_follow_up_item_is_reported_like_any_item(tmp_path):
    """The optional follow-up item (README, questions.yaml) added to a dimension."""
    import yaml

    from scoring.questionnaire import load_survey
    from scoring.sample import generate
    from scoring.tables import tables

    data = yaml.safe_load(REPO_QUESTIONS.read_text(encoding="utf-8"))
    dimension = next(d for d in data["dimensions"] if d["id"] == "communication")
    dimension["items"].append(FOLLOW_UP)
    path = tmp_path / "questions.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with_follow_up = load_survey(path)
    assert with_follow_up.item("com_follow").dimension == "communication"

    frame = generate(with_follow_up, 300, waves=2, seed=11, last_wave="2026-H1")
    report = build_report(with_follow_up, frame, wave="2026-H1")
    row = next(i for i in report.items if i.id == "com_follow")
    answered = frame.loc[frame["wave"] == "2026-H1", "com_follow"].dropna()
    assert row.n == len(answered) and not row.suppressed
    assert row.score == pytest.approx(float((100 * (answered - 1) / 4).mean()), abs=1e-6)
    top = (answered >= 4).mean() * 100
    assert row.favorable_pct == pytest.approx(float(top), abs=1e-6)
    assert np.isfinite(row.item_total_r) and np.isfinite(row.alpha_if_deleted)
    # The exports list it among the items, with its dimension.
    items = tables(report.to_dict(), with_follow_up, "ko")["items"]
    assert any("지난 진단 결과에 따라" in str(cell) for r in items.rows for cell in r)
    # Wave against wave, it counts in its dimension as the dimension's other items do.
    change = compare_waves(with_follow_up, frame, "2026-H1", "2025-H2")
    assert {r.id for r in change.rows} == {"index", *(d.id for d in with_follow_up.dimensions)}


def test_ranked_items_are_the_shown_items_strongest_first(survey, frame):
    from scoring.report import ranked_items

    report = build_report(survey, frame, by=["dept"])
    ranked = ranked_items(report)
    shown = [i for i in report.items if not i.suppressed]
    assert {i.id for i in ranked} == {i.id for i in shown}
    assert [i.score for i in ranked] == sorted((i.score for i in shown), reverse=True)


def _item(item_id: str, score: float, suppressed: bool = False) -> ItemSummary:
    if suppressed:
        return ItemSummary(item_id, "d", math.nan, math.nan, math.nan, math.nan, None, True)
    return ItemSummary(item_id, "d", score, 50.0, 0.3, 0.7, 40)


def test_items_to_act_on_are_the_shown_priority_items_weakest_first(survey, frame):
    report = build_report(survey, frame)
    items = (
        _item("a", 70.0),
        _item("b", 40.0),
        _item("c", 55.0),
        _item("d", 60.0),
        _item("e", 30.0, suppressed=True),
        _item("f", 20.0),
    )
    drivers = tuple(
        Driver(i, 0.5, 0.0, 40, priority)
        for i, priority in [("a", True), ("c", True), ("d", True), ("e", True), ("f", False)]
    )
    chosen = items_to_act_on(replace(report, items=items, drivers=drivers))
    # A hidden item is never named, priority or not; the priority items come before lower ones.
    assert [i.id for i in chosen] == ["c", "d", "a"]
    assert [i.id for i in items_to_act_on(replace(report, items=items, drivers=drivers), 2)] == [
        "c",
        "d",
    ]


def test_without_priority_items_the_lowest_shown_items_are_chosen(survey, frame):
    report = build_report(survey, frame)
    items = (_item("a", 70.0), _item("b", 40.0), _item("z", 40.0), _item("e", 1.0, True))
    chosen = items_to_act_on(replace(report, items=items, drivers=()))
    assert [i.id for i in chosen] == ["b", "z", "a"]  # ties by id
    assert SUMMARY_TOP == 3
    assert items_to_act_on(replace(report, items=(), drivers=())) == []


def test_groups_behind_are_shown_groups_below_the_whole_lowest_first(survey, frame):
    report = build_report(survey, frame)
    whole = report.index.score
    rows = (
        GroupRow("x", False, 30, whole - 1, {}),
        GroupRow("y", False, 30, whole - 5, {}),
        GroupRow("z", False, 30, whole + 2, {}),
        GroupRow(None, False, 30, whole - 9, {}),  # "no answer" is no group to act on
        GroupRow("h", True, None, None, {}),
        GroupRow("w", False, 30, math.nan, {}),
    )
    other = (GroupRow("p", False, 40, whole - 3, {}), GroupRow("q", False, 40, whole - 0.5, {}))
    found = groups_behind(replace(report, breakdowns={"dept": rows, "age": other}))
    assert [(d, row.group) for d, row in found] == [("dept", "y"), ("age", "p"), ("dept", "x")]
    assert len(groups_behind(replace(report, breakdowns={"dept": rows, "age": other}), 5)) == 4
    assert groups_behind(replace(report, index=None, breakdowns={"dept": rows})) == []
