"""survey.codes: the access code alphabet, format, normalization and hashing."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from survey import codes

REPO = Path(__file__).resolve().parents[2]


def test_the_alphabet_has_no_look_alikes():
    assert len(codes.ALPHABET) == len(set(codes.ALPHABET)) == 31
    for confusable in "0O1IL":
        assert confusable not in codes.ALPHABET
    assert codes.ALPHABET.upper() == codes.ALPHABET


def test_new_codes_are_two_groups_of_four():
    drawn = {codes.new_code() for _ in range(2_000)}
    assert all(re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code) for code in drawn)
    # 31^8 possibilities: 2,000 draws practically never repeat.
    assert len(drawn) == 2_000
    # Every character of the alphabet turns up in 16,000 draws.
    assert set("".join(drawn).replace("-", "")) == set(codes.ALPHABET)


def test_normalize_accepts_what_people_type_on_phones():
    assert codes.normalize("K7M2-QX9P") == "K7M2QX9P"
    assert codes.normalize("k7m2qx9p") == "K7M2QX9P"
    assert codes.normalize(" k7m2 - qx9p ") == "K7M2QX9P"
    for wrong in ("K7M2-QX9", "K7M2-QX9PP", "K7M2-QX0P", "K7M2-QXOP", "K7M2-QXIP", "", "----"):
        assert codes.normalize(wrong) is None
    assert codes.format_code("K7M2QX9P") == "K7M2-QX9P"


def test_hashes_depend_on_the_salt_and_hide_the_code():
    salt, other = codes.new_salt(), codes.new_salt()
    assert len(salt) == 32 and salt != other
    digest = codes.hash_code(salt, "K7M2QX9P")
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest == codes.hash_code(salt, "K7M2QX9P")
    assert digest != codes.hash_code(other, "K7M2QX9P")
    assert digest != codes.hash_code(salt, "K7M2QX9Q")
    # RFC 4231 test case 2 checks that this is HMAC-SHA256 and not a bare hash.
    assert (
        codes.hash_code(b"Jefe", "what do ya want for nothing?")
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )


def test_keyed_hashes_need_the_key_and_the_wave_salt():
    salt, key, other_key = codes.new_salt(), b"k" * 32, b"j" * 32
    digest = codes.keyed_hash(key, salt, "K7M2QX9P")
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest == codes.wave_hash(codes.SCHEME_KEYED, salt, "K7M2QX9P", key)
    # What the database alone gives (salt and code) does not reproduce it.
    assert digest != codes.hash_code(salt, "K7M2QX9P")
    assert digest != codes.keyed_hash(other_key, salt, "K7M2QX9P")
    assert digest != codes.keyed_hash(key, codes.new_salt(), "K7M2QX9P")
    assert codes.wave_hash(codes.SCHEME_SALT, salt, "K7M2QX9P", None) == codes.hash_code(
        salt, "K7M2QX9P"
    )
    with pytest.raises(ValueError):
        codes.wave_hash(codes.SCHEME_KEYED, salt, "K7M2QX9P", None)


def test_the_key_file_is_made_once_with_owner_only_access(tmp_path):
    path = tmp_path / "sub" / "secret.key"
    key = codes.load_key(path)
    assert len(key) == codes.KEY_BYTES == 32
    assert path.read_bytes() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Another process (a fresh cache) reads the same key instead of making one.
    codes._KEYS.clear()
    assert codes.load_key(path) == key


def test_processes_starting_together_agree_on_one_key(tmp_path):
    path = tmp_path / "secret.key"
    script = "import sys; from survey import codes; print(codes.load_key(sys.argv[1]).hex())"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        for _ in range(8)
    ]
    keys = {run.communicate(timeout=60)[0].strip() for run in runs}
    assert all(run.returncode == 0 for run in runs)
    assert keys == {path.read_bytes().hex()}


def test_a_damaged_key_file_is_refused(tmp_path):
    path = tmp_path / "secret.key"
    path.write_bytes(b"x" * 40)
    with pytest.raises(ValueError):
        codes.load_key(path)
