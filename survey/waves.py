"""The waves page's choices, free of Streamlit: which waves each task offers, and its conversions.

Each task of the page (open and close, schedule, hand out, codes, import,
publish) offers only the waves it can act on; the rules are here, once, so the
page and its sections only ask. The store checks every action again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path

from scoring.questionnaire import Demographic, Survey
from survey.store import SEOUL, Wave

__all__ = [
    "LOCAL_APP",
    "age_demographic",
    "app_base",
    "changeable",
    "closed",
    "coded",
    "collecting",
    "counts",
    "default_demographic",
    "headcount_owner",
    "importable",
    "local",
    "moment",
    "safe_file_name",
    "schedule_detail",
]

LOCAL_APP = "http://localhost:8501"
"""The app's address when the browser's is unknown (a test, a script run)."""


def changeable(waves: Sequence[Wave]) -> list[Wave]:
    """Waves that may still open, close or be rescheduled: every one not closed."""
    return [w for w in waves if w.status != "closed"]


def collecting(waves: Sequence[Wave]) -> list[Wave]:
    """Waves whose survey link may be handed out: not closed and not filled by imports."""
    return [w for w in waves if w.status != "closed" and w.origin != "imported"]


def coded(waves: Sequence[Wave]) -> list[str]:
    """Names of the waves access codes may be issued for."""
    return [
        w.name
        for w in waves
        if w.status != "closed" and w.access_mode == "codes" and w.origin != "imported"
    ]


def importable(waves: Sequence[Wave]) -> list[str]:
    """Names of the waves that take imported history: a draft that collects nothing."""
    return [w.name for w in waves if w.status == "draft" and w.origin != "collected"]


def closed(waves: Sequence[Wave]) -> list[str]:
    """Names of the closed waves, whose results may be published."""
    return [w.name for w in waves if w.status == "closed"]


def headcount_owner(survey: Survey, headcount: Mapping[str, int]) -> Demographic | None:
    """The demographic whose options a wave's headcount is recorded by, if any."""
    return next(
        (d for d in survey.demographics if set(headcount) <= {o.id for o in d.options}),
        None,
    )


def default_demographic(survey: Survey, owner: str | None) -> str | None:
    """The demographic the headcount form starts on: the recorded one, else a department."""
    ids = [d.id for d in survey.demographics]
    return owner or next((i for i in ids if i in ("dept", "department")), next(iter(ids), None))


def age_demographic(survey: Survey, main: str) -> str | None:
    """The youth comparison's age demographic, counted beside `main` (unless it is `main`)."""
    age = survey.youth.demographic if survey.youth else None
    return None if age == main else age


def counts(entered: Mapping[str, float | None]) -> dict[str, int] | None:
    """The counts a person entered, blanks left out; None when every one is blank."""
    return {key: int(value) for key, value in entered.items() if value is not None} or None


def local(value: datetime | None) -> datetime | None:
    """A stored moment in Seoul time, as the schedule form shows it."""
    return None if value is None else value.astimezone(SEOUL)


def moment(day: date | None, at: time | None) -> datetime | None:
    """A day and a time of the schedule form as a moment in Seoul; None without a day."""
    if day is None:
        return None
    return datetime.combine(day, at or time(0, 0), tzinfo=SEOUL)


def schedule_detail(wave: str, saved: Wave) -> dict[str, str | None]:
    """What the audit log records of a saved schedule."""
    return {
        "wave": wave,
        "opens": None if saved.opens_at is None else saved.opens_at.isoformat(),
        "closes": None if saved.closes_at is None else saved.closes_at.isoformat(),
    }


def safe_file_name(name: str) -> str:
    """An uploaded file's name, safe to write in a temporary folder."""
    return re.sub(r"[^\w.\-]+", "_", Path(name).name) or "responses.csv"


def app_base(url: str | None) -> str:
    """The app's address from the page's (its query and page name cut off)."""
    return (url or "").split("?")[0].rsplit("/", 1)[0] or LOCAL_APP
