"""Shared fixtures: databases for the store (SQLite file, PostgreSQL schema) and a small survey.

PostgreSQL tests use the server at 127.0.0.1:5432 (user postgres, database
test, trust authentication), each test in a fresh schema of its own. Under
``CI=true`` a server that cannot be reached fails the test; elsewhere the test
is skipped with a message saying what to install.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from scoring.questionnaire import Survey, parse_survey
from tests.scoring_helpers import survey_text

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
PG_DATABASE = "test"
PG_HELP = (
    "PostgreSQL is not reachable at 127.0.0.1:5432 (user postgres, database test). "
    "Install and start it: apt-get install -y postgresql && "
    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start && "
    "createdb -h 127.0.0.1 -U postgres test (trust authentication for 127.0.0.1)"
)

STORE_SURVEY = survey_text("store_test.yaml")


def in_ci() -> bool:
    """Whether the tests run under CI, where every prerequisite is required."""
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def store_survey() -> Survey:
    """A small survey with every kind of column: items, 0-10 outcome, demographics, comments."""
    return parse_survey(STORE_SURVEY, "store_test.yaml")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """A fresh SQLite database file of this test."""
    from survey.store import dispose

    url = f"sqlite:///{tmp_path / 'culture.db'}"
    yield url
    dispose(url)


def _pg_admin():
    import psycopg

    return psycopg.connect(
        host=PG_HOST,
        port=PG_PORT,
        user=PG_USER,
        dbname=PG_DATABASE,
        connect_timeout=3,
        autocommit=True,
    )


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose connections work in a fresh schema of this test."""
    import psycopg

    from survey.store import dispose

    try:
        admin = _pg_admin()
    except psycopg.OperationalError as exc:
        message = f"{PG_HELP}: {str(exc).strip().splitlines()[0] if str(exc) else exc}"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    schema = f"t_{secrets.token_hex(6)}"
    with admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        url = (
            f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{PG_DATABASE}"
            f"?options=-csearch_path%3D{schema}"
        )
        try:
            yield url
        finally:
            dispose(url)
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each store test runs on SQLite and on PostgreSQL."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def store(db_url: str, store_survey: Survey):
    """A store on a fresh database with the small survey."""
    from survey.store import Store

    return Store(db_url, store_survey)


@pytest.fixture
def output_dir() -> Path:
    """test-output/: where tests leave figures (timings, counts) for people to read."""
    path = Path(__file__).resolve().parent.parent / "test-output"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(autouse=True, scope="session")
def _secret_key_outside_the_repository(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The code-hash key of the tests lives in a temporary folder, not in data/ of the
    repository (a test that needs its own key sets CULTURE_SECRET_FILE itself)."""
    if "CULTURE_SECRET_FILE" in os.environ:
        yield
        return
    os.environ["CULTURE_SECRET_FILE"] = str(tmp_path_factory.mktemp("secret") / "secret.key")
    try:
        yield
    finally:
        os.environ.pop("CULTURE_SECRET_FILE", None)
