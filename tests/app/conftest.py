"""Fixtures for the AppTest suites: a fresh SQLite store with the bundled survey, the app.

Every test gets its own database file, named to the app through
``CULTURE_DB_URL`` (the app reads its settings at call time, so the app,
which runs inside the test process, sees the test's database).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from scoring.questionnaire import Survey, load_survey
from survey.store import Store, dispose

REPO_ROOT = Path(__file__).resolve().parents[2]
SURVEY_FILE = REPO_ROOT / "questions.yaml"
WAVE = "2025-H2"
HR_NAME = "hr_kim"
HR_PASSWORD = "correct-horse-battery"
YOUTH_NAME = "youth_lee"
YOUTH_PASSWORD = "junior-board-2025"
# How long AppTest waits for one run of a page. Only a hung run reaches it, so
# it is generous: a loaded machine (CI, other suites) must not fail a test.
APP_TIMEOUT = 180


@pytest.fixture(scope="session")
def bundled_survey() -> Survey:
    """The organization's survey, questions.yaml, as shipped."""
    return load_survey(SURVEY_FILE)


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite file, set as the app's database; Korean as the default language."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("CULTURE_DB_URL", url)
    monkeypatch.setenv("CULTURE_SURVEY", str(SURVEY_FILE))
    monkeypatch.delenv("CULTURE_LANG", raising=False)
    monkeypatch.delenv("CULTURE_CODE_COOLDOWN", raising=False)
    monkeypatch.delenv("CULTURE_SESSION_IDLE_MIN", raising=False)
    yield url
    dispose(url)


@pytest.fixture
def app_store(app_db: str, bundled_survey: Survey) -> Store:
    """The store the app uses in this test."""
    return Store(app_db, bundled_survey)


@pytest.fixture
def codes_wave(app_store: Store) -> str:
    """An open wave in access-code mode."""
    app_store.create_wave(WAVE, "codes")
    app_store.open_wave(WAVE)
    return WAVE


@pytest.fixture
def open_link_wave(app_store: Store) -> str:
    """An open wave in open-link mode."""
    app_store.create_wave(WAVE, "open")
    app_store.open_wave(WAVE)
    return WAVE


@pytest.fixture
def users(app_store: Store) -> dict[str, str]:
    """An hr user and a youth_panel user; name -> password."""
    app_store.add_user(HR_NAME, "hr", HR_PASSWORD)
    app_store.add_user(YOUTH_NAME, "youth_panel", YOUTH_PASSWORD)
    return {HR_NAME: HR_PASSWORD, YOUTH_NAME: YOUTH_PASSWORD}


@pytest.fixture
def app(app_db: str) -> AppTest:
    """The whole app, as ``streamlit run survey_app.py`` serves it (not yet run)."""
    return AppTest.from_file("../../survey_app.py", default_timeout=APP_TIMEOUT)


def _sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.switch_page("app_pages/signin.py").run()
    at.text_input(key="users.name").set_value(name)
    at.text_input(key="signin.password").set_value(password)
    return at.form_submit_button[0].click().run()


@pytest.fixture
def sign_in() -> Callable[[AppTest, str, str], AppTest]:
    """``sign_in(at, name, password)``: fill and send the sign-in page's form.

    The app must have run once (``at.run()``) before, as `AppTest.switch_page` needs.
    """
    return _sign_in


def _texts(at: AppTest) -> str:
    parts: list[str] = []
    kinds = ("title", "header", "subheader", "markdown", "caption")
    for kind in (*kinds, "error", "warning", "info", "success"):
        parts.extend(str(element.value) for element in getattr(at, kind))
    return "\n".join(parts)


@pytest.fixture
def page_text() -> Callable[[AppTest], str]:
    """``page_text(at)``: every text the page shows (headings, markdown, alerts), joined."""
    return _texts
