"""Waves and codes: create, open and close waves, headcounts, access codes, imports."""

from __future__ import annotations

import re
import tempfile
from datetime import datetime, time
from pathlib import Path

import pandas as pd
import streamlit as st

from scoring import display
from scoring.errors import SurveyError
from scoring.privacy import LIVE_STEP, live_count, live_unit_count
from survey import analysis, charts, export, session, slips
from survey.i18n import current_lang, t
from survey.store import MAX_CODES, SEOUL, import_summary, import_template

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
        return live_words(live_count(count, k))
    return charts.whole(count)


def live_words(shown: int) -> str:
    """A live count in words: "at least n", or "fewer than a step" before the first step."""
    if shown == 0:
        return t("waves.unit_fewer", k=charts.whole(max(LIVE_STEP, k)))
    return t("dash.waves.live_value", n=charts.whole(shown))


def codes_against(wave) -> str:
    if wave.access_mode != "codes":
        return "–"
    return f"{charts.whole(wave.codes_issued)} / {charts.whole(wave.headcount_total)}"


def when(moment) -> str:
    return t("waves.by_hand") if moment is None else charts.timestamp(moment, lang)


def label(wave) -> str:
    """The display name, with the id beside it when they differ."""
    title = wave.title(lang)
    return title if title == wave.name else f"{title} ({wave.name})"


status_word = {s: t(f"dash.waves.status_{s}") for s in ("draft", "open", "closed")}
mode_word = {m: t(f"dash.waves.mode_{m}") for m in ("codes", "open")}

# ---------------------------------------------------------------- list and counter
st.subheader(t("dash.waves.list"))
if waves:
    st.dataframe(
        pd.DataFrame(
            {
                t("waves.id"): [w.name for w in waves],
                t("waves.title_col"): [w.title(lang) for w in waves],
                t("dash.waves.status"): [status_word[w.status] for w in waves],
                t("dash.waves.mode"): [mode_word[w.access_mode] for w in waves],
                t("dash.waves.responses"): [shown_count(w) for w in waves],
                t("dash.waves.headcount"): [charts.whole(w.headcount_total) for w in waves],
                t("dash.waves.codes_against"): [codes_against(w) for w in waves],
                # A plan only for what is still to happen: an open wave has opened.
                t("waves.opens"): [when(w.opens_at) if w.status == "draft" else "–" for w in waves],
                t("waves.closes"): [
                    when(w.closes_at) if w.status != "closed" else "–" for w in waves
                ],
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
        column.metric(t("dash.waves.counter", wave=wave.title(lang)), shown_count(wave))
    st.caption(t("dash.waves.live_note", step=charts.whole(max(LIVE_STEP, k))))
    # Participation against the headcount, overall and per unit, only as the
    # privacy module's live counts (coarse steps; "fewer than k" for small units).
    counted = [w for w in open_waves if w.headcount_total]
    if counted:
        st.markdown(f"**{t('waves.participation')}**")
    for wave in counted:
        shown = live_count(store.count(wave.name), k)
        if shown == 0:
            line = t(
                "waves.participation_few",
                step=charts.whole(max(LIVE_STEP, k)),
                headcount=charts.whole(wave.headcount_total),
            )
        else:
            line = t(
                "waves.participation_value",
                n=charts.whole(shown),
                headcount=charts.whole(wave.headcount_total),
                share=display.percent(100 * shown / wave.headcount_total, 0),
            )
        st.markdown(f"{label(wave)}: {line}")
        owner = next(
            (d for d in survey.demographics if set(wave.headcount) <= {o.id for o in d.options}),
            None,
        )
        if owner is None:
            continue
        by_unit = store.counts_by(wave.name, owner.id)

        def unit_cell(option_id: str, by_unit: dict = by_unit) -> str:
            value = live_unit_count(by_unit.get(option_id, 0), k)
            if value is None:
                return t("waves.unit_fewer", k=k)
            return live_words(value)

        units = [o for o in owner.options if o.id in wave.headcount]
        st.dataframe(
            pd.DataFrame(
                {
                    owner.label.get(lang): [o.label.get(lang) for o in units],
                    t("dash.waves.responses"): [unit_cell(o.id) for o in units],
                    t("dash.waves.headcount"): [charts.whole(wave.headcount[o.id]) for o in units],
                }
            ),
            hide_index=True,
            key=f"waves_units_{wave.name}",
        )
    if counted:
        st.caption(t("waves.units_note", k=k, step=charts.whole(max(LIVE_STEP, k))))

# ---------------------------------------------------------------- create
st.subheader(t("dash.waves.create"))
# A new round of keys after each wave made: an empty form for the next one
# (deleting a widget's state would not clear what the browser still holds).
new_round = st.session_state.setdefault("waves_new_round", 0)
with st.form("waves_create"):
    name = st.text_input(
        t("waves.id"),
        placeholder="2026-Q3",
        help=t("waves.id_help"),
        key=f"waves_new_id_{new_round}",
    )
    title_ko = st.text_input(
        t("waves.title_ko"),
        placeholder="2026년 3분기",
        max_chars=80,
        help=t("waves.title_help"),
        key=f"waves_new_ko_{new_round}",
    )
    title_en = st.text_input(
        t("waves.title_en"),
        placeholder="2026 Q3",
        max_chars=80,
        help=t("waves.title_help"),
        key=f"waves_new_en_{new_round}",
    )
    mode = st.radio(
        t("dash.waves.mode"), ["codes", "open"], format_func=mode_word.__getitem__, horizontal=True
    )
    if st.form_submit_button(t("dash.waves.create_button")):
        try:
            store.create_wave(name.strip(), mode, title_ko=title_ko, title_en=title_en)
        except SurveyError as error:
            failed(error)
        else:
            # An empty form for the next wave (kept after an error, to be corrected).
            st.session_state["waves_new_round"] = new_round + 1
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
    # Labels that do not change with the status: Streamlit resets a choice
    # whose labels changed, and the next button would act on another wave.
    chosen = st.selectbox(
        t("dash.wave"),
        list(by_name),
        format_func=lambda n: label(by_name[n]),
        key="waves_lifecycle_wave",
    )
    wave = by_name[chosen]
    st.caption(t("waves.status_of", status=status_word[wave.status]))
    if wave.status == "draft" and wave.origin != "imported":
        st.caption(t("dash.waves.open_caption"))
        if st.button(t("dash.waves.open_button"), key="waves_open"):
            try:
                store.open_wave(chosen)
            except SurveyError as error:
                failed(error)
            else:
                done(t("dash.waves.opened", wave=chosen), "wave.open", {"wave": chosen})
        if wave.origin is None:
            # A draft that collected nothing may close as (empty) history.
            st.caption(t("waves.history_caption"))
            if st.button(t("waves.close_history_button"), key="waves_close_history"):
                try:
                    store.close_wave(chosen)
                except SurveyError as error:
                    failed(error)
                else:
                    done(t("dash.waves.closed", wave=chosen), "wave.close", {"wave": chosen})
    else:
        if wave.status == "open" and store.count(chosen) < k:
            st.warning(t("waves.few_warning", k=k))
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

# ---------------------------------------------------------------- schedule
st.subheader(t("waves.schedule"))
st.caption(t("waves.schedule_caption"))
schedulable = [w for w in waves if w.status != "closed"]
if not schedulable:
    st.caption(t("dash.waves.nothing_to_change"))
else:
    by_id = {w.name: w for w in schedulable}
    plan_id = st.selectbox(
        t("dash.wave"), list(by_id), format_func=lambda n: label(by_id[n]), key="waves_plan_wave"
    )
    planned = by_id[plan_id]

    def local(moment):
        return None if moment is None else moment.astimezone(SEOUL)

    opens, closes = local(planned.opens_at), local(planned.closes_at)
    with st.form(f"waves_schedule_{plan_id}"):
        left, right = st.columns(2)
        open_day = left.date_input(
            t("waves.open_date"),
            value=opens.date() if opens else None,
            disabled=planned.status == "open",
            key=f"plan_open_day_{plan_id}",
        )
        open_at = right.time_input(
            t("waves.open_time"),
            value=opens.time() if opens else time(9, 0),
            disabled=planned.status == "open",
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
        if st.form_submit_button(t("waves.schedule_save")):

            def moment(day, at):
                if day is None:
                    return None
                return datetime.combine(day, at or time(0, 0), tzinfo=SEOUL)

            new_open = None if planned.status == "open" else moment(open_day, open_at)
            try:
                saved = store.schedule_wave(plan_id, new_open, moment(close_day, close_at))
            except SurveyError as error:
                failed(error)
            else:
                done(
                    t(
                        "waves.schedule_saved",
                        wave=saved.title(lang),
                        opens=when(saved.opens_at),
                        closes=when(saved.closes_at),
                    ),
                    "wave.schedule",
                    {
                        "wave": plan_id,
                        "opens": None if saved.opens_at is None else saved.opens_at.isoformat(),
                        "closes": None if saved.closes_at is None else saved.closes_at.isoformat(),
                    },
                )

# ---------------------------------------------------------------- hand out
st.subheader(t("waves.handout"))
st.caption(t("waves.handout_caption"))
collecting = [w for w in waves if w.status != "closed" and w.origin != "imported"]
if not collecting:
    st.caption(t("dash.waves.nothing_to_change"))
else:
    by_id = {w.name: w for w in collecting}
    left, right = st.columns(2)
    link_id = left.selectbox(
        t("dash.wave"), list(by_id), format_func=lambda n: label(by_id[n]), key="waves_link_wave"
    )
    link_lang = right.radio(
        t("waves.link_lang"),
        ["ko", "en"],
        format_func={"ko": "한국어", "en": "English"}.__getitem__,
        horizontal=True,
        key="waves_link_lang",
    )
    base = (st.context.url or "").split("?")[0].rsplit("/", 1)[0] or "http://localhost:8501"
    link = slips.survey_link(base, link_id, link_lang)
    st.code(link, language=None)
    st.image(
        slips.qr_png(link),
        caption=t("waves.qr_caption", wave=by_id[link_id].title(lang)),
        width=180,
    )

# ---------------------------------------------------------------- published results
# Issue 14: the whole-wave results page every employee may read (survey.plans).
st.subheader(t("results.publish_heading"))
st.caption(t("results.publish_caption"))
closed_names = [w.name for w in waves if w.status == "closed"]
if not closed_names:
    st.caption(t("results.no_closed"))
else:
    from survey import plans as results_switch

    shared = set(results_switch.published_waves(store))
    by_wave = {w.name: w for w in waves}
    state_word = {True: t("results.publish_state.on"), False: t("results.publish_state.off")}
    pick = st.selectbox(
        t("results.publish_wave"),
        closed_names,
        format_func=lambda n: label(by_wave[n]),
        key="waves_publish_wave",
    )
    on = pick in shared
    st.caption(t("waves.status_of", status=state_word[on]))
    if st.button(
        t("results.unpublish_button" if on else "results.publish_button"), key="waves_publish"
    ):
        try:
            switch = results_switch.unpublish_results if on else results_switch.publish_results
            switch(store, user.name, pick)
        except SurveyError as error:
            failed(error)
        else:
            st.session_state[FLASH_KEY] = t(
                "results.unpublished" if on else "results.published", wave=pick
            )
            st.rerun()

# ---------------------------------------------------------------- headcounts
st.subheader(t("dash.waves.headcounts"))
st.caption(t("dash.waves.headcounts_caption"))
if waves:
    names = [w.name for w in waves]
    target_name = st.selectbox(
        t("dash.wave"),
        names,
        index=len(names) - 1,
        format_func=lambda n: label(next(w for w in waves if w.name == n)),
        key="waves_hc_wave",
    )
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
        code_wave = st.selectbox(
            t("dash.wave"),
            coded,
            index=len(coded) - 1,
            format_func=lambda n: label(next(w for w in waves if w.name == n)),
        )
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
    coded_wave = next((w for w in waves if w.name == code_wave), None)
    if coded_wave is not None:
        base = (st.context.url or "").split("?")[0].rsplit("/", 1)[0] or "http://localhost:8501"
        st.download_button(
            t("waves.slips_download"),
            # Typeset on the click only: a page run must not wait for a PDF of slips.
            data=lambda: slips.slips_pdf(
                issued,
                slips.survey_link(base, code_wave, lang),
                coded_wave.title(lang),
                k,
                lang,
            ),
            file_name=export.file_name("slips", code_wave, "pdf"),
            mime="application/pdf",
            on_click=lambda: store.audit(
                user.name, "export.slips", {"wave": code_wave, "count": len(issued)}
            ),
            icon=":material/print:",
            key="waves_slips_download",
        )
    if st.button(t("dash.waves.codes_forget"), key="waves_codes_forget"):
        del st.session_state[CODES_KEY]
        st.rerun()

# ---------------------------------------------------------------- import
st.subheader(t("dash.waves.import"))
st.caption(t("dash.waves.import_caption"))
st.download_button(
    t("waves.template_download"),
    data=lambda: import_template(survey, lang),  # built on the click only
    file_name=f"import-template-{lang}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/table_view:",
    key="waves_template_download",
)
# Only a draft that collects nothing takes history (see Store.import_responses).
importable = [w.name for w in waves if w.status == "draft" and w.origin != "collected"]
if not importable:
    st.caption(t("dash.waves.nothing_to_change"))
else:
    by_id = {w.name: w for w in waves}
    import_wave = st.selectbox(
        t("dash.wave"), importable, format_func=lambda n: label(by_id[n]), key="waves_import_wave"
    )
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
                stored = store.import_responses(import_wave, path, file_name=upload.name)
            except SurveyError as error:
                progress.empty()
                st.error(t("dash.waves.import_failed"))
                # Plain text that wraps: a table cell would cut the long lines, and
                # the lines quote the file's values, which must not become markup.
                with st.container(border=True, key="waves_import_problems"):
                    for line in import_summary(error, lang):
                        st.text(line)
            else:
                progress.progress(1.0, text=t("dash.waves.import_done"))
                done(
                    t("dash.waves.imported", wave=import_wave, count=charts.whole(stored)),
                    "responses.import",
                    {"wave": import_wave, "file": safe, "count": stored},
                )
