"""One-time access codes: generation, normalization and keyed hashing.

A code is 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
shown as ``K7M2-QX9P``. 31 characters to the 8th power gives about 8.5e11 codes,
so guessing one of a few thousand issued codes is hopeless at form speed.

Codes are stored only as ``HMAC-SHA256(key, wave salt + code)``. The salt sits
in the database (the same code in two waves hashes differently); the key sits
in a file outside it (the ``CULTURE_SECRET_FILE`` setting), made on first use.
So a copy of the database, even together with the list of issued codes, does
not tell which stored hash belongs to which code: that takes the key as well.
Waves created before the key existed keep their first scheme, HMAC under the
salt alone (`hash_code`), so their codes still work.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from pathlib import Path

__all__ = [
    "ALPHABET",
    "KEY_BYTES",
    "LENGTH",
    "SCHEME_KEYED",
    "SCHEME_SALT",
    "format_code",
    "hash_code",
    "keyed_hash",
    "load_key",
    "new_code",
    "new_salt",
    "normalize",
    "wave_hash",
]

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
_ALLOWED = frozenset(ALPHABET)
KEY_BYTES = 32
SCHEME_SALT = 1
"""Hash scheme of waves made before the key file: HMAC under the wave's salt."""
SCHEME_KEYED = 2
"""Hash scheme of new waves: HMAC under the key file, of the wave's salt and the code."""
_KEYS: dict[str, bytes] = {}
_KEYS_LOCK = threading.Lock()
# How long a reader waits for a key file that another process is still writing.
_KEY_WAIT_S = 2.0


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


def keyed_hash(key: bytes, salt: bytes, code: str) -> str:
    """HMAC-SHA256 under the secret key of the wave's salt followed by the code, as hex."""
    return hmac.new(key, salt + code.encode("ascii"), hashlib.sha256).hexdigest()


def wave_hash(scheme: int, salt: bytes, code: str, key: bytes | None) -> str:
    """The stored hash of a normalized code in a wave of the given hash scheme."""
    if scheme == SCHEME_SALT:
        return hash_code(salt, code)
    if key is None:
        raise ValueError("the keyed scheme needs the key")
    return keyed_hash(key, salt, code)


def load_key(path: str | os.PathLike[str]) -> bytes:
    """The secret key in `path`, made there (32 random bytes, mode 0600) if it is missing.

    Race-safe across processes: the file is created with ``O_CREAT | O_EXCL``,
    so of several processes starting at once exactly one writes it and the
    others read what it wrote. Raises `OSError` when the file cannot be made
    or read, `ValueError` when it does not hold exactly 32 bytes.
    """
    name = os.fspath(path)
    with _KEYS_LOCK:
        key = _KEYS.get(name)
        if key is None:
            key = _read_or_make(Path(name))
            _KEYS[name] = key
        return key


def _read_or_make(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    key = secrets.token_bytes(KEY_BYTES)
    try:
        os.write(handle, key)
        os.fsync(handle)
    finally:
        os.close(handle)
    return key


def _read_key(path: Path) -> bytes:
    # Another process may have created the file and not yet written it.
    deadline = time.monotonic() + _KEY_WAIT_S
    while True:
        key = path.read_bytes()
        if len(key) == KEY_BYTES:
            return key
        if len(key) > KEY_BYTES or time.monotonic() > deadline:
            raise ValueError(f"{path} does not hold a {KEY_BYTES}-byte key")
        time.sleep(0.01)
