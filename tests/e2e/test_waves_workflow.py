"""A wave end to end as an HR office runs it, in Chromium (issue 16).

One HR session, in order: create a quarterly wave with Korean and English
display names, schedule it, set its headcount, issue codes and download the
printable slips (a PDF whose text holds every code), open it and watch live
participation in coarse steps ("5명 미만" for small units); import a past
wave from a file without a ``wave`` column, after a broken file that gets the
per-kind summary without any server path, and close it as history without
opening it. Then the users page: add a user (a one-time password shown once),
who must choose their own password at first sign-in; reset another user's
password, lift a lockout, disable the new user, who is then refused with the
wrong-password message.

The module runs after the other browser suites (alphabetical order) and
leaves the shared server's earlier waves and accounts as they were.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scoring import messages
from scoring.errors import SurveyError
from scoring.sample import generate
from survey.auth import MAX_FAILURES
from survey.i18n import t
from survey.store import SEOUL
from tests.e2e.conftest import (
    DESKTOP,
    DOWNLOAD_TIMEOUT_MS,
    HR,
    LOCKED_HR,
    Account,
    App,
    _open,
    go_to,
    settle,
)

pytestmark = pytest.mark.e2e

QUARTER = "2026-Q3"
QUARTER_KO, QUARTER_EN = "2026년 3분기", "2026 Q3"
HISTORY = "2024-H2"
HISTORY_KO = "2024년 하반기"
CODES = 20
HEADCOUNT = {"policy": 30, "audit": 4}
ANSWERED = {"policy": 12, "audit": 2}
NEWCOMER = "choi_new"
CODE = re.compile(r"\b[A-Z0-9]{4}(?:-[A-Z0-9]{4})+\b")


def keyed(page: Page, key: str) -> Locator:
    """The element container of the widget with this key (Streamlit's ``st-key-`` class)."""
    return page.locator(f".st-key-{key}")


def visit(page: Page, title_key: str, heading_key: str) -> None:
    """`go_to`, after showing the sidebar's folded part ("메뉴 6개 더 보기") if needed."""
    sidebar = page.get_by_test_id("stSidebar")
    link = sidebar.get_by_role("link", name=t(title_key, "ko"), exact=True)
    expect(sidebar.get_by_test_id("stSidebarNavLink").first).to_be_visible()
    more = sidebar.get_by_test_id("stSidebarNavViewButton")
    if link.count() == 0 and more.count():
        more.click()
    go_to(page, title_key, heading_key)


def choose(page: Page, box: Locator, option: str, *, prefix: bool = False) -> None:
    """Pick an option of a selectbox (the first that starts with `option` if `prefix`).

    The page's run is over first: a rerun under way replaces the open list.
    """
    field = box.get_by_role("combobox")
    for attempt in range(3):
        settle(page)
        expect(page.locator('[data-stale="true"]')).to_have_count(0)
        if field.input_value() == option or (prefix and field.input_value().startswith(option)):
            return
        field.click()
        field.fill(option)
        try:
            page.get_by_role("option").filter(has_text=option).first.click(timeout=10_000)
            break
        except PlaywrightTimeout:
            # A run that began after the last one settled replaced the list.
            page.keyboard.press("Escape")
            if attempt == 2:
                raise
    if prefix:
        expect(field).to_have_value(re.compile(rf"^{re.escape(option)}"))
    else:
        expect(field).to_have_value(option)
    settle(page)


def pick_date(page: Page, box: Locator, day: date) -> None:
    """Pick a day in a date input's calendar (typed segments are not committed in 1.67)."""
    box.get_by_test_id("stDateInputCalendarButton").click()
    dialog = page.get_by_role("dialog")
    month = f"{day.year}년 {day.month}월"
    for _ in range(24):
        if month in (dialog.get_by_role("grid").get_attribute("aria-label") or ""):
            break
        dialog.get_by_role("button", name="Next month").click()
    dialog.get_by_role("button", name=re.compile(rf"^{month} {day.day}일")).click()
    expect(box.locator("input[type=date]")).to_have_value(day.isoformat())


def upload(page: Page, uploader: Locator, file: Path) -> None:
    """Choose a file in a file uploader and wait until the app holds it."""
    uploader.locator("input[type=file]").set_input_files(file)
    expect(uploader.get_by_test_id("stFileChipName")).to_have_text(file.name)
    expect(uploader.get_by_test_id("stFileChipIconSpinner")).to_have_count(0)
    settle(page)


def whole_page(page: Page, shots: Callable[..., Path], label: str, height: int) -> None:
    """A screenshot of the whole page (Streamlit scrolls inside the window, not the document)."""
    page.set_viewport_size({"width": DESKTOP["width"], "height": height})
    page.get_by_test_id("stMain").evaluate("main => main.scrollTo(0, 0)")
    page.wait_for_timeout(1_000)  # the grid and images draw for the new size
    shots(page, label)
    page.set_viewport_size(DESKTOP)


def press(page: Page, name: str, **where: object) -> None:
    page.get_by_role("button", name=name, exact=True, **where).click()
    settle(page)


def success(page: Page, text: str) -> None:
    expect(page.get_by_test_id("stAlertContentSuccess").filter(has_text=text)).to_be_visible()


def sign_in(app: App, page: Page, name: str, password: str) -> None:
    app.sign_in(page, Account(name, "", password))
    settle(page)


@pytest.fixture(scope="module")
def hr(app: App, browser: Browser) -> Iterator[Page]:
    page = _open(browser, DESKTOP)
    app.sign_in(page, HR)
    heading = page.get_by_role("heading", name=t("dash.overview.title", "ko"), exact=True)
    expect(heading).to_be_visible()
    yield page
    page.context.close()


def test_a_quarterly_wave_from_creation_to_slips_and_live_participation(
    app: App, hr: Page, shots: Callable[..., Path]
) -> None:
    visit(hr, "dash.nav.waves", "dash.waves.title")
    form = hr.get_by_test_id("stForm").filter(has=hr.get_by_label(t("waves.title_ko", "ko")))
    form.get_by_label(t("waves.id", "ko"), exact=True).fill(QUARTER)
    form.get_by_label(t("waves.title_ko", "ko"), exact=True).fill(QUARTER_KO)
    form.get_by_label(t("waves.title_en", "ko"), exact=True).fill(QUARTER_EN)
    press(hr, t("dash.waves.create_button", "ko"))
    success(hr, QUARTER)
    # The list shows the display name beside the id.
    table = hr.get_by_test_id("stDataFrame").first
    expect(table.locator("td", has_text=QUARTER_KO)).to_have_count(1)
    wave = app.store.get_wave(QUARTER)
    assert (wave.title("ko"), wave.title("en"), wave.status) == (QUARTER_KO, QUARTER_EN, "draft")

    # A schedule next month: saved, shown in Seoul time, nothing opened yet.
    choose(hr, keyed(hr, "waves_plan_wave"), f"{QUARTER_KO} ({QUARTER})")
    today = datetime.now(SEOUL).date()
    ahead = (today.replace(day=1) + timedelta(days=40)).replace(day=1)  # next month
    opens, closes = ahead.replace(day=10), ahead.replace(day=20)
    pick_date(hr, keyed(hr, f"plan_open_day_{QUARTER}"), opens)
    pick_date(hr, keyed(hr, f"plan_close_day_{QUARTER}"), closes)
    press(hr, t("waves.schedule_save", "ko"))
    written = [
        f"{d.year}년 {d.month}월 {d.day}일 {at}" for d, at in ((opens, "09:00"), (closes, "18:00"))
    ]
    success(
        hr, t("waves.schedule_saved", "ko", wave=QUARTER_KO, opens=written[0], closes=written[1])
    )
    assert app.store.get_wave(QUARTER).opens_at is not None
    for shown in written:
        expect(table.locator("td", has_text=shown)).to_have_count(1)
    wave = app.store.get_wave(QUARTER)
    assert wave.status == "draft" and wave.opens_at is not None

    # Headcount by department, then codes and their slips.
    choose(hr, keyed(hr, "waves_hc_wave"), f"{QUARTER_KO} ({QUARTER})")
    dept = app.survey.demographic("dept")
    for option, number in HEADCOUNT.items():
        field = keyed(hr, f"hc_{QUARTER}_dept_{option}").locator("input")
        field.fill(str(number))
        field.press("Tab")
    press(hr, t("dash.waves.headcount_save", "ko"))
    success(hr, QUARTER)
    assert app.store.get_wave(QUARTER).headcount == HEADCOUNT

    codes_form = hr.get_by_test_id("stForm").filter(
        has=hr.get_by_label(t("dash.waves.code_count", "ko"))
    )
    choose(hr, codes_form.get_by_test_id("stSelectbox"), f"{QUARTER_KO} ({QUARTER})")
    count = codes_form.get_by_label(t("dash.waves.code_count", "ko"), exact=True)
    count.fill(str(CODES))
    count.press("Tab")
    press(hr, t("dash.waves.codes_button", "ko"))
    success(hr, t("dash.waves.codes_issued", "ko", wave=QUARTER, count=str(CODES)))
    slips = hr.get_by_role("button", name=t("waves.slips_download", "ko"))
    slips.scroll_into_view_if_needed()
    folder = shots(hr, "codes-issued").parent
    with hr.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as started:
        slips.click()
    download = started.value
    assert download.suggested_filename.endswith(".pdf")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    pdf = pypdf.PdfReader(io.BytesIO(data))
    assert len(pdf.pages) == 2  # ten slips a sheet
    text = "\n".join(page.extract_text() for page in pdf.pages)
    codes = sorted(set(CODE.findall(text)))
    assert len(codes) == CODES, text[:500]
    assert f"wave={QUARTER}" in text.replace(" ", "")
    (folder / "slips.pdf").write_bytes(data)  # kept to look at, with the screenshots

    # Opened by hand; employees answer with the slips' codes.
    choose(hr, keyed(hr, "waves_lifecycle_wave"), f"{QUARTER_KO} ({QUARTER})")
    press(hr, t("dash.waves.open_button", "ko"))
    success(hr, t("dash.waves.opened", "ko", wave=QUARTER))
    assert app.store.get_wave(QUARTER).status == "open"
    answers = {item.id: 4 for item in app.survey.items}
    used = iter(codes)
    for option, number in ANSWERED.items():
        for _ in range(number):
            app.store.submit(QUARTER, {**answers, "dept": option}, code=next(used))
    hr.reload()
    settle(hr)
    expect(hr.get_by_role("heading", name=t("dash.waves.title", "ko"), exact=True)).to_be_visible()
    total = sum(HEADCOUNT.values())
    line = t("waves.participation_value", "ko", n="10", headcount=str(total), share="29%")
    expect(hr.get_by_text(f"{QUARTER_KO} ({QUARTER}): {line}")).to_be_visible()
    units = hr.get_by_test_id("stDataFrame").filter(has_text=dept.label.get("ko"))
    labels = {o.id: o.label.get("ko") for o in dept.options}
    policy = units.locator("tr").filter(has=hr.locator("td", has_text=labels["policy"]))
    expect(policy.locator("td").nth(1)).to_have_text(t("dash.waves.live_value", "ko", n="10"))
    audit = units.locator("tr").filter(has=hr.locator("td", has_text=labels["audit"]))
    expect(audit.locator("td").nth(1)).to_have_text("5명 미만")
    main = hr.get_by_test_id("stMain").inner_text()
    assert "12명" not in main and "14명" not in main
    hr.get_by_text(t("waves.participation", "ko"), exact=True).scroll_into_view_if_needed()
    shots(hr, "live-participation")


def test_a_past_wave_is_imported_without_a_wave_column_and_closed_as_history(
    app: App, hr: Page, shots: Callable[..., Path], tmp_path: Path
) -> None:
    visit(hr, "dash.nav.waves", "dash.waves.title")
    form = hr.get_by_test_id("stForm").filter(has=hr.get_by_label(t("waves.title_ko", "ko")))
    form.get_by_label(t("waves.id", "ko"), exact=True).fill(HISTORY)
    form.get_by_label(t("waves.title_ko", "ko"), exact=True).fill(HISTORY_KO)
    press(hr, t("dash.waves.create_button", "ko"))
    success(hr, HISTORY)
    # An empty form for the next wave.
    form = hr.get_by_test_id("stForm").filter(has=hr.get_by_label(t("waves.title_ko", "ko")))
    expect(form.get_by_label(t("waves.id", "ko"), exact=True)).to_have_value("")
    expect(form.get_by_label(t("waves.title_ko", "ko"), exact=True)).to_have_value("")

    rows = generate(app.survey, 40, waves=1, seed=44, last_wave=HISTORY).drop(columns=["wave"])
    rows = rows.astype({c: "object" for c in rows.columns if str(rows[c].dtype) == "category"})
    item = app.survey.items[0].id
    broken = rows.copy()
    broken[item] = 9
    broken.loc[broken.index[:3], "dept"] = "nowhere"
    broken_file = tmp_path / "history-broken.csv"
    broken.to_csv(broken_file, index=False)
    good_file = tmp_path / "history.csv"
    rows.to_csv(good_file, index=False)

    choose(hr, keyed(hr, "waves_import_wave"), HISTORY_KO + f" ({HISTORY})")
    uploader = keyed(hr, "waves_import_file")
    upload(hr, uploader, broken_file)
    press(hr, t("dash.waves.import_button", "ko"))
    expect(hr.get_by_text(t("dash.waves.import_failed", "ko"))).to_be_visible()
    summary = keyed(hr, "waves_import_problems")
    cells = summary.get_by_test_id("stText")
    expect(cells).to_have_count(3)  # the file's line, then one line per kind of problem
    texts = cells.all_inner_texts()
    assert texts[0].startswith("history-broken.csv: 아무것도 저장하지 않았습니다")
    assert texts[1].startswith("dept 열:") and "nowhere" in texts[1]
    assert texts[2].startswith(f"{item} 열:")
    page_text = hr.get_by_test_id("stMain").inner_text()
    assert str(tmp_path) not in page_text and "/tmp" not in page_text
    assert not re.search(r"\b(row|column)\b", page_text)
    summary.scroll_into_view_if_needed()
    shots(hr, "import-broken")
    assert app.store.count(HISTORY) == 0

    upload(hr, uploader, good_file)
    press(hr, t("dash.waves.import_button", "ko"))
    success(hr, t("dash.waves.imported", "ko", wave=HISTORY, count="40"))
    assert app.store.count(HISTORY) == 40

    # History never opens: the only way on is closing it.
    choose(hr, keyed(hr, "waves_lifecycle_wave"), f"{HISTORY_KO} ({HISTORY})")
    expect(hr.get_by_role("button", name=t("dash.waves.open_button", "ko"))).to_have_count(0)
    keyed(hr, f"waves_close_sure_{HISTORY}").get_by_text(
        t("dash.waves.close_confirm", "ko", wave=HISTORY)
    ).click()
    settle(hr)
    press(hr, t("dash.waves.close_button", "ko"))
    success(hr, HISTORY)
    wave = app.store.get_wave(HISTORY)
    assert (wave.status, wave.origin) == ("closed", "imported")
    whole_page(hr, shots, "waves-page", 5200)


def test_users_are_added_reset_unlocked_and_disabled_in_the_app(
    app: App, hr: Page, browser: Browser, shots: Callable[..., Path]
) -> None:
    visit(hr, "users.nav", "users.nav")
    add = hr.get_by_test_id("stForm")
    add.get_by_label(t("users.name", "ko"), exact=True).fill(NEWCOMER)
    add.get_by_text(t("role.youth_panel", "ko"), exact=True).click()
    press(hr, t("users.add_button", "ko"))
    success(hr, NEWCOMER)
    expect(hr.get_by_text(t("users.once", "ko", name=NEWCOMER))).to_be_visible()
    once = hr.get_by_test_id("stCode").inner_text().strip()
    assert len(once) >= 10
    shots(hr, "users-one-time")
    press(hr, t("users.once_forget", "ko"))
    expect(hr.get_by_test_id("stCode")).to_have_count(0)
    assert once not in hr.get_by_test_id("stMain").inner_text()

    # The newcomer signs in with it and must choose their own password first.
    newcomer = _open(browser, DESKTOP)
    try:
        sign_in(app, newcomer, NEWCOMER, once)
        expect(newcomer.get_by_text(t("account.must_change", "ko"))).to_be_visible()
        first = "choi-first-own-words"
        newcomer.get_by_label(t("account.once", "ko"), exact=True).fill(once)
        newcomer.get_by_label(t("account.new", "ko"), exact=True).fill(first)
        newcomer.get_by_label(t("account.again", "ko"), exact=True).fill(first)
        press(newcomer, t("account.submit", "ko"))
        overview = t("dash.overview.title", "ko")
        expect(newcomer.get_by_role("heading", name=overview, exact=True)).to_be_visible()

        # Later, on the account page: a too-short password is one message, then a change.
        visit(newcomer, "account.nav", "account.title")
        newcomer.get_by_label(t("account.current", "ko"), exact=True).fill(first)
        newcomer.get_by_label(t("account.new", "ko"), exact=True).fill("short")
        newcomer.get_by_label(t("account.again", "ko"), exact=True).fill("short")
        press(newcomer, t("account.submit", "ko"))
        expect(newcomer.get_by_test_id("stAlertContentError")).to_have_text(
            "비밀번호는 10자 이상이어야 합니다"
        )
        own = "choi-chooses-her-own-words"
        newcomer.get_by_label(t("account.current", "ko"), exact=True).fill(first)
        newcomer.get_by_label(t("account.new", "ko"), exact=True).fill(own)
        newcomer.get_by_label(t("account.again", "ko"), exact=True).fill(own)
        press(newcomer, t("account.submit", "ko"))
        success(newcomer, t("account.changed", "ko"))
        shots(newcomer, "own-password")
    finally:
        newcomer.context.close()
    assert app.store.verify(NEWCOMER, own).role == "youth_panel"

    # Another account: locked out by wrong passwords, then unlocked and reset.
    for _ in range(MAX_FAILURES):
        with pytest.raises(SurveyError):
            app.store.verify(LOCKED_HR.name, "not the password")
    hr.reload()
    settle(hr)
    choose(hr, keyed(hr, "users_pick"), LOCKED_HR.name)
    press(hr, t("users.unlock", "ko"))
    success(hr, t("users.unlocked", "ko", name=LOCKED_HR.name))
    press(hr, t("users.reset", "ko"))
    success(hr, t("users.reset_done", "ko", name=LOCKED_HR.name))
    reset = hr.get_by_test_id("stCode").inner_text().strip()
    assert app.store.verify(LOCKED_HR.name, reset).role == "hr"
    press(hr, t("users.once_forget", "ko"))

    # Disabled: refused like a wrong password.
    choose(hr, keyed(hr, "users_pick"), NEWCOMER)
    press(hr, t("users.disable", "ko"))
    success(hr, t("users.disabled", "ko", name=NEWCOMER))
    table = hr.get_by_test_id("stDataFrame").first
    row = table.locator("tr").filter(has=hr.locator("td", has_text=NEWCOMER))
    expect(row.locator("td").nth(2)).to_have_text(t("users.state_disabled", "ko"))
    whole_page(hr, shots, "users-page", 1500)
    refused = _open(browser, DESKTOP)
    try:
        sign_in(app, refused, NEWCOMER, own)
        expect(refused.get_by_text(messages.text("auth.invalid", "ko"))).to_be_visible()
    finally:
        refused.context.close()
    actions = [e.action for e in app.store.list_audit(50)]
    for action in ("user.add", "user.password", "user.unlock", "user.reset", "user.disable"):
        assert action in actions, action
