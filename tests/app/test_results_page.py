"""AppTest of the published results page and the waves page's publish button.

An employee (nobody signed in) sees a wave's results only once HR published
it; the figures are the whole-wave report's (`scoring.report.build_report`).
"""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from scoring import display
from scoring.questionnaire import Survey
from scoring.report import build_report
from survey import navigation, plans
from survey.store import Store, User
from tests.app.conftest import HR_NAME
from tests.app.dashboard_fixtures import CLOSED, open_page, seed, signed_in

pytestmark = pytest.mark.app


@pytest.fixture
def seeded(app_store: Store, bundled_survey: Survey):
    return seed(app_store, bundled_survey)


def test_the_results_page_is_public_and_empty_until_published(app: AppTest, seeded) -> None:
    assert "app_pages/results.py" in [p.path for p in navigation.visible(None)]
    at = open_page(app, "results")
    assert not at.exception
    assert "아직 공개된 결과가 없습니다" in at.info[0].value
    assert not at.metric and not at.dataframe


def test_an_employee_sees_the_published_whole_wave_figures(
    app: AppTest, app_store: Store, bundled_survey: Survey, seeded
) -> None:
    wave = CLOSED[-1]
    app_store.add_user("hr_seo", "hr", "Tq8#vLm2pRz9-hr")
    hr = User("hr_seo", "hr")
    common = {"change": "분기마다 간담회를 엽니다", "owner": "인사팀", "due": date(2027, 3, 31)}
    approved = plans.propose_plan(
        app_store, hr, wave=wave, target_kind="dimension", target="communication",
        title="소통 간담회", **common,
    )  # fmt: skip
    app_store.add_user("youth_cho", "youth_panel", "Wn4!kHs7bXc3-yp")
    plans.propose_plan(
        app_store, User("youth_cho", "youth_panel"), wave=wave, target_kind="item",
        target="com1", title="제안 중인 계획", **common,
    )  # fmt: skip
    plans.set_status(app_store, hr, approved.id, "in_progress")
    plans.publish_results(app_store, "hr_seo", wave)

    at = open_page(app, "results")
    assert not at.exception
    # The headcount changes intervals only, never a score.
    report = build_report(bundled_survey, seeded, wave=wave)
    assert at.metric[0].value == display.number(report.index.score)
    dims = at.dataframe[0].value
    assert dims["점수"].tolist() == [display.number(d.score) for d in report.dimensions]
    # One table (the dimensions); strengths, areas to improve and plans are lists.
    assert len(at.dataframe) == 1
    shown_items = sorted(
        (i for i in report.items if not i.suppressed), key=lambda i: (-i.score, i.id)
    )
    best = shown_items[0]
    lines = "\n".join(m.value for m in at.markdown)
    assert (
        f"{display.number(best.score)}점 · 긍정 응답 {display.percent(best.favorable_pct)}" in lines
    )
    shown = "\n".join(m.value for m in at.markdown)
    # Only approved plans, with their status; a proposal waiting for HR is not public.
    assert "소통 간담회" in shown and "진행 중" in shown
    assert "제안 중인 계획" not in shown
    assert "95점" in shown


def test_hr_publishes_and_unpublishes_on_the_waves_page(
    app: AppTest, app_store: Store, seeded
) -> None:
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    assert not at.exception
    at.selectbox(key="waves_publish_wave").set_value(CLOSED[0])
    at = next(b for b in at.button if b.proto.label == "결과 공개하기").click().run()
    assert not at.exception
    assert plans.published_waves(app_store) == [CLOSED[0]]
    assert any("공개했습니다" in s.value for s in at.success)
    at = next(b for b in at.button if b.proto.label == "공개 멈추기").click().run()
    assert plans.published_waves(app_store) == []
    actions = [(e.user, e.action) for e in app_store.list_audit()]
    assert (HR_NAME, "results.publish") in actions and (HR_NAME, "results.unpublish") in actions
