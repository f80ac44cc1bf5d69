"""survey.analysis: cached analysis returns scoring's results and follows the data."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import update

from scoring.comments import comment_lists
from scoring.errors import SurveyError
from scoring.questionnaire import Survey, load_survey
from scoring.report import build_report, compare_waves
from scoring.sample import generate
from survey import analysis, charts
from survey.db import waves
from survey.store import Store, dispose

SURVEY_FILE = Path(__file__).resolve().parents[2] / "questions.yaml"
CLOSED = ("2025-H2", "2026-H1", "2026-H2")
OPEN = "2027-H1"
N = 80


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(SURVEY_FILE)


@pytest.fixture
def store(sqlite_url: str, survey: Survey, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Three closed waves of synthetic responses and an open wave with two responses."""
    monkeypatch.setenv("CULTURE_DB_URL", sqlite_url)
    monkeypatch.setenv("CULTURE_SURVEY", str(SURVEY_FILE))
    monkeypatch.delenv("CULTURE_COMMENT_MIN", raising=False)
    current = Store(sqlite_url, survey)
    frame = generate(survey, N, waves=len(CLOSED), seed=11, last_wave=CLOSED[-1])
    for wave in CLOSED:
        current.create_wave(wave, "codes", {"policy": 50, "ai_data": 50, "planning": 40})
        current.import_responses(wave, frame[frame["wave"] == wave].reset_index(drop=True))
        current.close_wave(wave)
    current.create_wave(OPEN, "open")
    current.open_wave(OPEN)
    submit_two(current, survey)
    return current


def submit_two(store: Store, survey: Survey) -> None:
    answers = {item.id: 1 for item in survey.items}
    store.submit(OPEN, answers)
    store.submit(OPEN, answers)


def closed_frame(store: Store) -> pd.DataFrame:
    return pd.concat([store.load_wave(w) for w in CLOSED], ignore_index=True)


def test_only_closed_waves_are_analysed(store: Store, survey: Survey) -> None:
    src = analysis.source(store)
    assert src.closed == CLOSED and src.open == (OPEN,)
    assert analysis.waves_with_data(src) == CLOSED
    frame = analysis.frame(src)
    assert len(frame) == N * len(CLOSED)
    assert OPEN not in set(frame["wave"])
    with pytest.raises(Exception, match=OPEN):
        analysis.report(src, OPEN)


def test_report_is_scorings_report(store: Store, survey: Survey) -> None:
    src = analysis.source(store)
    view = analysis.report(src, CLOSED[1], by=["dept"])
    # Every wave's trend point has its own wave's correction (all hold 140 here).
    expected = build_report(
        survey,
        closed_frame(store),
        wave=CLOSED[1],
        by=("dept",),
        headcount=140,
        trend_headcounts=dict.fromkeys(CLOSED, 140),
    )
    assert view.report.to_dict() == expected.to_dict()
    assert view.headcount == 140 and not view.headcount_conflict
    assert view.participation == pytest.approx(100 * N / 140)


def test_cache_follows_the_data(store: Store, survey: Survey) -> None:
    before = analysis.source(store)
    first = analysis.report(before, CLOSED[-1])
    assert analysis.report(analysis.source(store), CLOSED[-1]) is not None
    # Responses to the open wave change nothing the reports read.
    submit_two(store, survey)
    assert analysis.source(store).cache_key() == before.cache_key()
    # A new headcount does: the next report uses it.
    store.set_headcount(CLOSED[-1], {"policy": 200})
    after = analysis.source(store)
    assert after.cache_key() != before.cache_key()
    second = analysis.report(after, CLOSED[-1])
    assert (first.headcount, second.headcount) == (140, 200)
    assert second.report.index.ci_high - second.report.index.ci_low > (
        first.report.index.ci_high - first.report.index.ci_low
    )
    # Closing the open wave brings it in.
    submit_two(store, survey)
    store.close_wave(OPEN)
    closed = analysis.source(store)
    assert analysis.waves_with_data(closed) == (*CLOSED, OPEN)
    assert analysis.report(closed, OPEN).report.respondents == 6


def test_recreated_database_is_new_data(
    sqlite_url: str, survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CULTURE_SURVEY", str(SURVEY_FILE))

    def build(seed: int) -> analysis.Source:
        current = Store(sqlite_url, survey)
        frame = generate(survey, 30, waves=1, seed=seed, last_wave=CLOSED[0])
        current.create_wave(CLOSED[0])
        current.import_responses(CLOSED[0], frame)
        current.close_wave(CLOSED[0])
        return analysis.source(current)

    first = build(1)
    score = analysis.report(first, CLOSED[0]).report.index.score
    dispose(sqlite_url)
    Path(sqlite_url.removeprefix("sqlite:///")).unlink()
    second = build(2)
    # Same URL, same wave names, same revisions: only the wave's random salt tells them apart.
    assert [k.revision for k in first.keys] == [k.revision for k in second.keys]
    assert second.cache_key() != first.cache_key()
    assert analysis.report(second, CLOSED[0]).report.index.score != score


def test_headcount_for(store: Store, survey: Survey) -> None:
    ages = {"age_under_30": 12, "age_30_34": 68}  # 80, as the departments: one headcount
    store.set_headcount(CLOSED[0], {"policy": 50, "ai_data": 30}, ages)
    wave = analysis.source(store).wave(CLOSED[0])
    assert analysis.headcount_for(survey, wave, None) == 80
    assert analysis.headcount_for(survey, wave, ("dept", "ai_data")) == 30
    assert analysis.headcount_for(survey, wave, ("dept", "planning")) is None
    assert analysis.headcount_for(survey, wave, ("age_band", "age_under_30")) == 12
    assert analysis.headcount_for(survey, wave, ("grade", "grade_3")) is None
    store.set_headcount(CLOSED[0], None)
    assert analysis.headcount_for(survey, analysis.source(store).wave(CLOSED[0]), None) is None


def test_headcount_below_respondents_is_left_out(store: Store, survey: Survey) -> None:
    # The store refuses such a headcount now; one saved before that rule is
    # still read, and left out of participation.
    with pytest.raises(SurveyError) as caught:
        store.set_headcount(CLOSED[0], {"policy": 10})
    assert caught.value.problems[0].key == "store.headcount_below_responses"
    with store.engine.begin() as connection:
        connection.execute(
            update(waves).where(waves.c.name == CLOSED[0]).values(headcount={"policy": 10})
        )
    view = analysis.report(analysis.source(store), CLOSED[0])
    assert view.headcount is None and view.headcount_conflict
    assert view.participation is None
    others = dict.fromkeys(CLOSED[1:], 140)
    expected = build_report(survey, closed_frame(store), wave=CLOSED[0], trend_headcounts=others)
    assert view.report.to_dict() == expected.to_dict()


def test_changes_are_compare_waves(store: Store, survey: Survey) -> None:
    changes = analysis.changes(analysis.source(store))
    frame = closed_frame(store)
    expected = [
        compare_waves(survey, frame, later, earlier).to_dict()
        for earlier, later in itertools.pairwise(CLOSED)
    ]
    assert [c.to_dict() for c in changes] == expected
    assert [(c.wave_b, c.wave_a) for c in changes] == [
        (CLOSED[0], CLOSED[1]),
        (CLOSED[1], CLOSED[2]),
    ]


def test_comments(store: Store, survey: Survey, monkeypatch: pytest.MonkeyPatch) -> None:
    src = analysis.source(store)
    found = analysis.comments(src, CLOSED[-1])
    expected = comment_lists(survey, closed_frame(store), CLOSED[-1], threshold=10)
    assert found == expected
    assert list(found) == ["wave", "youth", "rest"]
    assert found["wave"].shown and found["wave"].total > 0
    # Only the whole wave and the youth split: no argument picks another population.
    with pytest.raises(TypeError):
        analysis.comments(src, CLOSED[-1], filter=("dept", "policy"))  # type: ignore[call-arg]
    monkeypatch.setenv("CULTURE_COMMENT_MIN", str(N + 1))
    assert not any(c.shown for c in analysis.comments(src, CLOSED[-1]).values())


def test_distributions(store: Store, survey: Survey) -> None:
    src = analysis.source(store)
    frame = closed_frame(store)
    wave = frame[frame["wave"] == CLOSED[1]]
    counted = {d.item: d for d in analysis.distributions(src, CLOSED[1])}
    assert list(counted) == [i.id for i in survey.items]
    for item in survey.items:
        expected = wave[item.id].value_counts().reindex(range(1, survey.points + 1), fill_value=0)
        assert counted[item.id].counts == tuple(int(c) for c in expected)
        assert counted[item.id].n == int(wave[item.id].notna().sum())
        assert sum(counted[item.id].percents) == pytest.approx(100.0)

    policy = wave[wave["dept"] == "policy"]
    shown = analysis.report(src, CLOSED[1], filter=("dept", "policy")).report
    assert not shown.suppressed
    first = analysis.distributions(src, CLOSED[1], ("dept", "policy"))[0]
    assert first.n == int(policy[survey.items[0].id].notna().sum())

    small = next(
        o.id
        for o in survey.demographic("dept").options
        if 0 < (wave["dept"] == o.id).sum() < survey.min_group_size
    )
    assert analysis.report(src, CLOSED[1], filter=("dept", small)).report.suppressed
    assert analysis.distributions(src, CLOSED[1], ("dept", small)) is None


def test_the_projection_frame_follows_the_trend_line(store: Store, survey: Survey) -> None:
    report = analysis.report(analysis.source(store), CLOSED[-1]).report
    projection = report.projection
    line = list(charts.projection_frame(report, 100).itertuples(index=False, name=None))
    assert [w for w, _ in line[: len(CLOSED)]] == list(CLOSED)
    for x, (_, value) in enumerate(line):
        assert value == pytest.approx(projection.intercept + projection.slope * x)
    if projection.on_track and projection.waves_ahead:
        assert line[-1][0] == projection.reach_wave
        assert line[-1][1] >= survey.target > line[-2][1]
    else:
        assert len(line) == len(CLOSED)
    first_wave = analysis.report(analysis.source(store), CLOSED[0]).report
    assert np.isfinite(first_wave.index.score)
    two = build_report(survey, closed_frame(store)[lambda f: f["wave"] != CLOSED[0]])
    assert two.projection is None and charts.projection_frame(two, 6) is None
