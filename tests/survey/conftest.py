"""Fixtures of the survey unit tests: the admin command line against a fresh database."""

from __future__ import annotations

import pytest

from survey import cli


@pytest.fixture
def cli_db(monkeypatch: pytest.MonkeyPatch, sqlite_url: str) -> str:
    """The command line's database is a fresh SQLite file; the survey is questions.yaml."""
    monkeypatch.setenv("CULTURE_DB_URL", sqlite_url)
    monkeypatch.delenv("CULTURE_SURVEY", raising=False)
    monkeypatch.delenv("CULTURE_LANG", raising=False)
    return sqlite_url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``python -m survey ARGV`` in this process: exit code, stdout and stderr (no traceback)."""
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err
