"""The visitor's language, and the app's strings looked up in it.

Every string, the app's and the library's, stands in the one table of
`scoring.messages`: the app's catalogues are ``survey/text/*.toml``, loaded by
importing `survey.text`. `t` looks a key up in the visitor's language and fills
in its ``str.format`` parameters. A key that is not registered raises
`KeyError`: a missing string is a bug for the tests to catch, not something to
paper over with the key's name on a page.

The language is kept in ``st.session_state``: ``?lang=en`` in the address picks
it, the switch on every page changes it (and the address, so a reload keeps
it), and otherwise it is the ``CULTURE_LANG`` setting.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from scoring import messages
from scoring.errors import SurveyError
from scoring.messages import register
from survey import settings

__all__ = [
    "LANGUAGES",
    "LANG_KEY",
    "current_lang",
    "default_lang",
    "entries",
    "init_lang",
    "language_switch",
    "register",
    "t",
]

LANGUAGES = messages.LANGUAGES
LANG_KEY = "i18n.lang"
# The last ``?lang=`` seen: an address that changes it wins over the session,
# one that merely stays in the address does not undo the switch.
_SEEN_KEY = "i18n.seen_param"
_SWITCH_KEY = "i18n.switch"
_NAMES = {"ko": "한국어", "en": "English"}


def entries() -> dict[str, dict[str, str]]:
    """A copy of every registered string, app and library (for tests and documentation)."""
    return {key: dict(texts) for key, texts in messages.MESSAGES.items()}


def t(key: str, lang: str | None = None, **params: object) -> str:
    """The string `key` in `lang` (default: the visitor's), filled with `params`.

    Raises `KeyError` for a key that is not registered or a parameter the
    template needs and was not given.
    """
    return messages.text(key, lang or current_lang(), **params)


def default_lang() -> str:
    """The ``CULTURE_LANG`` setting; Korean when the setting is unusable."""
    try:
        return str(settings.get("lang"))
    except SurveyError:
        return "ko"


def current_lang() -> str:
    """The visitor's language; outside a Streamlit run, the default language."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return default_lang()
    lang = st.session_state.get(LANG_KEY)
    return lang if lang in LANGUAGES else default_lang()


def init_lang() -> str:
    """Settle this run's language from the address and the session; returns it."""
    requested = st.query_params.get("lang")
    state = st.session_state
    if requested in LANGUAGES and requested != state.get(_SEEN_KEY):
        state[LANG_KEY] = requested
        state[_SEEN_KEY] = requested
    if state.get(LANG_KEY) not in LANGUAGES:
        state[LANG_KEY] = default_lang()
    lang = state[LANG_KEY]
    if requested is not None and requested != lang:
        st.query_params["lang"] = lang
        state[_SEEN_KEY] = lang
    return lang


def _switched() -> None:
    chosen = st.session_state.get(_SWITCH_KEY)
    if chosen in LANGUAGES:
        st.session_state[LANG_KEY] = chosen
        st.session_state[_SEEN_KEY] = chosen
        st.query_params["lang"] = chosen


def language_switch() -> None:
    """The visible 한국어 / English switch."""
    lang = current_lang()
    # A segmented control can be clicked off; show the language in force again.
    if st.session_state.get(_SWITCH_KEY) != lang:
        st.session_state[_SWITCH_KEY] = lang
    st.segmented_control(
        "Language / 언어",
        options=list(LANGUAGES),
        format_func=_NAMES.__getitem__,
        key=_SWITCH_KEY,
        on_change=_switched,
        label_visibility="collapsed",
    )
