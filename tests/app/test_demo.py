"""Demo mode (CULTURE_DEMO=on): the first start loads the demo and prints its passwords."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from scoring.errors import SurveyError
from survey import demo
from survey.auth import MAX_FAILURES
from survey.cli_demo import DEMO_WAVES
from survey.store import Store
from tests.app.conftest import APP_TIMEOUT

pytestmark = pytest.mark.app


def test_demo_mode_populates_the_store_and_prints_working_passwords(app_db, monkeypatch, capsys):
    monkeypatch.setenv("CULTURE_DEMO", "on")
    at = AppTest.from_file("../../survey_app.py", default_timeout=APP_TIMEOUT).run()
    assert not at.exception
    out = capsys.readouterr().out
    passwords = {
        line.split()[1]: line.rsplit(" ", 1)[1]
        for line in out.splitlines()
        if line.strip().startswith("계정 ")
    }
    assert set(passwords) == {"hr", "youth"}
    store = Store()
    assert [w.name for w in store.list_waves()] == list(DEMO_WAVES)
    assert store.get_wave(DEMO_WAVES[-1]).status == "open"
    assert store.verify("hr", passwords["hr"]).role == "hr"
    assert store.verify("youth", passwords["youth"]).role == "youth_panel"
    # The passwords go to the terminal only, never onto a page.
    page = " ".join(str(e.value) for e in at.markdown) + " ".join(str(e.value) for e in at.info)
    assert passwords["hr"] not in page


def test_demo_mode_off_creates_nothing(app_db, monkeypatch):
    monkeypatch.delenv("CULTURE_DEMO", raising=False)
    AppTest.from_file("../../survey_app.py", default_timeout=APP_TIMEOUT).run()
    assert Store().list_waves() == []


def _printed_passwords(out: str) -> dict[str, str]:
    return {
        line.split()[1]: line.rsplit(" ", 1)[1]
        for line in out.splitlines()
        if line.strip().startswith(("계정 ", "account "))
    }


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ko", "데모가 만든 데이터베이스에만"), ("en", "only into a database the demo created")],
)
def test_demo_mode_refuses_a_database_it_did_not_create(
    app_db, monkeypatch, capsys, lang, expected
):
    # A real database: an HR account locked out, a draft wave named like a demo wave.
    store = Store()
    store.add_user("hr", "hr", "correct-horse-battery")
    for _ in range(MAX_FAILURES):
        with pytest.raises(SurveyError):
            store.verify("hr", "wrong password")
    store.create_wave(DEMO_WAVES[0], "codes")
    locked = store.list_users()[0].locked_until
    assert locked is not None
    monkeypatch.setenv("CULTURE_DEMO", "on")
    monkeypatch.setenv("CULTURE_LANG", lang)
    at = AppTest.from_file("../../survey_app.py", default_timeout=APP_TIMEOUT).run()
    assert not at.exception
    assert len(at.error) == 1 and expected in at.error[0].value
    assert "Traceback" not in at.error[0].value and app_db not in at.error[0].value
    captured = capsys.readouterr()
    assert _printed_passwords(captured.out) == {}
    assert expected in captured.err
    # Nothing changed: no password reset, the lockout holds, no wave closed or added.
    assert store.list_users()[0].locked_until == locked
    assert [(w.name, w.status) for w in store.list_waves()] == [(DEMO_WAVES[0], "draft")]
    assert store.count(DEMO_WAVES[0]) == 0
    assert not demo.is_demo_database(store)


def test_demo_mode_starts_again_on_the_database_it_created(app_db, monkeypatch, capsys):
    monkeypatch.setenv("CULTURE_DEMO", "on")
    AppTest.from_file("../../survey_app.py", default_timeout=APP_TIMEOUT).run()
    first = _printed_passwords(capsys.readouterr().out)
    counts = {name: Store().count(name) for name in DEMO_WAVES}
    demo.forget()  # a new server process
    at = AppTest.from_file("../../survey_app.py", default_timeout=APP_TIMEOUT).run()
    assert not at.exception and not at.error
    second = _printed_passwords(capsys.readouterr().out)
    assert set(second) == {"hr", "youth"} and second["hr"] != first["hr"]
    store = Store()
    assert store.verify("hr", second["hr"]).role == "hr"
    assert {name: store.count(name) for name in DEMO_WAVES} == counts
