"""survey.codes: the access code alphabet, format, normalization and hashing."""

from __future__ import annotations

import re

from survey import codes


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
