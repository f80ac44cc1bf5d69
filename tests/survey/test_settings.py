"""survey.settings: one table of settings, read from the environment at call time."""

from __future__ import annotations

import pytest

from scoring.errors import SurveyError
from survey import settings

EXPECTED = {
    "CULTURE_DB_URL",
    "CULTURE_SURVEY",
    "CULTURE_LANG",
    "CULTURE_DEMO",
    "CULTURE_COMMENT_MIN",
    "CULTURE_SESSION_IDLE_MIN",
    "CULTURE_CODE_COOLDOWN",
    "CULTURE_SECRET_FILE",
    "CULTURE_CODE_WAIT_S",
    "CULTURE_CODE_WAVE_LIMIT",
    "CULTURE_STAFF_NAMES",
    "CULTURE_EMPLOYEE_ID",
    "CULTURE_COMMENT_EXPORT",
    "CULTURE_THEME_TERMS",
    "CULTURE_MICRODATA_ROLES",
}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for setting in settings.settings_table():
        monkeypatch.delenv(setting.env, raising=False)


def test_the_table_declares_every_setting_once_with_help():
    table = settings.settings_table()
    assert {s.env for s in table} == EXPECTED
    assert len({s.name for s in table}) == len(table)
    for setting in table:
        assert setting.env.startswith("CULTURE_")
        assert setting.help_ko and setting.help_en and setting.default != ""


def test_defaults():
    assert settings.get("db_url") == f"sqlite:///{settings.REPO_ROOT / 'data' / 'culture.db'}"
    assert settings.get("survey") == str(settings.REPO_ROOT / "questions.yaml")
    assert settings.get("lang") == "ko"
    assert settings.get("demo") is False
    assert settings.get("comment_min") == 10
    assert settings.get("session_idle_min") == 30
    assert settings.get("code_cooldown") == 10
    assert settings.get("code_wait") == 60
    assert settings.get("code_wave_limit") == 200
    assert settings.get("staff_names") == settings.get("employee_id") == ""
    assert settings.get("comment_export") == frozenset() and settings.get("theme_terms") == ()
    assert settings.get("secret_file") == str(settings.REPO_ROOT / "data" / "secret.key")


def test_values_are_read_at_call_time_by_name_or_variable(monkeypatch):
    monkeypatch.setenv("CULTURE_DB_URL", "postgresql+psycopg://hr@db/culture")
    monkeypatch.setenv("CULTURE_LANG", "EN")
    monkeypatch.setenv("CULTURE_COMMENT_MIN", " 15 ")
    assert settings.get("db_url") == "postgresql+psycopg://hr@db/culture"
    assert settings.get("CULTURE_DB_URL") == settings.get("db_url")
    assert settings.get("lang") == "en"
    assert settings.get("comment_min") == 15
    monkeypatch.delenv("CULTURE_COMMENT_MIN")
    assert settings.get("comment_min") == 10


@pytest.mark.parametrize(
    ("value", "expected"),
    [("on", True), ("1", True), ("TRUE", True), ("off", False), ("no", False)],
)
def test_demo_flag(monkeypatch, value, expected):
    monkeypatch.setenv("CULTURE_DEMO", value)
    assert settings.get("demo") is expected


@pytest.mark.parametrize(
    ("env", "value"),
    [
        ("CULTURE_COMMENT_MIN", "ten"),
        ("CULTURE_SESSION_IDLE_MIN", "0"),
        ("CULTURE_CODE_COOLDOWN", "-3"),
        ("CULTURE_CODE_WAIT_S", "soon"),
        ("CULTURE_CODE_WAVE_LIMIT", "0"),
        ("CULTURE_LANG", "ja"),
        ("CULTURE_DEMO", "maybe"),
    ],
)
def test_unusable_values_name_the_variable(monkeypatch, env, value):
    monkeypatch.setenv(env, value)
    with pytest.raises(SurveyError) as err:
        settings.get(env)
    assert env in err.value.message("ko") and value in err.value.message("en")


@pytest.mark.parametrize(
    ("env", "value", "korean", "english"),
    [
        ("CULTURE_COMMENT_MIN", "ten", "정수여야 합니다", "it must be a whole number"),
        ("CULTURE_SESSION_IDLE_MIN", "0", "1 이상이어야 합니다", "it must be at least 1"),
        ("CULTURE_LANG", "ja", "ko 또는 en이어야 합니다", "it must be ko or en"),
        ("CULTURE_DEMO", "maybe", "on 또는 off여야 합니다", "it must be on or off"),
    ],
)
def test_an_unusable_value_is_explained_in_one_language(monkeypatch, env, value, korean, english):
    monkeypatch.setenv(env, value)
    with pytest.raises(SurveyError) as err:
        settings.get(env)
    ko, en = err.value.message("ko"), err.value.message("en")
    assert ko.startswith(f"환경 변수 {env}의 값 '{value}'")
    assert f" 쓸 수 없습니다: {korean}" in ko
    assert en.startswith(f"environment variable {env} has an unusable value '{value}': {english}")
    assert not any("\uac00" <= ch <= "\ud7a3" for ch in en)


@pytest.mark.parametrize("command", ["scoring", "survey"])
def test_both_command_lines_refuse_an_unusable_language(command, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith("CULTURE_")}
    env |= {"CULTURE_LANG": "fr", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    env["CULTURE_DB_URL"] = f"sqlite:///{tmp_path / 'x.db'}"
    done = subprocess.run(
        [sys.executable, "-m", command, "--help"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "환경 변수 CULTURE_LANG의 값 'fr'을 쓸 수 없습니다: ko 또는 en이어야 합니다\n"
    )


def test_unknown_setting():
    with pytest.raises(SurveyError, match="nothing"):
        settings.get("nothing")
