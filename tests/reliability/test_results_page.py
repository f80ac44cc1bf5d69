"""The public results page attacker: no group figure, no comment, nothing below k.

Anyone can open the published results page without signing in, so it is read
here as an outsider would: every number it shows (metrics, tables, text) is
collected and must be one of the whole-wave report's figures; no demographic
or option label, and no comment text, may appear; a published wave that
holds fewer than k respondents shows no figure at all; an unpublished wave is
not on the page even when another one is published.

Organization: `tests.app.dashboard_fixtures.seed` (three closed waves of 150
synthetic respondents with hostile comments), a fourth closed wave of k - 1
respondents, every wave published except the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from scoring import display
from scoring.questionnaire import Survey, load_survey
from scoring.report import build_report
from scoring.sample import generate
from survey import plans
from survey.store import Store, dispose
from tests.app.conftest import APP_TIMEOUT, SURVEY_FILE
from tests.app.dashboard_fixtures import CLOSED, HEADCOUNT, open_page, page_dump, seed

pytestmark = [pytest.mark.reliability, pytest.mark.app]

SMALL = "2028-H1"
NUMBER = re.compile(r"[+−-]?\d+(?:[.,]\d+)*%?")


@pytest.fixture
def bundled_survey() -> Survey:
    return load_survey(SURVEY_FILE)


@pytest.fixture
def app_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundled_survey: Survey
) -> Iterator[Store]:
    """A fresh database the app reads, as tests/app/conftest.py's ``app_db``."""
    url = f"sqlite:///{tmp_path / 'public.db'}"
    monkeypatch.setenv("CULTURE_DB_URL", url)
    monkeypatch.setenv("CULTURE_SURVEY", str(SURVEY_FILE))
    monkeypatch.delenv("CULTURE_LANG", raising=False)
    yield Store(url, bundled_survey)
    dispose(url)


@pytest.fixture
def app(app_store: Store) -> AppTest:
    return AppTest.from_file("../../survey_app.py", default_timeout=APP_TIMEOUT)


@pytest.fixture
def published(app_store: Store, bundled_survey: Survey):
    frame = seed(app_store, bundled_survey)
    k = bundled_survey.min_group_size
    small = generate(bundled_survey, k - 1, waves=1, seed=7, last_wave=SMALL)
    app_store.create_wave(SMALL, "codes", HEADCOUNT)
    app_store.import_responses(SMALL, small)
    app_store.close_wave(SMALL)
    for wave in (*CLOSED[1:], SMALL):
        plans.publish_results(app_store, "hr", wave)
    return frame


def allowed_numbers(survey: Survey, frame, wave: str, store: Store) -> set[str]:
    """Every string the whole-wave report may put on the page, as scoring.display writes it."""
    report = build_report(survey, frame, wave=wave, headcount=store.get_wave(wave).headcount_total)
    values = {display.whole(report.n), display.number(survey.target, 0)}
    index = report.index
    for v in (index.score, index.ci_low, index.ci_high, index.gap):
        values.add(display.number(v))
    values.add(display.signed(-index.gap))
    values |= {display.number(d.score) for d in report.dimensions}
    for item in report.items:
        values |= {display.number(item.score), display.percent(item.favorable_pct)}
    return values


def numbers_on(at: AppTest) -> set[str]:
    texts = [str(m.value) for m in at.metric] + [str(m.delta) for m in at.metric]
    texts += [m.value for m in at.markdown] + [c.value for c in at.caption]
    for table in at.dataframe:
        texts += [str(v) for v in table.value.to_numpy().ravel()]
    found = set()
    for text in texts:
        found |= set(NUMBER.findall(text))
    return found


def test_the_page_shows_only_whole_wave_figures(
    app: AppTest, app_store: Store, bundled_survey: Survey, published
) -> None:
    wave = CLOSED[-1]
    at = open_page(app, "results")
    assert not at.exception
    assert at.selectbox[0].options == [*CLOSED[1:], SMALL]
    assert at.selectbox[0].value == wave  # the small wave is listed, never opened first
    dump = page_dump(at)
    allowed = allowed_numbers(bundled_survey, published, wave, app_store)
    # Years and dates of plans are not figures; the page has no plans here.
    found = numbers_on(at)
    assert len(found & allowed) > 10  # the page does show the wave's figures
    stray = {n for n in found if n not in allowed and n not in {"95", "0.05", "100"}}
    stray -= {"0.2", "0.5", "0.8", "95%"}  # the glossary's plain-word thresholds
    assert stray == set()
    for demographic in bundled_survey.demographics:
        assert demographic.label.get("ko") not in dump
        for option in demographic.options:
            assert option.label.get("ko") not in dump
    for comment in bundled_survey.comments:
        for text in published[comment.id].dropna():
            if str(text).strip():
                assert str(text) not in dump


def test_a_published_wave_below_k_shows_nothing(
    app: AppTest, app_store: Store, bundled_survey: Survey, published
) -> None:
    at = open_page(app, "results")
    assert CLOSED[0] not in at.selectbox[0].options
    at = at.selectbox[0].set_value(SMALL).run()
    assert not at.exception
    assert "응답자가 적어" in at.warning[0].value
    assert not at.metric and not at.dataframe


def test_unpublishing_takes_the_figures_down(app: AppTest, app_store: Store, published) -> None:
    for wave in (*CLOSED[1:], SMALL):
        plans.unpublish_results(app_store, "hr", wave)
    at = open_page(app, "results")
    assert not at.metric and not at.dataframe
