"""Demo mode (CULTURE_DEMO=on): the first start loads the demo and prints its passwords."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from survey.cli import DEMO_WAVES
from survey.store import Store

pytestmark = pytest.mark.app


def test_demo_mode_populates_the_store_and_prints_working_passwords(app_db, monkeypatch, capsys):
    monkeypatch.setenv("CULTURE_DEMO", "on")
    at = AppTest.from_file("../../survey_app.py", default_timeout=60).run()
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
    AppTest.from_file("../../survey_app.py", default_timeout=30).run()
    assert Store().list_waves() == []
