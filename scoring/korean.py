"""Korean particles that fit the word before them.

A Korean template names a particle pair where the word before it is filled in
at run time: ``"차수 {name}을(를) 열었습니다"``. `particles` replaces each pair
with the form the filled-in word takes, so people read "차수 2025-H1을 열었습니다"
and "사용자 hr의 비밀번호" instead of a pair in brackets. The pairs are 을(를),
이(가), 은(는), 과(와) and (으)로, written either way round.

The word's last sound decides: a Hangul syllable by its final consonant
(받침); a digit as it is read in Korean (1 일, 3 삼, 6 육, 7 칠, 8 팔, 0 영
end in a consonant; 2 이, 4 사, 5 오, 9 구 do not); a Latin letter by how
Korean speakers end an English word (l, m, n, r, and -ng end in a consonant).
Closing quotes and brackets after the word are skipped. (으)로 takes 로 after a
vowel and after ㄹ (서울로, 1로, 7로), 으로 after other consonants.
"""

from __future__ import annotations

import re

__all__ = ["final_consonant", "particles"]

# (with a final consonant, without one) for each pair, in both written orders.
_PAIRS = {
    "을(를)": ("을", "를"),
    "를(을)": ("을", "를"),
    "이(가)": ("이", "가"),
    "가(이)": ("이", "가"),
    "은(는)": ("은", "는"),
    "는(은)": ("은", "는"),
    "과(와)": ("과", "와"),
    "와(과)": ("과", "와"),
    "(으)로": ("으로", "로"),
}
_PATTERN = re.compile("|".join(re.escape(pair) for pair in _PAIRS))
_SKIPPED = set("'\"’”)]}>」』》〉 ")
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # the index of ㄹ among the final consonants
# Digits as read in Korean: None without a final consonant, else whether it is ㄹ.
_DIGITS = {
    "0": False,
    "1": True,
    "2": None,
    "3": False,
    "4": None,
    "5": None,
    "6": False,
    "7": True,
    "8": True,
    "9": None,
}


def final_consonant(word: str) -> tuple[bool, bool]:
    """Whether ``word`` ends in a consonant sound, and whether that consonant is ㄹ.

    An empty word, or one that ends in anything but Hangul, a digit or a
    Latin letter, counts as ending in a vowel.
    """
    for char in reversed(word):
        if char in _SKIPPED:
            continue
        code = ord(char)
        if _HANGUL_FIRST <= code <= _HANGUL_LAST:
            final = (code - _HANGUL_FIRST) % 28
            return final != 0, final == _RIEUL
        if char in _DIGITS:
            rieul = _DIGITS[char]
            return rieul is not None, bool(rieul)
        lower = char.lower()
        if "a" <= lower <= "z":
            if lower == "g" and word.lower().rstrip("".join(_SKIPPED)).endswith("ng"):
                return True, False
            return lower in "lmnr", lower == "l"
        return False, False
    return False, False


def particles(text: str) -> str:
    """``text`` with every particle pair replaced by the form its word takes."""
    if "(" not in text:
        return text

    def choose(match: re.Match[str]) -> str:
        consonant, rieul = final_consonant(text[: match.start()])
        with_final, without = _PAIRS[match.group()]
        if match.group() == "(으)로":
            return without if not consonant or rieul else with_final
        return with_final if consonant else without

    return _PATTERN.sub(choose, text)
