"""The dashboard pages' shared widgets: wave and filter pickers, header, downloads, changes.

The top of a dashboard page (its title, the wave and a filter), a report sheet's
download and the change since the last wave, in the same words and widget keys
on every page. What they show comes from `survey.analysis` (cached, closed waves
only); they only draw it.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any

import pandas as pd
import streamlit as st

from scoring.errors import SurveyError
from scoring.questionnaire import Survey
from scoring.report import Report, WaveComparison
from survey import analysis, export
from survey.i18n import t
from survey.store import Store

__all__ = [
    "change_table",
    "page_header",
    "page_source",
    "page_title",
    "select_filter",
    "select_wave",
    "sheet_download",
    "show_change",
    "show_changes",
    "suppressed_notice",
]

_WAVE_CHOICE = "_dashboard_wave"


def select_wave(src: analysis.Source, label: str, key: str) -> str | None:
    """A select box of the closed waves with data, remembering the choice across pages.

    Defaults to the latest wave that may be shown as a whole (a wave closed with
    fewer than k respondents is listed but not chosen for the reader), else the
    latest; None when no closed wave holds responses.
    """
    names = list(analysis.waves_with_data(src))
    if not names:
        return None
    remembered = st.session_state.get(_WAVE_CHOICE)
    if remembered in names:
        index = names.index(remembered)
    else:
        index = max(
            (i for i, name in enumerate(names) if not analysis.report(src, name).report.suppressed),
            default=len(names) - 1,
        )
    chosen = st.selectbox(label, names, index=index, key=key)
    st.session_state[_WAVE_CHOICE] = chosen
    return chosen


def select_filter(
    the_survey: Survey,
    lang: str,
    *,
    label: str,
    none_label: str,
    option_label: str,
    key: str,
    exclude: Sequence[str] = (),
) -> tuple[str, str] | None:
    """An optional filter: one demographic (or none), then one of its options."""
    demographics = [d for d in the_survey.demographics if d.id not in exclude]
    ids = [None, *(d.id for d in demographics)]
    names = {d.id: d.label.get(lang) for d in demographics}
    chosen = st.selectbox(
        label, ids, format_func=lambda i: none_label if i is None else names[i], key=f"{key}_dem"
    )
    if chosen is None:
        return None
    demographic = the_survey.demographic(chosen)
    labels = {o.id: o.label.get(lang) for o in demographic.options}
    option = st.selectbox(
        option_label, list(labels), format_func=labels.__getitem__, key=f"{key}_opt_{chosen}"
    )
    return (chosen, option)


def page_title(
    src: analysis.Source, *, title: str, caption: str, open_note: str | None = "dash.open_wave_note"
) -> None:
    """A dashboard page's title and caption, and while a wave is open the note that says why
    it is not shown: ``open_note`` is that note's key (it takes ``waves``), None for no note."""
    st.title(title)
    st.caption(caption)
    if open_note is not None and src.open:
        st.info(t(open_note, waves=", ".join(src.open)))


def page_header(
    src: analysis.Source,
    the_survey: Survey,
    lang: str,
    *,
    title: str,
    caption: str,
    key: str,
    with_filter: bool = True,
    open_note: str | None = "dash.open_wave_note",
) -> tuple[str, tuple[str, str] | None]:
    """The top of a dashboard page about one closed wave: `page_title`, then the wave and,
    ``with_filter``, a filter beside it; returns (wave, filter or None).

    The widgets' keys are ``{key}_wave`` and ``{key}_filter`` (see `select_filter`). When
    no closed wave holds responses the page says so and stops.
    """
    page_title(src, title=title, caption=caption, open_note=open_note)
    # Without a filter the wave's box stands alone, outside any column.
    left, right = st.columns(2) if with_filter else (nullcontext(), None)
    with left:
        wave = select_wave(src, t("render.wave"), key=f"{key}_wave")
    if wave is None:
        st.info(t("dash.no_closed_wave"))
        st.stop()
    if right is None:
        return wave, None
    with right:
        chosen = select_filter(
            the_survey,
            lang,
            label=t("dash.filter"),
            none_label=t("dash.filter_none"),
            option_label=t("dash.filter_option"),
            key=f"{key}_filter",
        )
    return wave, chosen


def suppressed_notice(report: Report, filter: tuple[str, str] | None) -> str:
    """Why a whole view is hidden, in words that fit the page (a filter to change or a wave)."""
    key = "dash.suppressed_view" if filter is not None else "dash.suppressed_wave"
    return t(key, k=report.min_group)


def page_source(lang: str) -> tuple[Store, analysis.Source]:
    """The store and source for a page run; a database fault shows its message and stops."""
    try:
        current = analysis.store()
        return current, analysis.source(current)
    except SurveyError as error:
        st.error(error.message(lang))
        st.stop()


def sheet_download(
    src: analysis.Source,
    user: str,
    report: Report,
    the_survey: Survey,
    lang: str,
    *,
    sheet: str,
    stem: str,
    wave: str,
    detail: dict[str, Any],
) -> None:
    """A page's CSV download of one report sheet, audited and built only when clicked."""
    st.download_button(
        t("youth.download_csv"),
        data=export.deferred(
            src.url,
            user,
            "export.csv",
            detail,
            lambda: export.sheet_csv(report, the_survey, sheet, lang),
        ),
        file_name=export.file_name(stem, wave, "csv"),
        mime=export.CSV_MIME,
        on_click="ignore",
        icon=":material/download:",
    )


def change_table(src: analysis.Source, found: Sequence[WaveComparison]) -> pd.DataFrame:
    """Wave-to-wave changes in the trends page's words and test, one row per measure.

    The index, then the dimensions both waves may show; a comparison that
    must stay hidden is one row with the marker. The verdict is
    `scoring.compare.verdict` of the row's family-adjusted p.
    """
    from scoring import compare, display
    from survey.i18n import current_lang

    the_survey = analysis.survey(src)
    lang = current_lang()
    measure = {
        "index": t("render.section_index"),
        **{d.id: d.label.get(lang) for d in the_survey.dimensions},
    }
    marker = t("dash.suppressed_cell", k=the_survey.min_group_size)
    rows = []
    for change in found:
        span = t("dash.trends.span", earlier=change.wave_b, later=change.wave_a)
        if change.suppressed:
            rows.append([span, "", "", "", "", marker])
            continue
        for row in change.rows:
            verdict = compare.verdict(row.p_holm, row.tested)
            rows.append(
                [
                    span,
                    measure[row.id],
                    display.number(row.mean_b),
                    display.number(row.mean_a),
                    display.signed(row.diff),
                    t(f"dash.trends.{verdict}", p=display.p_value(row.p_holm)),
                ]
            )
    columns = ["span", "measure", "before", "after", "change", "verdict"]
    # The measure column is the report's comparison column, in its words.
    keys = {"measure": "render.comparison"}
    return pd.DataFrame(rows, columns=[t(keys.get(c, f"dash.col.{c}")) for c in columns])


def _change_to(
    src: analysis.Source, wave: str, filter: tuple[str, str] | None
) -> WaveComparison | None:
    return next((c for c in analysis.changes(src, filter) if c.wave_a == wave), None)


def show_change(src: analysis.Source, wave: str, filter: tuple[str, str] | None = None) -> None:
    """The "change from the previous wave" section of an HR page (`show_changes`)."""
    st.subheader(t("dash.trends.changes"))
    change = _change_to(src, wave, filter)
    show_changes(src, [] if change is None else [change])


def show_changes(src: analysis.Source, found: Sequence[WaveComparison]) -> None:
    """One plain sentence per measure (`scoring.plain`), then `change_table` and a
    glossary one click away; a note instead when there is no earlier wave."""
    from scoring import plain
    from survey import plain_view
    from survey.i18n import current_lang

    if not found:
        st.info(t("dash.trends.one_wave"))
        return
    lang = current_lang()
    labels = {
        "index": t("render.section_index"),
        **{d.id: d.label.get(lang) for d in analysis.survey(src).dimensions},
    }
    st.markdown(plain_view.wave_changes(list(found), labels, lang))
    with st.expander(t("dash.stats")):
        st.caption(t("dash.trends.changes_caption"))
        st.dataframe(change_table(src, found), hide_index=True)
        for line in plain.glossary(lang):
            st.markdown(line)
