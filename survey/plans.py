"""Action plans on a closed wave's results, and the published results page's switch.

A plan answers one dimension or item of a closed wave: a title, what will
change, the unit or role that owns it (never a respondent), a co-owner from
the youth panel (an account of that role), a due date, a status (planned, in
progress, done) and notes (comments and progress notes). Who may do what:

| action | HR | youth panel |
|---|---|---|
| propose a plan | yes, approved at once | yes, waits for HR |
| approve a plan | yes | no |
| change the status | yes, approved plans | the co-owner, approved plans |
| comment | yes | yes |
| progress note | yes | the co-owner |

Every write and its audit-log line are one transaction, so a refused or
failed action leaves neither. Free text goes through `survey.masking` before
it is stored, as comments do: a plan names units and roles, not people; an
owner that looks like a person's name, phone number or e-mail is refused.

Publishing a wave's results (`publish_results`) lets every employee read its
whole-wave figures without signing in (`app_pages/results.py`); unpublished
is the default, and only a closed wave can be published.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select, update

from scoring.errors import SurveyError
from survey import auth, masking
from survey.db import action_plans, audit_log, plan_notes, published_results, users, waves
from survey.store import Store, User

if TYPE_CHECKING:
    from scoring.tables import Table

__all__ = [
    "MAX_CHANGE",
    "MAX_NOTE",
    "MAX_OWNER",
    "MAX_TITLE",
    "NOTE_KINDS",
    "STATUSES",
    "TARGET_KINDS",
    "Note",
    "Plan",
    "PlanError",
    "add_note",
    "approve_plan",
    "get_plan",
    "is_published",
    "list_plans",
    "plans_csv",
    "propose_plan",
    "publish_results",
    "published_waves",
    "set_status",
    "unpublish_results",
]

STATUSES = ("planned", "in_progress", "done")
TARGET_KINDS = ("dimension", "item")
NOTE_KINDS = ("comment", "progress")
MAX_TITLE = 120
MAX_CHANGE = 2000
MAX_OWNER = 80
MAX_NOTE = 2000

_FIELDS = {
    "title": ("제목", "The title"),
    "change": ("달라질 점", "What will change"),
    "owner": ("담당 부서·역할", "The owning unit or role"),
    "note": ("메모", "The note"),
}


class PlanError(SurveyError):
    """An action on a plan that the rules refuse (role, wave, or the plan's state)."""


@dataclass(frozen=True)
class Note:
    """A comment or progress note on a plan (staff writing, never respondents)."""

    at: datetime
    user: str
    kind: str
    text: str


@dataclass(frozen=True)
class Plan:
    """One action plan; ``target_kind`` is "dimension" or "item", ``target`` its id."""

    id: int
    wave: str
    target_kind: str
    target: str
    title: str
    change: str
    owner: str
    co_owner: str | None
    due: date
    status: str
    approved: bool
    approved_by: str | None
    proposed_by: str
    created_at: datetime
    updated_at: datetime
    notes: tuple[Note, ...] = ()

    @property
    def dimension(self) -> str | None:
        """The id of the dimension the plan is about, or None for an item plan."""
        return self.target if self.target_kind == "dimension" else None


def _refuse(key: str, **params: object) -> PlanError:
    return PlanError.single(key, **params)


def _forbidden(role: str) -> PlanError:
    return _refuse(f"plans.forbidden.{role if role in ('hr', 'youth_panel') else 'other'}")


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@contextmanager
def _write(store: Store) -> Iterator[Connection]:
    # The store's write transaction: SQLite's lock up front, faults as StoreUnavailable.
    with store._write() as connection:
        yield connection


def _audit(connection: Connection, user: str, action: str, detail: Mapping[str, Any]) -> None:
    connection.execute(
        insert(audit_log).values(
            at=auth.utcnow(), user_name=user, action=action, detail=dict(detail)
        )
    )


def _closed_wave_id(connection: Connection, name: str) -> int:
    row = connection.execute(select(waves.c.id, waves.c.status).where(waves.c.name == name)).first()
    if row is None:
        raise SurveyError.single("store.wave_unknown", name=name)
    if row.status != "closed":
        raise _refuse("plans.not_closed", name=name)
    return int(row.id)


def _text(value: object, field: str, limit: int) -> str:
    cleaned = str(value if value is not None else "").strip()
    if not cleaned:
        raise _refuse(f"plans.empty.{field}")
    if len(cleaned) > limit:
        raise _refuse(f"plans.too_long.{field}", limit=limit, length=len(cleaned))
    return cleaned


def _masked(value: str) -> str:
    return masking.mask(value, masking.configured()).text


def _owner(value: object) -> str:
    owner = _text(value, "owner", MAX_OWNER)
    spans = masking.find(owner, masking.configured())
    if spans:
        raise _refuse("plans.owner_person", part=owner[spans[0].start : spans[0].end])
    return owner


def _co_owner(connection: Connection, name: str | None) -> str | None:
    if name is None or not str(name).strip():
        return None
    name = str(name).strip()
    role = connection.execute(select(users.c.role).where(users.c.name == name)).scalar()
    if role != "youth_panel":
        raise _refuse("plans.co_owner", name=name)
    return name


def _target(store: Store, kind: str, target: str) -> tuple[str, str]:
    if kind not in TARGET_KINDS:
        raise _refuse("plans.target_kind", value=kind)
    survey = store.survey
    found = survey.dimension(target) if kind == "dimension" else survey.item(target)
    if found is None:
        raise _refuse(f"plans.target_unknown.{kind}", target=target)
    return kind, target


def _due(value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise _refuse("plans.due", value=value)
    return value


def _role_of(user: User) -> str:
    if user.role not in ("hr", "youth_panel"):
        raise _forbidden(user.role)
    return user.role


# ---------------------------------------------------------------- writing


def propose_plan(
    store: Store,
    user: User,
    *,
    wave: str,
    target_kind: str,
    target: str,
    title: str,
    change: str,
    owner: str,
    due: date | str,
    co_owner: str | None = None,
) -> Plan:
    """Create a plan on a closed wave; HR's are approved at once, the panel's wait.

    Raises `PlanError` (or `SurveyError` for an unknown wave) naming the field.
    """
    role = _role_of(user)
    kind, target = _target(store, target_kind, target)
    values = {
        "title": _masked(_text(title, "title", MAX_TITLE)),
        "change": _masked(_text(change, "change", MAX_CHANGE)),
        "owner": _owner(owner),
        "due": _due(due),
    }
    now = auth.utcnow()
    with _write(store) as connection:
        wave_id = _closed_wave_id(connection, wave)
        approved = role == "hr"
        plan_id = connection.execute(
            insert(action_plans)
            .values(
                wave_id=wave_id,
                target_kind=kind,
                target_id=target,
                co_owner=_co_owner(connection, co_owner),
                status="planned",
                approved=approved,
                approved_by=user.name if approved else None,
                proposed_by=user.name,
                created_at=now,
                updated_at=now,
                **values,
            )
            .returning(action_plans.c.id)
        ).scalar_one()
        _audit(
            connection,
            user.name,
            "plan.create",
            {"plan": plan_id, "wave": wave, kind: target, "approved": approved},
        )
    return get_plan(store, plan_id)


def approve_plan(store: Store, user: User, plan_id: int) -> Plan:
    """HR approves a proposed plan; approving an approved plan changes nothing."""
    if _role_of(user) != "hr":
        raise _forbidden(user.role)
    with _write(store) as connection:
        row = _plan_row(connection, plan_id)
        if not row.approved:
            connection.execute(
                update(action_plans)
                .where(action_plans.c.id == plan_id)
                .values(approved=True, approved_by=user.name, updated_at=auth.utcnow())
            )
            _audit(connection, user.name, "plan.approve", {"plan": plan_id})
    return get_plan(store, plan_id)


def set_status(store: Store, user: User, plan_id: int, status: str) -> Plan:
    """HR or the plan's co-owner moves an approved plan to planned, in progress or done."""
    role = _role_of(user)
    if status not in STATUSES:
        raise _refuse("plans.status", value=status)
    with _write(store) as connection:
        row = _plan_row(connection, plan_id)
        if role != "hr" and row.co_owner != user.name:
            raise _forbidden(role)
        if not row.approved:
            raise _refuse("plans.not_approved", plan=plan_id)
        if row.status != status:
            connection.execute(
                update(action_plans)
                .where(action_plans.c.id == plan_id)
                .values(status=status, updated_at=auth.utcnow())
            )
            _audit(
                connection,
                user.name,
                "plan.status",
                {"plan": plan_id, "from": row.status, "to": status},
            )
    return get_plan(store, plan_id)


def add_note(store: Store, user: User, plan_id: int, text: str, kind: str = "comment") -> Plan:
    """A comment (HR or youth panel) or a progress note (HR or the co-owner) on a plan."""
    role = _role_of(user)
    if kind not in NOTE_KINDS:
        raise _refuse("plans.bad_note_kind", value=kind)
    body = _masked(_text(text, "note", MAX_NOTE))
    with _write(store) as connection:
        row = _plan_row(connection, plan_id)
        if kind == "progress" and role != "hr" and row.co_owner != user.name:
            raise _forbidden(role)
        now = auth.utcnow()
        connection.execute(
            insert(plan_notes).values(
                plan_id=plan_id, at=now, user_name=user.name, kind=kind, body=body
            )
        )
        connection.execute(
            update(action_plans).where(action_plans.c.id == plan_id).values(updated_at=now)
        )
        _audit(connection, user.name, f"plan.{kind}", {"plan": plan_id})
    return get_plan(store, plan_id)


def _plan_row(connection: Connection, plan_id: int) -> Any:
    row = connection.execute(
        select(action_plans).where(action_plans.c.id == int(plan_id)).with_for_update()
    ).first()
    if row is None:
        raise _refuse("plans.unknown", plan=plan_id)
    return row


# ---------------------------------------------------------------- reading


def list_plans(store: Store, wave: str | None = None) -> list[Plan]:
    """Every plan (of one wave when given), by wave order, then target and id, with notes.

    An unknown wave raises `SurveyError`; a wave without plans gives [].
    """
    return _read_plans(store, wave=wave)


def get_plan(store: Store, plan_id: int) -> Plan:
    """One plan with its notes; `PlanError` when there is none."""
    found = _read_plans(store, plan_id=plan_id)
    if not found:
        raise _refuse("plans.unknown", plan=plan_id)
    return found[0]


def _read_plans(store: Store, wave: str | None = None, plan_id: int | None = None) -> list[Plan]:
    query = select(action_plans, waves.c.name.label("wave_name")).join(
        waves, waves.c.id == action_plans.c.wave_id
    )
    if plan_id is not None:
        query = query.where(action_plans.c.id == plan_id)
    with store._read() as connection:
        if wave is not None:
            wave_id = connection.execute(
                select(waves.c.id).where(waves.c.name == wave)
            ).scalar_one_or_none()
            if wave_id is None:
                raise SurveyError.single("store.wave_unknown", name=wave)
            query = query.where(action_plans.c.wave_id == wave_id)
        rows = connection.execute(
            query.order_by(waves.c.position, waves.c.name, action_plans.c.id)
        ).all()
        ids = [r.id for r in rows]
        notes: dict[int, list[Note]] = {i: [] for i in ids}
        if ids:
            for n in connection.execute(
                select(plan_notes)
                .where(plan_notes.c.plan_id.in_(ids))
                .order_by(plan_notes.c.plan_id, plan_notes.c.id)
            ):
                notes[n.plan_id].append(Note(_utc(n.at), n.user_name, n.kind, n.body))
    return [_plan(r, tuple(notes[r.id])) for r in rows]


def _plan(row: Any, notes: tuple[Note, ...]) -> Plan:
    return Plan(
        id=int(row.id),
        wave=row.wave_name,
        target_kind=row.target_kind,
        target=row.target_id,
        title=row.title,
        change=row.change,
        owner=row.owner,
        co_owner=row.co_owner,
        due=row.due,
        status=row.status,
        approved=bool(row.approved),
        approved_by=row.approved_by,
        proposed_by=row.proposed_by,
        created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at),
        notes=notes,
    )


def plans_table(found: Iterable[Plan], lang: str = "ko") -> Table:
    """The plans in the workbook's table model (`scoring.tables.Table`): one row a plan,
    its notes in one cell. The CSV export and the workbook's ``plans`` sheet are this table."""
    from scoring.messages import text
    from scoring.tables import Table

    rows = []
    for p in found:
        notes = "\n".join(f"[{n.kind}] {n.user}: {n.text}" for n in p.notes)
        cells = (
            p.id,
            p.wave,
            p.target_kind,
            p.target,
            p.title,
            p.change,
            p.owner,
            p.co_owner or "",
            p.due.isoformat(),
            p.status,
            "yes" if p.approved else "no",
            p.proposed_by,
            p.approved_by or "",
            notes,
        )
        rows.append(cells)
    header = tuple(text("admin.plans_csv_header", lang).split("|"))
    return Table(header, tuple(rows), ((None,) * len(header),) * len(rows))


def plans_csv(found: Iterable[Plan], lang: str = "ko") -> bytes:
    """The plans as CSV (UTF-8 with BOM, for Excel): one row a plan, notes in one cell.

    Cells that a spreadsheet would run as a formula are neutralized.
    """
    from survey.export import rows_csv

    table = plans_table(found, lang)
    return rows_csv([table.header, *table.rows])


# ---------------------------------------------------------------- published results


def publish_results(store: Store, user: str, wave: str) -> bool:
    """Let every employee read the closed wave's whole-wave results; True if it changed.

    ``user`` is the HR account's name (``"cli"`` from the command line); the
    caller checks the role. Audited as ``results.publish``.
    """
    with _write(store) as connection:
        wave_id = _closed_wave_id(connection, wave)
        found = connection.execute(
            select(published_results.c.wave_id).where(published_results.c.wave_id == wave_id)
        ).first()
        if found is not None:
            return False
        connection.execute(
            insert(published_results).values(
                wave_id=wave_id, published_at=auth.utcnow(), published_by=user
            )
        )
        _audit(connection, user, "results.publish", {"wave": wave})
    return True


def unpublish_results(store: Store, user: str, wave: str) -> bool:
    """Take the wave's results page down again; True if it was published."""
    with _write(store) as connection:
        wave_id = connection.execute(
            select(waves.c.id).where(waves.c.name == wave)
        ).scalar_one_or_none()
        if wave_id is None:
            raise SurveyError.single("store.wave_unknown", name=wave)
        gone = connection.execute(
            delete(published_results).where(published_results.c.wave_id == wave_id)
        ).rowcount
        if not gone:
            return False
        _audit(connection, user, "results.unpublish", {"wave": wave})
    return True


def published_waves(store: Store) -> list[str]:
    """The names of the waves whose results are published, in wave order.

    Only closed waves count: a published wave is always closed (waves never
    reopen), and the check keeps it so if that ever changed.
    """
    with store._read() as connection:
        rows = connection.execute(
            select(waves.c.name)
            .join(published_results, published_results.c.wave_id == waves.c.id)
            .where(waves.c.status == "closed")
            .order_by(waves.c.position, waves.c.name)
        ).all()
    return [r.name for r in rows]


def is_published(store: Store, wave: str) -> bool:
    """Whether the wave's results page is published."""
    return wave in published_waves(store)
