"""Attack on action plans as markup: a plan's words are shown as Markdown.

A youth panel account (or an HR one) writes a plan whose title is an image
from its own server, ``![](https://tracker.example/p.png)``. If a page hands
the title to ``st.markdown`` unescaped, every browser that opens the page
fetches the image: the server outside learns when each reader opened it, from
which address (on the public results page: every employee who reads the
results). The plan's title, owner and co-owner must reach the page as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from scoring.questionnaire import Survey, load_survey
from survey import plans
from survey.store import Store, User, dispose
from tests.app.conftest import APP_TIMEOUT, SURVEY_FILE
from tests.app.dashboard_fixtures import CLOSED, open_page, seed, signed_in

pytestmark = [pytest.mark.reliability, pytest.mark.app]

PIXEL = "![](https://tracker.example/p.png)"
LINK = "[여기](https://tracker.example/login)"


@pytest.fixture
def app_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    monkeypatch.setenv("CULTURE_DB_URL", url)
    monkeypatch.setenv("CULTURE_SURVEY", str(SURVEY_FILE))
    monkeypatch.delenv("CULTURE_LANG", raising=False)
    survey: Survey = load_survey(SURVEY_FILE)
    store = Store(url, survey)
    seed(store, survey)
    yield store
    dispose(url)


@pytest.fixture
def app(app_store: Store) -> AppTest:
    return AppTest.from_file("../../survey_app.py", default_timeout=APP_TIMEOUT)


def _markup(at: AppTest) -> list[str]:
    """Every string the page hands to Markdown (markdown, captions)."""
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def _plant(store: Store) -> None:
    store.add_user("panel1", "youth_panel", "fixture-password-123")
    plan = plans.propose_plan(
        store,
        User("panel1", "youth_panel"),
        wave=CLOSED[-1],
        target_kind="dimension",
        target="innovation",
        title=f"회의 개선 {PIXEL}",
        change=f"자세한 내용은 {LINK}",
        owner="경영기획팀 [공지](https://tracker.example/x)",
        due="2027-01-31",
        co_owner="panel1",
    )
    plans.approve_plan(store, User("hr", "hr"), plan.id)


@pytest.mark.parametrize(("page", "role"), [("plans", "hr"), ("results", None)])
def test_a_plan_cannot_make_a_reader_fetch_an_outside_image(
    app: AppTest, app_store: Store, page: str, role: str | None
) -> None:
    _plant(app_store)
    plans.publish_results(app_store, "hr", CLOSED[-1])
    if role is not None:
        app = signed_in(app, "hr", role)
    at = open_page(app, page)
    assert not at.exception
    shown = _markup(at)
    assert any("tracker.example" in s for s in shown), "the plan is not on the page"
    for text in shown:
        # Escaped brackets (``\\[``) are text; an unescaped "](" is a link or an image.
        assert not re.search(r"(?<!\\)\]\(https://tracker", text), text
