"""Demo mode (CULTURE_DEMO=on): a populated product to look at, on the first start.

The demo waves and accounts come from `survey.cli.seed_demo`, once per server
process and database. The demo accounts get fresh passwords at every start,
printed once to the terminal that started the server, never shown on a page.

Because a start resets passwords, lifts lockouts, closes waves and imports
synthetic responses, demo mode runs only on a database the demo created: an
empty database is claimed with a marker in its audit log, and a database that
holds anything without that marker is refused, changing nothing.
"""

from __future__ import annotations

import sys

import streamlit as st
from sqlalchemy import select

from scoring.errors import SurveyError
from scoring.messages import register, text
from survey import settings
from survey.auth import generate_password
from survey.cli import DEMO_USERS, seed_demo
from survey.db import audit_log
from survey.i18n import register as register_ui
from survey.store import Store

__all__ = ["MARKER_ACTION", "MARKER_USER", "claim", "is_demo_database", "start"]

MARKER_USER = "demo"
MARKER_ACTION = "demo.created"
"""The audit-log entry (user, action) that says the demo created this database."""

register(
    {
        "demo.banner": {
            "ko": "데모 모드: 데모 차수와 계정을 준비했습니다 ({url})",
            "en": "demo mode: the demo waves and accounts are ready ({url})",
        },
        "demo.account": {
            "ko": "  계정 {name} ({role}) 비밀번호: {password}",
            "en": "  account {name} ({role}) password: {password}",
        },
        "demo.refused": {
            "ko": "데모 모드(CULTURE_DEMO=on)는 데모가 만든 데이터베이스에서만 켤 수 있습니다. "
            "이 데이터베이스에는 데모가 만들지 않은 데이터(차수, 계정, 감사 기록)가 있어 "
            "아무것도 바꾸지 않았습니다. CULTURE_DEMO를 끄거나 CULTURE_DB_URL에 빈 "
            "데이터베이스를 지정해 주십시오",
            "en": "demo mode (CULTURE_DEMO=on) runs only on a database the demo created. This "
            "database holds data the demo did not create (waves, accounts, audit entries), so "
            "nothing was changed. "
            "Turn CULTURE_DEMO off or set CULTURE_DB_URL to an empty database",
        },
    }
)

# The marker's line on HR's audit page.
register_ui(
    {
        f"dash.audit.action.{MARKER_ACTION}": {
            "ko": "데모 데이터베이스 생성",
            "en": "Demo database created",
        }
    }
)


def is_demo_database(store: Store) -> bool:
    """Whether the demo's marker is in the store's audit log."""
    query = (
        select(audit_log.c.id)
        .where(audit_log.c.user_name == MARKER_USER, audit_log.c.action == MARKER_ACTION)
        .limit(1)
    )
    with store.engine.connect() as connection:
        return connection.execute(query).first() is not None


def claim(store: Store) -> None:
    """Let the demo use `store`: mark an empty database as the demo's, accept a marked one.

    Raises `SurveyError` ("demo.refused") for a database that holds waves,
    accounts or audit entries but no marker; nothing is written then. The
    marker is written before the demo's first wave, so a start interrupted
    while seeding is completed by the next one.
    """
    if is_demo_database(store):
        return
    if store.list_waves() or store.list_users() or store.list_audit(1):
        raise SurveyError.single("demo.refused")
    store.audit(MARKER_USER, MARKER_ACTION)


@st.cache_resource(show_spinner=False)
def _prepare(url: str, lang: str) -> None:
    store = Store(url)
    claim(store)
    result = seed_demo(store)
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


def start() -> None:
    """Prepare the demo once per process when demo mode is on.

    A failure is shown on the page and printed to the server's terminal, and
    the script stops there: no page runs while demo mode is set on a database
    the demo refuses.
    """
    if not settings.get("demo"):
        return
    lang = str(settings.get("lang"))
    try:
        _prepare(str(settings.get("db_url")), lang)
    except SurveyError as err:
        print(err.message(lang), file=sys.stderr, flush=True)
        st.error(err.message(lang))
        st.stop()
