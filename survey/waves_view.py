"""The waves page's frame: its words and actions, the heading, the list and the live counter.

`app_pages/hr_waves.py` builds a `WavesPage` and draws its sections in order:
the list and counter here, each task's form in `survey.waves_lifecycle_view`
and `survey.waves_codes_view`. Which waves a section offers is `survey.waves`'
rule, and every action goes through `WavesPage.attempt`: a `SurveyError` is
shown, anything done is audited and announced on the next run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from scoring import display
from scoring.errors import SurveyError
from scoring.privacy import LIVE_STEP, live_count, live_unit_count
from scoring.questionnaire import Survey
from survey import charts, waves
from survey.i18n import t
from survey.page import show_flash
from survey.store import Store, Wave

__all__ = ["FLASH_KEY", "Outcome", "WavesPage"]

FLASH_KEY = "_waves_flash"

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
    by_name: dict[str, Wave] = field(init=False)

    def __post_init__(self) -> None:
        self.waves = self.store.list_waves()
        self.by_name = {w.name: w for w in self.waves}

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
        return self.label(self.by_name[name])

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

    def pick(
        self, key: str | None, names: list[str], label: str = "render.wave", **options: Any
    ) -> str:
        """A wave chosen by name, shown by its label."""
        return st.selectbox(t(label), names, format_func=self.named, key=key, **options)

    def choose(self, key: str, candidates: list[Wave]) -> Wave:
        """`pick` among `candidates`: the wave chosen."""
        return self.by_name[self.pick(key, [w.name for w in candidates])]

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
        show_flash(FLASH_KEY)

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
