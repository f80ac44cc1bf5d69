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

The widgets the pages share around these results (the wave and filter pickers,
the page header, the change since the last wave) are `survey.dashboard_view`.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError

from scoring.comments import CommentList, comment_lists
from scoring.errors import SurveyError
from scoring.questionnaire import Survey, load_survey
from scoring.report import Report, WaveComparison, build_report, compare_waves
from scoring.responses import empty_frame
from survey import settings
from survey.db import waves as waves_table
from survey.headcounts import headcount_for
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
    "report",
    "source",
    "store",
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
