"""An employee answers the survey on a phone, in Korean and in English, and is refused properly.

The Korean scenario uses the access-code wave (a code entered first), the
English one the open-link wave (its "already answered" cookie is what stops a
reload from answering twice); both click every question of every step, write
a comment, submit, and then reload and go back and forward.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from scoring.questionnaire import Survey
from survey import form, masking
from survey.i18n import t
from tests.e2e.conftest import CODES_WAVE, LATEST, OPEN_WAVE, App, settle

pytestmark = pytest.mark.e2e

COMMENTS = {
    "ko": "점심시간에 함께 산책하며 이야기하는 분위기가 좋습니다.",
    "en": "I like that we walk and talk together at lunchtime.",
}
# A second comment with a phone number: the form warns before submitting and the
# store keeps only the masked text (issue 15).
PERSONAL = {
    "ko": "급한 일은 010-2345-6789로 연락 주세요.",
    "en": "Call me on 010-2345-6789 if it is urgent.",
}
WRONG_CODE = "ZZZZ-ZZZZ"
MAIL = "data:text/html,<p>mail</p>"


@dataclass(frozen=True)
class Click:
    """One question answered: which option to click and what the store must keep."""

    field: str
    group: str
    option: str
    index: int
    stored: object


def plan(survey: Survey, lang: str) -> list[list[Click]]:
    """The clicks of every step: every Likert point, a 0-10 answer, each kind of demographic.

    Items take the scale points in turn (so every label is clicked), the last
    demographic is answered "prefer not to say" (stored as missing), the
    others take a different option each.
    """
    scale = [label.get(lang) for label in survey.scale_labels]
    numbers = form.question_numbers(survey)
    texts = {item.id: item.text.get(lang) for item in survey.items}
    texts |= {outcome.id: outcome.text.get(lang) for outcome in survey.outcomes}
    steps: list[list[Click]] = []
    for step in form.steps(survey):
        clicks = []
        for field in step.fields:
            outcome = next((o for o in survey.outcomes if o.id == field), None)
            demographic = survey.demographic(field)
            if demographic is not None:
                position = [d.id for d in survey.demographics].index(field)
                if position == len(survey.demographics) - 1:
                    label, index, stored = t("form.no_answer", lang), len(demographic.options), None
                else:
                    index = position % len(demographic.options)
                    option = demographic.options[index]
                    label, stored = option.label.get(lang), option.id
                group = demographic.label.get(lang)
            elif outcome is not None and outcome.kind == "recommend":
                value = outcome.high - 2
                label, index, stored = str(value), value - outcome.low, value
                group = texts[field]
            elif field in numbers:
                point = (numbers[field] - 1) % survey.points + 1
                label, index, stored = scale[point - 1], point - 1, point
                group = texts[field]
            else:
                continue
            clicks.append(Click(field, group, label, index, stored))
        steps.append(clicks)
    return steps


def expected_row(survey: Survey, steps: list[list[Click]], lang: str) -> dict[str, object]:
    """What the store must hold for the planned answers: clicks, the comment, blanks."""
    row: dict[str, object] = {click.field: click.stored for clicks in steps for click in clicks}
    for number, comment in enumerate(survey.comments):
        row[comment.id] = COMMENTS[lang] if number == 0 else None
    # Masked as the store masks (placeholders in the installation's language, Korean).
    row[survey.comments[1].id] = masking.mask(PERSONAL[lang], masking.rules(), "ko").text
    return row


def matching_rows(frame: pd.DataFrame, expected: dict[str, object]) -> int:
    """How many stored responses equal `expected` in every column."""

    def same(stored: object, wanted: object) -> bool:
        if wanted is None:
            return stored is None or (isinstance(stored, float) and math.isnan(stored))
        if isinstance(wanted, int):
            return stored == float(wanted)
        return stored == wanted

    return sum(
        all(same(row[column], wanted) for column, wanted in expected.items())
        for _, row in frame.iterrows()
    )


def answer_every_step(
    page: Page, survey: Survey, steps: list[list[Click]], lang: str, snap: Callable[..., Path]
) -> None:
    """Click through every step of the form, checking each answer took."""
    kinds = form.steps(survey)
    for number, (step, clicks) in enumerate(zip(kinds, steps, strict=True)):
        title = (
            survey.dimension(step.dimension).label.get(lang)
            if step.kind == "dimension"
            else t(f"form.step.{step.kind}", lang)
        )
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
        for click in clicks:
            group = page.get_by_role("radiogroup", name=click.group)
            group.get_by_text(click.option, exact=True).click()
            expect(group.get_by_role("radio").nth(click.index)).to_be_checked()
        if step.kind == "comments":
            box = page.get_by_label(survey.comments[0].text.get(lang), exact=True)
            box.fill(COMMENTS[lang])
            # Ctrl+Enter hands a text area's value to the app without leaving it.
            box.press("Control+Enter")
            settle(page)
            second = page.get_by_label(survey.comments[1].text.get(lang), exact=True)
            second.fill(PERSONAL[lang])
            second.press("Control+Enter")
            notice = page.get_by_text(t("form.masking.notice", lang))
            expect(notice).to_be_visible()
            expect(page.get_by_text("[전화번호]", exact=False)).to_be_visible()
            settle(page)
        if number == 0 or step.kind in ("demographics", "comments"):
            snap(page, f"step-{number + 1:02d}-{step.kind}")
        last = number == len(kinds) - 1
        button = t("form.to_review" if last else "form.next", lang)
        # The last answer's run may still be drawing (the step's old button
        # beside its new one): click once the page is whole, as a person does.
        settle(page)
        page.get_by_role("button", name=button, exact=True).click()


@pytest.mark.parametrize(
    ("lang", "wave"), [("ko", CODES_WAVE), ("en", OPEN_WAVE)], ids=["ko-codes", "en-open"]
)
def test_employee_answers_on_a_phone(
    app: App, phone: Page, shots: Callable[..., Path], lang: str, wave: str
) -> None:
    survey = app.survey
    codes_mode = app.store.get_wave(wave).access_mode == "codes"
    before = app.store.count(wave)
    steps = plan(survey, lang)
    expected = expected_row(survey, steps, lang)
    address = app.address("/", wave=wave, lang=lang)

    # Arriving from somewhere else (a mail), so that "back" has somewhere to go.
    phone.goto(MAIL)
    phone.goto(address)
    expect(phone.get_by_role("heading", name=survey.title.get(lang))).to_be_visible()
    shots(phone, "01-intro")
    if codes_mode:
        phone.get_by_label(t("slips.code", lang), exact=True).fill(app.codes[1].lower())
        phone.get_by_role("button", name=t("form.code.submit", lang), exact=True).click()
    else:
        phone.get_by_role("button", name=t("form.start", lang), exact=True).click()

    answer_every_step(phone, survey, steps, lang, shots)

    questions = len(form.question_numbers(survey))
    review = t("form.review.count", lang, total=questions, answered=questions)
    expect(phone.get_by_text(review)).to_be_visible()
    expect(phone.get_by_text(t("form.review.complete", lang))).to_be_visible()
    shots(phone, "20-review")
    phone.get_by_role("button", name=t("form.submit", lang), exact=True).click()
    expect(phone.get_by_role("heading", name=t("form.thanks.title", lang))).to_be_visible()
    expect(phone.get_by_text(t("form.thanks.body", lang))).to_be_visible()
    shots(phone, "21-thanks")

    assert app.store.count(wave) == before + 1
    assert matching_rows(app.store.load_wave(wave), expected) == 1

    # A reload starts a new session: the code is spent (codes mode) or the
    # browser's cookie says this wave is done (open mode).
    phone.reload()
    landing = survey.title.get(lang) if codes_mode else t("form.thanks.title", lang)
    expect(phone.get_by_role("heading", name=landing)).to_be_visible()
    settle(phone)
    shots(phone, "22-reloaded")
    assert app.store.count(wave) == before + 1

    phone.go_back()
    expect(phone).to_have_url(re.compile(r"^data:"))
    phone.go_forward()
    expect(phone).to_have_url(re.compile(rf"wave={wave}"))
    if codes_mode:
        phone.get_by_label(t("slips.code", lang), exact=True).fill(app.codes[1])
        phone.get_by_role("button", name=t("form.code.submit", lang), exact=True).click()
        expect(phone.get_by_text(t("form.code.invalid", lang))).to_be_visible()
        submit = phone.get_by_role("button", name=t("form.submit", lang), exact=True)
        expect(submit).to_have_count(0)
    else:
        expect(phone.get_by_role("heading", name=t("form.thanks.title", lang))).to_be_visible()
    settle(phone)
    shots(phone, "23-back-and-forward")
    assert app.store.count(wave) == before + 1
    assert matching_rows(app.store.load_wave(wave), expected) == 1


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_used_and_wrong_codes_are_refused(
    app: App, phone: Page, shots: Callable[..., Path], lang: str
) -> None:
    before = app.store.count(CODES_WAVE)
    phone.goto(app.address("/", wave=CODES_WAVE, lang=lang))
    code_box = phone.get_by_label(t("slips.code", lang), exact=True)
    check = phone.get_by_role("button", name=t("form.code.submit", lang), exact=True)

    code_box.fill(WRONG_CODE)
    check.click()
    expect(phone.get_by_text(t("form.code.invalid", lang))).to_be_visible()
    shots(phone, "01-wrong-code")

    # A used code gets the very same message as a wrong one.
    code_box.fill(app.codes[0])
    check.click()
    expect(phone.get_by_text(t("form.code.invalid", lang))).to_be_visible()
    shots(phone, "02-used-code")

    # Still on the opening page: no question was shown, nothing stored.
    expect(phone.get_by_test_id("stRadio")).to_have_count(0)
    assert app.store.count(CODES_WAVE) == before


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_closed_wave_takes_no_answers(
    app: App, phone: Page, shots: Callable[..., Path], lang: str
) -> None:
    before = app.store.count(LATEST)
    phone.goto(app.address("/", wave=LATEST, lang=lang))
    expect(phone.get_by_text(t("form.wave_closed", lang, name=LATEST))).to_be_visible()
    settle(phone)
    shots(phone, "01-closed")
    expect(phone.get_by_label(t("slips.code", lang), exact=True)).to_have_count(0)
    expect(phone.get_by_role("button", name=t("form.start", lang))).to_have_count(0)
    expect(phone.get_by_test_id("stRadio")).to_have_count(0)
    assert app.store.count(LATEST) == before
