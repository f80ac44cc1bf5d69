"""Waves and codes: create, open and close waves, headcounts, access codes, imports."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from scoring.errors import SurveyError
from scoring.privacy import LIVE_STEP, live_count
from scoring.responses import read_responses
from survey import analysis, charts, export, session
from survey.i18n import current_lang, t
from survey.store import MAX_CODES

FLASH_KEY = "_waves_flash"
CODES_KEY = "_waves_codes"

user = session.require_role("hr")
lang = current_lang()
store, _ = analysis.page_source(lang)
survey = store.survey
analysis.audit_once(store, user.name, "page.view", {"page": "waves"})


def done(message: str, action: str, detail: dict) -> None:
    """Record the action, keep its message for the next run and redraw with fresh data."""
    store.audit(user.name, action, detail)
    st.session_state[FLASH_KEY] = message
    st.rerun()


def failed(error: SurveyError) -> None:
    st.error(error.message(lang))


st.title(t("dash.waves.title"))
st.caption(t("dash.waves.caption"))
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(flash)

waves = store.list_waves()
k = survey.min_group_size


def shown_count(wave) -> str:
    """The exact count once closed; while open, only `live_count` steps (see its docstring)."""
    count = store.count(wave.name)
    if wave.status == "open":
        return t("dash.waves.live_value", n=charts.whole(live_count(count, k)))
    return charts.whole(count)


def codes_against(wave) -> str:
    if wave.access_mode != "codes":
        return "–"
    return f"{charts.whole(wave.codes_issued)} / {charts.whole(wave.headcount_total)}"


status_word = {s: t(f"dash.waves.status_{s}") for s in ("draft", "open", "closed")}
mode_word = {m: t(f"dash.waves.mode_{m}") for m in ("codes", "open")}

# ---------------------------------------------------------------- list and counter
st.subheader(t("dash.waves.list"))
if waves:
    st.dataframe(
        pd.DataFrame(
            {
                t("dash.wave"): [w.name for w in waves],
                t("dash.waves.status"): [status_word[w.status] for w in waves],
                t("dash.waves.mode"): [mode_word[w.access_mode] for w in waves],
                t("dash.waves.responses"): [shown_count(w) for w in waves],
                t("dash.waves.headcount"): [charts.whole(w.headcount_total) for w in waves],
                t("dash.waves.codes_against"): [codes_against(w) for w in waves],
            }
        ),
        hide_index=True,
    )
else:
    st.info(t("dash.waves.none"))
open_waves = [w for w in waves if w.status == "open"]
if open_waves:
    st.caption(t("dash.waves.counter_caption"))
    for column, wave in zip(st.columns(len(open_waves)), open_waves, strict=True):
        column.metric(t("dash.waves.counter", wave=wave.name), shown_count(wave))
    st.caption(t("dash.waves.live_note", step=charts.whole(max(LIVE_STEP, k))))

# ---------------------------------------------------------------- create
st.subheader(t("dash.waves.create"))
with st.form("waves_create"):
    name = st.text_input(
        t("dash.waves.name"), placeholder="2026-H1", help=t("dash.waves.name_help")
    )
    mode = st.radio(
        t("dash.waves.mode"), ["codes", "open"], format_func=mode_word.__getitem__, horizontal=True
    )
    if st.form_submit_button(t("dash.waves.create_button")):
        try:
            store.create_wave(name.strip(), mode)
        except SurveyError as error:
            failed(error)
        else:
            done(
                t("dash.waves.created", wave=name.strip()),
                "wave.create",
                {"wave": name.strip(), "mode": mode},
            )

# ---------------------------------------------------------------- open and close
st.subheader(t("dash.waves.lifecycle"))
changeable = [w for w in waves if w.status != "closed"]
if not changeable:
    st.caption(t("dash.waves.nothing_to_change"))
else:
    by_name = {w.name: w for w in changeable}
    chosen = st.selectbox(
        t("dash.wave"),
        list(by_name),
        format_func=lambda n: f"{n} · {status_word[by_name[n].status]}",
        key="waves_lifecycle_wave",
    )
    wave = by_name[chosen]
    if wave.status == "draft" and wave.origin != "imported":
        st.caption(t("dash.waves.open_caption"))
        if st.button(t("dash.waves.open_button"), key="waves_open"):
            try:
                store.open_wave(chosen)
            except SurveyError as error:
                failed(error)
            else:
                done(t("dash.waves.opened", wave=chosen), "wave.open", {"wave": chosen})
    else:
        if wave.origin == "imported":
            st.caption(t("dash.waves.imported_caption"))
        st.warning(t("dash.waves.close_warning"))
        sure = st.checkbox(
            t("dash.waves.close_confirm", wave=chosen), key=f"waves_close_sure_{chosen}"
        )
        if st.button(
            t("dash.waves.close_button"), key="waves_close", disabled=not sure, type="primary"
        ):
            try:
                store.close_wave(chosen)
            except SurveyError as error:
                failed(error)
            else:
                done(t("dash.waves.closed", wave=chosen), "wave.close", {"wave": chosen})

# ---------------------------------------------------------------- headcounts
st.subheader(t("dash.waves.headcounts"))
st.caption(t("dash.waves.headcounts_caption"))
if waves:
    names = [w.name for w in waves]
    target_name = st.selectbox(t("dash.wave"), names, index=len(names) - 1, key="waves_hc_wave")
    target = next(w for w in waves if w.name == target_name)
    demographics = {d.id: d for d in survey.demographics}
    current = target.headcount or {}
    owner = next(
        (
            d.id
            for d in survey.demographics
            if current and set(current) <= {o.id for o in d.options}
        ),
        None,
    )
    default = owner or next(
        (i for i in demographics if i in ("dept", "department")), next(iter(demographics), None)
    )
    if default is not None:
        main_id = st.selectbox(
            t("dash.waves.headcount_by"),
            list(demographics),
            index=list(demographics).index(default),
            format_func=lambda i: demographics[i].label.get(lang),
            key="waves_hc_demographic",
        )
        age_id = survey.youth.demographic if survey.youth else None
        if age_id == main_id:
            age_id = None
        with st.form(f"waves_headcount_{target_name}_{main_id}"):
            entered: dict[str, int | None] = {}
            st.markdown(f"**{demographics[main_id].label.get(lang)}**")
            columns = st.columns(3)
            for n, option in enumerate(demographics[main_id].options):
                entered[option.id] = columns[n % 3].number_input(
                    option.label.get(lang),
                    min_value=0,
                    step=1,
                    value=current.get(option.id) if main_id == owner else None,
                    key=f"hc_{target_name}_{main_id}_{option.id}",
                )
            by_age: dict[str, int | None] = {}
            if age_id is not None:
                ages = target.headcount_by_age or {}
                st.markdown(f"**{demographics[age_id].label.get(lang)}**")
                columns = st.columns(3)
                for n, option in enumerate(demographics[age_id].options):
                    by_age[option.id] = columns[n % 3].number_input(
                        option.label.get(lang),
                        min_value=0,
                        step=1,
                        value=ages.get(option.id),
                        key=f"hc_age_{target_name}_{option.id}",
                    )
            if st.form_submit_button(t("dash.waves.headcount_save")):
                counts = {k: int(v) for k, v in entered.items() if v is not None} or None
                ages_in = {k: int(v) for k, v in by_age.items() if v is not None} or None
                try:
                    store.set_headcount(target_name, counts, ages_in)
                except SurveyError as error:
                    failed(error)
                else:
                    total = sum(counts.values()) if counts else None
                    done(
                        t(
                            "dash.waves.headcount_saved",
                            wave=target_name,
                            total=charts.whole(total),
                        ),
                        "wave.headcount",
                        {"wave": target_name, "total": total},
                    )

# ---------------------------------------------------------------- codes
st.subheader(t("dash.waves.codes"))
st.caption(t("dash.waves.codes_caption"))
coded = [
    w.name
    for w in waves
    if w.status != "closed" and w.access_mode == "codes" and w.origin != "imported"
]
if not coded:
    st.caption(t("dash.waves.no_code_wave"))
else:
    with st.form("waves_codes"):
        code_wave = st.selectbox(t("dash.wave"), coded, index=len(coded) - 1)
        count = st.number_input(
            t("dash.waves.code_count"), min_value=1, max_value=MAX_CODES, value=100, step=1
        )
        if st.form_submit_button(t("dash.waves.codes_button")):
            try:
                issued = store.issue_codes(code_wave, int(count))
            except SurveyError as error:
                failed(error)
            else:
                st.session_state[CODES_KEY] = (code_wave, issued)
                done(
                    t("dash.waves.codes_issued", wave=code_wave, count=charts.whole(len(issued))),
                    "codes.issue",
                    {"wave": code_wave, "count": len(issued)},
                )
issued_now = st.session_state.get(CODES_KEY)
if issued_now:
    code_wave, issued = issued_now
    st.warning(t("dash.waves.codes_once"))
    st.download_button(
        t("dash.waves.codes_download", count=charts.whole(len(issued))),
        data=export.codes_csv(code_wave, issued, (t("dash.wave"), t("dash.waves.code_column"))),
        file_name=export.file_name("codes", code_wave, "csv"),
        mime=export.CSV_MIME,
        on_click=lambda: store.audit(
            user.name, "export.codes", {"wave": code_wave, "count": len(issued)}
        ),
        icon=":material/download:",
        key="waves_codes_download",
    )
    if st.button(t("dash.waves.codes_forget"), key="waves_codes_forget"):
        del st.session_state[CODES_KEY]
        st.rerun()

# ---------------------------------------------------------------- import
st.subheader(t("dash.waves.import"))
st.caption(t("dash.waves.import_caption"))
# Only a draft that collects nothing takes history (see Store.import_responses).
importable = [w.name for w in waves if w.status == "draft" and w.origin != "collected"]
if not importable:
    st.caption(t("dash.waves.nothing_to_change"))
else:
    import_wave = st.selectbox(t("dash.wave"), importable, key="waves_import_wave")
    upload = st.file_uploader(
        t("dash.waves.import_file"), type=["csv", "xlsx"], key="waves_import_file"
    )
    if upload is not None and st.button(t("dash.waves.import_button"), key="waves_import_go"):
        progress = st.progress(0.0, text=t("dash.waves.import_saving"))
        safe = re.sub(r"[^\w.\-]+", "_", Path(upload.name).name) or "responses.csv"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / safe
            path.write_bytes(upload.getvalue())
            try:
                progress.progress(0.3, text=t("dash.waves.import_checking"))
                rows = len(read_responses(path, survey))
                progress.progress(0.6, text=t("dash.waves.import_storing", rows=charts.whole(rows)))
                stored = store.import_responses(import_wave, path)
            except SurveyError as error:
                progress.empty()
                st.error(t("dash.waves.import_failed"))
                st.dataframe(
                    pd.DataFrame(
                        {t("dash.waves.import_problem"): error.message(lang).splitlines()}
                    ),
                    hide_index=True,
                )
            else:
                progress.progress(1.0, text=t("dash.waves.import_done"))
                done(
                    t("dash.waves.imported", wave=import_wave, count=charts.whole(stored)),
                    "responses.import",
                    {"wave": import_wave, "file": safe, "count": stored},
                )
