"""What the form gives the browser to keep, and "응답 지우기" (survey/draft.py, issue 13).

AppTest runs no browser script, so the copy the browser would send back is
not emulated here (tests/e2e/test_unsent_answers.py does that); these tests
read what each run hands the page script: nothing before the browser has
reported, then the answers (never the access code), then "clear".
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from scoring.questionnaire import Survey
from survey import draft
from survey.store import Store

pytestmark = pytest.mark.app

READY = "form.unsent_ready"


def kept(at: AppTest) -> dict:
    """The data of this run's page script for the browser's copy."""
    for element in at.get("bidi_component"):
        if element.proto.component_name == "culture_unsent_answers":
            return json.loads(element.proto.json)
    raise AssertionError("no script for the browser's copy on the page")


def test_the_first_run_only_asks_the_browser(app: AppTest, open_link_wave: str) -> None:
    at = app.run()
    data = kept(at)
    assert data["mode"] == "load" and data["copy"] is None
    assert data["key"] == draft.STORAGE_KEY and data["max_age"] == 60 * 60 * 1000


def test_answers_go_to_the_browser_and_discarding_clears_them(
    app: AppTest, open_link_wave: str, bundled_survey: Survey, app_store: Store
) -> None:
    app.session_state[READY] = True  # as after the browser reported an empty storage
    at = app.run()
    assert kept(at)["mode"] == "idle"
    at.button(key="form.start").click().run()
    item = bundled_survey.items[0].id
    at.radio(key=f"form.q.{item}").set_value(4).run()
    data = kept(at)
    assert data["mode"] == "save"
    assert data["copy"] == {"wave": open_link_wave, "step": 0, "answers": {item: 4}}

    at.button(key="form.discard").click().run()
    at.button(key="form.discard_no").click().run()
    assert kept(at)["mode"] == "save"  # kept: the person changed their mind
    at.button(key="form.discard").click().run()
    at.button(key="form.discard_yes").click().run()
    assert not at.exception
    assert kept(at)["mode"] == "clear"
    assert at.session_state["form.answers"] == {}
    assert at.button(key="form.start")  # back on the opening page, nothing to resume
    assert app_store.count(open_link_wave) == 0


def test_the_access_code_is_never_handed_to_the_browser(
    app: AppTest, codes_wave: str, bundled_survey: Survey, app_store: Store
) -> None:
    [code] = app_store.issue_codes(codes_wave, 1)
    app.session_state[READY] = True
    at = app.run()
    at.text_input(key="form.code_input").set_value(code)
    at = at.form_submit_button[0].click().run()
    item = bundled_survey.items[0].id
    at.radio(key=f"form.q.{item}").set_value(2).run()
    data = json.dumps(kept(at))
    assert kept(at)["mode"] == "save"
    assert code not in data and code.replace("-", "") not in data
