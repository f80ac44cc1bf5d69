"""AppTest of the action plans page: each role creates, comments and (HR only) approves.

The "did it move" table is checked against `scoring.report.compare_waves` on
the same responses, rounded as the page rounds.
"""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from scoring import display
from scoring.questionnaire import Survey
from scoring.report import compare_waves
from survey import plans
from survey.store import Store, User
from tests.app.conftest import HR_NAME, YOUTH_NAME
from tests.app.dashboard_fixtures import CLOSED, open_page, seed, signed_in

pytestmark = pytest.mark.app

# A plan on the communication dimension, owned by HR (the tests add its change and due date).
TALKS = {
    "target_kind": "dimension",
    "target": "communication",
    "title": "소통 간담회",
    "owner": "인사팀",
}


def button(at: AppTest, label: str):
    return next(b for b in at.get("button") if b.proto.label == label)


def labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("button")]


def fill_new_plan(at: AppTest, title: str, owner: str = "경영기획팀") -> AppTest:
    at.text_input[0].set_value(title)
    at.text_area[0].set_value("주간 회의에서 직급과 관계없이 돌아가며 먼저 발언합니다")
    at.text_input[1].set_value(owner)
    return at


@pytest.fixture
def seeded(app_store: Store, bundled_survey: Survey):
    return seed(app_store, bundled_survey)


def test_the_youth_panel_proposes_and_comments_but_cannot_approve(
    app: AppTest, app_store: Store, seeded
) -> None:
    at = open_page(signed_in(app, YOUTH_NAME, "youth_panel"), "plans")
    assert not at.exception
    at = fill_new_plan(at, "회의 발언 순서 돌리기")
    at = at.form_submit_button[0].click().run()
    assert not at.exception
    assert "계획을 저장했습니다" in at.success[0].value
    [plan] = plans.list_plans(app_store, CLOSED[-1])
    assert (plan.proposed_by, plan.approved, plan.target) == (YOUTH_NAME, False, "innovation")
    assert "승인하기" not in labels(at)
    assert any("승인 대기" in c.value for c in at.caption)

    # A comment: the plan's note form is the second form on the page.
    at.text_area[1].set_value("청년 직원도 회의 진행을 맡으면 좋겠습니다")
    at = at.form_submit_button[1].click().run()
    assert not at.exception
    assert [n.kind for n in plans.get_plan(app_store, plan.id).notes] == ["comment"]
    # Not the co-owner: only comments, no status control.
    assert at.radio[0].options == ["의견"]
    assert not [s for s in at.selectbox if s.label == "상태"]


def test_hr_approves_changes_status_and_writes_progress(
    app: AppTest, app_store: Store, seeded
) -> None:
    youth = app_store.add_user("youth_cho", "youth_panel", "Wn4!kHs7bXc3-yp")
    proposed = plans.propose_plan(
        app_store,
        youth,
        wave=CLOSED[-1],
        **TALKS,
        change="분기마다 부서장과 청년 직원 간담회를 엽니다",
        due=date(2027, 3, 31),
        co_owner="youth_cho",
    )
    at = open_page(signed_in(app, HR_NAME, "hr"), "plans")
    assert not at.exception
    at = button(at, "승인하기").click().run()
    assert not at.exception
    assert plans.get_plan(app_store, proposed.id).approved
    assert "계획을 승인했습니다" in at.success[0].value
    at.selectbox(key=f"plans_status_{proposed.id}").set_value("in_progress")
    at = button(at, "상태 바꾸기").click().run()
    assert plans.get_plan(app_store, proposed.id).status == "in_progress"
    at.radio[0].set_value("progress")
    at.text_area[1].set_value("첫 간담회를 열었습니다")
    at = at.form_submit_button[1].click().run()
    assert [(n.user, n.kind) for n in plans.get_plan(app_store, proposed.id).notes] == [
        (HR_NAME, "progress")
    ]
    # HR's own plan is approved at once.
    at = fill_new_plan(at, "AI 교육 확대")
    at = at.form_submit_button[0].click().run()
    assert all(p.approved for p in plans.list_plans(app_store, CLOSED[-1]))
    actions = {e.action for e in app_store.list_audit()}
    assert {"plan.create", "plan.approve", "plan.status", "plan.progress"} <= actions


def test_a_person_as_owner_is_refused_on_the_page(app: AppTest, app_store: Store, seeded) -> None:
    at = open_page(signed_in(app, HR_NAME, "hr"), "plans")
    at = fill_new_plan(at, "제목", owner="김민수 과장")
    at = at.form_submit_button[0].click().run()
    assert not at.exception
    assert "부서나 역할" in at.error[0].value
    assert plans.list_plans(app_store) == []


def test_did_it_move_equals_compare_waves(
    app: AppTest, app_store: Store, bundled_survey: Survey, seeded
) -> None:
    before, after = CLOSED[0], CLOSED[1]
    app_store.add_user("hr_seo", "hr", "Tq8#vLm2pRz9-hr")
    plans.propose_plan(
        app_store,
        User("hr_seo", "hr"),
        wave=before,
        **TALKS,
        change="분기마다 간담회를 엽니다",
        due=date(2026, 6, 30),
    )
    at = open_page(signed_in(app, HR_NAME, "hr"), "plans")
    at = at.selectbox(key="plans_wave").set_value(before).run()
    assert not at.exception
    table = at.dataframe[-1].value
    expected = compare_waves(bundled_survey, seeded, after, before)
    rows = {r.id: r for r in expected.rows}
    by_label = {d.label.get("ko"): d.id for d in bundled_survey.dimensions}
    assert table["구분"].tolist()[0] == "계획 있음"
    assert by_label[table["영역"].tolist()[0]] == "communication"
    assert len(table) == len([r for r in expected.rows if r.id != "index"])
    for _, line in table.iterrows():
        row = rows[by_label[line["영역"]]]
        assert line["이전"] == display.number(row.mean_b)
        assert line["이후"] == display.number(row.mean_a)
        assert line["변화"] == display.signed(row.diff)
        assert line["p (Holm 보정)"] == (
            display.p_value(row.p_holm) if row.tested else "검정 안 함"
        )
