"""Users: accounts, passwords and lockout, staff sessions, the audit log."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from scoring.errors import SurveyError
from survey import auth
from survey.db import audit_log, staff_sessions, users
from survey.store_base import _utc

__all__ = ["AuditEntry", "User", "UsersMixin"]


@dataclass(frozen=True)
class User:
    """A signed-in person of HR or the youth panel."""

    name: str
    role: str
    locked_until: datetime | None = None
    disabled: bool = False
    must_change: bool = False


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: who did what, when (never about respondents)."""

    at: datetime
    user: str
    action: str
    detail: dict[str, Any] | None


class UsersMixin:
    """`Store`'s HR and youth panel users, their sessions and what they did."""

    def add_user(self, name: str, role: str, password: str, must_change: bool = False) -> User:
        """Create a user with an argon2id-hashed password.

        With `must_change` the password is a one-time one: the user chooses
        their own at the first sign-in.
        """
        auth.check_user(name, role)
        auth.check_new_password(password, name)
        try:
            with self._write() as connection:
                connection.execute(
                    insert(users).values(
                        name=name,
                        role=role,
                        password_hash=auth.hash_password(password),
                        failed_count=0,
                        locked_until=None,
                        disabled=False,
                        must_change=must_change,
                    )
                )
        except IntegrityError:
            raise SurveyError.single("auth.user_exists", name=name) from None
        return User(name, role, must_change=must_change)

    def set_password(self, name: str, password: str, must_change: bool = False) -> None:
        """Replace a user's password and lift any lockout.

        With `must_change` the password is a one-time one (a reset): the
        user must choose their own at the next sign-in.
        """
        auth.check_new_password(password, name)
        self._update_user(
            name,
            password_hash=auth.hash_password(password),
            failed_count=0,
            locked_until=None,
            must_change=must_change,
        )
        # Whoever held the old password may hold a session too.
        self.end_sessions(name)

    def reset_password(self, name: str) -> str:
        """Give a user a generated one-time password (returned once) and lift any lockout."""
        password = auth.generate_password()
        self.set_password(name, password, must_change=True)
        return password

    def change_password(self, name: str, current: str, new: str) -> None:
        """A user changes their own password, proving the current one first.

        Raises `AuthError` ("invalid") for a wrong current password (counted
        like a wrong sign-in), `SurveyError` for a new password that is too
        short, common, the user name, or the current one again.
        """
        auth.check_new_password(new, name)
        if new == current:
            raise SurveyError.single("auth.password_same")
        self.verify(name, current)
        self.set_password(name, new)

    def set_disabled(self, name: str, disabled: bool = True) -> None:
        """Disable an account (no sign-in, sessions end) or enable it again."""
        self._update_user(name, disabled=disabled)
        if disabled:
            self.end_sessions(name)

    def unlock(self, name: str) -> None:
        """Lift a lockout after wrong passwords, keeping the password."""
        self._update_user(name, failed_count=0, locked_until=None)

    def _update_user(self, name: str, **values: Any) -> None:
        with self._write() as connection:
            result = connection.execute(update(users).where(users.c.name == name).values(**values))
            if result.rowcount != 1:
                raise SurveyError.single("auth.user_unknown", name=name)

    def verify(self, name: str, password: str) -> User:
        """Check a sign-in; the fifth failure in a row locks the account for 15 minutes.

        Raises `AuthError` ("invalid" for an unknown name or a wrong password
        alike, "locked" while locked).
        """
        now = auth.utcnow()
        with self._read() as connection:
            row = connection.execute(select(users).where(users.c.name == name)).first()
        if row is None or row.disabled:
            # A disabled account reads as a wrong password and costs the same time.
            auth.check_password(None, password)
            raise auth.AuthError.make("invalid", "auth.invalid")
        auth.raise_if_locked(_utc(row.locked_until), now)
        ok = auth.check_password(row.password_hash, password)
        with self._write() as connection:
            current = connection.execute(
                select(users).where(users.c.name == name).with_for_update()
            ).first()
            if current is None:
                raise auth.AuthError.make("invalid", "auth.invalid")
            auth.raise_if_locked(_utc(current.locked_until), now)
            attempt = auth.next_attempt(ok, current.failed_count, _utc(current.locked_until), now)
            values: dict[str, Any] = {
                "failed_count": attempt.failed_count,
                "locked_until": attempt.locked_until,
            }
            if ok and auth.needs_rehash(current.password_hash):
                values["password_hash"] = auth.hash_password(password)
            connection.execute(update(users).where(users.c.name == name).values(**values))
        if not attempt.ok:
            if attempt.locked_until is not None:
                auth.raise_if_locked(attempt.locked_until, now)
            raise auth.AuthError.make("invalid", "auth.invalid")
        return User(current.name, current.role, None, bool(current.disabled), current.must_change)

    def list_users(self) -> list[User]:
        """Every user, by name."""
        with self._read() as connection:
            rows = connection.execute(select(users).order_by(users.c.name)).all()
        return [
            User(r.name, r.role, _utc(r.locked_until), bool(r.disabled), bool(r.must_change))
            for r in rows
        ]

    def audit(
        self,
        user: str,
        action: str,
        detail: Mapping[str, Any] | None = None,
        at: datetime | None = None,
    ) -> None:
        """Record that an HR or youth panel user did something (opened, filtered, exported).

        `at` is the moment recorded (default: now); a scheduled change records
        its scheduled moment, not the request that happened to apply it.
        """
        with self._write() as connection:
            connection.execute(
                insert(audit_log).values(
                    at=at or auth.utcnow(),
                    user_name=user,
                    action=action,
                    detail=None if detail is None else dict(detail),
                )
            )

    def list_audit(self, limit: int = 500) -> list[AuditEntry]:
        """The newest audit entries first."""
        with self._read() as connection:
            rows = connection.execute(
                select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
            ).all()
        return [AuditEntry(_utc(r.at), r.user_name, r.action, r.detail) for r in rows]

    # ------------------------------------------------------------ staff sessions
    #
    # A signed-in session shared by a person's tabs (survey.session). The
    # browser holds a random 256-bit token; the table holds its SHA-256 (a
    # random token needs no slow hash), the account's name and the minute the
    # session ends without activity. Deleting the row ends it in every tab.

    def open_session(self, name: str, now: datetime, idle_minutes: int) -> str:
        """Start a session for user `name`; returns the token (to the browser, never stored)."""
        token = secrets.token_urlsafe(32)
        with self._write() as connection:
            # Expired rows of anyone go now: they are of no use to anybody.
            connection.execute(staff_sessions.delete().where(staff_sessions.c.expires_at <= now))
            connection.execute(
                insert(staff_sessions).values(
                    token_hash=_token_hash(token),
                    user_name=name,
                    expires_at=_session_end(now, idle_minutes),
                )
            )
        return token

    def session_user(
        self, token: object, now: datetime, idle_minutes: int, touch: bool = True
    ) -> User | None:
        """The user of a live session token, counting this as activity; None otherwise.

        None for anything that is not a token of a session that has not
        expired, whose account exists and is not disabled; an expired
        session's row is deleted. With `touch` the session's end moves to
        `idle_minutes` after `now`, at most once a minute, so a busy page does
        not write on every run; without it this only looks.
        """
        if not isinstance(token, str) or not 20 <= len(token) <= 100:
            return None
        key = _token_hash(token)
        with self._read() as connection:
            row = connection.execute(
                select(staff_sessions.c.expires_at, users)
                .join(users, users.c.name == staff_sessions.c.user_name)
                .where(staff_sessions.c.token_hash == key)
            ).first()
        if row is None:
            return None
        if row.disabled or _utc(row.expires_at) <= now:
            self._end_session_hash(key)
            return None
        end = _session_end(now, idle_minutes)
        if touch and end - _utc(row.expires_at) >= timedelta(minutes=1):
            with self._write() as connection:
                connection.execute(
                    update(staff_sessions)
                    .where(staff_sessions.c.token_hash == key)
                    .values(expires_at=end)
                )
        return User(row.name, row.role, None, bool(row.disabled), bool(row.must_change))

    def end_session(self, token: object) -> None:
        """End one session (signing out): every tab holding its token is signed out."""
        if isinstance(token, str):
            self._end_session_hash(_token_hash(token))

    def end_sessions(self, name: str) -> None:
        """End every session of user `name` (disabled, password changed)."""
        with self._write() as connection:
            connection.execute(staff_sessions.delete().where(staff_sessions.c.user_name == name))

    def _end_session_hash(self, key: str) -> None:
        with self._write() as connection:
            connection.execute(staff_sessions.delete().where(staff_sessions.c.token_hash == key))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _session_end(now: datetime, idle_minutes: int) -> datetime:
    """When a session active at `now` ends: `idle_minutes` later, down to the minute."""
    return (now + timedelta(minutes=idle_minutes)).replace(second=0, microsecond=0)
