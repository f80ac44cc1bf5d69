"""AppTest of the waves and codes page: every change lands in the store and the audit log."""

from __future__ import annotations

import io

import pytest
from streamlit.testing.v1 import AppTest

from scoring.privacy import LIVE_STEP
from scoring.questionnaire import Survey
from scoring.sample import generate, write_sample_csv
from survey.store import Store
from tests.app.conftest import HR_NAME
from tests.app.dashboard_fixtures import open_page, signed_in

pytestmark = pytest.mark.app

WAVE = "2026-H1"


def button(at: AppTest, label: str):
    return next(b for b in at.get("button") if b.proto.label == label)


def actions(store: Store) -> list[str]:
    return [e.action for e in store.list_audit()]


def test_create_open_and_close(app: AppTest, app_store: Store) -> None:
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    assert not at.exception
    assert "아직 차수가 없습니다" in at.info[0].value

    at.text_input[0].set_value("2026 상반기")
    at = button(at, "차수 만들기").click().run()
    assert "차수 ID '2026 상반기'는 쓸 수 없습니다" in at.error[0].value
    assert app_store.list_waves() == []

    at.text_input[0].set_value(WAVE)
    at = button(at, "차수 만들기").click().run()
    assert not at.exception
    assert app_store.get_wave(WAVE).status == "draft"
    assert WAVE in at.success[0].value

    at = at.button(key="waves_open").click().run()
    assert app_store.get_wave(WAVE).status == "open"

    # Closing is permanent: the button stays disabled until the person confirms.
    assert at.button(key="waves_close").proto.disabled
    at = at.checkbox(key=f"waves_close_sure_{WAVE}").check().run()
    assert not at.button(key="waves_close").proto.disabled
    at = at.button(key="waves_close").click().run()
    assert not at.exception
    assert app_store.get_wave(WAVE).status == "closed"
    assert actions(app_store)[:3] == ["wave.close", "wave.open", "wave.create"]


def test_headcounts(app_store: Store, bundled_survey: Survey, app: AppTest) -> None:
    app_store.create_wave(WAVE)
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    departments = [o.id for o in bundled_survey.demographic("dept").options]
    ages = [o.id for o in bundled_survey.demographic("age_band").options]
    for n, option in enumerate(departments, start=1):
        at.number_input(key=f"hc_{WAVE}_dept_{option}").set_value(10 * n)
    # One headcount per wave: age bands that add up to another total are refused.
    at.number_input(key=f"hc_age_{WAVE}_{ages[0]}").set_value(7)
    at = button(at, "인원 저장").click().run()
    assert "부서별 인원의 합" in at.error[0].value
    assert app_store.get_wave(WAVE).headcount is None
    total = sum(10 * n for n in range(1, len(departments) + 1))
    at.number_input(key=f"hc_age_{WAVE}_{ages[0]}").set_value(total - 7)
    at.number_input(key=f"hc_age_{WAVE}_{ages[1]}").set_value(7)
    at = button(at, "인원 저장").click().run()
    assert not at.exception
    wave = app_store.get_wave(WAVE)
    assert wave.headcount == {o: 10 * n for n, o in enumerate(departments, start=1)}
    assert wave.headcount_by_age == {ages[0]: total - 7, ages[1]: 7}
    assert f"합계 {wave.headcount_total:,}명" in at.success[0].value
    # The saved numbers come back into the form, and into the list of waves.
    assert at.number_input(key=f"hc_{WAVE}_dept_{departments[0]}").value == 10
    assert at.dataframe[0].value["전체 인원"][0] == f"{wave.headcount_total:,}"


def test_issue_codes(app_store: Store, app: AppTest) -> None:
    app_store.create_wave(WAVE, "codes")
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    at.number_input[-1].set_value(5)
    at = button(at, "코드 발급").click().run()
    assert not at.exception
    wave, codes = at.session_state["_waves_codes"]
    assert wave == WAVE and len(codes) == 5
    assert {app_store.check_code(WAVE, c) for c in codes} == {"valid"}
    assert [b.proto.label for b in at.get("download_button")] == [
        "코드 5개 CSV 내려받기",
        "코드 쪽지 PDF 내려받기 (A4, 잘라서 나눠 주기)",
        "가져오기 양식(XLSX) 내려받기",
    ]
    entry = app_store.list_audit()[0]
    assert (entry.action, entry.detail) == ("codes.issue", {"wave": WAVE, "count": 5})
    assert not any(code in str(e.detail) for e in app_store.list_audit() for code in codes)


def test_import_is_all_or_nothing(app_store: Store, bundled_survey: Survey, app: AppTest) -> None:
    app_store.create_wave(WAVE)
    rows = generate(bundled_survey, 12, waves=1, seed=5, last_wave=WAVE)
    good = io.BytesIO()
    write_sample_csv(rows, good)
    bad_rows = rows.copy()
    bad_rows.loc[3, "inn1"] = 9.0
    bad = io.BytesIO()
    write_sample_csv(bad_rows, bad)

    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    at.file_uploader[0].upload("past.csv", bad.getvalue(), "text/csv")
    at = at.run()
    at = at.button(key="waves_import_go").click().run()
    assert not at.exception
    assert "아무것도 저장하지 않았습니다" in at.error[0].value
    problems = " ".join(e.value for e in at.text)
    assert "past.csv" in problems and "5행" in problems and "inn1 열" in problems
    assert "row" not in problems and "/tmp" not in problems
    assert app_store.count(WAVE) == 0

    at.file_uploader[0].upload("past.csv", good.getvalue(), "text/csv")
    at = at.run()
    at = at.button(key="waves_import_go").click().run()
    assert not at.exception
    assert app_store.count(WAVE) == 12
    assert "12건" in at.success[0].value
    entry = app_store.list_audit()[0]
    assert (entry.action, entry.detail["count"]) == ("responses.import", 12)


def test_open_wave_counter_shows_coarse_steps_then_the_exact_count(
    app_store: Store, bundled_survey: Survey, app: AppTest
) -> None:
    app_store.create_wave(WAVE, "open")
    app_store.open_wave(WAVE)
    answers = {item.id: 4 for item in bundled_survey.items}
    step = max(LIVE_STEP, bundled_survey.min_group_size)
    for _ in range(step + 3):
        app_store.submit(WAVE, answers)
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    assert not at.exception
    # While open, the count moves in steps: the last 3 submissions do not show.
    assert [(m.label, m.value) for m in at.metric] == [(f"{WAVE} 응답 수", f"{step}명 이상")]
    assert at.dataframe[0].value["응답 수"][0] == f"{step}명 이상"
    assert any("마감 뒤에" in c.value and f"{step}명 단위" in c.value for c in at.caption)
    assert not at.get("vega_lite_chart")
    app_store.close_wave(WAVE)
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    assert not at.metric
    assert at.dataframe[0].value["응답 수"][0] == f"{step + 3}"


def test_codes_issued_show_against_the_headcount(app_store: Store, app: AppTest) -> None:
    app_store.create_wave(WAVE, "codes", headcount={"policy": 4})
    app_store.issue_codes(WAVE, 3)
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    assert at.dataframe[0].value["발급 코드 / 전체 인원"][0] == "3 / 4"
    at.number_input[-1].set_value(2)
    at = button(at, "코드 발급").click().run()
    assert "인원수를 넘습니다" in at.error[0].value
    assert app_store.get_wave(WAVE).codes_issued == 3


def test_a_wave_of_imports_can_only_be_closed(
    app_store: Store, bundled_survey: Survey, app: AppTest
) -> None:
    app_store.create_wave(WAVE)
    app_store.import_responses(WAVE, generate(bundled_survey, 6, waves=1, seed=2, last_wave=WAVE))
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    assert not at.exception
    with pytest.raises(KeyError):
        at.button(key="waves_open")
    assert at.button(key="waves_close")
    assert any("가져온 과거 응답" in c.value for c in at.caption)
    at = at.checkbox(key=f"waves_close_sure_{WAVE}").check().run()
    at = at.button(key="waves_close").click().run()
    assert app_store.get_wave(WAVE).status == "closed"


# ---------------------------------------------------------------- issue 16


def test_titles_show_and_a_draft_closes_as_history(app: AppTest, app_store: Store) -> None:
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    at.text_input[0].set_value("2026-Q3")
    at.text_input[1].set_value("2026년 3분기")
    at.text_input[2].set_value("2026 Q3")
    at = button(at, "차수 만들기").click().run()
    assert not at.exception
    wave = app_store.get_wave("2026-Q3")
    assert (wave.title("ko"), wave.title("en")) == ("2026년 3분기", "2026 Q3")
    table = at.dataframe[0].value
    assert table["표시 이름"][0] == "2026년 3분기" and table["차수 ID"][0] == "2026-Q3"
    at = at.button(key="waves_close_history").click().run()
    assert not at.exception
    wave = app_store.get_wave("2026-Q3")
    assert (wave.status, wave.origin) == ("closed", "imported")
    assert actions(app_store)[:2] == ["wave.close", "wave.create"]


def test_the_link_carries_wave_and_language_with_a_qr_code(app: AppTest, app_store: Store):
    app_store.create_wave("2026-Q3", "open", title_ko="2026년 3분기")
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    assert not at.exception
    assert any(c.value.endswith("/?wave=2026-Q3&lang=ko") for c in at.code)
    at = at.radio(key="waves_link_lang").set_value("en").run()
    assert any(c.value.endswith("/?wave=2026-Q3&lang=en") for c in at.code)
    assert at.get("imgs") or at.get("image")


def test_a_close_before_the_open_is_one_message_and_nothing_is_saved(app, app_store):
    from datetime import date

    app_store.create_wave("2026-Q3")
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    at.date_input(key="plan_open_day_2026-Q3").set_value(date(2027, 9, 10))
    at.date_input(key="plan_close_day_2026-Q3").set_value(date(2027, 9, 1))
    at = button(at, "일정 저장").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "마감 시각(2027-09-01 18:00)이 시작 시각(2027-09-10 09:00)보다 늦어야 합니다"
    ]
    assert app_store.get_wave("2026-Q3").opens_at is None
    at.date_input(key="plan_close_day_2026-Q3").set_value(date(2027, 9, 20))
    at = button(at, "일정 저장").click().run()
    wave = app_store.get_wave("2026-Q3")
    assert wave.opens_at is not None and wave.closes_at > wave.opens_at
    assert actions(app_store)[0] == "wave.schedule"


def test_a_headcount_below_the_responses_is_refused_on_the_page(
    app: AppTest, app_store: Store, bundled_survey: Survey
) -> None:
    app_store.create_wave(WAVE, "open")
    app_store.open_wave(WAVE)
    answers = {item.id: 4 for item in bundled_survey.items}
    for _ in range(3):
        app_store.submit(WAVE, answers)
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    first = bundled_survey.demographic("dept").options[0].id
    at.number_input(key=f"hc_{WAVE}_dept_{first}").set_value(2)
    at = button(at, "인원 저장").click().run()
    assert not at.exception
    assert "이미 응답이 3건 있어 전체 인원을 2명으로" in at.error[0].value
    assert app_store.get_wave(WAVE).headcount is None
    # Closing now would publish nothing: the page says so first.
    assert any("5명보다 적습니다" in w.value for w in at.warning)


def test_participation_against_the_headcount_in_coarse_steps(
    app: AppTest, app_store: Store, bundled_survey: Survey
) -> None:
    app_store.create_wave(WAVE, "open", headcount={"policy": 40})
    app_store.open_wave(WAVE)
    answers = {item.id: 4 for item in bundled_survey.items}
    for _ in range(13):
        app_store.submit(WAVE, answers)
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    texts = [m.value for m in at.markdown]
    assert any("10명 이상 / 40명 (25% 이상)" in v for v in texts), texts
    assert not any("13" in v for v in texts)


def test_participation_by_department_hides_small_units(
    app: AppTest, app_store: Store, bundled_survey: Survey
) -> None:
    app_store.create_wave(WAVE, "open", headcount={"policy": 40, "audit": 4, "ai_data": 20})
    app_store.open_wave(WAVE)
    answers = {item.id: 4 for item in bundled_survey.items}
    for dept, n in (("policy", 23), ("audit", 4), ("ai_data", 7)):
        for _ in range(n):
            app_store.submit(WAVE, {**answers, "dept": dept})
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    assert not at.exception
    column = bundled_survey.demographic("dept").label.ko
    units = next(d.value for d in at.dataframe if column in d.value.columns)
    shown = dict(zip(units[column], units["응답 수"], strict=True))
    labels = {o.id: o.label.ko for o in bundled_survey.demographic("dept").options}
    # 23 -> 20 (steps of 10); 7 -> 5 (k reached, no full step); a unit of 4: "5명 미만".
    assert shown == {
        labels["policy"]: "20명 이상",
        labels["ai_data"]: "5명 이상",
        labels["audit"]: "5명 미만",
    }


BAD_INPUT = {
    "ko": {
        "id": "차수 ID '2026 Q3'은 쓸 수 없습니다",
        "order": "마감 시각(2027-09-01 18:00)이 시작 시각(2027-09-10 09:00)보다 늦어야 합니다",
        "headcount": "차수 2026-H1에는 이미 응답이 3건 있어 전체 인원을 2명으로 정할 수 없습니다",
        "password": "비밀번호는 10자 이상이어야 합니다",
        "create": "차수 만들기",
        "schedule": "일정 저장",
        "save": "인원 저장",
    },
    "en": {
        "id": "the wave id '2026 Q3' cannot be used",
        "order": "the closing time (2027-09-01 18:00) must come after the opening time "
        "(2027-09-10 09:00)",
        "headcount": "the wave 2026-H1 holds 3 responses already, so its headcount cannot be 2",
        "password": "the password must have at least 10 characters",
        "create": "Create the wave",
        "schedule": "Save the schedule",
        "save": "Save headcounts",
    },
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_bad_input_is_one_message_in_the_users_language_and_nothing_is_saved(
    app: AppTest, app_store: Store, bundled_survey: Survey, lang: str
) -> None:
    from datetime import date

    expected = BAD_INPUT[lang]
    app.query_params["lang"] = lang
    app_store.create_wave(WAVE, "open")
    app_store.open_wave(WAVE)
    answers = {item.id: 4 for item in bundled_survey.items}
    for _ in range(3):
        app_store.submit(WAVE, answers)
    app_store.create_wave("2026-Q4")
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")

    # A wave id with a space.
    at.text_input[0].set_value("2026 Q3")
    at = button(at, expected["create"]).click().run()
    assert len(at.error) == 1 and at.error[0].value.startswith(expected["id"])
    assert [w.name for w in app_store.list_waves()] == [WAVE, "2026-Q4"]

    # A close before the open.
    at.selectbox(key="waves_plan_wave").set_value("2026-Q4")
    at = at.run()
    at.date_input(key="plan_open_day_2026-Q4").set_value(date(2027, 9, 10))
    at.date_input(key="plan_close_day_2026-Q4").set_value(date(2027, 9, 1))
    at = button(at, expected["schedule"]).click().run()
    assert [e.value for e in at.error] == [expected["order"]]
    assert app_store.get_wave("2026-Q4").opens_at is None

    # A headcount below the responses already stored.
    at.selectbox(key="waves_hc_wave").set_value(WAVE)
    at = at.run()
    first = bundled_survey.demographic("dept").options[0].id
    at.number_input(key=f"hc_{WAVE}_dept_{first}").set_value(2)
    at = button(at, expected["save"]).click().run()
    assert [e.value for e in at.error] == [expected["headcount"]]
    assert app_store.get_wave(WAVE).headcount is None

    # A password too short, on the account page.
    at = at.switch_page("app_pages/account.py").run()
    at.text_input(key="account.now").set_value("fixture-password-123")
    at.text_input(key="account.new").set_value("short")
    at.text_input(key="account.again").set_value("short")
    at = at.form_submit_button[0].click().run()
    assert [e.value for e in at.error] == [expected["password"]]
    assert app_store.verify(HR_NAME, "fixture-password-123")
    assert not at.exception
    assert all("Traceback" not in e.value for e in at.error)


def test_the_create_form_is_empty_after_a_wave_is_made_and_kept_after_an_error(
    app: AppTest, app_store: Store
) -> None:
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    at.text_input(key="waves_new_id_0").set_value("2026 Q3")
    at.text_input(key="waves_new_ko_0").set_value("2026년 3분기")
    at = button(at, "차수 만들기").click().run()
    assert at.error and at.text_input(key="waves_new_ko_0").value == "2026년 3분기"
    at.text_input(key="waves_new_id_0").set_value("2026-Q3")
    at = button(at, "차수 만들기").click().run()
    assert not at.exception and app_store.get_wave("2026-Q3").title("ko") == "2026년 3분기"
    assert [at.text_input(key=k).value for k in ("waves_new_id_1", "waves_new_ko_1")] == ["", ""]


def test_an_open_wave_shows_no_stale_opening_time(app: AppTest, app_store: Store) -> None:
    from datetime import UTC, datetime

    app_store.create_wave("2026-Q3")
    app_store.schedule_wave(
        "2026-Q3", datetime(2099, 9, 1, tzinfo=UTC), datetime(2099, 9, 15, tzinfo=UTC)
    )
    app_store.open_wave("2026-Q3")
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_waves")
    table = at.dataframe[0].value
    assert table["시작 예정"][0] == "–" and table["마감 예정"][0].startswith("2099년 9월 15일")
