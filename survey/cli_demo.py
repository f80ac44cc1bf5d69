"""The demo's data: synthetic waves and two accounts, never in a real survey's database."""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select

from scoring.errors import SurveyError
from scoring.messages import text
from scoring.questionnaire import Survey
from survey.auth import generate_password
from survey.cli_output import say
from survey.db import audit_log
from survey.store import Store

__all__ = [
    "DEMO_USERS",
    "DEMO_WAVES",
    "MARKER_ACTION",
    "MARKER_USER",
    "DemoResult",
    "claim",
    "is_demo_database",
    "run_demo",
    "seed_demo",
]

DEMO_WAVES = ("2025-H1", "2025-H2", "2026-H1", "2026-H2")
"""The demo's waves: all but the last closed with synthetic responses; the last open."""
DEMO_USERS = (("hr", "hr"), ("youth", "youth_panel"))
"""The demo's accounts: (name, role)."""
DEMO_RESPONSES = 200
DEMO_PARTICIPATION = 0.85  # headcounts are set so that about this share took part


@dataclass(frozen=True)
class DemoResult:
    """What `seed_demo` did: the demo waves and, for accounts it created, passwords."""

    waves: tuple[str, ...]
    passwords: dict[str, str]
    existing_users: tuple[str, ...]


MARKER_USER = "demo"
MARKER_ACTION = "demo.created"
"""The audit-log entry (user, action) that says the demo created this database."""


def is_demo_database(store: Store) -> bool:
    """Whether the demo's marker is in the store's audit log."""
    query = (
        select(audit_log.c.id)
        .where(audit_log.c.user_name == MARKER_USER, audit_log.c.action == MARKER_ACTION)
        .limit(1)
    )

    with store.engine.connect() as connection:
        return connection.execute(query).first() is not None


def claim(store: Store) -> None:
    """Let the demo use `store`: mark an empty database as the demo's, accept a marked one.

    Raises `SurveyError` ("demo.refused") for a database that holds waves,
    accounts or audit entries but no marker; nothing is written then. The
    marker is written before the demo's first wave, so a start interrupted
    while seeding is completed by the next one.
    """
    if is_demo_database(store):
        return
    if store.list_waves() or store.list_users() or store.list_audit(1):
        raise SurveyError.single("demo.refused")
    store.audit(MARKER_USER, MARKER_ACTION)


def seed_demo(store: Store, n: int = DEMO_RESPONSES, seed: int = 2025) -> DemoResult:
    """Load the demo: three closed waves of synthetic responses, one open wave, two accounts.

    Safe to run again: existing waves and accounts are left as they are (a
    wave interrupted before closing is completed), so nothing is duplicated.
    The open wave takes responses without codes, so a newcomer can answer at
    once. Passwords are generated and returned only for accounts created now.
    A database the demo did not create is refused first, changing nothing
    (`claim`): a start resets nothing that belongs to a real survey.
    """
    claim(store)
    from scoring.sample import generate  # scipy and numpy work only the demo needs

    survey = store.survey
    closed, last = DEMO_WAVES[:-1], DEMO_WAVES[-1]
    frame = generate(survey, n, waves=len(closed), seed=seed, last_wave=closed[-1])
    existing = {wave.name: wave for wave in store.list_waves()}
    headcount: tuple[dict[str, int] | None, dict[str, int] | None] = (None, None)
    for name in closed:
        rows = frame[frame["wave"] == name].reset_index(drop=True)
        headcount = _demo_headcount(survey, rows)
        wave = existing.get(name) or store.create_wave(name, "codes", *headcount)
        if wave.status != "closed":
            if store.count(name) == 0:
                store.import_responses(name, rows)
            store.close_wave(name)
    if last not in existing:
        store.create_wave(last, "open", *headcount)
    if store.get_wave(last).status == "draft":
        store.open_wave(last)
    known = {user.name for user in store.list_users()}
    passwords = {}
    for name, role in DEMO_USERS:
        if name not in known:
            passwords[name] = generate_password()
            store.add_user(name, role, passwords[name])
    return DemoResult(DEMO_WAVES, passwords, tuple(n for n, _ in DEMO_USERS if n in known))


def _demo_headcount(
    survey: Survey, rows: pd.DataFrame
) -> tuple[dict[str, int] | None, dict[str, int] | None]:
    """Headcounts by department and by age band that about 85% of took part.

    The two count the same people (`Store.set_headcount` refuses totals that
    differ): the age bands share out the departments' total.
    """

    def counts(demographic_id: str | None, total: int | None = None) -> dict[str, int] | None:
        if demographic_id is None or survey.demographic(demographic_id) is None:
            return None
        seen = rows[demographic_id].value_counts()
        if total is None:
            # Those who left the question blank belong to some option too.
            return {
                str(option): math.ceil(len(rows) * int(n) / int(seen.sum()) / DEMO_PARTICIPATION)
                for option, n in seen.items()
            }
        # Largest remainders, never below the responses a band holds.
        exact = {str(o): total * int(n) / int(seen.sum()) for o, n in seen.items()}
        shared = {o: max(math.floor(v), int(seen[o])) for o, v in exact.items()}
        by_remainder = sorted(exact, key=lambda o: exact[o] - math.floor(exact[o]), reverse=True)
        for option in by_remainder[: max(0, total - sum(shared.values()))]:
            shared[option] += 1
        return shared

    ids = [d.id for d in survey.demographics]
    department = next((i for i in ids if i in ("dept", "department")), ids[0] if ids else None)
    age = survey.youth.demographic if survey.youth else None
    by_department = counts(department)
    total = sum(by_department.values()) if by_department else None
    return by_department, counts(age if age != department else None, total)


def run_demo(store: Store, _args: argparse.Namespace, lang: str) -> None:
    """``demo``: load the demo (`seed_demo`) and say what it holds."""
    result = seed_demo(store)
    for name in result.waves:
        wave = store.get_wave(name)
        status = text(f"admin.status_{wave.status}", lang)
        say("admin.demo_wave", lang, name=name, status=status, count=store.count(name))
    roles = dict(DEMO_USERS)
    for name, password in result.passwords.items():
        say("admin.demo_user", lang, name=name, role=roles[name], password=password)
    for name in result.existing_users:
        say("admin.demo_user_exists", lang, name=name, role=roles[name])
