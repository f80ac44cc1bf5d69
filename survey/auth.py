"""Passwords and lockout for HR and youth panel users (no Streamlit here).

Passwords are stored only as argon2id hashes (argon2-cffi's defaults, RFC 9106
low-memory profile). Five wrong passwords in a row lock the account for 15
minutes; while locked, no password is checked at all, so guessing cannot go on
in the background.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

__all__ = [
    "LOCKOUT",
    "MAX_FAILURES",
    "MIN_PASSWORD_LENGTH",
    "ROLES",
    "Attempt",
    "check_password",
    "generate_password",
    "hash_password",
    "needs_rehash",
    "next_attempt",
]

ROLES = ("hr", "youth_panel")
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10

_HASHER = PasswordHasher()
# Verifying against this when the user does not exist keeps the time of a
# sign-in attempt from telling which user names exist.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))

# No look-alike characters, as the password may be read off a screen.
_PASSWORD_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ"


def hash_password(password: str) -> str:
    """The argon2id hash of a password, in PHC string form (``$argon2id$...``)."""
    return _HASHER.hash(password)


def check_password(stored_hash: str | None, password: str) -> bool:
    """Whether the password matches the hash; a None hash burns the same time."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's."""
    return _HASHER.check_needs_rehash(stored_hash)


def generate_password() -> str:
    """A random 16-character password (about 92 bits)."""
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(16))


@dataclass(frozen=True)
class Attempt:
    """What one sign-in attempt leaves behind on the user's row."""

    ok: bool
    failed_count: int
    locked_until: datetime | None


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    """Whether an account locked until ``locked_until`` is still locked at ``now``."""
    return locked_until is not None and now < locked_until


def next_attempt(
    password_ok: bool, failed_count: int, locked_until: datetime | None, now: datetime
) -> Attempt:
    """The outcome of an attempt on an account that is not locked at ``now``.

    A success clears the failures; the fifth failure in a row locks the account
    until ``now + LOCKOUT`` and starts the count again.
    """
    if password_ok:
        return Attempt(True, 0, None)
    failures = failed_count + 1
    if failures >= MAX_FAILURES:
        return Attempt(False, 0, now + LOCKOUT)
    return Attempt(False, failures, locked_until)


def utcnow() -> datetime:
    """The current time in UTC (a function so tests can move the clock)."""
    return datetime.now(UTC)
