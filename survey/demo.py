"""Demo mode (CULTURE_DEMO=on): a populated product to look at, on the first start.

The demo waves and accounts come from `survey.cli.seed_demo`, once per server
process and database. The demo accounts get fresh passwords at every start,
printed once to the terminal that started the server, never shown on a page.
"""

from __future__ import annotations

import streamlit as st

from scoring.errors import SurveyError
from scoring.messages import register, text
from survey import settings
from survey.auth import generate_password
from survey.cli import DEMO_USERS, seed_demo
from survey.store import Store

__all__ = ["start"]

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


@st.cache_resource(show_spinner=False)
def _prepare(url: str, lang: str) -> None:
    store = Store(url)
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
    """Prepare the demo once per process when demo mode is on; a failure is shown, not raised."""
    if not settings.get("demo"):
        return
    try:
        _prepare(str(settings.get("db_url")), str(settings.get("lang")))
    except SurveyError as err:
        st.error(err.message(str(settings.get("lang"))))
