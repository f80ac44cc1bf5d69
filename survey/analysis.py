"""Cached analysis for the dashboard pages: what they read, and the record that they read it.

Pages never compute a statistic: they ask this module, which asks
`scoring.report` and caches the answer, so that switching pages with 100,000
responses over four waves takes no noticeable time.

What is analysed
    Only *closed* waves. While a wave takes responses, a report refreshed
    after one more submission would differ from the one before by exactly
    that person's answers (a differencing attack no group-size rule can stop),
    so an open wave shows a count of responses and nothing else until it
    closes. A closed wave never changes again (`Store.close_wave` is
    permanent), which also makes caching simple.

How the cache is keyed
    `source()` reads, on every run, the database URL, the survey file's path
    and modification time and one small row per wave (its name, status,
    revision and a digest of its random salt, so a re-created database with
    the same wave names is a different key). The response frame of the
    closed waves is loaded once per key (`st.cache_resource`, shared and never
    mutated) and every report is cached by its arguments (`st.cache_data`).
    A submission to the open wave changes none of the keys; closing a wave,
    importing or changing a headcount changes them, so the cache follows the
    data without a timer.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError

from scoring.comments import CommentList, comment_lists
from scoring.errors import SurveyError
from scoring.index import projection_line as index_projection_line
from scoring.questionnaire import Survey, load_survey
from scoring.report import Report, WaveComparison, build_report, compare_waves
from scoring.responses import empty_frame
from survey import export, settings
from survey.db import waves as waves_table
from survey.headcounts import headcount_for
from survey.i18n import t
from survey.store import Store, StoreUnavailable, Wave

__all__ = [
    "Distribution",
    "Source",
    "View",
    "WaveKey",
    "audit_once",
    "changes",
    "comment_threshold",
    "comments",
    "distributions",
    "frame",
    "headcount_for",
    "page_header",
    "page_source",
    "page_title",
    "projection_line",
    "report",
    "select_filter",
    "select_wave",
    "source",
    "store",
    "suppressed_notice",
    "survey",
    "waves_with_data",
]


@dataclass(frozen=True)
class WaveKey:
    """One wave as the cache sees it: a change to any field is a change of data."""

    name: str
    status: str
    revision: int
    salt_digest: str


@dataclass(frozen=True)
class Source:
    """Everything the analysed data depends on, read fresh on every run.

    Attributes
    ----------
    url
        The database URL.
    survey_path, survey_mtime_ns
        The survey file and its modification time.
    keys
        One `WaveKey` per wave, in wave order.
    waves
        The waves as HR manages them (status, headcounts), in wave order.
    """

    url: str
    survey_path: str
    survey_mtime_ns: int
    keys: tuple[WaveKey, ...]
    waves: tuple[Wave, ...]

    @property
    def closed(self) -> tuple[str, ...]:
        """Names of the closed waves, in wave order."""
        return tuple(k.name for k in self.keys if k.status == "closed")

    @property
    def open(self) -> tuple[str, ...]:
        """Names of the waves taking responses now."""
        return tuple(k.name for k in self.keys if k.status == "open")

    def wave(self, name: str) -> Wave | None:
        """The wave of this name, if any."""
        return next((w for w in self.waves if w.name == name), None)

    def cache_key(self) -> tuple:
        """What the closed waves' responses depend on (not the open wave's):
        ``(url, survey_path, survey_mtime_ns, closed wave keys)``."""
        closed = tuple(k for k in self.keys if k.status == "closed")
        return (self.url, self.survey_path, self.survey_mtime_ns, closed)


@dataclass(frozen=True)
class View:
    """A report and the headcount it was built with.

    Attributes
    ----------
    report
        `scoring.report.Report`, privacy applied.
    headcount
        The population size N used for the finite population correction and
        the participation rate, or None when unknown.
    headcount_conflict
        HR set a headcount smaller than the respondents; it was left out and
        the page says so.
    """

    report: Report
    headcount: int | None
    headcount_conflict: bool

    @property
    def participation(self) -> float | None:
        """Respondents as a percent of the headcount, when both are known and shown."""
        respondents = self.report.respondents
        if self.report.suppressed or respondents is None or not self.headcount:
            return None
        return 100.0 * respondents / self.headcount


@dataclass(frozen=True)
class Distribution:
    """How often each scale point was chosen for one item (raw answers, before reverse keying).

    Attributes
    ----------
    item
        The item id.
    counts
        Answers 1..k, one count per scale point.
    n
        Answers given (the sum of ``counts``).
    """

    item: str
    counts: tuple[int, ...]
    n: int

    @property
    def percents(self) -> tuple[float, ...]:
        """Each scale point's share of the answers, in percent."""
        if self.n == 0:
            return tuple(0.0 for _ in self.counts)
        return tuple(100.0 * c / self.n for c in self.counts)


# ---------------------------------------------------------------- sources


@st.cache_resource(show_spinner=False, max_entries=4)
def _survey(path: str, mtime_ns: int) -> Survey:
    # mtime_ns is part of the key only: an edited file is a new entry.
    return load_survey(path)


def store() -> Store:
    """The store of the configured database, with the configured survey.

    Settings are read at call time, so tests (and AppTest) can point the app
    at another database between runs.
    """
    path = str(settings.get("survey"))
    return Store(str(settings.get("db_url")), survey=_survey(path, _mtime(path)))


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        # load_survey reports the missing file as a SurveyError.
        return 0


def source(current: Store | None = None) -> Source:
    """Read what the analysed data depends on (a few small queries, no responses).

    Raises `StoreUnavailable` when the database cannot be reached.
    """
    current = current or store()
    path = str(settings.get("survey"))
    try:
        with current.engine.connect() as connection:
            rows = connection.execute(
                select(
                    waves_table.c.name,
                    waves_table.c.status,
                    waves_table.c.revision,
                    waves_table.c.code_salt,
                ).order_by(waves_table.c.name)
            ).all()
    except (OperationalError, InterfaceError) as exc:
        raise StoreUnavailable.make() from exc
    keys = tuple(
        WaveKey(r.name, r.status, int(r.revision), hashlib.sha256(bytes(r.code_salt)).hexdigest())
        for r in rows
    )
    return Source(current.url, path, _mtime(path), keys, tuple(current.list_waves()))


def survey(src: Source) -> Survey:
    """The survey the source's data is read with."""
    return _survey(src.survey_path, src.survey_mtime_ns)


@st.cache_resource(show_spinner=False, max_entries=2)
def _frame(url: str, survey_path: str, mtime_ns: int, closed: tuple[WaveKey, ...]) -> pd.DataFrame:
    the_survey = _survey(survey_path, mtime_ns)
    current = Store(url, survey=the_survey)
    frames = [current.load_wave(key.name) for key in closed]
    if not frames:
        return empty_frame(the_survey)
    return pd.concat(frames, ignore_index=True)


def frame(src: Source) -> pd.DataFrame:
    """The response frame of every closed wave; shared between sessions, never mutate it."""
    return _frame(*src.cache_key())


def waves_with_data(src: Source) -> tuple[str, ...]:
    """The closed waves that hold responses, in wave order."""
    return _waves_with_data(src.cache_key())


@st.cache_data(show_spinner=False, max_entries=16)
def _waves_with_data(key: tuple) -> tuple[str, ...]:
    present = set(pd.unique(_frame(*key)["wave"]).tolist())
    return tuple(k.name for k in key[3] if k.name in present)


# ---------------------------------------------------------------- reports


@st.cache_data(show_spinner=False, max_entries=512)
def _view(
    key: tuple,
    wave: str,
    by: tuple[str, ...],
    filter: tuple[str, str] | None,
    youth: bool,
    headcount: int | None,
    trend_headcounts: tuple[tuple[str, int], ...] = (),
) -> View:
    the_survey = _survey(key[1], key[2])
    data = _frame(*key)
    arguments: dict[str, Any] = {
        "wave": wave,
        "by": by,
        "filter": filter,
        "youth": youth,
        "trend_headcounts": dict(trend_headcounts),
    }
    try:
        return View(
            build_report(the_survey, data, headcount=headcount, **arguments), headcount, False
        )
    except SurveyError as error:
        if headcount is None or {p.key for p in error.problems} != {"report.headcount_too_small"}:
            raise
    # A headcount below the respondents is HR's typo, not a reason to show nothing.
    return View(build_report(the_survey, data, **arguments), None, True)


def report(
    src: Source,
    wave: str,
    *,
    by: Sequence[str] = (),
    filter: tuple[str, str] | None = None,
    youth: bool = False,
) -> View:
    """The report of a closed wave (cached), with the wave's headcount as N.

    Raises `SurveyError` for an unknown wave, demographic or option.
    """
    the_survey = survey(src)
    headcount = headcount_for(the_survey, src.wave(wave), filter)
    # Every trend point carries its own wave's correction, as its own report does.
    others = tuple(
        (name, n)
        for name in src.closed
        if name != wave and (n := headcount_for(the_survey, src.wave(name), filter)) is not None
    )
    return _view(src.cache_key(), wave, tuple(by), _pair(filter), youth, headcount, others)


def _pair(filter: Sequence[str] | None) -> tuple[str, str] | None:
    return None if filter is None else (str(filter[0]), str(filter[1]))


@st.cache_data(show_spinner=False, max_entries=64)
def _changes(key: tuple, filter: tuple[str, str] | None) -> tuple[WaveComparison, ...]:
    the_survey = _survey(key[1], key[2])
    data = _frame(*key)
    names = _waves_with_data(key)
    return tuple(
        compare_waves(the_survey, data, later, earlier, filter=filter)
        for earlier, later in itertools.pairwise(names)
    )


def changes(src: Source, filter: tuple[str, str] | None = None) -> tuple[WaveComparison, ...]:
    """Each closed wave against the one before it (``wave_a`` the later, ``wave_b`` the earlier)."""
    return _changes(src.cache_key(), _pair(filter))


def projection_line(report: Report, ahead: int) -> list[tuple[str, float]]:
    """The report's trend line up to ``ahead`` waves on (`scoring.index.projection_line`)."""
    return index_projection_line(report.projection, [p.wave for p in report.trend], ahead)


def comment_threshold() -> int:
    """The fewest writers a comment list needs, beside k (``CULTURE_COMMENT_MIN``)."""
    return int(settings.get("comment_min"))


@st.cache_data(show_spinner=False, max_entries=64)
def _comments(key: tuple, wave: str, threshold: int) -> dict[str, CommentList]:
    return comment_lists(_survey(key[1], key[2]), _frame(*key), wave, threshold=threshold)


def comments(src: Source, wave: str) -> dict[str, CommentList]:
    """Every comment list of a closed wave (the whole wave, and with a youth rule the
    young and the rest), shown or withheld as `scoring.comments` decides.

    There is no filter and no group on purpose: a comment's text tags its
    writer, so lists of other populations would intersect (METHOD.md,
    Privacy). Open waves are not analysed at all (see the module docstring),
    so a wave that is not closed raises `SurveyError` ("unknown wave").
    """
    return _comments(src.cache_key(), wave, comment_threshold())


def distributions(
    src: Source, wave: str, filter: tuple[str, str] | None = None
) -> tuple[Distribution, ...] | None:
    """Every shown item's answer counts for a population; None when it is suppressed.

    The counts are the report's (`ItemSummary.counts`): scoring counts them
    and decides which items may show them (k counts those who answered each
    item, METHOD.md, Privacy); an item the report hides has no distribution.
    """
    view = report(src, wave, filter=filter).report
    if view.suppressed:
        return None
    return tuple(
        Distribution(item.id, item.counts, int(item.n))
        for item in view.items
        if not item.suppressed
    )


# ---------------------------------------------------------------- audit


def audit_once(current: Store, user: str, action: str, detail: Mapping[str, Any]) -> None:
    """Record that ``user`` viewed something, once per distinct view in this session.

    Streamlit reruns a page on every click; the log should say which reports,
    filters and exports a person opened, not how often the page redrew.
    """
    marker = (action, tuple(sorted((k, repr(v)) for k, v in detail.items())))
    seen = st.session_state.setdefault("_dashboard_audited", {})
    if seen.get(action) == marker:
        return
    current.audit(user, action, dict(detail))
    seen[action] = marker


# ---------------------------------------------------------------- page controls

_WAVE_CHOICE = "_dashboard_wave"


def select_wave(src: Source, label: str, key: str) -> str | None:
    """A select box of the closed waves with data, remembering the choice across pages.

    Defaults to the latest wave that may be shown as a whole (a wave closed with
    fewer than k respondents is listed but not chosen for the reader), else the
    latest; None when no closed wave holds responses.
    """
    names = list(waves_with_data(src))
    if not names:
        return None
    remembered = st.session_state.get(_WAVE_CHOICE)
    if remembered in names:
        index = names.index(remembered)
    else:
        index = max(
            (i for i, name in enumerate(names) if not report(src, name).report.suppressed),
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
    src: Source, *, title: str, caption: str, open_note: str | None = "dash.open_wave_note"
) -> None:
    """A dashboard page's title and caption, and while a wave is open the note that says why
    it is not shown: ``open_note`` is that note's key (it takes ``waves``), None for no note."""
    st.title(title)
    st.caption(caption)
    if open_note is not None and src.open:
        st.info(t(open_note, waves=", ".join(src.open)))


def page_header(
    src: Source,
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


def page_source(lang: str) -> tuple[Store, Source]:
    """The store and source for a page run; a database fault shows its message and stops."""
    try:
        current = store()
        return current, source(current)
    except SurveyError as error:
        st.error(error.message(lang))
        st.stop()


def sheet_download(
    src: Source,
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


def change_table(src: Source, found: Sequence[WaveComparison]) -> pd.DataFrame:
    """Wave-to-wave changes in the trends page's words and test, one row per measure.

    The index, then the dimensions both waves may show; a comparison that
    must stay hidden is one row with the marker. The verdict is
    `scoring.compare.verdict` of the row's family-adjusted p.
    """
    from scoring import compare, display
    from survey.i18n import current_lang

    the_survey = survey(src)
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


def _change_to(src: Source, wave: str, filter: tuple[str, str] | None) -> WaveComparison | None:
    return next((c for c in changes(src, filter) if c.wave_a == wave), None)


def show_change(src: Source, wave: str, filter: tuple[str, str] | None = None) -> None:
    """The "change from the previous wave" section of an HR page (`show_changes`)."""
    st.subheader(t("dash.trends.changes"))
    change = _change_to(src, wave, filter)
    show_changes(src, [] if change is None else [change])


def show_changes(src: Source, found: Sequence[WaveComparison]) -> None:
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
        **{d.id: d.label.get(lang) for d in survey(src).dimensions},
    }
    st.markdown(plain_view.wave_changes(list(found), labels, lang))
    with st.expander(t("dash.stats")):
        st.caption(t("dash.trends.changes_caption"))
        st.dataframe(change_table(src, found), hide_index=True)
        for line in plain.glossary(lang):
            st.markdown(line)
