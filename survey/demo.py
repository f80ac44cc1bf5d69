"""Demo mode (CULTURE_DEMO=on): a populated product to look at, on the first start.

The demo waves and accounts come from `survey.cli_demo.seed_demo`, once per server
process and database. The demo accounts get fresh passwords at every start,
printed once to the terminal that started the server, never shown on a page.
``streamlit run serve.py`` prepares the demo at start-up, before anyone
visits (`lifespan`); ``streamlit run survey_app.py`` has no start-up hook, so
there the first page visit prepares it (`start`).

Because a start resets passwords, lifts lockouts, closes waves and imports
synthetic responses, demo mode runs only on a database the demo created: an
empty database is claimed with a marker in its audit log, and a database that
holds anything without that marker is refused, changing nothing.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import streamlit as st

from scoring.errors import SurveyError
from scoring.messages import text
from survey import settings
from survey.auth import generate_password
from survey.cli_demo import (
    DEMO_USERS,
    MARKER_ACTION,
    MARKER_USER,
    claim,
    is_demo_database,
    seed_demo,
)
from survey.store import Store

__all__ = [
    "MARKER_ACTION",
    "MARKER_USER",
    "claim",
    "is_demo_database",
    "lifespan",
    "prepare",
    "start",
]


# The marker's line on HR's audit page.


_lock = threading.Lock()
# Per database URL: None once prepared, or the refusal; what this process did.
_prepared: dict[str, SurveyError | None] = {}


def _seed_and_print(url: str, lang: str) -> None:
    store = Store(url)
    result = seed_demo(store)  # claims the database first (`survey.cli_demo.claim`)
    passwords = dict(result.passwords)
    for name in result.existing_users:
        passwords[name] = generate_password()
        store.set_password(name, passwords[name])
    roles = dict(DEMO_USERS)
    lines = [text("demo.banner", lang, url=store.engine.url.render_as_string(hide_password=True))]
    lines += [
        text("demo.account", lang, name=name, role=roles[name], password=password)
        for name, password in passwords.items()
    ]
    print("\n".join(lines), flush=True)


def prepare() -> None:
    """Load the demo and print its accounts, once per process and database.

    The settings' database and language are read at call time. A refusal
    (`claim`) is printed to stderr once and raised again at every later call,
    changing nothing.
    """
    url, lang = str(settings.get("db_url")), str(settings.get("lang"))
    with _lock:
        if url in _prepared:
            refusal = _prepared[url]
            if refusal is not None:
                raise refusal
            return
        try:
            _seed_and_print(url, lang)
        except SurveyError as err:
            print(err.message(lang), file=sys.stderr, flush=True)
            _prepared[url] = err
            raise
        _prepared[url] = None


def forget() -> None:
    """Forget what this process prepared, as a new server process would (tests)."""
    with _lock:
        _prepared.clear()


@asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    """The server's start-up (`st.App` in serve.py): the demo, before the first request.

    A refused database keeps the server running, so that its pages say why
    (`start`); the refusal has been printed to the terminal.
    """
    if settings.get("demo"):
        with suppress(SurveyError):
            await asyncio.to_thread(prepare)
    yield


def start() -> None:
    """Prepare the demo, if not done yet, when demo mode is on (every page run).

    A refusal is shown on the page, and the script stops there: no page runs
    while demo mode is set on a database the demo refuses.
    """
    if not settings.get("demo"):
        return
    try:
        prepare()
    except SurveyError as err:
        st.error(err.message(str(settings.get("lang"))))
        st.stop()
