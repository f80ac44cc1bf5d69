"""The employee form driven through the whole app with AppTest (app_pages/survey_form.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from scoring.errors import SurveyError
from scoring.questionnaire import Survey
from survey import form, session
from survey.form import NO_ANSWER
from survey.i18n import t
from survey.store import CodeError, Store, StoreUnavailable
from tests.app.conftest import APP_TIMEOUT

pytestmark = pytest.mark.app

COMMENT = "서로 돕는 분위기가 좋습니다."
APP = "../../survey_app.py"


def full_answers(survey: Survey) -> dict[str, object]:
    """An answer to every question; one demographic is "prefer not to say"."""
    given: dict[str, object] = {
        item.id: index % survey.points + 1 for index, item in enumerate(survey.items)
    }
    given |= {"sat": 4, "rec": 9}
    given |= {
        "dept": "ai_data",
        "age_band": NO_ANSWER,
        "grade": "grade_5",
        "tenure": "tenure_3_5",
        "junior_board": "no",
    }
    given |= {"cmt_keep": COMMENT, "cmt_change": "", "cmt_idea": "회의를 줄였으면 합니다."}
    return given


def start(at: AppTest, code: str | None = None) -> AppTest:
    """Open the form and pass the opening page (with an access code in codes mode)."""
    at.run()
    if code is None:
        return at.button(key="form.start").click().run()
    at.text_input(key="form.code_input").set_value(code)
    return at.form_submit_button[0].click().run()


def enter_code(at: AppTest, code: str) -> AppTest:
    at.text_input(key="form.code_input").set_value(code)
    return at.form_submit_button[0].click().run()


def walk(at: AppTest, survey: Survey, given: dict[str, object]) -> AppTest:
    """Answer every step with `given` (questions not in it stay blank) up to the review."""
    comments = {c.id for c in survey.comments}
    for step in form.steps(survey):
        for field in step.fields:
            if field not in given:
                continue
            if field in comments:
                at.text_area(key=f"form.q.{field}").set_value(given[field])
            else:
                at.radio(key=f"form.q.{field}").set_value(given[field])
        at.button(key="form.next").click().run()
        assert not at.exception
    return at


def test_filling_everything_stores_exactly_the_answers_given(
    app: AppTest, app_store: Store, codes_wave: str, bundled_survey: Survey, page_text
) -> None:
    [code] = app_store.issue_codes(codes_wave, 1)
    given = full_answers(bundled_survey)
    at = walk(start(app, code), bundled_survey, given)
    assert "37개 문항 중 37개에 응답했습니다." in page_text(at)
    at.button(key="form.submit").click().run()

    assert not at.exception
    assert "응답해 주셔서 감사합니다" in page_text(at)
    frame = app_store.load_wave(codes_wave)
    assert len(frame) == 1
    assert tuple(frame.columns) == bundled_survey.columns
    row = frame.iloc[0]
    assert row["wave"] == codes_wave
    for item in bundled_survey.items:
        assert row[item.id] == given[item.id], item.id
    assert (row["sat"], row["rec"]) == (4, 9)
    assert [row[d] for d in ("dept", "grade", "tenure", "junior_board")] == [
        "ai_data",
        "grade_5",
        "tenure_3_5",
        "no",
    ]
    assert pd.isna(row["age_band"])  # "응답하지 않음" is stored as missing
    assert row["cmt_keep"] == COMMENT
    assert row["cmt_idea"] == "회의를 줄였으면 합니다."
    assert pd.isna(row["cmt_change"])
    assert app_store.check_code(codes_wave, code) == "used"
    # Nothing of the answers stays in the session after the thanks.
    assert at.session_state["form.answers"] == {}


def test_unanswered_items_are_listed_and_every_answer_is_kept(
    app: AppTest, app_store: Store, open_link_wave: str, bundled_survey: Survey, page_text
) -> None:
    given = full_answers(bundled_survey)
    left_out = ("inn2", "com4", "rec")
    for field in left_out:
        del given[field]
    at = walk(start(app), bundled_survey, given)

    text = page_text(at)
    assert "37개 문항 중 34개에 응답했습니다." in text
    for field in ("inn2", "com4"):
        assert bundled_survey.item(field).text.ko in text
    assert bundled_survey.outcome("recommend").text.ko in text
    assert "혁신·도전" in text and "소통·참여" in text  # listed by section

    at.button(key="form.submit").click().run()
    assert "응답하지 않은 문항이 3개 있습니다. 그대로 제출하시겠습니까?" in page_text(at)
    assert app_store.count(open_link_wave) == 0
    kept = at.session_state["form.answers"]
    assert all(kept[field] == value for field, value in given.items())

    # Going back shows the answers given on that step again.
    at.button(key="form.confirm_no").click().run()
    assert at.radio(key="form.q.inn1").value == given["inn1"]
    assert at.radio(key="form.q.inn2").value is None
    at.radio(key="form.q.inn2").set_value(5)
    at.button(key="form.next").click().run()
    assert at.radio(key="form.q.com1").value == given["com1"]

    at.session_state["form.step"] = len(form.steps(bundled_survey))
    at.run()
    at.button(key="form.submit").click().run()
    assert "응답하지 않은 문항이 2개 있습니다" in page_text(at)
    at.button(key="form.confirm_yes").click().run()
    frame = app_store.load_wave(open_link_wave)
    assert len(frame) == 1
    assert frame.iloc[0]["inn2"] == 5
    assert frame.iloc[0]["inn1"] == given["inn1"]
    assert pd.isna(frame.iloc[0]["com4"]) and pd.isna(frame.iloc[0]["rec"])


def test_wrong_used_and_valid_codes(
    app: AppTest, app_store: Store, codes_wave: str, bundled_survey: Survey, page_text
) -> None:
    first, second = app_store.issue_codes(codes_wave, 2)
    app_store.submit(codes_wave, {"inn1": 3}, second)

    at = start(app, "ABCD-EFGH")
    wrong = page_text(at)
    assert "이 코드로는 응답할 수 없습니다" in wrong
    assert at.session_state["form.step"] == -1
    at = enter_code(at, second)
    # A used code looks exactly like a wrong one: the same widget, the same text.
    assert [e.value for e in at.error] == [t("form.code.invalid", "ko")]
    assert page_text(at) == wrong
    assert at.session_state["form.step"] == -1
    at = enter_code(at, "")
    assert "접근 코드를 입력해 주십시오" in page_text(at)
    # Lowercase without the dash is the same code.
    at = enter_code(at, first.replace("-", "").lower())
    assert at.session_state["form.step"] == 0
    assert at.radio[0].key == "form.q.inn1"


def test_wrong_codes_bring_a_cooldown(
    app: AppTest,
    app_store: Store,
    codes_wave: str,
    monkeypatch: pytest.MonkeyPatch,
    page_text,
) -> None:
    monkeypatch.setenv("CULTURE_CODE_COOLDOWN", "3")
    now = [1000.0]
    monkeypatch.setattr(session, "clock", lambda: now[0])
    [code] = app_store.issue_codes(codes_wave, 1)
    at = start(app, "AAAA-AAAA")
    enter_code(at, "BBBB-BBBB")
    assert "이 코드로는 응답할 수 없습니다" in page_text(at)
    enter_code(at, "CCCC-CCCC")
    assert "60초 뒤에 다시 시도해 주십시오" in page_text(at)
    # Even the right code waits out the cooldown.
    now[0] += 30
    enter_code(at, code)
    assert "30초 뒤에 다시 시도해 주십시오" in page_text(at)
    assert at.session_state["form.step"] == -1
    now[0] += 31
    enter_code(at, code)
    assert at.session_state["form.step"] == 0


def test_the_cooldown_length_is_a_setting(
    app: AppTest, codes_wave: str, monkeypatch: pytest.MonkeyPatch, page_text
) -> None:
    monkeypatch.setenv("CULTURE_CODE_COOLDOWN", "1")
    monkeypatch.setenv("CULTURE_CODE_WAIT_S", "90")
    at = start(app, "AAAA-AAAA")
    assert "90초 뒤에 다시 시도해 주십시오" in page_text(at)


@pytest.mark.parametrize("env", ["CULTURE_CODE_COOLDOWN", "CULTURE_CODE_WAIT_S"])
def test_a_bad_cooldown_setting_is_the_settings_error(
    app: AppTest, codes_wave: str, monkeypatch: pytest.MonkeyPatch, page_text, env: str
) -> None:
    monkeypatch.setenv(env, "soon")
    at = start(app, "AAAA-AAAA")
    assert not at.exception
    assert f"환경 변수 {env}의 값 'soon'" in page_text(at)


def test_the_wave_limit_holds_across_sessions(
    app: AppTest, app_store: Store, codes_wave: str, monkeypatch: pytest.MonkeyPatch, page_text
) -> None:
    monkeypatch.setenv("CULTURE_CODE_WAVE_LIMIT", "2")
    [code] = app_store.issue_codes(codes_wave, 1)
    for wrong in ("AAAA-AAAA", "BBBB-BBBB"):
        start(AppTest.from_file(APP, default_timeout=APP_TIMEOUT), wrong)
    # A fresh session, as after a reload, meets the wave's limit even with a valid code.
    at = start(AppTest.from_file(APP, default_timeout=APP_TIMEOUT), code)
    assert "잘못된 접근 코드가 너무 많이 입력되어" in page_text(at)
    assert at.session_state["form.step"] == -1
    assert app_store.check_code(codes_wave, code) == "valid"


def test_closed_wave_is_refused_with_a_message(
    app: AppTest, app_store: Store, codes_wave: str, page_text
) -> None:
    app_store.close_wave(codes_wave)
    app.query_params["wave"] = codes_wave
    at = app.run()
    assert not at.exception
    assert f"'{codes_wave}' 설문은 마감되어 더 이상 응답을 받지 않습니다." in page_text(at)
    assert not at.radio and not at.text_input and not at.button


def test_no_open_wave(app: AppTest, app_store: Store, page_text) -> None:
    app_store.create_wave("2026-H1", "codes")  # a draft is not open
    at = app.run()
    assert not at.exception
    assert "현재 진행 중인 설문이 없습니다" in page_text(at)
    assert not at.radio and not at.text_input


def test_unknown_and_draft_waves_in_the_address(
    app: AppTest, app_store: Store, codes_wave: str, page_text
) -> None:
    app.query_params["wave"] = "2030-H1"
    assert "'2030-H1' 설문을 찾을 수 없습니다" in page_text(app.run())
    app_store.create_wave("2026-H1", "codes")
    app.query_params["wave"] = "2026-H1"
    assert "'2026-H1' 설문은 아직 시작되지 않았습니다" in page_text(app.run())


def test_several_open_waves_offer_a_choice(app: AppTest, app_store: Store) -> None:
    for name in ("2025-H2", "pilot_team"):
        app_store.create_wave(name, "open")
        app_store.open_wave(name)
    at = app.run()
    assert at.selectbox(key="form.wave_select").options == ["2025-H2", "pilot_team"]
    at.selectbox(key="form.wave_select").set_value("pilot_team").run()
    at.button(key="form.start").click().run()
    assert at.session_state["form.wave"] == "pilot_team"


def test_english_by_address_and_the_switch(
    app: AppTest, codes_wave: str, bundled_survey: Survey, page_text
) -> None:
    app.query_params["lang"] = "en"
    at = app.run()
    assert not at.exception
    text = page_text(at)
    assert bundled_survey.title.en in text
    assert "Our promise of anonymity" in text
    assert "raise it to 95" in text
    assert "익명성 약속" not in text
    assert at.text_input(key="form.code_input").label == "Access code"

    at.button_group[0].set_value("ko").run()
    text = page_text(at)
    assert "익명성 약속" in text and "Our promise of anonymity" not in text
    assert at.query_params["lang"] == "ko"


def test_switching_language_mid_survey_keeps_the_answers(
    app: AppTest, open_link_wave: str, bundled_survey: Survey
) -> None:
    at = start(app)
    at.radio(key="form.q.inn1").set_value(4).run()
    at.button_group[0].set_value("en").run()
    radio = at.radio(key="form.q.inn1")
    assert radio.label == f"1\\. {bundled_survey.item('inn1').text.en}"
    assert radio.value == 4
    assert radio.options[3] == "Agree"


def test_a_second_submission_in_the_session_stores_nothing(
    app: AppTest, app_store: Store, open_link_wave: str, bundled_survey: Survey, page_text
) -> None:
    at = walk(start(app), bundled_survey, full_answers(bundled_survey))
    at.button(key="form.submit").click().run()
    assert app_store.count(open_link_wave) == 1
    # A stale review page (back button, a second click) or a rerun: thanks, no new row.
    at.session_state["form.step"] = len(form.steps(bundled_survey))
    at.session_state["form.answers"] = full_answers(bundled_survey)
    at.run()
    assert "응답해 주셔서 감사합니다" in page_text(at)
    assert "form.submit" not in [button.key for button in at.button]
    at.switch_page("app_pages/survey_form.py").run()
    assert "응답해 주셔서 감사합니다" in page_text(at)
    assert app_store.count(open_link_wave) == 1


def test_a_redeemed_code_cannot_submit_again(
    app_store: Store, codes_wave: str, bundled_survey: Survey
) -> None:
    [code] = app_store.issue_codes(codes_wave, 1)
    form.submit(app_store, codes_wave, full_answers(bundled_survey), code)
    with pytest.raises(CodeError):
        form.submit(app_store, codes_wave, full_answers(bundled_survey), code)
    assert app_store.count(codes_wave) == 1


@pytest.mark.parametrize(
    "forged",
    [
        {"inn1": 6},
        {"inn1": 0},
        {"rec": 11},
        {"dept": "board_of_directors"},
        {"cmt_keep": "가" * 1001},
        {"inn1": 3, "employee_id": "E1234"},
    ],
)
def test_forged_answers_are_refused_and_nothing_is_stored(
    app_store: Store, open_link_wave: str, forged: dict[str, object]
) -> None:
    with pytest.raises(SurveyError):
        form.submit(app_store, open_link_wave, forged, None)
    assert app_store.count(open_link_wave) == 0


def test_a_forged_answer_on_the_page_is_refused_and_answers_are_kept(
    app: AppTest, app_store: Store, open_link_wave: str, bundled_survey: Survey, page_text
) -> None:
    at = start(app)
    forged = {**full_answers(bundled_survey), "inn1": 9}
    at.session_state["form.answers"] = forged
    at.session_state["form.step"] = len(form.steps(bundled_survey))
    at.run()
    at.button(key="form.submit").click().run()
    assert not at.exception
    assert "inn1" in "\n".join(e.value for e in at.error)
    assert app_store.count(open_link_wave) == 0
    assert at.session_state["form.answers"] == forged
    assert "응답해 주셔서 감사합니다" not in page_text(at)


def test_an_unreachable_database_keeps_the_answers_for_another_try(
    app: AppTest,
    app_store: Store,
    open_link_wave: str,
    bundled_survey: Survey,
    monkeypatch: pytest.MonkeyPatch,
    page_text,
) -> None:
    at = walk(start(app), bundled_survey, full_answers(bundled_survey))

    def unavailable(*_args: object, **_kwargs: object) -> None:
        raise StoreUnavailable.make()

    with monkeypatch.context() as patch:
        patch.setattr(Store, "submit", unavailable)
        at.button(key="form.submit").click().run()
    assert not at.exception
    assert "데이터베이스를 쓸 수 없습니다" in page_text(at)
    assert "입력한 응답은 이 화면에 그대로 남아 있습니다" in page_text(at)
    assert at.session_state["form.answers"]["inn1"] == 1
    assert app_store.count(open_link_wave) == 0

    at.button(key="form.submit").click().run()
    assert "응답해 주셔서 감사합니다" in page_text(at)
    assert app_store.count(open_link_wave) == 1


def test_a_broken_survey_file_shows_its_problem_not_a_traceback(
    app: AppTest, app_store: Store, tmp_path, monkeypatch: pytest.MonkeyPatch, page_text
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nsurvey: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("CULTURE_SURVEY", str(broken))
    at = app.run()
    assert not at.exception
    text = page_text(at)
    assert "설문 정의 파일에 문제가 있어 설문을 열 수 없습니다" in text
    assert "broken.yaml" in text


def test_the_opening_page_explains_purpose_time_and_anonymity(
    app: AppTest, codes_wave: str, page_text
) -> None:
    text = page_text(app.run())
    assert "95점" in text
    assert "10분" in text
    for word in ("이름", "사번", "이메일", "IP 주소", "응답한 시각"):
        assert word in text
    assert "코드와 응답은 서로 연결할 수 없습니다" in text
    assert "5명 미만인 집단의 결과는" in text


def test_the_form_shows_what_will_be_masked_and_stores_only_the_masked_text(
    app: AppTest, app_store: Store, open_link_wave: str, bundled_survey: Survey, page_text
) -> None:
    """Issue 15: before submitting, the employee sees which parts are masked and why."""
    given = full_answers(bundled_survey)
    given["cmt_change"] = "급한 일은 010-2345-6789로 연락 주시면 됩니다."
    steps = form.steps(bundled_survey)
    at = walk(start(app), bundled_survey, {k: v for k, v in given.items() if k != "cmt_change"})
    # Back to the comments step, type the comment and look at the notice.
    at.button(key="form.prev").click().run()
    assert steps[-1].kind == "comments"
    at.text_area(key="form.q.cmt_change").set_value(given["cmt_change"]).run()
    notice = " ".join(w.value for w in at.warning)
    assert "가려집니다" in notice and "010-2345-6789" in notice and "[전화번호]" in notice
    at.button(key="form.next").click().run()
    at.button(key="form.submit").click().run()
    assert "응답해 주셔서 감사합니다" in page_text(at)
    row = app_store.load_wave(open_link_wave).iloc[0]
    assert row["cmt_change"] == "급한 일은 [전화번호]로 연락 주시면 됩니다."
    assert row["cmt_keep"] == COMMENT  # nothing personal: kept as written
