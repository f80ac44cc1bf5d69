"""Who is signed in, for how long, and the lock every protected page calls first.

The signed-in `User` lives in ``st.session_state`` (one browser tab's
session), with the time of its last activity: a run after more than
``CULTURE_SESSION_IDLE_MIN`` idle minutes signs the user out before anything
renders. Sign-in, sign-out and expiry are written to the audit log.

Single sign-on is optional: when ``.streamlit/secrets.toml`` has an ``[auth]``
section the sign-in page offers ``st.login()``, and an identity whose e-mail is
the name of a user in the store is signed in with that user's role (see
docs/sso.md). An identity the store does not know gets no access.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import streamlit as st

from scoring.errors import SurveyError
from survey import settings
from survey.i18n import LANG_KEY, t
from survey.store import Store, User

__all__ = [
    "account_panel",
    "clock",
    "current_user",
    "idle_minutes",
    "idle_watch",
    "require_role",
    "show_notice",
    "sign_in",
    "sign_out",
    "sso_configured",
    "sso_login",
    "take_landing",
    "take_signed_out",
]

USER_KEY = "session.user"
SEEN_KEY = "session.last_seen"
NOTICE_KEY = "session.notice"
LAND_KEY = "session.land"
OUT_KEY = "session.out"
SSO_REFUSED_KEY = "session.sso_refused"

# A module attribute so tests can move the clock; monotonic, as only
# differences within one server process matter.
clock: Callable[[], float] = time.monotonic

_DEFAULT_IDLE_MINUTES = 30


def idle_minutes() -> int:
    """The ``CULTURE_SESSION_IDLE_MIN`` setting (30 when the setting is unusable)."""
    try:
        minutes = settings.get("session_idle_min")
    except SurveyError:
        return _DEFAULT_IDLE_MINUTES
    return minutes if isinstance(minutes, int) else _DEFAULT_IDLE_MINUTES


def _audit(user: str, action: str, detail: dict[str, Any] | None = None) -> None:
    Store().audit(user, action, detail)


def _audit_quietly(user: str, action: str) -> None:
    # Signing out must work while the database is down; the entry is lost then.
    try:
        _audit(user, action)
    except SurveyError:
        return


def _notice(key: str, **params: object) -> None:
    st.session_state[NOTICE_KEY] = (key, params)


def sign_in(user: User, method: str = "password") -> None:
    """Start a signed-in session for `user` (recorded in the audit log first)."""
    _audit(user.name, "sign_in", {"method": method})
    state = st.session_state
    state[USER_KEY] = user
    state[SEEN_KEY] = clock()
    state[LAND_KEY] = True
    state.pop(NOTICE_KEY, None)


def _end(action: str) -> User | None:
    state = st.session_state
    user = state.get(USER_KEY)
    # Forget everything this tab held (filters, answers in progress) but the
    # language: the next person at a shared desk starts afresh.
    for key in [key for key in state if not str(key).startswith("i18n.")]:
        del state[key]
    if user is not None:
        _audit_quietly(user.name, action)
    if _sso_logged_in():
        st.logout()
    return user


def sign_out() -> None:
    """Sign the current user out (usable as a button's ``on_click``)."""
    user = _end("sign_out")
    _notice("session.signed_out")
    if user is not None:
        st.session_state[OUT_KEY] = user.role


def current_user() -> User | None:
    """The signed-in user, or None; expires an idle session and counts this run as activity."""
    state = st.session_state
    user = state.get(USER_KEY)
    if user is None:
        user = _sso_user()
        if user is None:
            return None
    elif not _still_valid(user):
        # Session state is not proof: whatever sits there must be a user the
        # store knows, with that role, on every run.
        _end("session_rejected")
        return None
    now = clock()
    if now - state.get(SEEN_KEY, now) > idle_minutes() * 60:
        _end("session_expired")
        _notice("session.expired", minutes=idle_minutes())
        state[OUT_KEY] = user.role
        return None
    state[SEEN_KEY] = now
    return user


def _still_valid(user: object) -> bool:
    if not isinstance(user, User):
        return False
    try:
        known = next((u for u in Store().list_users() if u.name == user.name), None)
    except SurveyError:
        return False
    # A lock stops new sign-ins only: wrong guesses by someone else must not
    # end a session that was opened with the right password. Disabling an
    # account ends its sessions on their next run.
    return known is not None and known.role == user.role and not known.disabled


@st.fragment(run_every=60)
def _idle_watch() -> None:
    # Only looks (no activity is counted): once the session has gone idle, a
    # full run signs the user out, so figures left on an unattended screen go.
    user = st.session_state.get(USER_KEY)
    seen = st.session_state.get(SEEN_KEY)
    if user is not None and seen is not None and clock() - seen > idle_minutes() * 60:
        st.rerun(scope="app")


def idle_watch() -> None:
    """Check once a minute, without a click, whether the signed-in session has expired."""
    _idle_watch()


def take_landing() -> bool:
    """Whether the user has just signed in and should be taken to their first page."""
    return bool(st.session_state.pop(LAND_KEY, False))


def take_signed_out() -> str | None:
    """The role of a user signed out in this run (by the button or by expiry), else None.

    The app then builds this one run's navigation for that role and sends the
    visitor to the sign-in page before any page runs: the protected page they
    were on is still known, so Streamlit shows no "page not found", and it
    never renders.
    """
    return st.session_state.pop(OUT_KEY, None)


def show_notice() -> None:
    """Show, once, why the visitor was signed out (expired, signed out, unknown identity)."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice is None:
        return
    key, params = notice
    if key == "session.signed_out":
        st.success(t(key, **params))
    else:
        st.warning(t(key, **params))


def require_role(*roles: str) -> User:
    """The signed-in user if their role is one of `roles` (any role when none are given).

    Otherwise shows the sign-in prompt or a refusal and stops the script, so
    nothing after this call renders. Every protected page calls it first.
    """
    user = current_user()
    if user is None:
        show_notice()
        st.info(t("session.signin_required"))
        st.page_link("app_pages/signin.py", label=t("session.go_signin"), icon=":material/login:")
        st.stop()
    if roles and user.role not in roles:
        st.error(t("session.forbidden"))
        st.stop()
    return user


def account_panel(user: User) -> None:
    """The sidebar's line saying who is signed in, and the sign-out button."""
    with st.sidebar:
        st.caption(t("session.signed_in_as", name=user.name, role=t(f"role.{user.role}")))
        st.button(
            t("session.sign_out"),
            key="session.sign_out_button",
            icon=":material/logout:",
            on_click=sign_out,
        )


# ---------------------------------------------------------------- single sign-on


def sso_configured() -> bool:
    """Whether ``secrets.toml`` has an ``[auth]`` section for ``st.login``."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def _sso_logged_in() -> bool:
    return sso_configured() and bool(st.user.get("is_logged_in"))


def sso_login() -> None:
    """Start the single sign-on (usable as a button's ``on_click``).

    With one provider configured directly under ``[auth]`` it is used; with
    named providers (``[auth.<name>]``) the first one is.
    """
    section = st.secrets["auth"]
    named = [name for name, value in section.items() if hasattr(value, "keys")]
    st.login(None if "client_id" in section or not named else named[0])


def _sso_user() -> User | None:
    if not _sso_logged_in():
        return None
    email = str(st.user.get("email") or "")
    state = st.session_state
    if not email or state.get(SSO_REFUSED_KEY) == email:
        return None
    try:
        user = next((u for u in Store().list_users() if u.name == email), None)
        if user is None:
            state[SSO_REFUSED_KEY] = email
            _notice("session.sso_unknown", email=email)
            return None
        sign_in(user, method="sso")
    except SurveyError as err:
        st.error(err.message(state.get(LANG_KEY, "ko")))
        return None
    return user
