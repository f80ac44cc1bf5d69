"""Personal data in comment text: found, shown to the writer, and replaced before storage.

`find` lists the parts of a comment that look like personal data, each with
its kind, so the form can show the employee what will be masked and why
before they submit; `mask` returns the text with each part replaced by a
placeholder such as ``[전화번호]`` and the list of parts it replaced. Only
the masked text may be stored. Pure functions: no Streamlit, no storage, and
nothing here keeps or logs the text it was given.

Kinds, in the order they are looked for (a part already claimed by an earlier
kind is not claimed again):

- ``email``: an address with a dotted domain.
- ``rrn`` and ``frn``: resident and foreigner registration numbers, six digits
  of a valid date then the seventh digit (1-4: resident, 5-8: foreigner) and
  six more, with or without the hyphen, or with the last six starred.
- ``card_account``: four groups of four digits (and 4-6-5), a run of 14-16
  digits, or three or four hyphenated digit groups of 10-16 digits in all
  (Korean bank accounts), unless a year and month lead them (2024-0315-0001
  is a document number).
- ``phone``: mobile (010, 011, 016-019), Seoul and regional landlines (02,
  031-064), 070, with +82, parentheses, dots, spaces or none; nationwide
  numbers (1588-1234, but not the time range 1600-1700); extension numbers
  after 내선 or 구내 (an extension reaches one desk). Dates, amounts, room
  numbers and years do not start with 0 and are left alone.
- ``employee_id``: the organization's pattern when given, and digits written
  right after 사번, 사원번호 or 직원번호.
- ``name``: names from the staff list (full names as whole words; a given
  name followed by 씨 or 님), and Korean person names found with kiwipiepy:
  a surname-led word right before a title or honorific (과장, 대리, 님, 씨,
  ...) unless the analyser reads it as a common word (우리, 고객, 선생), a
  verb form or a number with its counter (한 번); and a three-syllable proper
  noun led by a surname, whose other syllables are usual in given names,
  followed by a particle or punctuation (김민수가). A lone given name, or a
  name without such context, is not found: the analyser's proper-noun tag
  alone also marks places, brands and terms.

Placeholders and reasons are messages of the registry (`scoring.messages`),
in Korean and English.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scoring.errors import SurveyError
from scoring.files import read_capped, utf8_line
from scoring.messages import text
from survey import settings

__all__ = [
    "KINDS",
    "MAX_STAFF_FILE_BYTES",
    "MAX_STAFF_NAME",
    "Masked",
    "Rules",
    "Span",
    "find",
    "load_staff_names",
    "mask",
    "placeholder",
    "reason",
    "rules",
]

KINDS: tuple[str, ...] = ("email", "rrn", "frn", "card_account", "phone", "employee_id", "name")
MAX_STAFF_FILE_BYTES = 2_000_000
"""The largest staff-name list read: about 100,000 names."""
MAX_STAFF_NAME = 40
"""The longest name on the list, in characters."""

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Span:
    """A part of the original text, ``text[start:end]``, that holds personal data of `kind`."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Masked:
    """The text with placeholders, and the spans of the original text they replaced."""

    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Rules:
    """What to look for besides the fixed kinds; build it once with `rules`."""

    employee: re.Pattern[str] | None
    staff: re.Pattern[str] | None
    given: re.Pattern[str] | None
    detect_names: bool


# ---------------------------------------------------------------- number patterns

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,}"
)
_REGISTRATION = re.compile(
    r"(?<!\d)(\d{2})(\d{2})(\d{2})(?:\s*[-–]\s*|\s?)([1-8])(?:\d{6}|\*{6})(?!\d)"
)
_CARD = re.compile(
    r"(?<![\d-])(?:\d{4}([-\s])\d{4}\1\d{4}\1\d{4}|\d{4}-\d{6}-\d{5}|\d{14,16})(?![\d-])"
)
_AREA = r"(?:1[016789]|2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)"
_PHONE = re.compile(
    r"(?<![\d+])(?:"
    rf"\+82[-.\s]?(?:\(0\)\s?)?{_AREA}[-.\s]?"
    rf"|\(0{_AREA}\)\s?"
    rf"|0{_AREA}(?:\)\s?|[-.\s]?)"
    r")\d{3,4}[-.\s]?\d{4}(?![-.]?\d)"
    r"|(?<![\d-])(?:15|16|18)\d{2}-\d{4}(?![-\d])"
)
_EXTENSION = re.compile(
    r"(?:내선|구내)(?:\s?전화)?(?:\s?번호)?\s?(?:은|는|이|:)?\s?(\d{3,4})(?![\d-])"
)
# Korean bank accounts have three or four groups; two (2025-001234) is a document number.
_ACCOUNT = re.compile(r"(?<![\d-])\d{2,6}(?:-\d{2,7}){2,3}(?![\d-])")
_EMPLOYEE_WORD = re.compile(
    r"(?:사번|사원\s?번호|직원\s?번호)\s?(?:은|는|이|:)?\s?[(:]?\s?"
    r"([A-Za-z]{0,3}-?\d{2,}(?:-\d+)*)(?![\d-])"
)

# ---------------------------------------------------------------- names

# The most common Korean surnames (about 99% of the population).
_SURNAMES_1 = frozenset(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진지엄채원"
    "천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉"
)
_SURNAMES_2 = ("황보", "남궁", "제갈", "선우", "독고", "사공", "서문")
_TITLES = (
    "님",
    "씨",
    "과장",
    "대리",
    "팀장",
    "부장",
    "차장",
    "실장",
    "본부장",
    "국장",
    "처장",
    "원장",
    "센터장",
    "소장",
    "사장",
    "이사",
    "상무",
    "전무",
    "주임",
    "선임",
    "책임",
    "수석",
    "사원",
    "주무관",
    "사무관",
    "서기관",
    "연구원",
    "위원",
    "선배",
    "후배",
    "선생",
    "매니저",
    "프로",
    "팀원",
    "파트장",
    "계장",
    "대표",
    "교수",
    "박사",
    "인턴",
)
_TITLE = "|".join(sorted(_TITLES, key=len, reverse=True))
_NAME_BEFORE_TITLE = re.compile(
    rf"(?<![가-힣])((?:{'|'.join(_SURNAMES_2)})[가-힣]{{1,2}}|[{''.join(sorted(_SURNAMES_1))}][가-힣]{{1,2}})"
    rf"(?=\s?(?:{_TITLE}))"
)
# Last syllables of places, organizations and languages (안양시, 강남역, 한국어): a bare
# proper noun ending in one is not taken for a name.
_NOT_NAME_END = frozenset("시도군구동읍면리역청원국부처관소사회당교항산강천로길어")
# Syllables of Korean given names: a bare proper noun (no title after it) is taken for a
# name only when its given-name part uses these (기본값, 문자열 do not).
_GIVEN_SYLLABLES = frozenset(
    "가각간감강개건걸겸경계고곤공관광교구국군권귀규균근금기길나남낭내녀노누늘다단달담당대덕도돈동"
    "두둘득라란람랑래량려력련령례로록론룡루류륜률륭름리린림립마만말매맹면명모목묘무문미민밀바박반"
    "방배백범법별병보복본봄봉부분비빈빛사산삼상새샘생서석선설섬성세소솔송수숙순술숭슬승시식신실심"
    "아안애야양언엄여연염엽영예오옥온완왕요용우욱운울웅원월위유육윤율융은을음응의이익인일임자재전"
    "정제조종주준중지직진집찬창채천철청초춘충치탁태택평표풍필하학한해행향허헌혁현협형혜호홍화환활"
    "황회효후훈휘흠흥희힘결"
)
# Syllables a particle or honorific after a name starts with (김현이, 김현님, 김현과).
_PARTICLES = "이가은는을를의에께과와도만님씨한랑"
# What may follow a bare three-syllable name: particles, the copula, punctuation.
_AFTER_NAME = ("J", "VCP", "SF", "SP", "SS", "SE")
# Tags that never fall inside a name the analyser cut into syllables: verbs, endings,
# particles, affixes, adverbs.
_NOT_IN_NAME = ("V", "E", "J", "X", "MAG")

_kiwi: Any = None
_kiwi_lock = threading.Lock()


def _tokens(value: str) -> list[Any]:
    """kiwipiepy's tokens of `value`; the analyser loads once (about a second)."""
    global _kiwi
    with _kiwi_lock:
        if _kiwi is None:
            # Imported here: loading the model costs a second, only when names are asked for.
            from kiwipiepy import Kiwi

            _kiwi = Kiwi()
        return list(_kiwi.tokenize(value))


def _surname_led(word: str) -> bool:
    if word[:2] in _SURNAMES_2:
        return 3 <= len(word) <= 4
    return word[0] in _SURNAMES_1 and len(word) == 3


def _kiwi_names(value: str) -> list[tuple[int, int]]:
    tokens = _tokens(value)
    starting = {token.start: token for token in tokens}
    found = []
    for match in _NAME_BEFORE_TITLE.finditer(value):
        start, end = match.span(1)
        first = starting.get(start)
        if first is None:
            continue
        # The analyser often cuts an unknown name into single syllables (구/혜/선); a
        # common word led by a surname's syllable (우리, 고객, 선생), a verb form
        # (알려 주는 선배), or a number with its counter (한 번 과장님께) is no name.
        inside = [t for t in tokens if start <= t.start < end]
        counted = [t.tag for t in inside] in (["MM", "NNB"], ["NR", "NNB"])
        if first.tag == "NNP" or (
            first.len == 1
            and not counted
            and not any(t.tag.startswith(_NOT_IN_NAME) for t in inside)
        ):
            found.append((start, end))
    for index, token in enumerate(tokens):
        form = token.form
        if token.tag != "NNP" or token.len != len(form) or not _surname_led(form):
            continue
        given = form[2:] if form[:2] in _SURNAMES_2 else form[1:]
        if form[-1] in _NOT_NAME_END or not set(given) <= _GIVEN_SYLLABLES:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None or following.tag.startswith(_AFTER_NAME):
            found.append((token.start, token.start + token.len))
    return found


def _time_range(number: str) -> bool:
    """1600-1700 is four to five o'clock, not a nationwide number (1600-1234 is one)."""
    parts = number.split("-")
    if len(parts) != 2 or not all(len(p) == 4 and p.isdigit() for p in parts):
        return False
    times = [(int(p[:2]), int(p[2:])) for p in parts]
    return all(h <= 24 and m <= 59 for h, m in times) and times[0] < times[1]


def _dated(number: str) -> bool:
    """A year and a month lead a document number (2024-0315-0001), not an account."""
    first, second = number.split("-")[:2]
    return len(first) == 4 and 1950 <= int(first) <= 2039 and 1 <= int(second[:2]) <= 12


# ---------------------------------------------------------------- public functions


def rules(
    staff_names: Iterable[str] = (),
    employee_pattern: str | None = None,
    *,
    detect_names: bool = True,
) -> Rules:
    """Compile what to look for besides the fixed kinds.

    Parameters
    ----------
    staff_names
        Full names of the organization's staff (Korean or not); blank lines and
        one-character entries are ignored.
    employee_pattern
        A regular expression for the organization's employee numbers (for
        example ``DF-?\\d{6}``); it is matched as a whole word.
    detect_names
        Whether to look for Korean person names with kiwipiepy too.

    Raises
    ------
    SurveyError
        When `employee_pattern` is not a valid regular expression or matches
        the empty text.
    """
    employee = None
    if employee_pattern:
        try:
            employee = re.compile(rf"(?<![A-Za-z0-9])(?:{employee_pattern})(?![A-Za-z0-9])")
        except re.error as exc:
            raise SurveyError.single(
                "masking.bad_pattern", pattern=employee_pattern, detail=str(exc)
            ) from None
        if employee.fullmatch(""):
            raise SurveyError.single(
                "masking.bad_pattern", pattern=employee_pattern, detail="matches empty text"
            )
    names = sorted({n.strip() for n in staff_names if len(n.strip()) >= 2}, key=len, reverse=True)
    staff = given = None
    if names:
        long_names = [n for n in names if len(n) >= 3]
        # A two-syllable name (김현) stands alone or before a particle, not inside a word.
        short_names = [n for n in names if len(n) < 3]
        alternatives = []
        if long_names:
            alternatives.append(f"(?:{'|'.join(map(re.escape, long_names))})")
        if short_names:
            alternatives.append(
                f"(?:{'|'.join(map(re.escape, short_names))})(?![가-힣](?<![{_PARTICLES}]))"
            )
        staff = re.compile(rf"(?<![가-힣A-Za-z])(?:{'|'.join(alternatives)})(?![A-Za-z])")
        given_names = sorted(
            {
                n[2:] if n[:2] in _SURNAMES_2 else n[1:]
                for n in long_names
                if len(n) <= 4 and re.fullmatch("[가-힣]+", n)
            },
            key=len,
            reverse=True,
        )
        if given_names:
            given = re.compile(
                rf"(?<![가-힣])(?:{'|'.join(map(re.escape, given_names))})(?=\s?(?:씨|님))"
            )
    return Rules(employee, staff, given, detect_names)


_DEFAULT = rules()


def load_staff_names(path: str | os.PathLike[str]) -> list[str]:
    """Read a staff-name list: UTF-8 text, one name a line; blank lines and ``#`` lines skipped.

    Raises
    ------
    SurveyError
        When the file is missing or unreadable, larger than
        `MAX_STAFF_FILE_BYTES`, not UTF-8 (naming the line), or holds a line
        longer than `MAX_STAFF_NAME` characters (naming the line).
    """
    source = os.fspath(path)
    data = read_capped(path, MAX_STAFF_FILE_BYTES, "masking.staff_too_big")
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SurveyError.single(
            "masking.staff_not_utf8", source=source, line=utf8_line(data, exc)
        ) from None
    names = []
    for number, line in enumerate(content.splitlines(), start=1):
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        if len(name) > MAX_STAFF_NAME:
            raise SurveyError.single(
                "masking.staff_name_too_long", source=source, line=number, limit=MAX_STAFF_NAME
            )
        names.append(name)
    return names


def find(value: str, rule: Rules | None = None) -> tuple[Span, ...]:
    """The parts of `value` that look like personal data, in text order, none overlapping."""
    rule = rule or _DEFAULT
    taken: list[Span] = []

    def claim(start: int, end: int, kind: str) -> None:
        if end > start and all(end <= s.start or start >= s.end for s in taken):
            taken.append(Span(start, end, kind))

    for match in _EMAIL.finditer(value):
        claim(*match.span(), "email")
    for match in _REGISTRATION.finditer(value):
        month, day = int(match.group(2)), int(match.group(3))
        if 1 <= month <= 12 and 1 <= day <= 31:
            claim(*match.span(), "rrn" if match.group(4) in "1234" else "frn")
    for match in _CARD.finditer(value):
        claim(*match.span(), "card_account")
    for match in _PHONE.finditer(value):
        if not _time_range(match.group()):
            claim(*match.span(), "phone")
    for match in _EXTENSION.finditer(value):
        claim(*match.span(1), "phone")
    for match in _ACCOUNT.finditer(value):
        digits = sum(c.isdigit() for c in match.group())
        if 10 <= digits <= 16 and not _dated(match.group()):
            claim(*match.span(), "card_account")
    if rule.employee is not None:
        for match in rule.employee.finditer(value):
            claim(*match.span(), "employee_id")
    for match in _EMPLOYEE_WORD.finditer(value):
        claim(*match.span(1), "employee_id")
    for pattern in (rule.staff, rule.given):
        if pattern is not None:
            for match in pattern.finditer(value):
                claim(*match.span(), "name")
    if rule.detect_names and re.search("[가-힣]", value):
        for start, end in _kiwi_names(value):
            claim(start, end, "name")
    return tuple(sorted(taken, key=lambda s: s.start))


def mask(value: str, rule: Rules | None = None, lang: str = "ko") -> Masked:
    """`value` with each part `find` lists replaced by its kind's placeholder in `lang`."""
    spans = find(value, rule)
    parts = []
    position = 0
    for span in spans:
        parts.append(value[position : span.start])
        parts.append(placeholder(span.kind, lang))
        position = span.end
    parts.append(value[position:])
    return Masked("".join(parts), spans)


def placeholder(kind: str, lang: str = "ko") -> str:
    """What replaces a part of `kind`: ``[전화번호]``, ``[phone no.]``, ..."""
    return text(f"masking.placeholder.{kind}", lang)


def reason(kind: str, lang: str = "ko") -> str:
    """Why a part of `kind` is masked, for the form's warning."""
    return text(f"masking.reason.{kind}", lang)


_CONFIGURED: dict[tuple, Rules] = {}
_CONFIGURED_LOCK = threading.Lock()


def configured() -> Rules:
    """The rules of this installation: the staff-name file (``CULTURE_STAFF_NAMES``)
    and the employee-number pattern (``CULTURE_EMPLOYEE_ID``), with name detection.

    Built once per setting value and file version (size and modification time),
    so an edited staff list takes effect without a restart. Raises
    `SurveyError` ("masking.settings_broken") when either cannot be used; the
    message names the setting, not the file's path, since it may reach an
    employee, and the detailed reason is logged for the administrator.
    """
    path = str(settings.get("staff_names"))
    pattern = str(settings.get("employee_id")) or None
    version: tuple = ()
    if path:
        try:
            stat = os.stat(path)
            version = (stat.st_size, stat.st_mtime_ns)
        except OSError:
            version = ("missing",)
    key = (path, version, pattern)
    with _CONFIGURED_LOCK:
        found = _CONFIGURED.get(key)
    if found is not None:
        return found
    try:
        names = load_staff_names(path) if path else []
        built = rules(names, pattern)
    except SurveyError as err:
        _log.error("comment masking settings unusable: %s", err.message("en"))
        raise SurveyError.single("masking.settings_broken") from None
    with _CONFIGURED_LOCK:
        _CONFIGURED.clear()  # one version at a time
        _CONFIGURED[key] = built
    return built
