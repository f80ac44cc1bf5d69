"""Every setting of the application, declared once.

Each setting has a short name, the environment variable that sets it, a default
and a help line in Korean and English. Values are read from the environment at
call time, not import time, so tests and the Streamlit test harness can change
them between runs. A test checks that every environment variable here is
documented in the README.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scoring.cli_i18n import LANG_ENV  # also registers the message of a bad CULTURE_LANG
from scoring.errors import SurveyError

__all__ = ["REPO_ROOT", "Setting", "get", "settings_table"]

REPO_ROOT = Path(__file__).resolve().parent.parent


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _text(raw: str) -> str:
    return raw.strip()


def _flag(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError("switch")


def _positive_int(raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ValueError("integer") from None
    if value < 1:
        raise ValueError("positive")
    return value


def _optional(raw: str) -> str:
    """A text that may be switched off: "off" (or empty) gives the empty text."""
    value = raw.strip()
    return "" if value.lower() in _FALSE | {"none"} else value


def _roles(raw: str) -> frozenset[str]:
    """Roles as a comma-separated list ("hr,youth_panel"); "off" (or empty) for none."""
    value = raw.strip().lower()
    if value in _FALSE | {"none"}:
        return frozenset()
    roles = frozenset(part.strip() for part in value.split(",") if part.strip())
    unknown = roles - {"hr", "youth_panel"}
    if unknown:
        raise ValueError("roles")
    return roles


def _terms(raw: str) -> tuple[str, ...]:
    """Comma-separated words; "off" (or empty) for none."""
    value = raw.strip()
    if value.lower() in _FALSE | {"none"}:
        return ()
    return tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))


def _lang(raw: str) -> str:
    value = raw.strip().lower()
    if value not in ("ko", "en"):
        raise ValueError("lang")
    return value


@dataclass(frozen=True)
class Setting:
    """One setting: its name, environment variable, default and help."""

    name: str
    env: str
    default: str
    help_ko: str
    help_en: str
    parse: Callable[[str], object] = _text

    def value(self) -> object:
        """The current value: the environment variable if set, else the default."""
        raw = os.environ.get(self.env)
        if raw is None:
            return self.parse(self.default)
        try:
            return self.parse(raw)
        except ValueError as exc:
            raise SurveyError.single(f"settings.invalid.{exc}", env=self.env, value=raw) from None


_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db_url",
        "CULTURE_DB_URL",
        f"sqlite:///{REPO_ROOT / 'data' / 'culture.db'}",
        "데이터베이스 주소(SQLAlchemy URL). 기본값은 저장소의 data/culture.db SQLite 파일이며, "
        "PostgreSQL은 postgresql+psycopg://사용자@호스트/DB 형식입니다.",
        "Database address (SQLAlchemy URL). Defaults to the SQLite file data/culture.db in the "
        "repository; PostgreSQL is postgresql+psycopg://user@host/db.",
    ),
    Setting(
        "survey",
        "CULTURE_SURVEY",
        str(REPO_ROOT / "questions.yaml"),
        "설문 정의 파일(YAML) 경로. 기본값은 저장소의 questions.yaml입니다.",
        "Path of the survey definition (YAML). Defaults to questions.yaml in the repository.",
    ),
    Setting(
        "lang",
        LANG_ENV,
        "ko",
        "기본 언어(ko 또는 en). 화면과 관리 명령의 도움말에 쓰입니다.",
        "Default language (ko or en) of the pages and the admin command's help.",
        _lang,
    ),
    Setting(
        "demo",
        "CULTURE_DEMO",
        "off",
        "on이면 데모 차수와 데모 계정(hr, youth)을 만들어 바로 둘러볼 수 있게 합니다.",
        "When on, loads the demo waves and demo accounts (hr, youth) so a newcomer can look "
        "around at once.",
        _flag,
    ),
    Setting(
        "staff_names",
        "CULTURE_STAFF_NAMES",
        "off",
        "직원 이름 목록 파일(UTF-8, 한 줄에 한 명) 경로. 서술형 의견에 적힌 이 이름들은 저장 전에 "
        "[이름]으로 가려집니다. off이면 목록 없이 한국어 이름 인식만 씁니다.",
        "Path of a staff-name list (UTF-8, one name a line). These names are masked as [name] "
        "in comments before they are stored. off: only Korean name detection is used.",
        _optional,
    ),
    Setting(
        "employee_id",
        "CULTURE_EMPLOYEE_ID",
        "off",
        "사번 형식(정규식, 예: DF-?\\d{6}). 서술형 의견에 적힌 사번은 저장 전에 [사번]으로 "
        "가려집니다. off이면 사번은 찾지 않습니다.",
        "Pattern of employee numbers (a regular expression, e.g. DF-?\\d{6}). They are "
        "masked as [employee no.] in comments before they are stored. off: not looked for.",
        _optional,
    ),
    Setting(
        "comment_export",
        "CULTURE_COMMENT_EXPORT",
        "off",
        "서술형 의견을 CSV로 내려받을 수 있는 역할(쉼표로 구분: hr, youth_panel). 기본값 off는 "
        "아무도 내려받을 수 없고 화면에서만 읽습니다.",
        "Roles that may download comments as CSV (comma-separated: hr, youth_panel). The "
        "default, off, lets nobody download them: comments are read on screen only.",
        _roles,
    ),
    Setting(
        "microdata_roles",
        "CULTURE_MICRODATA_ROLES",
        "off",
        "응답 마이크로데이터(k-익명 Parquet)를 내보낼 수 있는 역할(쉼표로 구분, 명령줄은 admin). "
        "기본값 off는 아무도 내보낼 수 없습니다.",
        "Roles that may export response microdata (k-anonymous Parquet; comma-separated, the "
        "command line is admin). The default, off, lets nobody export it.",
        _optional,
    ),
    Setting(
        "theme_terms",
        "CULTURE_THEME_TERMS",
        "off",
        "의견 주제 분석에서 한 단어로 다룰 기관 고유 용어(쉼표로 구분, 예: 주니어보드,스마트시티).",
        "The organization's own terms that comment themes treat as one word (comma-separated, "
        "e.g. 주니어보드,스마트시티).",
        _terms,
    ),
    Setting(
        "comment_min",
        "CULTURE_COMMENT_MIN",
        "10",
        "서술형 의견 목록(차수 전체, 청년, 그 외)마다 필요한 최소 작성자 수(익명성 기준 k와 별도).",
        "Fewest writers each comment list (whole wave, young, rest) needs before it is shown "
        "(separate from the anonymity threshold k).",
        _positive_int,
    ),
    Setting(
        "session_idle_min",
        "CULTURE_SESSION_IDLE_MIN",
        "30",
        "로그인 세션이 만료되기까지의 유휴 시간(분).",
        "Idle minutes after which a signed-in session expires.",
        _positive_int,
    ),
    Setting(
        "secret_file",
        "CULTURE_SECRET_FILE",
        str(REPO_ROOT / "data" / "secret.key"),
        "접근 코드 해시의 비밀 키 파일. 처음 쓸 때 만들어지며(권한 0600), 데이터베이스와 "
        "따로 보관해야 합니다. 잃어버리면 진행 중인 차수의 코드를 쓸 수 없습니다.",
        "The secret key file of the access code hashes. Made on first use (mode 0600); keep "
        "it apart from the database. Losing it makes the codes of open waves unusable.",
    ),
    Setting(
        "code_cooldown",
        "CULTURE_CODE_COOLDOWN",
        "10",
        "한 브라우저 세션에서 잘못된 접근 코드를 이 횟수만큼 입력하면 잠시 기다리게 합니다.",
        "Wrong access codes from one browser session after which it must wait before trying again.",
        _positive_int,
    ),
    Setting(
        "code_wait",
        "CULTURE_CODE_WAIT_S",
        "60",
        "잘못된 코드를 너무 많이 입력한 브라우저 세션이 기다리는 시간(초).",
        "Seconds a browser session waits after too many wrong access codes.",
        _positive_int,
    ),
    Setting(
        "code_wave_limit",
        "CULTURE_CODE_WAVE_LIMIT",
        "200",
        "한 차수에서 15분 구간마다 받아들이는 잘못된 접근 코드 수. 넘으면 그 구간이 끝날 "
        "때까지 그 차수의 모든 코드 입력이 기다립니다(세션과 무관하며 입력한 사람에 대해서는 "
        "아무것도 저장하지 않습니다).",
        "Wrong access codes a wave takes in each 15-minute window; beyond it every code entry "
        "of that wave waits until the window ends (across all sessions; nothing about who "
        "entered them is stored).",
        _positive_int,
    ),
)

_BY_KEY: dict[str, Setting] = {s.name: s for s in _SETTINGS} | {s.env: s for s in _SETTINGS}


def settings_table() -> tuple[Setting, ...]:
    """Every setting, in documentation order."""
    return _SETTINGS


def get(name: str) -> object:
    """The current value of a setting, by short name (``"db_url"``) or variable.

    Values are typed: ``demo`` is a bool, the counts are ints, the rest strings.
    Raises `SurveyError` for an unknown name or an unusable environment value.
    """
    setting = _BY_KEY.get(name)
    if setting is None:
        raise SurveyError.single("settings.unknown", name=name)
    return setting.value()
