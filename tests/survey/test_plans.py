"""Action plans and published results in the store (survey.plans): rules, roles, audit.

Runs on SQLite and on PostgreSQL (the ``db_url`` fixture), with the bundled survey.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from scoring.errors import SurveyError
from scoring.questionnaire import load_survey
from survey import plans
from survey.db import action_plans, plan_notes
from survey.store import Store, StoreUnavailable

REPO = Path(__file__).resolve().parents[2]
WAVE = "2025-H1"


@pytest.fixture
def setup(db_url: str):
    store = Store(db_url, load_survey(REPO / "questions.yaml"))
    store.create_wave(WAVE, "open")
    store.open_wave(WAVE)
    store.close_wave(WAVE)
    store.create_wave("2025-H2", "open")
    store.open_wave("2025-H2")
    hr = store.add_user("hr_kim", "hr", "Tq8#vLm2pRz9-hr")
    youth = store.add_user("youth_lee", "youth_panel", "Wn4!kHs7bXc3-yp")
    other = store.add_user("youth_park", "youth_panel", "Zr5@mPq8tYv2-yp")
    return store, hr, youth, other


def propose(store, user, **changes):
    values = {
        "wave": WAVE,
        "target_kind": "dimension",
        "target": "communication",
        "title": "회의 발언 순서 돌리기",
        "change": "주간 회의에서 직급과 관계없이 돌아가며 먼저 발언합니다",
        "owner": "경영기획팀",
        "due": date(2026, 6, 30),
        "co_owner": "youth_lee",
    }
    values.update(changes)
    return plans.propose_plan(store, user, **values)


def keys(error: pytest.ExceptionInfo) -> set[str]:
    return {p.key for p in error.value.problems}


def test_the_youth_panel_proposes_and_hr_approves(setup):
    store, hr, youth, _ = setup
    plan = propose(store, youth)
    assert (plan.approved, plan.status, plan.proposed_by, plan.co_owner) == (
        False,
        "planned",
        "youth_lee",
        "youth_lee",
    )
    with pytest.raises(plans.PlanError) as refused:
        plans.approve_plan(store, youth, plan.id)
    assert keys(refused) == {"plans.forbidden.youth_panel"}
    assert "인사 담당만" in refused.value.message("ko")
    assert "only HR" in refused.value.message("en")
    assert not plans.get_plan(store, plan.id).approved
    approved = plans.approve_plan(store, hr, plan.id)
    assert (approved.approved, approved.approved_by) == (True, "hr_kim")
    assert plans.list_plans(store, WAVE) == [approved]
    assert plans.list_plans(store, "2025-H2") == []


def test_hr_plans_are_approved_at_once(setup):
    store, hr, _, _ = setup
    plan = propose(store, hr, target_kind="item", target="com1", co_owner=None)
    assert plan.approved and plan.approved_by == "hr_kim" and plan.co_owner is None
    assert plan.dimension is None


def test_status_and_progress_belong_to_hr_and_the_co_owner(setup):
    store, hr, youth, other = setup
    plan = propose(store, youth)
    with pytest.raises(plans.PlanError) as unapproved:
        plans.set_status(store, hr, plan.id, "in_progress")
    assert keys(unapproved) == {"plans.not_approved"}
    plans.approve_plan(store, hr, plan.id)
    assert plans.set_status(store, youth, plan.id, "in_progress").status == "in_progress"
    with pytest.raises(plans.PlanError):
        plans.set_status(store, other, plan.id, "done")
    with pytest.raises(plans.PlanError):
        plans.add_note(store, other, plan.id, "진행했습니다", kind="progress")
    plans.add_note(store, other, plan.id, "좋은 계획입니다")
    plans.add_note(store, youth, plan.id, "첫 회의를 했습니다", kind="progress")
    done = plans.set_status(store, hr, plan.id, "done")
    assert done.status == "done"
    assert [(n.user, n.kind, n.text) for n in done.notes] == [
        ("youth_park", "comment", "좋은 계획입니다"),
        ("youth_lee", "progress", "첫 회의를 했습니다"),
    ]


def test_every_action_is_audited_once_in_its_own_transaction(setup):
    store, hr, youth, _ = setup
    plan = propose(store, youth)
    plans.approve_plan(store, hr, plan.id)
    plans.approve_plan(store, hr, plan.id)  # a no-op, not logged again
    plans.add_note(store, youth, plan.id, "의견")
    plans.set_status(store, hr, plan.id, "in_progress")
    assert plans.publish_results(store, "hr_kim", WAVE)
    assert not plans.publish_results(store, "hr_kim", WAVE)
    assert plans.unpublish_results(store, "hr_kim", WAVE)
    actions = [(e.user, e.action) for e in reversed(store.list_audit())]
    assert actions == [
        ("youth_lee", "plan.create"),
        ("hr_kim", "plan.approve"),
        ("youth_lee", "plan.comment"),
        ("hr_kim", "plan.status"),
        ("hr_kim", "results.publish"),
        ("hr_kim", "results.unpublish"),
    ]


# What a refused proposal asks for, and the one message key it is refused with.
REFUSED_PROPOSALS = [
    ({"wave": "2025-H2"}, "plans.not_closed"),
    ({"wave": "1999-H1"}, "store.wave_unknown"),
    ({"target": "nothing"}, "plans.target_unknown.dimension"),
    ({"target_kind": "group"}, "plans.target_kind"),
    ({"title": "   "}, "plans.empty.title"),
    ({"change": "가" * (plans.MAX_CHANGE + 1)}, "plans.too_long.change"),
    ({"due": "next spring"}, "plans.due"),
    ({"co_owner": "hr_kim"}, "plans.co_owner"),
]


def test_plans_are_for_closed_waves_and_known_targets(setup):
    store, hr, _, _ = setup
    refused = {}
    for fields, key in REFUSED_PROPOSALS:
        with pytest.raises(SurveyError) as refusal:
            propose(store, hr, **fields)
        assert keys(refusal) == {key}, fields
        # A wave the store does not know is the store's refusal; the rest are the plan's.
        assert isinstance(refusal.value, plans.PlanError) == (key != "store.wave_unknown")
        refused[key] = refusal.value
    assert "nothing" in refused["plans.target_unknown.dimension"].message("en")
    empty = refused["plans.empty.title"]
    assert "제목" in empty.message("ko") and "title" in empty.message("en")
    with pytest.raises(plans.PlanError) as status:
        plans.set_status(store, hr, 1, "cancelled")
    assert keys(status) == {"plans.status"}
    # Nothing half-written: every refusal left no plan and no audit line.
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(action_plans)).scalar() == 0
    assert store.list_audit() == []


def test_a_plan_never_names_a_person(setup):
    store, hr, youth, _ = setup
    with pytest.raises(plans.PlanError) as person:
        propose(store, hr, owner="김민수 과장")
    assert keys(person) == {"plans.owner_person"}
    plan = propose(store, hr, change="문의는 010-1234-5678 또는 kim@example.org로 합니다")
    assert "010-1234-5678" not in plan.change and "kim@example.org" not in plan.change
    noted = plans.add_note(store, youth, plan.id, "담당자 전화 010-9876-5432")
    assert "9876" not in noted.notes[0].text
    with store.engine.connect() as connection:
        stored = connection.execute(select(plan_notes.c.body)).scalars().all()
    assert all("9876" not in body for body in stored)


def test_published_results_are_for_closed_waves_and_off_by_default(setup):
    store, _, _, _ = setup
    assert plans.published_waves(store) == []
    assert not plans.is_published(store, WAVE)
    with pytest.raises(plans.PlanError):
        plans.publish_results(store, "hr_kim", "2025-H2")
    plans.publish_results(store, "hr_kim", WAVE)
    assert plans.published_waves(store) == [WAVE] and plans.is_published(store, WAVE)
    assert not plans.unpublish_results(store, "hr_kim", "2025-H2")


def test_csv_export_holds_every_plan_and_neutralizes_formulas(setup):
    store, hr, youth, _ = setup
    plan = propose(store, hr, title="=HYPERLINK(1)")
    plans.add_note(store, youth, plan.id, "의견입니다")
    rows = list(
        csv.reader(io.StringIO(plans.plans_csv(plans.list_plans(store)).decode("utf-8-sig")))
    )
    assert rows[0][0] == "번호" and len(rows) == 2
    assert rows[1][4] == "'=HYPERLINK(1)"
    assert rows[1][-1] == "[comment] youth_lee: 의견입니다"


def test_the_workbook_holds_the_plans_as_its_last_sheet(setup):
    from openpyxl import load_workbook

    from scoring.report import build_report
    from scoring.sample import generate
    from scoring.tables import SHEETS
    from survey import export

    store, hr, youth, _ = setup
    plan = propose(store, hr, title="=HYPERLINK(1)")
    plans.add_note(store, youth, plan.id, "의견입니다")
    survey = store.survey
    report = build_report(survey, generate(survey, 60, waves=1, seed=3, last_wave=WAVE), wave=WAVE)
    found = plans.list_plans(store, WAVE)
    book = load_workbook(
        io.BytesIO(export.workbook(report, survey, "ko", plans.plans_table(found)))
    )
    assert book.sheetnames == [*SHEETS, "plans"]
    rows = list(book["plans"].values)
    # The sheet and the CSV export are one table.
    written = list(csv.reader(io.StringIO(plans.plans_csv(found).decode("utf-8-sig"))))
    assert [list(map(str, row)) for row in rows] == written
    assert rows[1][4] == "'=HYPERLINK(1)"
    # Without plans the workbook is the report's sheets only.
    assert load_workbook(io.BytesIO(export.workbook(report, survey))).sheetnames == list(SHEETS)


def test_a_database_fault_stores_nothing(setup, monkeypatch):
    store, hr, _, _ = setup

    def broken(*_args, **_kwargs):
        raise StoreUnavailable.make()

    monkeypatch.setattr(plans, "_audit", broken)
    with pytest.raises(StoreUnavailable):
        propose(store, hr)
    assert plans.list_plans(store) == []


def test_the_command_line_lists_exports_and_publishes(sqlite_url, tmp_path):
    store = Store(sqlite_url, load_survey(REPO / "questions.yaml"))
    store.create_wave(WAVE, "open")
    store.open_wave(WAVE)
    store.close_wave(WAVE)
    hr = store.add_user("hr_kim", "hr", "Tq8#vLm2pRz9-hr")
    propose(store, hr, co_owner=None)
    env = {**os.environ, "CULTURE_DB_URL": sqlite_url}
    env.pop("CULTURE_LANG", None)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "survey", *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    listed = run("plans", "list", "--wave", WAVE)
    assert listed.returncode == 0 and "회의 발언 순서 돌리기" in listed.stdout
    out = tmp_path / "plans.csv"
    exported = run("plans", "export", "--wave", WAVE, "--out", str(out), "--lang", "en")
    assert exported.returncode == 0 and "saved 1 action plans" in exported.stdout
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert run("results", "publish", "--wave", WAVE).returncode == 0
    assert plans.published_waves(store) == [WAVE]
    assert run("results", "unpublish", "--wave", WAVE).returncode == 0
    assert plans.published_waves(store) == []
    missing = run("results", "publish", "--wave", "1999-H1")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    actions = [(e.user, e.action) for e in store.list_audit()]
    assert ("cli", "plans.export") in actions
    assert ("cli", "results.publish") in actions and ("cli", "results.unpublish") in actions
