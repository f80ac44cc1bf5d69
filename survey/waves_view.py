"""The waves page's sections: the list and live counter, and each task's form.

`app_pages/hr_waves.py` builds a `WavesPage` and calls the sections in order;
which waves each offers is `survey.waves`' rule, and every action goes through
`WavesPage.attempt`: a `SurveyError` is shown, anything done is audited and
announced on the next run.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from scoring import display
from scoring.errors import SurveyError
from scoring.privacy import LIVE_STEP, live_count, live_unit_count
from scoring.questionnaire import Survey
from survey import charts, export, slips, waves
from survey.i18n import t
from survey.store import MAX_CODES, Store, Wave, import_summary

__all__ = ["CODES_KEY", "FLASH_KEY", "WavesPage"]

FLASH_KEY = "_waves_flash"
CODES_KEY = "_waves_codes"
NEW_ROUND_KEY = "waves_new_round"

T = TypeVar("T")
# What follows a successful action: its message, audit action and audit detail.
Outcome = tuple[str, str, dict]


@dataclass
class WavesPage:
    """The waves page of one run: the store, who is signed in, the language and the waves."""

    store: Store
    user: str
    lang: str
    waves: list[Wave] = field(init=False)

    def __post_init__(self) -> None:
        self.waves = self.store.list_waves()

    @property
    def survey(self) -> Survey:
        return self.store.survey

    @property
    def k(self) -> int:
        return self.survey.min_group_size

    # ------------------------------------------------------------ words

    def label(self, wave: Wave) -> str:
        """The display name, with the id beside it when they differ."""
        title = wave.title(self.lang)
        return title if title == wave.name else f"{title} ({wave.name})"

    def named(self, name: str) -> str:
        return self.label(next(w for w in self.waves if w.name == name))

    def status_word(self, status: str) -> str:
        return t(f"dash.waves.status_{status}")

    def mode_word(self, mode: str) -> str:
        return t(f"dash.waves.mode_{mode}")

    def step(self) -> str:
        return charts.whole(max(LIVE_STEP, self.k))

    def live_words(self, shown: int) -> str:
        """A live count in words: "at least n", or "fewer than a step" before the first step."""
        if shown == 0:
            return t("waves.unit_fewer", k=self.step())
        return t("dash.waves.live_value", n=charts.whole(shown))

    def shown_count(self, wave: Wave) -> str:
        """The exact count once closed; while open, only `live_count` steps (see its docstring)."""
        count = self.store.count(wave.name)
        if wave.status == "open":
            return self.live_words(live_count(count, self.k))
        return charts.whole(count)

    def when(self, moment: Any) -> str:
        return t("waves.by_hand") if moment is None else charts.timestamp(moment, self.lang)

    def pick(self, key: str, names: list[str], **options: Any) -> str:
        """A wave chosen by name, shown by its label."""
        return st.selectbox(t("render.wave"), names, format_func=self.named, key=key, **options)

    def section(
        self,
        title: str,
        caption: str | None,
        candidates: list,
        empty: str = "dash.waves.nothing_to_change",
    ) -> bool:
        """A section's heading; whether it has waves to act on (a note when it has none)."""
        st.subheader(t(title))
        if caption is not None:
            st.caption(t(caption))
        if not candidates:
            st.caption(t(empty))
        return bool(candidates)

    # ------------------------------------------------------------ actions

    def done(self, message: str, action: str, detail: dict) -> None:
        """Record the action, keep its message for the next run and redraw with fresh data."""
        self.store.audit(self.user, action, detail)
        st.session_state[FLASH_KEY] = message
        st.rerun()

    def attempt(self, run: Callable[[], T], then: Callable[[T], Outcome]) -> None:
        """Run an action; show its `SurveyError`, or record and announce what it did."""
        try:
            result = run()
        except SurveyError as error:
            st.error(error.message(self.lang))
            return
        self.done(*then(result))

    # ------------------------------------------------------------ sections

    def header(self) -> None:
        st.title(t("dash.waves.title"))
        st.caption(t("dash.waves.caption"))
        flash = st.session_state.pop(FLASH_KEY, None)
        if flash:
            st.success(flash)

    def listing(self) -> None:
        st.subheader(t("dash.waves.list"))
        if not self.waves:
            st.info(t("dash.waves.none"))
            return
        ws = self.waves
        st.dataframe(
            pd.DataFrame(
                {
                    t("waves.id"): [w.name for w in ws],
                    t("waves.title_col"): [w.title(self.lang) for w in ws],
                    t("plans.status_label"): [self.status_word(w.status) for w in ws],
                    t("dash.waves.mode"): [self.mode_word(w.access_mode) for w in ws],
                    t("dash.waves.responses"): [self.shown_count(w) for w in ws],
                    t("render.headcount"): [charts.whole(w.headcount_total) for w in ws],
                    t("dash.waves.codes_against"): [self._codes_against(w) for w in ws],
                    # A plan only for what is still to happen: an open wave has opened.
                    t("waves.opens"): [
                        self.when(w.opens_at) if w.status == "draft" else "–" for w in ws
                    ],
                    t("waves.closes"): [
                        self.when(w.closes_at) if w.status != "closed" else "–" for w in ws
                    ],
                }
            ),
            hide_index=True,
        )

    def _codes_against(self, wave: Wave) -> str:
        if wave.access_mode != "codes":
            return "–"
        return f"{charts.whole(wave.codes_issued)} / {charts.whole(wave.headcount_total)}"

    def counter(self) -> None:
        open_waves = [w for w in self.waves if w.status == "open"]
        if not open_waves:
            return
        st.caption(t("dash.waves.counter_caption"))
        for column, wave in zip(st.columns(len(open_waves)), open_waves, strict=True):
            column.metric(
                t("dash.waves.counter", wave=wave.title(self.lang)), self.shown_count(wave)
            )
        st.caption(t("dash.waves.live_note", step=self.step()))
        # Participation against the headcount, overall and per unit, only as the
        # privacy module's live counts (coarse steps; "fewer than k" for small units).
        counted = [w for w in open_waves if w.headcount_total]
        if not counted:
            return
        st.markdown(f"**{t('waves.participation')}**")
        for wave in counted:
            self._participation(wave)
        st.caption(t("waves.units_note", k=self.k, step=self.step()))

    def _participation(self, wave: Wave) -> None:
        shown = live_count(self.store.count(wave.name), self.k)
        headcount = charts.whole(wave.headcount_total)
        if shown == 0:
            line = t("waves.participation_few", step=self.step(), headcount=headcount)
        else:
            share = display.percent(100 * shown / wave.headcount_total, 0)
            line = t(
                "waves.participation_value",
                n=charts.whole(shown),
                headcount=headcount,
                share=share,
            )
        st.markdown(f"{self.label(wave)}: {line}")
        owner = waves.headcount_owner(self.survey, wave.headcount)
        if owner is None:
            return
        by_unit = self.store.counts_by(wave.name, owner.id)

        def unit_cell(option_id: str) -> str:
            value = live_unit_count(by_unit.get(option_id, 0), self.k)
            return t("waves.unit_fewer", k=self.k) if value is None else self.live_words(value)

        units = [o for o in owner.options if o.id in wave.headcount]
        st.dataframe(
            pd.DataFrame(
                {
                    owner.label.get(self.lang): [o.label.get(self.lang) for o in units],
                    t("dash.waves.responses"): [unit_cell(o.id) for o in units],
                    t("render.headcount"): [charts.whole(wave.headcount[o.id]) for o in units],
                }
            ),
            hide_index=True,
            key=f"waves_units_{wave.name}",
        )

    def create(self) -> None:
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
            words = {m: self.mode_word(m) for m in ("codes", "open")}
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

            self.attempt(
                lambda: self.store.create_wave(wave, mode, title_ko=title_ko, title_en=title_en),
                made,
            )

    def lifecycle(self) -> None:
        changeable = waves.changeable(self.waves)
        if not self.section("dash.waves.lifecycle", None, changeable):
            return
        by_name = {w.name: w for w in changeable}
        # Labels that do not change with the status: Streamlit resets a choice
        # whose labels changed, and the next button would act on another wave.
        chosen = self.pick("waves_lifecycle_wave", list(by_name))
        wave = by_name[chosen]
        st.caption(t("waves.status_of", status=self.status_word(wave.status)))
        if wave.status == "draft" and wave.origin != "imported":
            st.caption(t("dash.waves.open_caption"))
            if st.button(t("dash.waves.open_button"), key="waves_open"):
                self._change(self.store.open_wave, chosen, "dash.waves.opened", "wave.open")
            if wave.origin is None:
                # A draft that collected nothing may close as (empty) history.
                st.caption(t("waves.history_caption"))
                if st.button(t("waves.close_history_button"), key="waves_close_history"):
                    self._change(self.store.close_wave, chosen, "dash.waves.closed", "wave.close")
            return
        if wave.status == "open" and self.store.count(chosen) < self.k:
            st.warning(t("waves.few_warning", k=self.k))
        if wave.origin == "imported":
            st.caption(t("dash.waves.imported_caption"))
        st.warning(t("dash.waves.close_warning"))
        sure = st.checkbox(
            t("dash.waves.close_confirm", wave=chosen), key=f"waves_close_sure_{chosen}"
        )
        if st.button(
            t("dash.waves.close_button"), key="waves_close", disabled=not sure, type="primary"
        ):
            self._change(self.store.close_wave, chosen, "dash.waves.closed", "wave.close")

    def _change(self, run: Callable[[str], object], wave: str, message: str, action: str) -> None:
        self.attempt(lambda: run(wave), lambda _: (t(message, wave=wave), action, {"wave": wave}))

    def schedule(self) -> None:
        schedulable = waves.changeable(self.waves)
        if not self.section("waves.schedule", "waves.schedule_caption", schedulable):
            return
        by_id = {w.name: w for w in schedulable}
        plan_id = self.pick("waves_plan_wave", list(by_id))
        planned = by_id[plan_id]
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
                    wave=wave.title(self.lang),
                    opens=self.when(wave.opens_at),
                    closes=self.when(wave.closes_at),
                )
                return message, "wave.schedule", waves.schedule_detail(plan_id, wave)

            self.attempt(lambda: self.store.schedule_wave(plan_id, new_open, new_close), saved)

    def handout(self) -> None:
        collecting = waves.collecting(self.waves)
        if not self.section("waves.handout", "waves.handout_caption", collecting):
            return
        by_id = {w.name: w for w in collecting}
        left, right = st.columns(2)
        with left:
            link_id = self.pick("waves_link_wave", list(by_id))
        link_lang = right.radio(
            t("waves.link_lang"),
            ["ko", "en"],
            format_func={"ko": "한국어", "en": "English"}.__getitem__,
            horizontal=True,
            key="waves_link_lang",
        )
        link = slips.survey_link(waves.app_base(st.context.url), link_id, link_lang)
        st.code(link, language=None)
        st.image(
            slips.qr_png(link),
            caption=t("waves.qr_caption", wave=by_id[link_id].title(self.lang)),
            width=180,
        )

    def publishing(self) -> None:
        # Issue 14: the whole-wave results page every employee may read (survey.plans).
        closed_names = waves.closed(self.waves)
        heading = ("results.publish_heading", "results.publish_caption")
        if not self.section(*heading, closed_names, empty="results.no_closed"):
            return
        from survey import plans as results_switch

        shared = set(results_switch.published_waves(self.store))
        pick = st.selectbox(
            t("results.publish_wave"),
            closed_names,
            format_func=self.named,
            key="waves_publish_wave",
        )
        on = pick in shared
        state_word = t("results.publish_state.on" if on else "results.publish_state.off")
        st.caption(t("waves.status_of", status=state_word))
        if not st.button(
            t("results.unpublish_button" if on else "results.publish_button"), key="waves_publish"
        ):
            return
        try:
            switch = results_switch.unpublish_results if on else results_switch.publish_results
            switch(self.store, self.user, pick)
        except SurveyError as error:
            st.error(error.message(self.lang))
        else:
            # The switch records itself in the audit log.
            st.session_state[FLASH_KEY] = t(
                "results.unpublished" if on else "results.published", wave=pick
            )
            st.rerun()

    def headcounts(self) -> None:
        st.subheader(t("dash.waves.headcounts"))
        st.caption(t("dash.waves.headcounts_caption"))
        if not self.waves:
            return
        names = [w.name for w in self.waves]
        target_name = self.pick("waves_hc_wave", names, index=len(names) - 1)
        target = next(w for w in self.waves if w.name == target_name)
        demographics = {d.id: d for d in self.survey.demographics}
        current = target.headcount or {}
        recorded = waves.headcount_owner(self.survey, current) if current else None
        owner = recorded.id if recorded is not None else None
        default = waves.default_demographic(self.survey, owner)
        if default is None:
            return
        main_id = st.selectbox(
            t("dash.waves.headcount_by"),
            list(demographics),
            index=list(demographics).index(default),
            format_func=lambda i: demographics[i].label.get(self.lang),
            key="waves_hc_demographic",
        )
        age_id = waves.age_demographic(self.survey, main_id)
        with st.form(f"waves_headcount_{target_name}_{main_id}"):
            entered = self._numbers(
                demographics[main_id],
                current if main_id == owner else {},
                f"hc_{target_name}_{main_id}_",
            )
            by_age: dict[str, int | None] = {}
            if age_id is not None:
                by_age = self._numbers(
                    demographics[age_id], target.headcount_by_age or {}, f"hc_age_{target_name}_"
                )
            if not st.form_submit_button(t("dash.waves.headcount_save")):
                return
            given, ages = waves.counts(entered), waves.counts(by_age)

            def saved(_: object) -> Outcome:
                total = sum(given.values()) if given else None
                message = t(
                    "dash.waves.headcount_saved", wave=target_name, total=charts.whole(total)
                )
                return message, "wave.headcount", {"wave": target_name, "total": total}

            self.attempt(lambda: self.store.set_headcount(target_name, given, ages), saved)

    def _numbers(self, demographic: Any, values: dict, key: str) -> dict[str, int | None]:
        """One number input per option of `demographic`, three to a row."""
        st.markdown(f"**{demographic.label.get(self.lang)}**")
        columns = st.columns(3)
        return {
            option.id: columns[n % 3].number_input(
                option.label.get(self.lang),
                min_value=0,
                step=1,
                value=values.get(option.id),
                key=f"{key}{option.id}",
            )
            for n, option in enumerate(demographic.options)
        }

    def codes(self) -> None:
        coded = waves.coded(self.waves)
        heading = ("dash.waves.codes", "dash.waves.codes_caption")
        if not self.section(*heading, coded, empty="dash.waves.no_code_wave"):
            return
        with st.form("waves_codes"):
            code_wave = st.selectbox(
                t("render.wave"), coded, index=len(coded) - 1, format_func=self.named
            )
            count = st.number_input(
                t("dash.waves.code_count"), min_value=1, max_value=MAX_CODES, value=100, step=1
            )
            if not st.form_submit_button(t("dash.waves.codes_button")):
                return

            def issued(codes: list[str]) -> Outcome:
                st.session_state[CODES_KEY] = (code_wave, codes)
                shown = charts.whole(len(codes))
                message = t("dash.waves.codes_issued", wave=code_wave, count=shown)
                return message, "codes.issue", {"wave": code_wave, "count": len(codes)}

            self.attempt(lambda: self.store.issue_codes(code_wave, int(count)), issued)

    def issued_codes(self) -> None:
        """The codes just issued, to download once (and as printable slips)."""
        issued_now = st.session_state.get(CODES_KEY)
        if not issued_now:
            return
        code_wave, issued = issued_now
        detail = {"wave": code_wave, "count": len(issued)}
        st.warning(t("dash.waves.codes_once"))
        st.download_button(
            t("dash.waves.codes_download", count=charts.whole(len(issued))),
            data=export.codes_csv(code_wave, issued, (t("render.wave"), t("slips.code"))),
            file_name=export.file_name("codes", code_wave, "csv"),
            mime=export.CSV_MIME,
            on_click=lambda: self.store.audit(self.user, "export.codes", detail),
            icon=":material/download:",
            key="waves_codes_download",
        )
        coded_wave = next((w for w in self.waves if w.name == code_wave), None)
        if coded_wave is not None:
            link = slips.survey_link(waves.app_base(st.context.url), code_wave, self.lang)
            st.download_button(
                t("waves.slips_download"),
                # Typeset on the click only: a page run must not wait for a PDF of slips.
                data=lambda: slips.slips_pdf(
                    issued, link, coded_wave.title(self.lang), self.k, self.lang
                ),
                file_name=export.file_name("slips", code_wave, "pdf"),
                mime="application/pdf",
                on_click=lambda: self.store.audit(self.user, "export.slips", detail),
                icon=":material/print:",
                key="waves_slips_download",
            )
        if st.button(t("dash.waves.codes_forget"), key="waves_codes_forget"):
            del st.session_state[CODES_KEY]
            st.rerun()

    def importing(self, wave: str, upload: Any) -> None:
        """Import the uploaded file into `wave`: all its rows, or none and every problem."""
        progress = st.progress(0.0, text=t("dash.waves.import_saving"))
        safe = waves.safe_file_name(upload.name)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / safe
            path.write_bytes(upload.getvalue())
            try:
                progress.progress(0.3, text=t("dash.waves.import_checking"))
                stored = self.store.import_responses(wave, path, file_name=upload.name)
            except SurveyError as error:
                progress.empty()
                st.error(t("dash.waves.import_failed"))
                # Plain text that wraps: a table cell would cut the long lines, and
                # the lines quote the file's values, which must not become markup.
                with st.container(border=True, key="waves_import_problems"):
                    for line in import_summary(error, self.lang):
                        st.text(line)
                return
        progress.progress(1.0, text=t("dash.waves.import_done"))
        self.done(
            t("dash.waves.imported", wave=wave, count=charts.whole(stored)),
            "responses.import",
            {"wave": wave, "file": safe, "count": stored},
        )
