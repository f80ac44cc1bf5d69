"""Personal data in a comment never reaches the database (issue 15, part 1).

What it attacks: every path that stores a comment (a submission through the
store, as the form makes it, and an import of history), against someone who
reads the raw database: the SQLite main file, its write-ahead log and shared
memory, byte for byte. A comment holding a phone number, an e-mail address,
a resident registration number and a staff member's name is stored; none of
those strings may be found anywhere, while the placeholders are, and the
rest of the comment is kept word for word.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scoring.errors import SurveyError
from survey.store import Store

pytestmark = pytest.mark.reliability

SECRETS = ("010-2345-6789", "kim.minji@example.org", "900101-2345678", "박서연")
GOOD = "문의는 kim.minji@example.org 또는 010-2345-6789로 주세요"
BETTER = "박서연 주무관님, 서류의 900101-2345678은 지워 주세요"
MASKED_GOOD = "문의는 [이메일] 또는 [전화번호]로 주세요"
MASKED_BETTER = "[이름] 주무관님, 서류의 [주민등록번호]은 지워 주세요"


@pytest.fixture
def staff_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "staff.txt"
    path.write_text("# 직원 이름\n박서연\n이도윤\n", encoding="utf-8")
    monkeypatch.setenv("CULTURE_STAFF_NAMES", str(path))
    monkeypatch.setenv("CULTURE_SECRET_FILE", str(tmp_path / "secret.key"))
    monkeypatch.setenv("CULTURE_LANG", "ko")
    return path


def raw_bytes(url: str) -> bytes:
    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(
        p.read_bytes() for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()
    )


def answers(store_survey, good: str | None, better: str | None) -> dict:
    return {**{item.id: 3 for item in store_survey.items}, "good": good, "better": better}


def check_stored(url: str, frame: pd.DataFrame) -> None:
    stored = [c for c in [*frame["good"], *frame["better"]] if isinstance(c, str)]
    assert sorted(stored) == sorted([MASKED_GOOD, MASKED_BETTER])
    data = raw_bytes(url)
    for secret in SECRETS:
        assert secret.encode() not in data, secret
    assert "주무관님, 서류의".encode() in data  # the rest of the words are kept as written


def test_a_submitted_comment_is_stored_masked(sqlite_url, store_survey, staff_file):
    assert len(GOOD) <= 50 and len(BETTER) <= 50
    store = Store(sqlite_url, store_survey)
    store.create_wave("2026-H2", "open")
    store.open_wave("2026-H2")
    store.submit("2026-H2", answers(store_survey, None, None))
    store.submit("2026-H2", answers(store_survey, GOOD, BETTER))
    check_stored(sqlite_url, store.load_wave("2026-H2"))


def test_an_imported_comment_is_stored_masked(sqlite_url, store_survey, staff_file):
    store = Store(sqlite_url, store_survey)
    store.create_wave("2025-H1")
    rows = [
        {"wave": "2025-H1", **answers(store_survey, GOOD if i == 0 else None, None)}
        for i in range(6)
    ]
    rows[1]["better"] = BETTER
    store.import_responses("2025-H1", pd.DataFrame(rows))
    store.close_wave("2025-H1")
    check_stored(sqlite_url, store.load_wave("2025-H1"))


def test_unusable_masking_settings_store_nothing_and_name_no_path(
    sqlite_url, store_survey, tmp_path, monkeypatch
):
    monkeypatch.setenv("CULTURE_SECRET_FILE", str(tmp_path / "secret.key"))
    missing = tmp_path / "nowhere" / "staff.txt"
    monkeypatch.setenv("CULTURE_STAFF_NAMES", str(missing))
    store = Store(sqlite_url, store_survey)
    store.create_wave("2026-H2", "open")
    store.open_wave("2026-H2")
    with pytest.raises(SurveyError) as raised:
        store.submit("2026-H2", answers(store_survey, "좋습니다", None))
    message = raised.value.message("ko")
    assert "CULTURE_STAFF_NAMES" in message and str(tmp_path) not in message
    assert store.count("2026-H2") == 0
    # A response without comments needs no masking and is stored.
    store.submit("2026-H2", answers(store_survey, None, None))
    assert store.count("2026-H2") == 1
