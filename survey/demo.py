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

from scoring.errors import SurveyError
from scoring.messages import register, text
from survey import settings
from survey.auth import generate_password
from survey.cli import DEMO_USERS, MARKER_ACTION, MARKER_USER, claim, is_demo_database, seed_demo
from survey.i18n import register as register_ui
from survey.store import Store

__all__ = ["MARKER_ACTION", "MARKER_USER", "claim", "is_demo_database", "start"]


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


@st.cache_resource(show_spinner=False)
def _prepare(url: str, lang: str) -> None:
    store = Store(url)
    result = seed_demo(store)  # claims the database first (`survey.cli.claim`)
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
