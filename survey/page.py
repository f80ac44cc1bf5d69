"""The pieces page scripts share: the preamble, one wave's report view, the flash and passwords.

A page script collects input, calls and renders (docs/architecture.md); what
several pages did alike, in the same words and widget keys, is here once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from scoring.errors import SurveyError
from scoring.questionnaire import Survey
from scoring.report import Report
from survey import analysis, dashboard_view, session, style
from survey.i18n import current_lang, t
from survey.store import Store, User

__all__ = [
    "PageRun",
    "WaveView",
    "act",
    "change_password",
    "named_chart",
    "new_password_inputs",
    "show_flash",
    "start",
    "wave_view",
]


@dataclass(frozen=True)
class PageRun:
    """One run of a protected page: who, in which language, and what it reads."""

    user: User
    lang: str
    store: Store
    src: analysis.Source
    survey: Survey

    def sheet_download(
        self, report: Report, *, sheet: str, stem: str, wave: str, detail: dict[str, Any]
    ) -> None:
        """`dashboard_view.sheet_download` of this run's source, user, survey and language."""
        dashboard_view.sheet_download(
            self.src,
            self.user.name,
            report,
            self.survey,
            self.lang,
            sheet=sheet,
            stem=stem,
            wave=wave,
            detail=detail,
        )


def start(*roles: str) -> PageRun:
    """The top of a protected page: the role lock, the language, the store and the survey.

    Stops the run with the sign-in prompt or a refusal (`session.require_role`),
    or with a database fault's message (`dashboard_view.page_source`).
    """
    user = session.require_role(*roles)
    lang = current_lang()
    store, src = dashboard_view.page_source(lang)
    return PageRun(user, lang, store, src, analysis.survey(src))


@dataclass(frozen=True)
class WaveView:
    """The wave (and filter) a dashboard page shows, its report and the audit detail."""

    wave: str
    filter: tuple[str, str] | None
    view: analysis.View
    detail: dict[str, Any]

    @property
    def report(self) -> Report:
        return self.view.report


def wave_view(
    run: PageRun,
    *,
    page: str,
    title: str,
    caption: str,
    with_filter: bool = True,
    open_note: str | None = "dash.open_wave_note",
) -> WaveView:
    """`dashboard_view.page_header`, the wave's report, the audited view, and a stop when hidden.

    The widgets' keys start with ``page``; the audit detail is the page, the wave
    and, on a page with a filter, the filter. A report hidden as a whole shows
    why (`dashboard_view.suppressed_notice`: a filter to change, or the wave) and
    stops the run.
    """
    wave, chosen = dashboard_view.page_header(
        run.src,
        run.survey,
        run.lang,
        title=title,
        caption=caption,
        key=page,
        with_filter=with_filter,
        open_note=open_note,
    )
    view = analysis.report(run.src, wave, filter=chosen)
    detail: dict[str, Any] = {"page": page, "wave": wave}
    if with_filter:
        detail["filter"] = list(chosen) if chosen else None
    analysis.audit_once(run.store, run.user.name, "report.view", detail)
    if view.report.suppressed:
        st.warning(dashboard_view.suppressed_notice(view.report, chosen))
        st.stop()
    return WaveView(wave, chosen, view, detail)


def show_flash(key: str) -> None:
    """The message an action kept for this run (`act`), once."""
    flash = st.session_state.pop(key, None)
    if flash:
        st.success(flash)


def act(
    flash_key: str, message: str, lang: str, action: Callable[..., Any], *args, **kwargs
) -> None:
    """Run a store action; on success keep ``message`` for `show_flash` and redraw, else
    show the store's refusal."""
    try:
        action(*args, **kwargs)
    except SurveyError as error:
        st.error(error.message(lang))
        return
    st.session_state[flash_key] = message
    st.rerun()


def new_password_inputs(prefix: str) -> tuple[str, str]:
    """The new password and its repetition, keyed ``{prefix}.new`` and ``{prefix}.again``."""
    new = st.text_input(
        t("account.new"), type="password", autocomplete="new-password", key=f"{prefix}.new"
    )
    again = st.text_input(
        t("account.again"), type="password", autocomplete="new-password", key=f"{prefix}.again"
    )
    return new, again


def change_password(
    name: str, current: str, new: str, again: str, lang: str, then: Callable[[Store], Any]
) -> bool:
    """Change ``name``'s password, record it and call ``then`` with the store; False, with
    the reason shown, when the two entries differ or the store refuses."""
    if new != again:
        st.error(t("account.mismatch"))
        return False
    store = Store()
    try:
        store.change_password(name, current, new)
        store.audit(name, "user.password", {"user": name})
        # Inside the try: signing in writes the session row and the audit.
        then(store)
    except SurveyError as error:
        st.error(error.message(lang))
        return False
    return True


def named_chart(
    rows: pd.DataFrame,
    where: pd.Series,
    draw: Callable[[pd.DataFrame], alt.TopLevelMixin],
    name: str,
    *,
    value: str = "score",
    table: Mapping[str, str] | None = None,
) -> None:
    """`style.chart` of ``draw(rows)``, its sentence naming each figure by ``where``
    (such as "item: answer"); ``table`` maps the rows' columns to the headers of the
    chart's table, None when the page shows the figures next to it."""
    named = rows.assign(where=where)
    style.chart(
        draw(rows),
        style.chart_summary(name, named, label="where", value=value),
        None if table is None else style.chart_table(named, table),
    )
