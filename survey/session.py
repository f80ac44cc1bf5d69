"""Who is signed in, for how long, and the lock every protected page calls first.

Signing in opens a session in the store's ``staff_sessions`` table (only the
SHA-256 of a random token, the user name and when it ends) and gives the
browser the token as a cookie that scripts may read (``culture_session``,
``SameSite=Strict``, no expiry date: it goes when the browser closes). A new
tab or a reload sends the cookie with the page's connection, so
``st.context.cookies`` finds it on the first run and the person stays signed
in on the page they were on. Every run checks the token against the table and
counts as activity for all of the person's tabs: after more than
``CULTURE_SESSION_IDLE_MIN`` idle minutes in all of them, or once the row is
gone (signed out in any tab, the account disabled, its password changed), the
next run signs the tab out before anything renders. Why a readable cookie and
not local storage: docs/threat-model.md. Sign-in, sign-out and expiry are
written to the audit log.

Single sign-on is optional: when ``.streamlit/secrets.toml`` has an ``[auth]``
section the sign-in page offers ``st.login()``, and an identity whose e-mail is
the name of a user in the store is signed in with that user's role (see
docs/sso.md). An identity the store does not know gets no access.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import streamlit as st

from scoring.errors import SurveyError
from survey import settings
from survey.i18n import LANG_KEY, current_lang, t
from survey.store import Store, StoreUnavailable, User

__all__ = [
    "account_panel",
    "clock",
    "current_user",
    "idle_minutes",
    "idle_watch",
    "keep_token",
    "renew",
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
TOKEN_KEY = "session.token"
FORGET_KEY = "session.forget"
COOKIE = "culture_session"

# A module attribute so tests can move the clock; wall time in seconds, as a
# session's end is shared by every app replica.
clock: Callable[[], float] = time.time

_DEFAULT_IDLE_MINUTES = 30
# A session's row ends on a whole minute and moves at most once a minute.
_ROW_SLACK_S = 120


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


def _now() -> datetime:
    return datetime.fromtimestamp(clock(), UTC)


def sign_in(user: User, method: str = "password") -> None:
    """Start a signed-in session for `user` (recorded in the audit log first)."""
    _audit(user.name, "sign_in", {"method": method})
    state = st.session_state
    state[TOKEN_KEY] = Store().open_session(user.name, _now(), idle_minutes())
    state[USER_KEY] = user
    state[SEEN_KEY] = clock()
    state[LAND_KEY] = True
    state.pop(NOTICE_KEY, None)
    state.pop(FORGET_KEY, None)


def renew() -> None:
    """A new session for this tab after the user changed their own password.

    Changing a password ends every session of the account (one of them may
    be someone else's); the tab where it was changed carries on.
    """
    state = st.session_state
    user = state.get(USER_KEY)
    if isinstance(user, User):
        state[TOKEN_KEY] = Store().open_session(user.name, _now(), idle_minutes())
        state[SEEN_KEY] = clock()


def _end(action: str) -> User | None:
    state = st.session_state
    user = state.get(USER_KEY)
    token = state.get(TOKEN_KEY)
    # Forget everything this tab held (filters, answers in progress) but the
    # language: the next person at a shared desk starts afresh.
    for key in [key for key in state if not str(key).startswith("i18n.")]:
        del state[key]
    if token is not None:
        # Deleting the row ends the session in every tab; the browser's
        # cookie is removed by `keep_token` on the next run.
        state[FORGET_KEY] = token
        # If the database is down the row expires by itself; the cookie goes all the same.
        with contextlib.suppress(SurveyError):
            Store().end_session(token)
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
        user = _resume() or _sso_user()
        if user is None:
            return None
    elif TOKEN_KEY in state:
        # The shared row decides: idle in every tab, signed out in another,
        # disabled or a changed password all end this tab too.
        found = _session_row(state[TOKEN_KEY])
        if found is None or found.name != user.name or found.role != user.role:
            role = user.role if isinstance(user, User) else None
            # The row keeps its end to the minute, a little before this tab's
            # own count: idle here too means the session went idle.
            idle = clock() - state.get(SEEN_KEY, 0.0) > idle_minutes() * 60 - _ROW_SLACK_S
            _end("session_expired" if idle else "session_rejected")
            _notice("session.expired" if idle else "session.ended", minutes=idle_minutes())
            if role is not None:
                state[OUT_KEY] = role
            return None
        state[SEEN_KEY] = clock()
        return user
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


def _session_row(token: object) -> User | None:
    """The live session's user, or None when the row says the session is over.

    A database that cannot answer right now ends nothing: the run stops with
    the store's message and the tab keeps its state (and its session) for the
    next try. Showing the page unchecked is no option either.
    """
    try:
        return Store().session_user(token, _now(), idle_minutes())
    except StoreUnavailable as error:
        st.error(error.message(current_lang()))
        st.stop()
    except SurveyError:
        return None


def _resume() -> User | None:
    """A new tab or a reload: the user of the session cookie the browser sent, if live."""
    token = st.context.cookies.get(COOKIE)
    state = st.session_state
    if not isinstance(token, str) or not token or token == state.get(FORGET_KEY):
        return None
    user = _session_row(token)
    if user is None:
        # Forged, expired or ended: looked up once, and the cookie removed.
        state[FORGET_KEY] = token
        return None
    state[TOKEN_KEY] = token
    state[USER_KEY] = User(user.name, user.role)
    state[SEEN_KEY] = clock()
    return state[USER_KEY]


_TOKEN_JS = """
export default function (component) {
  const { name, token, forget } = component.data;
  const secure = location.protocol === "https:" ? "; Secure" : "";
  const held = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
  const value = held ? held.slice(name.length + 1) : null;
  if (token) {
    if (value !== token) document.cookie = `${name}=${token}; Path=/; SameSite=Strict${secure}`;
  } else if (forget && value === forget) {
    // Only the cookie of the session that ended: another tab may have signed in since.
    document.cookie = `${name}=; Path=/; Max-Age=0; SameSite=Strict${secure}`;
  }
}
"""

_token_component = st.components.v2.component("culture_session", js=_TOKEN_JS)


def keep_token() -> None:
    """Give the browser this tab's session cookie, or take an ended session's away."""
    state = st.session_state
    token = state.get(TOKEN_KEY) if state.get(USER_KEY) is not None else None
    _token_component(
        key="session.cookie",
        data={"name": COOKIE, "token": token, "forget": None if token else state.get(FORGET_KEY)},
    )


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
    state = st.session_state
    user = state.get(USER_KEY)
    seen = state.get(SEEN_KEY)
    if user is None:
        return
    if TOKEN_KEY in state:
        # Signed out in another tab, or idle in all of them: the row is gone.
        try:
            live = Store().session_user(state[TOKEN_KEY], _now(), 0, touch=False)
        except SurveyError:
            return
        if live is None:
            st.rerun(scope="app")
    elif seen is not None and clock() - seen > idle_minutes() * 60:
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
