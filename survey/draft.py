"""Unsent answers kept in the employee's own browser, so a reload or a closed tab loses nothing.

The survey page gives the browser a copy of the answers given so far (wave,
step, question id -> value) after each run; a components-v2 script writes it
to ``localStorage`` with the browser's time. When a new page load of the
survey starts, the script reads the copy back once and hands it to the page,
which checks it here (`restore`) and refills the form. The copy is removed on
submission, by the "discard my answers" button, and when it is more than an
hour old (`MAX_AGE_MS`), so the next person at a shared computer does not find
it.

The server never writes the copy anywhere: no table, no file, no log line
holds it (Streamlit receives the widget values as the person answers, and the
restored copy once, in the memory of that one session). The access code is
never part of it: after a reload a person on a code wave enters the code on
their slip again before submitting (docs/threat-model.md says why).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from scoring.questionnaire import Survey
from survey import form
from survey.store import Store, Wave

__all__ = ["MAX_AGE_MS", "STORAGE_KEY", "Kept", "keep", "restore", "snapshot", "sync"]

MAX_AGE_MS = 60 * 60 * 1000
"""How long the browser keeps unsent answers after the last change: one hour."""

STORAGE_KEY = "culture.unsent_answers"
"""The ``localStorage`` entry of the copy (one per browser profile and site)."""

# A clock a little behind the one that wrote the copy still reads it.
_SKEW_MS = 60 * 1000


@dataclass(frozen=True)
class Kept:
    """Answers read back from the browser: the wave, the step the person was on, the answers."""

    wave: str
    step: int
    answers: dict[str, object]


def snapshot(wave: str, step: int, answers: Mapping[str, object]) -> dict[str, Any] | None:
    """The copy the browser keeps, or None when nothing has been answered yet."""
    given = {field: value for field, value in answers.items() if value is not None and value != ""}
    if not given:
        return None
    return {"wave": wave, "step": step, "answers": given}


def _choices(survey: Survey, no_answer: str) -> dict[str, object]:
    """Each question id with what a valid answer is: a set of values, or a comment's length."""
    scale = set(range(1, survey.points + 1))
    allowed: dict[str, object] = {item.id: scale for item in survey.items}
    for outcome in survey.outcomes:
        # The form asks satisfaction on the survey's scale, recommendation 0..10.
        allowed[outcome.id] = (
            scale if outcome.kind == "satisfaction" else set(range(outcome.low, outcome.high + 1))
        )
    for demographic in survey.demographics:
        allowed[demographic.id] = {option.id for option in demographic.options} | {no_answer}
    for comment in survey.comments:
        allowed[comment.id] = comment.max_length
    return allowed


def _valid(value: object, rule: object) -> bool:
    if isinstance(rule, int):
        return isinstance(value, str) and len(value) <= rule
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return False
    return value in rule  # type: ignore[operator]


def restore(survey: Survey, loaded: object, steps: int, no_answer: str) -> Kept | None:
    """The copy the browser sent back, if it is one and not expired; None otherwise.

    `loaded` is what the page script reported: ``{"copy": ..., "now": ms}``,
    the stored copy (with its ``saved`` time in ms) and the browser's clock.
    Anything else, from a tampered or old copy, is dropped: unknown
    questions, values the form does not offer, a step outside ``-1..steps``
    (-1 the opening page, `steps` the review). The store checks every value again on
    submission in any case.
    """
    if not isinstance(loaded, Mapping):
        return None
    copy, now = loaded.get("copy"), loaded.get("now")
    if not isinstance(copy, Mapping) or not isinstance(now, (int, float)):
        return None
    saved, wave, step, answers = (copy.get(k) for k in ("saved", "wave", "step", "answers"))
    if not isinstance(saved, (int, float)) or not -_SKEW_MS <= now - saved <= MAX_AGE_MS:
        return None
    if not isinstance(wave, str) or not isinstance(answers, Mapping):
        return None
    allowed = _choices(survey, no_answer)
    kept = {
        field: value
        for field, value in answers.items()
        if field in allowed and _valid(value, allowed[field])
    }
    if not kept:
        return None
    if isinstance(step, bool) or not isinstance(step, int):
        step = 0
    # -1 is the opening page.
    return Kept(wave, min(max(step, -1), steps), kept)


# Runs in the page with the survey page's data after each of its runs:
# - "load" (once per server session, told apart by its nonce): read the copy,
#   drop it if it is too old, and report it with the browser's clock;
# - "save": write the copy with the time of writing;
# - "clear": remove it (submitted, discarded);
# - "idle": leave it alone (nothing answered in this tab yet).
_JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  const key = data.key;
  if (data.mode === "load") {
    if (window.__cultureUnsent === data.nonce) return;
    window.__cultureUnsent = data.nonce;
    let copy = null;
    try {
      copy = JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      copy = null;
    }
    const now = Date.now();
    if (copy !== null && !(typeof copy.saved === "number" && now - copy.saved <= data.max_age)) {
      window.localStorage.removeItem(key);
      copy = null;
    }
    setTriggerValue("loaded", { copy, now });
  } else if (data.mode === "save") {
    window.localStorage.setItem(key, JSON.stringify({ ...data.copy, saved: Date.now() }));
  } else if (data.mode === "clear") {
    window.localStorage.removeItem(key);
  }
}
"""

_component = st.components.v2.component("culture_unsent_answers", js=_JS)


def keep(mode: str, nonce: str, copy: Mapping[str, Any] | None = None) -> object:
    """Mount the page script; returns what the browser reported on "load" (else None).

    `mode` is "load", "save" (with `copy`), "clear" or "idle"; see the script.
    """
    result = _component(
        key="form.unsent",
        data={
            "key": STORAGE_KEY,
            "mode": mode,
            "nonce": nonce,
            "copy": dict(copy) if copy is not None else None,
            "max_age": MAX_AGE_MS,
        },
        on_loaded_change=lambda: None,
    )
    return result.loaded


def _take_up(survey: Survey, loaded: object) -> None:
    """Refill the form from the copy the browser kept, if it is one for an open wave."""
    state = st.session_state
    kept = restore(survey, loaded, len(form.steps(survey)), form.NO_ANSWER)
    if kept is None:
        # Expired, tampered or empty: nothing of it is worth keeping.
        state[form.UNSENT_CLEAR] = True
        return
    asked = st.query_params.get("wave")
    if asked and asked != kept.wave:
        return  # another wave's copy waits for that wave's link
    wave = next((w for w in Store(survey=survey).list_waves() if w.name == kept.wave), None)
    cookies = st.context.cookies.to_dict()
    if wave is None or wave.status != "open" or form.done_here(state, wave, cookies):
        state[form.UNSENT_CLEAR] = True
        return
    if form.has_answers(state[form.ANSWERS]):
        return  # this tab's own answers come first
    form.refill(state, kept.wave, kept.step, kept.answers)


def sync(wave: Wave | None, survey: Callable[[], Survey]) -> None:
    """After the survey page: read the browser's copy once per session, then keep it up to date.

    `wave` is the wave being answered (None when there is none, or after the
    thanks); `survey` loads the survey, only when a copy came back.
    """
    state = st.session_state
    nonce = state.setdefault(form.UNSENT_NONCE, secrets.token_hex(8))
    if not state.get(form.UNSENT_READY):
        loaded = keep("load", nonce)
        if loaded is not None:
            state[form.UNSENT_READY] = True
            _take_up(survey(), loaded)
            st.rerun()
        return
    copy = snapshot(wave.name, state[form.STEP], state[form.ANSWERS]) if wave is not None else None
    if copy is not None:
        state[form.UNSENT_CLEAR] = False
        keep("save", nonce, copy)
    else:
        keep("clear" if state.get(form.UNSENT_CLEAR) else "idle", nonce)
