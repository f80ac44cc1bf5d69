"""Passwords and lockout for HR and youth panel users (no Streamlit here).

Passwords are stored only as argon2id hashes (argon2-cffi's defaults, RFC 9106
low-memory profile). Five wrong passwords in a row lock the account for 15
minutes; while locked, no password is checked at all, so guessing cannot go on
in the background.
"""

from __future__ import annotations

import math
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from scoring.errors import Problem, SurveyError

__all__ = [
    "COMMON_PASSWORDS",
    "LOCKOUT",
    "MAX_FAILURES",
    "MIN_PASSWORD_LENGTH",
    "ROLES",
    "Attempt",
    "AuthError",
    "check_new_password",
    "check_password",
    "check_user",
    "generate_password",
    "hash_password",
    "is_locked",
    "needs_rehash",
    "next_attempt",
    "raise_if_locked",
    "utcnow",
]


ROLES = ("hr", "youth_panel")
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
_USER_NAME = re.compile(r"^[\w.@-]{1,64}$")

COMMON_PASSWORDS = frozenset(
    (
        "1234567890",
        "0123456789",
        "12345678910",
        "1234567890a",
        "1234567890q",
        "123456789a",
        "123456789q",
        "a123456789",
        "q123456789",
        "1q2w3e4r5t",
        "1q2w3e4r5t6y",
        "1q2w3e4r!@",
        "q1w2e3r4t5",
        "q1w2e3r4t5y6",
        "1qaz2wsx3edc",
        "qwer1234!@",
        "qwer1234!!",
        "qwerty1234",
        "qwerty12345",
        "qwerty123456",
        "qwertyuiop",
        "qwertyuiop1",
        "asdfghjkl1",
        "asdf1234!@",
        "zxcvbnm123",
        "password12",
        "password123",
        "password1234",
        "password!@",
        "password!!",
        "passw0rd12",
        "p@ssw0rd12",
        "p@ssword123",
        "p@ssw0rd123",
        "administrator",
        "admin12345",
        "admin123456",
        "admin1234!",
        "administrator1",
        "welcome123",
        "welcome1234",
        "letmein123",
        "iloveyou12",
        "iloveyou123",
        "sunshine12",
        "football12",
        "baseball12",
        "princess12",
        "dragon1234",
        "monkey1234",
        "master1234",
        "superman12",
        "trustno1234",
        "changeme12",
        "changeme123",
        "abcd123456",
        "abcdefghij",
        "abc1234567",
        "abcde12345",
        "abc123456789",
        "aa12345678",
        "11111111111",
        "0000000000",
        "1111111111",
        "1212121212",
        "1234512345",
        "1234554321",
        "0987654321",
        "9876543210",
        "5201314520",
        "sarang1234",
        "saranghae1",
        "saranghae12",
        "love123456",
        "korea12345",
        "korea123456",
        "seoul12345",
        "seoul123456",
        "busan12345",
        "samsung123",
        "samsung1234",
        "hello12345",
        "hello123456",
        "test123456",
        "testtest12",
        "guest12345",
        "user123456",
        "culture123",
        "culture1234",
        "survey1234",
        "survey12345",
    )
)
"""Common passwords of 10 or more characters (shorter ones fail the length
already): the top of public breach lists (SecLists' most common passwords) and
the Korean favourites among them (sarang, saranghae, korea, seoul)."""
_RUNS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz")

_HASHER = PasswordHasher()
# Verifying against this when the user does not exist keeps the time of a
# sign-in attempt from telling which user names exist.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))

# No look-alike characters, as the password may be read off a screen.
_PASSWORD_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ"


class AuthError(SurveyError):
    """A refused sign-in; `reason` is "invalid" or "locked"."""

    reason: str = "invalid"

    @classmethod
    def make(cls, reason: str, key: str, **params: object) -> AuthError:
        error = cls([Problem("", "", None, key, dict(params))])
        error.reason = reason
        return error


def check_user(name: str, role: str) -> None:
    """Refuse a user name people cannot type or read back, or an unknown role."""
    if not isinstance(name, str) or not _USER_NAME.match(name):
        raise SurveyError.single("auth.user_name", name=repr(name))
    if role not in ROLES:
        raise SurveyError.single("auth.role", role=repr(role))


def check_new_password(password: str, name: str | None = None) -> None:
    """Refuse a password shorter than `MIN_PASSWORD_LENGTH`, a common one, or one with the name.

    Common: in `COMMON_PASSWORDS` once lowercased, or one character repeated,
    or a run of the keyboard or the digits (NIST SP 800-63B 5.1.1.2 asks for
    a check against commonly used and expected passwords).
    """
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise SurveyError.single("auth.password_short", length=MIN_PASSWORD_LENGTH)
    folded = password.casefold()
    if folded in COMMON_PASSWORDS or len(set(folded)) <= 2 or _is_run(folded):
        raise SurveyError.single("auth.password_common")
    if name and len(name) >= 3 and name.casefold() in folded:
        raise SurveyError.single("auth.password_name")


def _is_run(folded: str) -> bool:
    """Whether the password is a stretch of a keyboard row or of the digits, either way."""
    return any(folded in row or folded in row[::-1] for row in _RUNS)


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


def raise_if_locked(locked_until: datetime | None, now: datetime) -> None:
    """Raise the "locked" `AuthError`, with the minutes left, while the account is locked."""
    if locked_until is not None and is_locked(locked_until, now):
        minutes = max(1, math.ceil((locked_until - now).total_seconds() / 60))
        raise AuthError.make("locked", "auth.locked", failures=MAX_FAILURES, minutes=minutes)


def utcnow() -> datetime:
    """The current time in UTC (a function so tests can move the clock)."""
    return datetime.now(UTC)
