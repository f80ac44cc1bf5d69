"""survey/demo.py: demo mode claims only an empty database and refuses any other."""

from __future__ import annotations

import pytest

from scoring.errors import SurveyError
from survey import demo


def test_an_empty_database_is_claimed_with_a_marker(store):
    assert not demo.is_demo_database(store)
    demo.claim(store)
    assert demo.is_demo_database(store)
    entries = store.list_audit()
    assert [(e.user, e.action) for e in entries] == [(demo.MARKER_USER, demo.MARKER_ACTION)]


def test_a_claimed_database_is_accepted_again_without_a_second_marker(store):
    demo.claim(store)
    store.create_wave("2025-H1", "codes")
    store.add_user("hr", "hr", "correct-horse-battery")
    demo.claim(store)
    markers = [e for e in store.list_audit() if e.action == demo.MARKER_ACTION]
    assert len(markers) == 1


@pytest.mark.parametrize("content", ["wave", "user", "audit"])
def test_a_database_holding_anything_without_the_marker_is_refused(store, content):
    if content == "wave":
        store.create_wave("2025-H1", "codes")
    elif content == "user":
        store.add_user("hr", "hr", "correct-horse-battery")
    else:
        store.audit("hr_kim", "export.xlsx")
    before = store.list_audit()
    with pytest.raises(SurveyError) as caught:
        demo.claim(store)
    assert [p.key for p in caught.value.problems] == ["demo.refused"]
    assert not demo.is_demo_database(store)
    assert store.list_audit() == before


def test_the_refusal_reads_in_both_languages():
    err = SurveyError.single("demo.refused")
    assert "데모가 만든 데이터베이스에만" in err.message("ko")
    assert "only into a database the demo created" in err.message("en")
