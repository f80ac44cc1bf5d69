"""The waves page's wave sections: create, open and close, schedule, headcounts, import.

Each takes the run's `survey.waves_view.WavesPage` and acts through its
`attempt` (or `done`), so a refusal is shown and anything done is audited.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import Any

import streamlit as st

from scoring.errors import SurveyError
from survey import charts, waves
from survey.i18n import t
from survey.store import Wave, import_summary
from survey.waves_view import Outcome, WavesPage

__all__ = ["create", "headcounts", "importing", "lifecycle", "schedule"]

NEW_ROUND_KEY = "waves_new_round"


def create(page: WavesPage) -> None:
    st.subheader(t("dash.waves.create"))
    # A new round of keys after each wave made: an empty form for the next one
    # (deleting a widget's state would not clear what the browser still holds).
    new_round = st.session_state.setdefault(NEW_ROUND_KEY, 0)
    with st.form("waves_create"):
        name, title_ko, title_en = (
            st.text_input(
                t(label),
                placeholder=placeholder,
                help=t(help_key),
                key=f"waves_new_{part}_{new_round}",
                **({} if part == "id" else {"max_chars": 80}),
            )
            for label, placeholder, help_key, part in (
                ("waves.id", "2026-Q3", "waves.id_help", "id"),
                ("waves.title_ko", "2026년 3분기", "waves.title_help", "ko"),
                ("waves.title_en", "2026 Q3", "waves.title_help", "en"),
            )
        )
        # Words fixed on this run: the format function is called again later.
        words = {m: page.mode_word(m) for m in ("codes", "open")}
        mode = st.radio(
            t("dash.waves.mode"), list(words), format_func=words.__getitem__, horizontal=True
        )
        if not st.form_submit_button(t("dash.waves.create_button")):
            return
        wave = name.strip()

        def made(_: object) -> Outcome:
            # An empty form for the next wave (kept after an error, to be corrected).
            st.session_state[NEW_ROUND_KEY] = new_round + 1
            message = t("dash.waves.created", wave=wave)
            return message, "wave.create", {"wave": wave, "mode": mode}

        page.attempt(
            lambda: page.store.create_wave(wave, mode, title_ko=title_ko, title_en=title_en),
            made,
        )


def lifecycle(page: WavesPage) -> None:
    changeable = waves.changeable(page.waves)
    if not page.section("dash.waves.lifecycle", None, changeable):
        return
    # Labels that do not change with the status: Streamlit resets a choice
    # whose labels changed, and the next button would act on another wave.
    wave = page.choose("waves_lifecycle_wave", changeable)
    chosen = wave.name
    st.caption(t("waves.status_of", status=page.status_word(wave.status)))
    if wave.status == "draft" and wave.origin != "imported":
        st.caption(t("dash.waves.open_caption"))
        if st.button(t("dash.waves.open_button"), key="waves_open"):
            _change(page, page.store.open_wave, chosen, "dash.waves.opened", "wave.open")
        if wave.origin is None:
            # A draft that collected nothing may close as (empty) history.
            st.caption(t("waves.history_caption"))
            if st.button(t("waves.close_history_button"), key="waves_close_history"):
                _change(page, page.store.close_wave, chosen, "dash.waves.closed", "wave.close")
        return
    if wave.status == "open" and page.store.count(chosen) < page.k:
        st.warning(t("waves.few_warning", k=page.k))
    if wave.origin == "imported":
        st.caption(t("dash.waves.imported_caption"))
    st.warning(t("dash.waves.close_warning"))
    sure = st.checkbox(t("dash.waves.close_confirm", wave=chosen), key=f"waves_close_sure_{chosen}")
    if st.button(
        t("dash.waves.close_button"), key="waves_close", disabled=not sure, type="primary"
    ):
        _change(page, page.store.close_wave, chosen, "dash.waves.closed", "wave.close")


def _change(
    page: WavesPage, run: Callable[[str], object], wave: str, message: str, action: str
) -> None:
    page.attempt(lambda: run(wave), lambda _: (t(message, wave=wave), action, {"wave": wave}))


def schedule(page: WavesPage) -> None:
    schedulable = waves.changeable(page.waves)
    if not page.section("waves.schedule", "waves.schedule_caption", schedulable):
        return
    planned = page.choose("waves_plan_wave", schedulable)
    plan_id = planned.name
    opening = planned.status == "open"
    opens, closes = waves.local(planned.opens_at), waves.local(planned.closes_at)
    with st.form(f"waves_schedule_{plan_id}"):
        left, right = st.columns(2)
        open_day = left.date_input(
            t("waves.open_date"),
            value=opens.date() if opens else None,
            disabled=opening,
            key=f"plan_open_day_{plan_id}",
        )
        open_at = right.time_input(
            t("waves.open_time"),
            value=opens.time() if opens else time(9, 0),
            disabled=opening,
            key=f"plan_open_time_{plan_id}",
        )
        close_day = left.date_input(
            t("waves.close_date"),
            value=closes.date() if closes else None,
            key=f"plan_close_day_{plan_id}",
        )
        close_at = right.time_input(
            t("waves.close_time"),
            value=closes.time() if closes else time(18, 0),
            key=f"plan_close_time_{plan_id}",
        )
        if not st.form_submit_button(t("waves.schedule_save")):
            return
        new_open = None if opening else waves.moment(open_day, open_at)
        new_close = waves.moment(close_day, close_at)

        def saved(wave: Wave) -> Outcome:
            message = t(
                "waves.schedule_saved",
                wave=wave.title(page.lang),
                opens=page.when(wave.opens_at),
                closes=page.when(wave.closes_at),
            )
            return message, "wave.schedule", waves.schedule_detail(plan_id, wave)

        page.attempt(lambda: page.store.schedule_wave(plan_id, new_open, new_close), saved)


def headcounts(page: WavesPage) -> None:
    st.subheader(t("dash.waves.headcounts"))
    st.caption(t("dash.waves.headcounts_caption"))
    if not page.waves:
        return
    names = [w.name for w in page.waves]
    target_name = page.pick("waves_hc_wave", names, index=len(names) - 1)
    target = page.by_name[target_name]
    demographics = {d.id: d for d in page.survey.demographics}
    current = target.headcount or {}
    recorded = waves.headcount_owner(page.survey, current) if current else None
    owner = recorded.id if recorded is not None else None
    default = waves.default_demographic(page.survey, owner)
    if default is None:
        return
    main_id = st.selectbox(
        t("dash.waves.headcount_by"),
        list(demographics),
        index=list(demographics).index(default),
        format_func=lambda i: demographics[i].label.get(page.lang),
        key="waves_hc_demographic",
    )
    age_id = waves.age_demographic(page.survey, main_id)
    with st.form(f"waves_headcount_{target_name}_{main_id}"):
        entered = _numbers(
            page,
            demographics[main_id],
            current if main_id == owner else {},
            f"hc_{target_name}_{main_id}_",
        )
        by_age: dict[str, int | None] = {}
        if age_id is not None:
            by_age = _numbers(
                page, demographics[age_id], target.headcount_by_age or {}, f"hc_age_{target_name}_"
            )
        if not st.form_submit_button(t("dash.waves.headcount_save")):
            return
        given, ages = waves.counts(entered), waves.counts(by_age)

        def saved(_: object) -> Outcome:
            total = sum(given.values()) if given else None
            message = t("dash.waves.headcount_saved", wave=target_name, total=charts.whole(total))
            return message, "wave.headcount", {"wave": target_name, "total": total}

        page.attempt(lambda: page.store.set_headcount(target_name, given, ages), saved)


def _numbers(page: WavesPage, demographic: Any, values: dict, key: str) -> dict[str, int | None]:
    """One number input per option of `demographic`, three to a row."""
    st.markdown(f"**{demographic.label.get(page.lang)}**")
    columns = st.columns(3)
    return {
        option.id: columns[n % 3].number_input(
            option.label.get(page.lang),
            min_value=0,
            step=1,
            value=values.get(option.id),
            key=f"{key}{option.id}",
        )
        for n, option in enumerate(demographic.options)
    }


def importing(page: WavesPage, wave: str, upload: Any) -> None:
    """Import the uploaded file into `wave`: all its rows, or none and every problem."""
    progress = st.progress(0.0, text=t("dash.waves.import_saving"))
    safe = waves.safe_file_name(upload.name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / safe
        path.write_bytes(upload.getvalue())
        try:
            progress.progress(0.3, text=t("dash.waves.import_checking"))
            stored = page.store.import_responses(wave, path, file_name=upload.name)
        except SurveyError as error:
            progress.empty()
            st.error(t("dash.waves.import_failed"))
            # Plain text that wraps: a table cell would cut the long lines, and
            # the lines quote the file's values, which must not become markup.
            with st.container(border=True, key="waves_import_problems"):
                for line in import_summary(error, page.lang):
                    st.text(line)
            return
    progress.progress(1.0, text=t("dash.waves.import_done"))
    page.done(
        t("dash.waves.imported", wave=wave, count=charts.whole(stored)),
        "responses.import",
        {"wave": wave, "file": safe, "count": stored},
    )
