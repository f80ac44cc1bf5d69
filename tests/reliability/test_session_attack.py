"""Staff session tokens under attack: forged, stolen, expired, of a disabled account (issue 13).

What it attacks: `Store.open_session` / `session_user` / `end_session`, the
``staff_sessions`` table behind the cookie that keeps staff signed in across
tabs (`survey.session`), on SQLite and PostgreSQL.

- A forged token (random, empty, not a string, far too long, the stored hash
  itself) gets no user.
- A stolen token stops working once its owner signs out, once the session
  has been idle longer than the limit, once the account is disabled, and
  once the password is changed or reset, and it never comes back when the
  account is enabled again.
- The table and the database file hold no token, only its SHA-256, with the
  user name and the end to the minute: no address, no browser, no sign-in time.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from survey.db import staff_sessions
from survey.store import Store

pytestmark = pytest.mark.reliability

NAME, PASSWORD = "hr_session", "correct-horse-battery"
NOW = datetime(2026, 9, 1, 9, 0, 30, tzinfo=UTC)
IDLE = 30


@pytest.fixture
def signed_in(store: Store) -> tuple[Store, str]:
    store.add_user(NAME, "hr", PASSWORD)
    return store, store.open_session(NAME, NOW, IDLE)


def test_forged_tokens_get_no_user(signed_in: tuple[Store, str]) -> None:
    store, token = signed_in
    stored = hashlib.sha256(token.encode()).hexdigest()
    for forged in [
        secrets.token_urlsafe(32),
        "",
        None,
        12345,
        ["a"] * 40,
        "x" * 10_000,
        stored,  # the table's value is no key
        token[:-1],
        token.upper() if token.upper() != token else token.lower(),
    ]:
        assert store.session_user(forged, NOW, IDLE) is None, forged
    assert store.session_user(token, NOW, IDLE).name == NAME


def test_a_stolen_token_ends_with_sign_out(signed_in: tuple[Store, str]) -> None:
    store, token = signed_in
    other = store.open_session(NAME, NOW, IDLE)  # the same person on another device
    store.end_session(token)
    assert store.session_user(token, NOW, IDLE) is None
    assert store.session_user(other, NOW, IDLE) is not None


def test_a_stolen_token_expires_when_idle(signed_in: tuple[Store, str]) -> None:
    store, token = signed_in
    # Activity moves the end forward...
    later = NOW + timedelta(minutes=IDLE - 1)
    assert store.session_user(token, later, IDLE) is not None
    assert store.session_user(token, later + timedelta(minutes=IDLE - 1), IDLE) is not None
    # ...idleness beyond the limit ends it, and the row goes.
    gone = later + timedelta(minutes=2 * IDLE)
    assert store.session_user(token, gone, IDLE) is None
    assert _rows(store) == []
    # Looking without touching does not keep a session alive.
    fresh = store.open_session(NAME, NOW, IDLE)
    for minutes in (10, 20, 29):
        assert store.session_user(fresh, NOW + timedelta(minutes=minutes), 0, touch=False)
    assert store.session_user(fresh, NOW + timedelta(minutes=IDLE), IDLE) is None


def test_disabling_ends_every_session_for_good(signed_in: tuple[Store, str]) -> None:
    store, token = signed_in
    other = store.open_session(NAME, NOW, IDLE)
    store.set_disabled(NAME)
    assert store.session_user(token, NOW, IDLE) is None
    assert store.session_user(other, NOW, IDLE) is None
    store.set_disabled(NAME, False)
    assert store.session_user(token, NOW, IDLE) is None
    assert _rows(store) == []


@pytest.mark.parametrize("how", ["change", "reset", "set"])
def test_a_new_password_ends_every_session(signed_in: tuple[Store, str], how: str) -> None:
    store, token = signed_in
    if how == "change":
        store.change_password(NAME, PASSWORD, "another-long-phrase-42")
    elif how == "reset":
        store.reset_password(NAME)
    else:
        store.set_password(NAME, "another-long-phrase-42")
    assert store.session_user(token, NOW, IDLE) is None


def test_the_table_holds_no_token(signed_in: tuple[Store, str]) -> None:
    store, token = signed_in
    columns = {c["name"] for c in inspect(store.engine).get_columns("staff_sessions")}
    assert columns == {"token_hash", "user_name", "expires_at"}
    rows = _rows(store)
    assert len(rows) == 1
    stored, name, ends = rows[0]
    assert stored == hashlib.sha256(token.encode()).hexdigest() and name == NAME
    assert token not in stored
    # The end is to the minute: no second that could be matched to a request log.
    ends = ends if ends.tzinfo else ends.replace(tzinfo=UTC)
    assert ends.second == 0 and ends.microsecond == 0
    assert ends == (NOW + timedelta(minutes=IDLE)).replace(second=0, microsecond=0)
    if store.engine.dialect.name == "sqlite":
        database = Path(store.engine.url.database)
        files = [database, database.with_name(database.name + "-wal")]
        raw = b"".join(p.read_bytes() for p in files if p.exists())
        assert token.encode() not in raw


def _rows(store: Store) -> list[tuple]:
    with store.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(select(staff_sessions)).all()]
