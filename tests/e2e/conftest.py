"""The browser suite's fixtures: one app server on a fresh database, Chromium, screenshots.

One ``streamlit run survey_app.py`` serves the whole session, on a free
loopback port, with its own SQLite database prepared through the store:

- two closed waves (``2025-H1``, ``2025-H2``) of synthetic responses
  (`scoring.sample.generate`), the later one shaped so that its breakdown by
  the first demographic hides one group (three respondents) and its first
  comment question holds the comment that tries script, image and link
  injection;
- an open wave in access-code mode with three codes, the first already used,
  and an open wave in open-link mode;
- an ``hr`` user, a ``youth_panel`` user and a second ``hr`` user for the
  lockout scenario, with known passwords.

Playwright drives Debian's ``/usr/bin/chromium`` (``playwright install`` is
neither possible nor needed here). Under ``CI=true`` a missing Chromium or
missing Nanum fonts fail the suite; elsewhere it is skipped with the command
that installs them. Every test saves screenshots under
``test-output/e2e/<test name>/``; a failing test also gets ``failure-N.png``
of each page it used, named in its report.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

from scoring.questionnaire import Survey, load_survey
from scoring.report import build_report
from scoring.sample import generate
from survey.i18n import t
from survey.navigation import PAGES
from survey.store import Store, dispose
from tests.conftest import in_ci

REPO_ROOT = Path(__file__).resolve().parents[2]
SURVEY_FILE = REPO_ROOT / "questions.yaml"
OUTPUT = REPO_ROOT / "test-output" / "e2e"

CHROMIUM = Path("/usr/bin/chromium")
NANUM_FONTS = Path("/usr/share/fonts/truetype/nanum")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = "apt-get install -y chromium fonts-nanum"

CLOSED_WAVES = ("2025-H1", "2025-H2")
LATEST = CLOSED_WAVES[-1]
CODES_WAVE = "2026-H1"
OPEN_WAVE = "2026-H2"
PER_WAVE = 150
SEED = 606
HIDDEN_GROUP_SIZE = 3
MAX_FIRST_COMMENTS = 20
# One comment trying every way a text could become markup: a script element,
# an image with an error handler, a Markdown image from another host and a
# javascript: link. It must reach the page as inert characters.
ATTACK = (
    "<script>window.__x=1</script> "
    '<img src=x onerror="window.__y=1"> '
    "![a](http://127.0.0.2:9/evil.png) "
    "[click](javascript:window.__z=1)"
)
ATTACK_HOST = "127.0.0.2"

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
# Generous: two shared cores run several test suites at once.
EXPECT_TIMEOUT_MS = 20_000
ACTION_TIMEOUT_MS = 30_000
DOWNLOAD_TIMEOUT_MS = 90_000
# What a page's component writes in the browser (the copy of unsent answers, the staff
# session's cookie) lands after a whole run and a round trip: on a loaded machine, over 30 s.
STATE_TIMEOUT_MS = 90_000
SERVER_START_SECONDS = 120

expect.set_options(timeout=EXPECT_TIMEOUT_MS)


@dataclass(frozen=True)
class Account:
    """A user of the app with a known password."""

    name: str
    role: str
    password: str


HR = Account("hr_kim", "hr", "correct-horse-battery")
YOUTH = Account("youth_lee", "youth_panel", "junior-board-2025")
LOCKED_HR = Account("hr_park", "hr", "lock-me-out-please")


@dataclass(frozen=True)
class App:
    """The running app and what its database was prepared with.

    Attributes
    ----------
    base
        ``http://127.0.0.1:<port>``.
    db_url
        The server's database; `store` reads and writes it from the tests.
    survey
        The bundled ``questions.yaml``.
    store
        A `Store` on the server's database.
    codes
        Access codes of `CODES_WAVE`: the first is used, the others are not.
    hidden_group
        The option id of the first demographic whose group the latest
        wave's breakdown hides.
    """

    base: str
    db_url: str
    survey: Survey
    store: Store
    codes: tuple[str, ...]
    hidden_group: str

    def address(self, path: str = "/", **query: str) -> str:
        """The URL of an app path with query parameters."""
        return f"{self.base}{path}" + (f"?{urlencode(query)}" if query else "")

    def sign_in(self, page: Page, account: Account, lang: str = "ko") -> None:
        """Open the sign-in page in a new session and send the account's name and password."""
        page.goto(self.address("/signin", lang=lang))
        page.get_by_label(t("users.name", lang), exact=True).fill(account.name)
        page.get_by_label(t("signin.password", lang), exact=True).fill(account.password)
        page.get_by_role("button", name=t("signin.submit", lang), exact=True).click()

    def closed_report(self, **arguments: object):
        """scoring's report of the latest closed wave on everything stored (`Store.load_all`)."""
        return build_report(self.survey, self.store.load_all(), wave=LATEST, **arguments)


def settle(page: Page) -> None:
    """Wait until the app has finished its current script run."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


def go_to(page: Page, title_key: str, heading_key: str, lang: str = "ko") -> None:
    """Open a page through the sidebar navigation (same session) and wait for its run to end.

    A page already open is not clicked again: that would rerun it while the
    test goes on to click its (then replaced) buttons.
    """
    entry = next(entry for entry in PAGES if entry.title == title_key)
    path = f"/{Path(entry.path).stem}"
    if urlparse(page.url).path != path:
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_role("link", name=t(title_key, lang), exact=True).click()
        expect(page).to_have_url(re.compile(rf"{re.escape(path)}(\?.*)?$"))
    expect(page.get_by_role("heading", name=t(heading_key, lang), exact=True)).to_be_visible()
    settle(page)


# ---------------------------------------------------------------- prerequisites


def _require_browser() -> None:
    missing = [str(p) for p in (CHROMIUM, NANUM_FONTS) if not p.exists()]
    if not missing:
        return
    message = f"the browser tests need {' and '.join(missing)}: {INSTALL_HINT}"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch arguments, pointed at Debian's Chromium."""
    _require_browser()
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


# ---------------------------------------------------------------- the database


def _used_answers(survey: Survey) -> dict[str, object]:
    answers: dict[str, object] = {item.id: 3 for item in survey.items}
    for outcome in survey.outcomes:
        answers[outcome.id] = (outcome.low + outcome.high) // 2
    return answers


def _shape_latest(survey: Survey, rows: pd.DataFrame) -> pd.DataFrame:
    """Hide one group of the first demographic and plant the attack comment."""
    rows = rows.copy()
    by = survey.demographics[0]
    small, big = by.options[-1].id, by.options[0].id
    rows.loc[rows[by.id] == small, by.id] = big
    rows.loc[rows.index[1 : 1 + HIDDEN_GROUP_SIZE], by.id] = small
    first = survey.comments[0].id
    written = [i for i, text in rows[first].items() if isinstance(text, str) and text.strip()]
    # One page of the comments page (30) holds them all, the attack included.
    rows.loc[written[MAX_FIRST_COMMENTS:], first] = None
    rows.loc[rows.index[0], first] = ATTACK
    return rows


def _prepare(url: str, survey: Survey) -> tuple[Store, tuple[str, ...], str]:
    store = Store(url, survey)
    frame = generate(survey, PER_WAVE, waves=len(CLOSED_WAVES), seed=SEED, last_wave=LATEST)
    for name in CLOSED_WAVES:
        rows = frame[frame["wave"] == name].reset_index(drop=True)
        if name == LATEST:
            rows = _shape_latest(survey, rows)
        store.create_wave(name, "codes")
        store.import_responses(name, rows)
        store.close_wave(name)
    store.create_wave(CODES_WAVE, "codes")
    store.open_wave(CODES_WAVE)
    codes = tuple(store.issue_codes(CODES_WAVE, 3))
    store.submit(CODES_WAVE, _used_answers(survey), code=codes[0])
    store.create_wave(OPEN_WAVE, "open")
    store.open_wave(OPEN_WAVE)
    for account in (HR, YOUTH, LOCKED_HR):
        store.add_user(account.name, account.role, account.password)

    by = survey.demographics[0].id
    report = build_report(survey, store.load_all(), wave=LATEST, by=(by,))
    small = survey.demographics[0].options[-1].id
    if not any(row.suppressed for row in report.breakdowns[by] if row.group == small):
        pytest.fail(f"the fixture data should hide the group '{small}' of '{by}' in {LATEST}")
    return store, codes, small


# ---------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_healthy(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.status == 200 and answer.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"streamlit did not answer in {SERVER_START_SECONDS} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """``streamlit run survey_app.py`` on a prepared database, for the whole session."""
    _require_browser()
    survey = load_survey(SURVEY_FILE)
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'culture.db'}"
    store, codes, hidden = _prepare(url, survey)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        "CULTURE_DB_URL": url,
        "CULTURE_SURVEY": str(SURVEY_FILE),
        "CULTURE_LANG": "ko",
        "CULTURE_DEMO": "off",
        "CULTURE_COMMENT_MIN": "10",
        "CULTURE_SESSION_IDLE_MIN": "30",
        "CULTURE_CODE_COOLDOWN": "10",
    }
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log = OUTPUT / "server.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "survey_app.py",
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
    ]
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            command, cwd=REPO_ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            _wait_healthy(base, server, log)
            yield App(base, url, survey, store, codes, hidden)
        finally:
            stop(server)
            dispose(url)


def stop(process: subprocess.Popen) -> None:
    """End a server: politely, then for sure after 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# ---------------------------------------------------------------- pages


def _open(browser: Browser, viewport: dict[str, int], **options: object) -> Page:
    context = browser.new_context(
        viewport=viewport,
        locale="ko-KR",
        timezone_id="Asia/Seoul",
        accept_downloads=True,
        **options,
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh 375 px wide phone page (its own cookies)."""
    page = _open(browser, PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield page
    page.context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    """A fresh desktop page (its own cookies)."""
    page = _open(browser, DESKTOP)
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def module_desktop(browser: Browser) -> Iterator[Page]:
    """One desktop page shared by the tests of a module (a session that stays signed in)."""
    page = _open(browser, DESKTOP)
    yield page
    page.context.close()


# ---------------------------------------------------------------- screenshots


def _folder(test_name: str) -> Path:
    return OUTPUT / re.sub(r"[^\w.-]+", "_", test_name).strip("_")


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Callable[..., Path]:
    """``shots(page, label)`` saves ``test-output/e2e/<test name>/<label>.png``.

    The folder is emptied first, so it holds this run's pictures only.
    """
    folder = _folder(request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)

    def snap(page: Page, label: str, *, full_page: bool = False) -> Path:
        path = folder / f"{label}.png"
        page.screenshot(path=path, full_page=full_page)
        return path

    return snap


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failing test keeps a screenshot of every page it used, named in its report."""
    report = yield
    if report.when not in ("setup", "call") or not report.failed:
        return report
    pages = [value for value in getattr(item, "funcargs", {}).values() if isinstance(value, Page)]
    folder = _folder(item.name)
    folder.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate(pages, start=1):
        path = folder / f"failure-{number}.png"
        try:
            page.screenshot(path=path)
        except PlaywrightError:
            continue
        report.sections.append(("e2e screenshot", f"{path} ({page.url})"))
    return report
