"""Sign-in under attack: guessing from many sessions, a forged session, a role overreaching.

What it attacks: `survey.store.Store.verify` (the lockout), `survey.session`
(who is signed in) and the page locks of the app (`survey_app.py`,
`survey.navigation`, `require_role`), driven through Streamlit's AppTest as a
browser session would, on a database holding a closed wave with responses (so
every dashboard page would have figures to show).

- Wrong passwords from many sessions: each AppTest is a browser session of its
  own; the fifth failure in a row locks the account whichever session made
  it, the right password is then refused in every session, and another
  account is not affected. Eight guesses sent at the same moment from eight
  threads get at most five "wrong password" answers between them; the rest
  are told the account is locked.
- A forged session state: a user object placed in ``st.session_state`` for a
  name the store does not know, for a real user with a role they do not have,
  or something that is not a user at all, gets no dashboard page and no
  figure: the session must be checked against the store.
- The youth panel, signed in through the form, asking for every HR page by
  its address (`AppTest.switch_page`) and through query parameters, gets no
  metric, chart, table or download of those pages; on the overview, which the
  youth panel may open, it gets no workbook (the workbook holds breakdowns).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from scoring.questionnaire import Survey, load_survey
from scoring.sample import generate
from survey import navigation, session
from survey.auth import MAX_FAILURES, AuthError
from survey.i18n import t
from survey.store import Store, User, dispose
from tests.app.conftest import APP_TIMEOUT

pytestmark = pytest.mark.reliability

REPO = Path(__file__).resolve().parents[2]
APP = "../../survey_app.py"
WAVE = "2026-H1"
HR_NAME, HR_PASSWORD = "hr_attack", "correct-horse-battery"
YOUTH_NAME, YOUTH_PASSWORD = "youth_attack", "junior-board-2025"
WRONG = "이름 또는 비밀번호가 맞지 않습니다"
LOCKED = "계정이 잠겼습니다"
GUESSERS = 8
HR_ONLY = [p.path for p in navigation.PAGES if p.roles and "youth_panel" not in p.roles]
PROTECTED = [p.path for p in navigation.PAGES if p.roles]


def _page_sources(page: str) -> str:
    """A page script and its own view module (``survey/<page>_view.py``), where one exists."""
    view = REPO / "survey" / f"{Path(page).stem.removeprefix('hr_')}_view.py"
    own = [REPO / page, *([view] if view.exists() else [])]
    return "".join(path.read_text(encoding="utf-8") for path in own)


# Each page's own heading, from its ``st.title(t("..."))`` or ``title=t("...")``.
HR_ONLY_TITLES = {
    t(key, "ko")
    for p in HR_ONLY
    for key in re.findall(r'(?:st\.title\(|\btitle=)t\("([^"]+)"', _page_sources(p))
}
assert len(HR_ONLY_TITLES) >= len(HR_ONLY)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file: one closed wave of 60 responses, an hr and a youth_panel user."""
    path = tmp_path_factory.mktemp("signin_attack") / "seeded.db"
    url = f"sqlite:///{path}"
    survey: Survey = load_survey(REPO / "questions.yaml")
    current = Store(url, survey)
    current.create_wave(WAVE)
    current.import_responses(WAVE, generate(survey, 60, seed=5, last_wave=WAVE))
    current.close_wave(WAVE)
    current.add_user(HR_NAME, "hr", HR_PASSWORD)
    current.add_user(YOUTH_NAME, "youth_panel", YOUTH_PASSWORD)
    dispose(url)
    return path


@pytest.fixture
def store(seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A copy of the seeded database of this test, set as the app's database."""
    path = tmp_path / "attack.db"
    with sqlite3.connect(seeded) as source, sqlite3.connect(path) as target:
        source.backup(target)
    source.close()
    target.close()
    url = f"sqlite:///{path}"
    monkeypatch.setenv("CULTURE_DB_URL", url)
    monkeypatch.setenv("CULTURE_SURVEY", str(REPO / "questions.yaml"))
    for name in ("CULTURE_LANG", "CULTURE_SESSION_IDLE_MIN", "CULTURE_COMMENT_MIN"):
        monkeypatch.delenv(name, raising=False)
    yield Store(url, load_survey(REPO / "questions.yaml"))
    dispose(url)


def new_session() -> AppTest:
    """A browser session of its own: a fresh AppTest of the whole app, run once."""
    return AppTest.from_file(APP, default_timeout=APP_TIMEOUT).run()


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.switch_page(navigation.SIGNIN_PAGE).run()
    at.text_input(key="users.name").set_value(name)
    at.text_input(key="signin.password").set_value(password)
    return at.form_submit_button[0].click().run()


def alerts(at: AppTest) -> str:
    return "\n".join(
        str(e.value) for kind in ("error", "warning", "info") for e in getattr(at, kind)
    )


def signed_in_user(at: AppTest) -> object:
    return at.session_state[session.USER_KEY] if session.USER_KEY in at.session_state else None  # noqa: SIM401


def figures(at: AppTest) -> list[str]:
    """The kinds of figure the page shows: metrics, charts, tables, downloads."""
    found = {
        "metric": len(at.metric),
        "dataframe": len(at.dataframe),
        "table": len(at.table),
        "chart": len(at.get("vega_lite_chart")) + len(at.get("arrow_vega_lite_chart")),
        "download": len(at.get("download_button")),
    }
    return [kind for kind, count in found.items() if count]


def reach(at: AppTest, page: str) -> list[str]:
    """Ask for a page by its address; the figures it shows (none if it cannot be reached)."""
    try:
        at.switch_page(page)
    except ValueError:  # not in this visitor's navigation at all
        return []
    at.run()
    assert not at.exception, page
    return figures(at)


# ---------------------------------------------------------------- guessing passwords


def test_guesses_from_many_sessions_lock_the_account(store: Store) -> None:
    for attempt in range(1, MAX_FAILURES + 1):
        at = sign_in(new_session(), HR_NAME, f"guess-number-{attempt}")
        assert signed_in_user(at) is None
        assert (WRONG if attempt < MAX_FAILURES else LOCKED) in alerts(at), attempt
    at = sign_in(new_session(), HR_NAME, HR_PASSWORD)
    assert signed_in_user(at) is None
    assert LOCKED in alerts(at)
    assert not figures(at)
    locked = {user.name: user.locked_until for user in store.list_users()}
    assert locked[HR_NAME] is not None and locked[YOUTH_NAME] is None
    # Another account is not locked by them.
    assert store.verify(YOUTH_NAME, YOUTH_PASSWORD).role == "youth_panel"


def test_simultaneous_guesses_get_at_most_five_answers(store: Store) -> None:
    start = threading.Barrier(GUESSERS)
    answers: list[str] = []
    lock = threading.Lock()

    def guess(number: int) -> None:
        start.wait()
        try:
            Store(store.url, store.survey).verify(HR_NAME, f"parallel-guess-{number}")
            outcome = "signed in"
        except AuthError as error:
            outcome = error.reason
        with lock:
            answers.append(outcome)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(GUESSERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == GUESSERS and "signed in" not in answers
    assert answers.count("invalid") <= MAX_FAILURES
    with pytest.raises(AuthError) as caught:
        store.verify(HR_NAME, HR_PASSWORD)
    assert caught.value.reason == "locked"


def test_unknown_names_lock_nothing(store: Store) -> None:
    for attempt in range(MAX_FAILURES + 2):
        with pytest.raises(AuthError) as caught:
            store.verify(f"nobody-{attempt % 2}", HR_PASSWORD)
        assert caught.value.reason == "invalid"
    assert all(user.locked_until is None for user in store.list_users())
    assert store.verify(HR_NAME, HR_PASSWORD).role == "hr"


# ---------------------------------------------------------------- a forged session


@pytest.mark.parametrize(
    "forged",
    [
        User("mallory", "hr"),
        User(YOUTH_NAME, "hr"),
        User("mallory", "youth_panel"),
    ],
    ids=["unknown_user", "role_raised", "unknown_youth_panel"],
)
def test_a_forged_session_gets_nothing(store: Store, forged: User) -> None:
    at = AppTest.from_file(APP, default_timeout=APP_TIMEOUT)
    at.session_state[session.USER_KEY] = forged
    at.session_state[session.SEEN_KEY] = session.clock()
    at.run()
    assert not at.exception
    shown = {page: reach(at, page) for page in PROTECTED}
    # A real user with a raised role may still see what their own role may see.
    if forged.name == YOUTH_NAME:
        shown = {page: kinds for page, kinds in shown.items() if page in HR_ONLY}
    assert shown == {page: [] for page in shown}


def test_something_that_is_not_a_user_gets_nothing(store: Store) -> None:
    at = AppTest.from_file(APP, default_timeout=APP_TIMEOUT)
    at.session_state[session.USER_KEY] = {"name": HR_NAME, "role": "hr"}
    at.session_state[session.SEEN_KEY] = session.clock()
    at.run()
    shown = {page: reach(at, page) for page in PROTECTED[:2]}
    assert shown == {page: [] for page in shown}


# ---------------------------------------------------------------- the youth panel


def test_hr_really_sees_figures(store: Store) -> None:
    """The control: the same pages show figures to HR, so "nothing" below means something."""
    at = sign_in(new_session(), HR_NAME, HR_PASSWORD)
    assert signed_in_user(at).role == "hr"
    assert "dataframe" in reach(at, "app_pages/hr_breakdowns.py")
    assert "metric" in reach(at, "app_pages/hr_overview.py")


def test_the_youth_panel_gets_no_hr_page(store: Store) -> None:
    at = sign_in(new_session(), YOUTH_NAME, YOUTH_PASSWORD)
    assert signed_in_user(at).role == "youth_panel"
    shown = {page: reach(at, page) for page in HR_ONLY}
    assert shown == {page: [] for page in HR_ONLY}
    # The overview is the youth panel's too, without the workbook of breakdowns.
    assert "metric" in reach(at, "app_pages/hr_overview.py")
    labels = [button.proto.label for button in at.get("download_button")]
    assert t("dash.download_workbook", "ko") not in labels


@pytest.mark.parametrize(
    "params",
    [
        {"page": "hr_breakdowns"},
        {"page": "app_pages/hr_comments.py", "role": "hr"},
        {"role": "hr", "user": HR_NAME, "by": "dept", "filter": "dept=planning"},
    ],
    ids=["page", "page_and_role", "role_user_filter"],
)
def test_query_parameters_open_no_hr_page(store: Store, params: dict[str, str]) -> None:
    at = sign_in(new_session(), YOUTH_NAME, YOUTH_PASSWORD)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert signed_in_user(at).role == "youth_panel"
    titles = {title.value for title in at.title}
    assert titles and not titles & HR_ONLY_TITLES
    labels = [button.proto.label for button in at.get("download_button")]
    assert t("dash.download_workbook", "ko") not in labels
