"""survey.auth and the store's users: argon2id hashes, lockout, audit log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from scoring.errors import SurveyError
from survey import auth
from survey.store import AuthError

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture
def fast_hashing(monkeypatch):
    """Cheap argon2id parameters, so lockout tests do not spend seconds on hashing."""
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))


def test_hashes_are_argon2id_and_salted():
    first, second = auth.hash_password(PASSWORD), auth.hash_password(PASSWORD)
    assert first.startswith("$argon2id$v=19$")
    assert first != second
    assert PASSWORD not in first
    assert auth.check_password(first, PASSWORD)
    assert not auth.check_password(first, PASSWORD + "!")
    assert not auth.check_password("not a hash", PASSWORD)
    assert not auth.check_password(None, PASSWORD)
    assert not auth.needs_rehash(first)
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    assert auth.needs_rehash(weak) and auth.check_password(weak, PASSWORD)
    # RFC 9106's second recommended option (argon2-cffi's default): 64 MiB, 3 passes.
    assert "$m=65536,t=3,p=4$" in first


def test_generated_passwords_are_long_and_fresh():
    drawn = {auth.generate_password() for _ in range(200)}
    assert len(drawn) == 200
    assert all(len(p) == 16 and p.isalnum() for p in drawn)
    assert not any(ch in p for p in drawn for ch in "0O1lI")


def test_next_attempt_locks_on_the_fifth_failure():
    count, until = 0, None
    for _ in range(auth.MAX_FAILURES - 1):
        attempt = auth.next_attempt(False, count, until, NOW)
        count, until = attempt.failed_count, attempt.locked_until
        assert until is None
    assert count == 4
    locked = auth.next_attempt(False, count, until, NOW)
    assert locked.locked_until == NOW + timedelta(minutes=15)
    assert locked.failed_count == 0
    assert auth.is_locked(locked.locked_until, NOW + timedelta(minutes=14, seconds=59))
    assert not auth.is_locked(locked.locked_until, NOW + timedelta(minutes=15))
    assert auth.next_attempt(True, 3, None, NOW) == auth.Attempt(True, 0, None)


def test_users_sign_in_with_their_password(store):
    user = store.add_user("kim.hr", "hr", PASSWORD)
    assert (user.name, user.role) == ("kim.hr", "hr")
    store.add_user("청년패널", "youth_panel", PASSWORD)
    assert store.verify("kim.hr", PASSWORD).role == "hr"
    assert store.verify("청년패널", PASSWORD).role == "youth_panel"
    with store.engine.connect() as connection:
        from sqlalchemy import text

        hashes = connection.execute(text("SELECT password_hash FROM users")).scalars().all()
    assert all(h.startswith("$argon2id$") for h in hashes)


def test_wrong_password_and_unknown_user_read_the_same(fast_hashing, store):
    store.add_user("kim", "hr", PASSWORD)
    with pytest.raises(AuthError) as wrong:
        store.verify("kim", "nope nope nope")
    with pytest.raises(AuthError) as unknown:
        store.verify("lee", PASSWORD)
    assert wrong.value.reason == unknown.value.reason == "invalid"
    assert wrong.value.message("ko") == unknown.value.message("ko")


def test_five_failures_lock_for_fifteen_minutes(fast_hashing, store, monkeypatch):
    clock = [NOW]
    monkeypatch.setattr(auth, "utcnow", lambda: clock[0])
    store.add_user("kim", "hr", PASSWORD)
    store.verify("kim", PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthError) as err:
            store.verify("kim", "wrong password")
        assert err.value.reason == "invalid"
    with pytest.raises(AuthError) as fifth:
        store.verify("kim", "wrong password")
    assert fifth.value.reason == "locked"
    assert "15분" in fifth.value.message("ko")
    clock[0] = NOW + timedelta(minutes=10)
    with pytest.raises(AuthError) as still:
        store.verify("kim", PASSWORD)  # the right password does not help while locked
    assert still.value.reason == "locked"
    assert "5 minutes" in still.value.message("en")
    assert store.list_users()[0].locked_until == NOW + timedelta(minutes=15)
    clock[0] = NOW + timedelta(minutes=15)
    assert store.verify("kim", PASSWORD).name == "kim"
    assert store.list_users()[0].locked_until is None


def test_a_success_resets_the_failure_count(fast_hashing, store):
    store.add_user("kim", "hr", PASSWORD)
    for _ in range(3):
        with pytest.raises(AuthError):
            store.verify("kim", "wrong password")
    store.verify("kim", PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthError) as err:
            store.verify("kim", "wrong password")
        assert err.value.reason == "invalid"


def test_set_password_lifts_the_lock(fast_hashing, store):
    store.add_user("kim", "hr", PASSWORD)
    for _ in range(5):
        with pytest.raises(AuthError):
            store.verify("kim", "wrong password")
    store.set_password("kim", "a new long password")
    assert store.verify("kim", "a new long password").name == "kim"
    with pytest.raises(SurveyError, match="nobody"):
        store.set_password("nobody", "a new long password")


@pytest.mark.parametrize(
    ("name", "role", "password"),
    [
        ("kim", "admin", PASSWORD),
        ("kim lee", "hr", PASSWORD),
        ("", "hr", PASSWORD),
        ("x" * 65, "hr", PASSWORD),
        ("kim", "hr", "short"),
    ],
)
def test_bad_users_are_refused(fast_hashing, store, name, role, password):
    with pytest.raises(SurveyError):
        store.add_user(name, role, password)
    assert store.list_users() == []


def test_a_user_name_is_taken_once(fast_hashing, store):
    store.add_user("kim", "hr", PASSWORD)
    with pytest.raises(SurveyError, match="이미 있습니다"):
        store.add_user("kim", "youth_panel", PASSWORD)
    assert [u.role for u in store.list_users()] == ["hr"]


def test_the_audit_log_records_who_opened_what(store, monkeypatch):
    times = iter([NOW, NOW + timedelta(seconds=5)])
    monkeypatch.setattr(auth, "utcnow", lambda: next(times))
    store.audit("kim", "open_report", {"page": "overview", "wave": "2025-H2"})
    store.audit("lee", "export", {"format": "xlsx", "filter": {"dept": "d1"}})
    entries = store.list_audit()
    assert [(e.user, e.action) for e in entries] == [("lee", "export"), ("kim", "open_report")]
    assert entries[0].detail == {"format": "xlsx", "filter": {"dept": "d1"}}
    assert entries[1].at == NOW
    assert entries[0].at.tzinfo is not None
    assert len(store.list_audit(limit=1)) == 1
