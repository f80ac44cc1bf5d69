"""Waves: their lifecycle (create, schedule, open, close), titles and headcounts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from scoring.errors import SurveyError
from survey import auth, codes
from survey.db import access_codes, layout_of, responses, waves
from survey.store_base import StoreUnavailable, _log, _utc

__all__ = ["ACCESS_MODES", "MAX_TITLE", "SEOUL", "WAVE_ID", "WAVE_ID_PATTERN", "Wave", "WavesMixin"]

ACCESS_MODES = ("codes", "open")
WAVE_ID_PATTERN = r"\d{4}-(?:H[12]|Q[1-4]|0[1-9]|1[0-2])|[A-Za-z][A-Za-z0-9_-]{0,39}"
"""What a wave id may be: a half year (2025-H1), a quarter (2026-Q3), a month
(2026-03), or a letter-led ASCII name; the one rule every caller uses."""
WAVE_ID = re.compile(rf"^(?:{WAVE_ID_PATTERN})$")
MAX_TITLE = 80
SEOUL = ZoneInfo("Asia/Seoul")
"""The time zone schedules are written and shown in."""


@dataclass(frozen=True)
class Wave:
    """A survey wave as HR manages it."""

    name: str
    status: str
    access_mode: str
    headcount: dict[str, int] | None
    headcount_by_age: dict[str, int] | None
    origin: str | None = None
    codes_issued: int = 0
    title_ko: str | None = None
    title_en: str | None = None
    position: int = 0
    opens_at: datetime | None = None
    closes_at: datetime | None = None

    @property
    def headcount_total(self) -> int | None:
        """The wave's population N (sum of the headcounts), if known."""
        return None if self.headcount is None else sum(self.headcount.values())

    def title(self, lang: str = "ko") -> str:
        """What people see: the title in `lang`, else the other language's, else the id."""
        first, second = (
            (self.title_en, self.title_ko) if lang == "en" else (self.title_ko, self.title_en)
        )
        return first or second or self.name


class WavesMixin:
    """`Store`'s waves: created as drafts, opened, closed for ever, listed."""

    def create_wave(
        self,
        name: str,
        access_mode: str = "codes",
        headcount: Mapping[str, int] | None = None,
        headcount_by_age: Mapping[str, int] | None = None,
        title_ko: str | None = None,
        title_en: str | None = None,
    ) -> Wave:
        """Create a draft wave; its answer layout is taken from the current survey.

        The wave is placed after every wave there is (`Wave.position`); its
        titles are what people see (None: the id).
        """
        if not isinstance(name, str) or not WAVE_ID.match(name):
            raise SurveyError.single("store.wave_name", name=repr(name))
        titles = _titles(title_ko, title_en)
        if access_mode not in ACCESS_MODES:
            raise SurveyError.single("store.access_mode", mode=repr(access_mode))
        counts, by_age = self._check_headcounts(headcount, headcount_by_age)
        try:
            with self._write() as connection:
                connection.execute(
                    insert(waves).values(
                        name=name,
                        status="draft",
                        access_mode=access_mode,
                        survey_layout=layout_of(self.survey),
                        headcount=counts,
                        headcount_by_age=by_age,
                        code_salt=codes.new_salt(),
                        revision=1,
                        code_scheme=codes.SCHEME_KEYED,
                        origin=None,
                        codes_issued=0,
                        code_window=0,
                        code_failures=0,
                        **titles,
                        position=select(
                            func.coalesce(func.max(waves.c.position), 0) + 1
                        ).scalar_subquery(),
                    )
                )
        except IntegrityError:
            raise SurveyError.single("store.wave_exists", name=name) from None
        return self._get_wave(name)

    def set_titles(self, name: str, title_ko: str | None, title_en: str | None) -> Wave:
        """Change the titles people see (None or blank: the id); allowed in every state."""
        titles = _titles(title_ko, title_en)
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            connection.execute(
                update(waves)
                .where(waves.c.id == row.id)
                .values(**titles, revision=waves.c.revision + 1)
            )
        return self._get_wave(name)

    def schedule_wave(
        self, name: str, opens_at: datetime | None, closes_at: datetime | None
    ) -> Wave:
        """Set when a wave opens and closes by itself (None: by hand).

        Times are aware datetimes (naive ones are taken as UTC). The closing
        time must come after the opening time; an open wave takes a closing
        time only, a closed wave nothing, and a wave of imported history no
        opening time. The schedule is applied by `apply_schedule`, which every
        listing of waves runs first (so the first request after the moment
        applies it) and the command line runs too.
        """
        opens, closes = _utc(opens_at), _utc(closes_at)
        if opens is not None and closes is not None and closes <= opens:
            raise SurveyError.single(
                "store.schedule_order", opens=_stamp(opens), closes=_stamp(closes)
            )
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            if row.status == "closed":
                raise SurveyError.single("store.schedule_closed", name=name)
            if opens is not None and row.status == "open":
                raise SurveyError.single("store.schedule_open", name=name)
            if opens is not None and row.origin == "imported":
                raise SurveyError.single("store.schedule_imported", name=name)
            connection.execute(
                update(waves)
                .where(waves.c.id == row.id)
                .values(opens_at=opens, closes_at=closes, revision=waves.c.revision + 1)
            )
        return self._get_wave(name)

    def apply_schedule(self, now: datetime | None = None) -> list[tuple[str, str]]:
        """Open and close the waves whose scheduled moment has come; returns (wave, action).

        A draft whose opening time has passed opens (then closes at once if
        its closing time has passed too); an open wave whose closing time has
        passed closes. Each change is in the audit log under the user
        ``schedule``. Two processes applying at once change each wave once.
        """
        moment = _utc(now) or auth.utcnow()
        with self._read() as connection:
            due = connection.execute(
                select(waves.c.name, waves.c.status, waves.c.opens_at, waves.c.closes_at)
                .where(
                    ((waves.c.status == "draft") & (waves.c.opens_at <= moment))
                    | ((waves.c.status == "open") & (waves.c.closes_at <= moment))
                )
                .order_by(waves.c.position)
            ).all()
        done: list[tuple[str, str]] = []
        for row in due:
            if row.status == "draft":
                if self._apply_scheduled(row.name, "draft", "open", row.opens_at):
                    done.append((row.name, "open"))
                closes = _utc(row.closes_at)
                if closes is None or closes > moment:
                    continue
            if self._apply_scheduled(row.name, "open", "close", row.closes_at):
                done.append((row.name, "close"))
        return done

    def _apply_scheduled(self, name: str, status: str, action: str, at: datetime | None) -> bool:
        """Open or close `name` if it is still `status`; whether this process did it."""
        if self._get_wave(name).status != status:
            return False
        (self.open_wave if action == "open" else self.close_wave)(name)
        # At the scheduled moment: the request that applied it may be an
        # employee's, and its time is not the log's to keep.
        self.audit("schedule", f"wave.{action}", {"wave": name, "scheduled": True}, at=_utc(at))
        return True

    def _apply_due(self) -> None:
        # Cheap when nothing is due: one indexed read. A failure to apply
        # (database busy) leaves the schedule for the next request.
        try:
            self.apply_schedule()
        except StoreUnavailable:
            _log.warning("the wave schedule could not be applied now; the next request retries")

    def open_wave(self, name: str) -> Wave:
        """Open a draft wave for responses (no-op if open; a closed wave never reopens)."""
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            if row.status == "closed":
                raise SurveyError.single("store.wave_closed", name=name)
            if row.status == "draft":
                if row.origin == "imported":
                    raise SurveyError.single("store.open_imported", name=name)
                values: dict[str, Any] = {
                    "status": "open",
                    "origin": "collected",
                    "revision": waves.c.revision + 1,
                }
                if self._count(connection, row.id) == 0:
                    # Nothing stored yet: follow edits made to the survey while drafting.
                    values["survey_layout"] = layout_of(self.survey)
                connection.execute(update(waves).where(waves.c.id == row.id).values(**values))
        return self._get_wave(name)

    def close_wave(self, name: str) -> Wave:
        """Close a wave for ever: no more responses, imports or codes.

        A draft closes too, without ever opening: it is then history (its
        origin "imported", even when it holds no responses), so a closed
        draft never collected a response. After the commit the traces of submission are erased (see
        the module docstring); that step runs again when a closed wave is
        closed again, so a close whose cleanup was held off by long readers
        (a warning in the log) can be finished later.
        """
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            if row.status != "closed":
                connection.execute(
                    update(waves)
                    .where(waves.c.id == row.id)
                    .values(
                        status="closed",
                        revision=waves.c.revision + 1,
                        origin=row.origin or "imported",
                        # The window of the last wrong code is a time of day,
                        # often a respondent's typo just before they answered.
                        code_window=0,
                        code_failures=0,
                    )
                )
                connection.execute(access_codes.delete().where(access_codes.c.wave_id == row.id))
                if connection.dialect.name == "postgresql":
                    self._rewrite_in_id_order(connection, row.id)
        if self._engine.dialect.name == "sqlite":
            self._erase_sqlite_traces(name)
        else:
            self._erase_postgresql_traces(name)
        return self._get_wave(name)

    def set_headcount(
        self,
        name: str,
        headcount: Mapping[str, int] | None,
        headcount_by_age: Mapping[str, int] | None = None,
    ) -> Wave:
        """Set the wave's headcount per department option (and per age band).

        Headcounts are not responses, so a closed wave's may be corrected too;
        a total below the codes already issued, or below the responses the
        wave holds, is refused.
        """
        counts, by_age = self._check_headcounts(headcount, headcount_by_age)
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            total = None if counts is None else sum(counts.values())
            if total is not None and total < row.codes_issued:
                raise SurveyError.single(
                    "store.headcount_below_codes",
                    name=name,
                    issued=row.codes_issued,
                    headcount=total,
                )
            held = self._count(connection, row.id) if total is not None else 0
            if total is not None and total < held:
                raise SurveyError.single(
                    "store.headcount_below_responses", name=name, responses=held, headcount=total
                )
            connection.execute(
                update(waves)
                .where(waves.c.id == row.id)
                .values(headcount=counts, headcount_by_age=by_age, revision=waves.c.revision + 1)
            )
        return self._get_wave(name)

    def list_waves(self) -> list[Wave]:
        """Every wave in its order (`Wave.position`), after applying the schedule."""
        self._apply_due()
        with self._read() as connection:
            rows = connection.execute(select(waves).order_by(waves.c.position, waves.c.name)).all()
        return [_wave(row) for row in rows]

    def open_waves(self) -> list[Wave]:
        """The waves now taking responses, in their order."""
        return [wave for wave in self.list_waves() if wave.status == "open"]

    def get_wave(self, name: str) -> Wave:
        """The wave of this name, after applying the schedule; `SurveyError` if there is none."""
        self._apply_due()
        return self._get_wave(name)

    def _get_wave(self, name: str) -> Wave:
        with self._read() as connection:
            row = connection.execute(select(waves).where(waves.c.name == name)).first()
        if row is None:
            raise SurveyError.single("store.wave_unknown", name=name)
        return _wave(row)

    def delete_draft(self, name: str) -> None:
        """Remove a draft that holds nothing (no responses, no codes): undoes a creation."""
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            if row.status != "draft" or row.codes_issued or self._count(connection, row.id):
                raise SurveyError.single("store.import_collected", name=name)
            connection.execute(waves.delete().where(waves.c.id == row.id))

    def data_version(self) -> int:
        """A number that grows with every write to waves, codes or responses."""
        with self._read() as connection:
            return int(
                connection.execute(
                    select(func.coalesce(func.sum(waves.c.revision), 0))
                ).scalar_one()
            )

    def _check_headcounts(
        self, headcount: Mapping[str, int] | None, by_age: Mapping[str, int] | None
    ) -> tuple[dict[str, int] | None, dict[str, int] | None]:
        """Both headcounts checked; given together, they must count the same people.

        One wave has one headcount: the participation on the overview (by
        department) and on the youth page (by age band) rest on the same total.
        """
        counts, ages = self._check_headcount(headcount), self._check_headcount(by_age)
        if counts is not None and ages is not None and sum(counts.values()) != sum(ages.values()):
            raise SurveyError.single(
                "store.headcount_totals_differ",
                departments=f"{sum(counts.values()):,}",
                ages=f"{sum(ages.values()):,}",
            )
        return counts, ages

    def _check_headcount(self, headcount: Mapping[str, int] | None) -> dict[str, int] | None:
        if headcount is None:
            return None
        owner = {o.id: d.id for d in self.survey.demographics for o in d.options}
        first = None
        counts = {}
        for key, value in headcount.items():
            if key not in owner:
                raise SurveyError.single("store.headcount_key", key=key)
            if first is None:
                first = key
            elif owner[key] != owner[first]:
                raise SurveyError.single("store.headcount_mixed", first=first, second=key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise SurveyError.single("store.headcount_value", key=key, value=value)
            counts[key] = int(value)
        return counts

    @staticmethod
    def _lock_wave(connection: Connection, name: str) -> Any:
        row = connection.execute(
            select(waves).where(waves.c.name == name).with_for_update()
        ).first()
        if row is None:
            raise SurveyError.single("store.wave_unknown", name=name)
        return row

    @staticmethod
    def _wave_id(connection: Connection, name: str) -> int:
        wave_id = connection.execute(
            select(waves.c.id).where(waves.c.name == name)
        ).scalar_one_or_none()
        if wave_id is None:
            raise SurveyError.single("store.wave_unknown", name=name)
        return wave_id

    @staticmethod
    def _count(connection: Connection, wave_id: int) -> int:
        return connection.execute(
            select(func.count()).select_from(responses).where(responses.c.wave_id == wave_id)
        ).scalar_one()


def _wave(row: Any) -> Wave:
    return Wave(
        name=row.name,
        status=row.status,
        access_mode=row.access_mode,
        headcount=row.headcount,
        headcount_by_age=row.headcount_by_age,
        origin=row.origin,
        codes_issued=row.codes_issued,
        title_ko=row.title_ko,
        title_en=row.title_en,
        position=row.position,
        opens_at=_utc(row.opens_at),
        closes_at=_utc(row.closes_at),
    )


def _titles(title_ko: str | None, title_en: str | None) -> dict[str, str | None]:
    """The title columns: stripped, blank as None, at most `MAX_TITLE` characters."""
    out: dict[str, str | None] = {}
    for column, value in (("title_ko", title_ko), ("title_en", title_en)):
        cleaned = " ".join(str(value).split()) if value is not None else ""
        if len(cleaned) > MAX_TITLE:
            raise SurveyError.single("store.wave_title", limit=MAX_TITLE, length=len(cleaned))
        out[column] = cleaned or None
    return out


def _stamp(moment: datetime) -> str:
    return f"{moment.astimezone(SEOUL):%Y-%m-%d %H:%M}"
