"""One-time access codes: generation, normalization and salted hashing.

A code is 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
shown as ``K7M2-QX9P``. 31 characters to the 8th power gives about 8.5e11 codes,
so guessing one of a few thousand issued codes is hopeless at form speed.
Codes are stored only as HMAC-SHA256 under a random per-wave salt: a copy of
the database does not hand out redeemable codes, and the same code in two
waves hashes differently.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["ALPHABET", "LENGTH", "format_code", "hash_code", "new_code", "new_salt", "normalize"]

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
_ALLOWED = frozenset(ALPHABET)


def new_code() -> str:
    """A fresh random code in display form, e.g. ``"K7M2-QX9P"``."""
    return format_code("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def format_code(code: str) -> str:
    """Display form of a normalized code: two groups of four joined by a dash."""
    half = LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def normalize(text: str) -> str | None:
    """The code as stored before hashing, or None when it cannot be a code.

    Accepts lowercase and missing or extra dashes and spaces, as people type
    codes on phones.
    """
    code = "".join(ch for ch in text.upper() if ch not in "- \t")
    if len(code) != LENGTH or not set(code) <= _ALLOWED:
        return None
    return code


def new_salt() -> bytes:
    """A random 32-byte salt for one wave's codes."""
    return secrets.token_bytes(32)


def hash_code(salt: bytes, code: str) -> str:
    """HMAC-SHA256 of a normalized code under the wave's salt, as hex."""
    return hmac.new(salt, code.encode("ascii"), hashlib.sha256).hexdigest()
