"""python -m survey: the admin command line, in Korean and English."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scoring.questionnaire import load_survey
from scoring.sample import generate, write_sample_csv
from survey import cli_demo
from survey.settings import REPO_ROOT
from survey.store import Store
from tests.survey.conftest import run


@pytest.fixture
def env(cli_db: str) -> str:
    return cli_db


def test_help_is_korean_by_default_and_english_on_request(env, capsys, monkeypatch):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "사용법:" in out and "차수를 관리합니다" in out and "wave" in out
    code, out, _ = run(capsys, "--lang", "en", "--help")
    assert "usage:" in out and "manage waves" in out and "차수" not in out
    code, out, _ = run(capsys, "codes", "issue", "--help", "--lang=en")
    assert "--count" in out and "number of codes (1 to 100000)" in out
    monkeypatch.setenv("CULTURE_LANG", "en")
    code, out, _ = run(capsys, "users", "add", "--help")
    assert "role: hr or youth_panel" in out


def test_usage_errors_exit_2_in_the_users_language(env, capsys):
    code, _, err = run(capsys)
    assert code == 2 and "명령을 지정해 주십시오" in err
    code, _, err = run(capsys, "codes", "issue", "--wave", "2025-H1")
    assert code == 2 and "다음 인자가 필요합니다: --count, --out" in err
    code, _, err = run(capsys, "--lang", "en", "wave", "create", "x", "--mode", "mail")
    assert code == 2 and "'mail' is not allowed" in err
    code, _, err = run(capsys, "wave", "headcount", "2025-H1", "planning:3")
    assert code == 2 and "선택지=인원수" in err


def test_wave_commands(env, capsys):
    code, out, _ = run(capsys, "wave", "create", "2025-H2", "--mode", "open")
    assert code == 0 and "2025-H2" in out and "공개 링크" in out
    code, out, _ = run(
        capsys,
        "wave",
        "headcount",
        "2025-H2",
        "planning=20",
        "ai_data=30",
        "--age",
        "age_under_30=12",
        "age_30_34=38",
    )
    assert code == 0 and "50명" in out
    assert run(capsys, "wave", "open", "2025-H2")[0] == 0
    Store(env).submit("2025-H2", {"inn1": 4})
    code, out, _ = run(capsys, "--lang", "en", "wave", "list")
    lines = out.splitlines()
    assert lines[0].split() == [
        "wave",
        "title",
        "status",
        "access",
        "responses",
        "headcount",
        "opens",
        "closes",
    ]
    assert lines[1].split() == ["2025-H2", "2025-H2", "open", "open", "link", "1", "50"]
    code, out, _ = run(capsys, "wave", "close", "2025-H2")
    assert code == 0 and "응답 1건" in out
    code, _, err = run(capsys, "wave", "open", "2025-H2")
    assert code == 1 and "마감" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "--lang", "en", "wave", "create", "2025/H1")
    assert code == 1 and err.strip().startswith("the wave id '2025/H1' cannot be used")


def test_codes_issue_writes_a_bom_csv_once(env, capsys, tmp_path):
    run(capsys, "wave", "create", "2025-H2")
    out_file = tmp_path / "codes.csv"
    code, out, _ = run(
        capsys, "codes", "issue", "--wave", "2025-H2", "--count", "25", "--out", str(out_file)
    )
    assert code == 0 and "25개" in out
    raw = out_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["접근코드"]
    issued = [row[0] for row in rows[1:]]
    assert len(set(issued)) == 25
    store = Store(env)
    assert {store.check_code("2025-H2", c) for c in issued} == {"valid"}
    code, _, err = run(
        capsys, "codes", "issue", "--wave", "2025-H2", "--count", "5", "--out", str(out_file)
    )
    assert code == 1 and "이미 있습니다" in err
    assert out_file.read_bytes() == raw  # never overwritten
    missing = tmp_path / "none.csv"
    code, _, err = run(
        capsys, "codes", "issue", "--wave", "2030-H1", "--count", "5", "--out", str(missing)
    )
    assert code == 1 and "2030-H1" in err and not missing.exists()


def test_import_all_or_nothing(env, capsys, tmp_path):
    survey = load_survey(REPO_ROOT / "questions.yaml")
    frame = generate(survey, 40, waves=1, seed=1, last_wave="2024-H2")
    good = tmp_path / "2024-H2.csv"
    write_sample_csv(frame, good)
    run(capsys, "wave", "create", "2024-H2")
    bad = tmp_path / "bad.csv"
    lines = good.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    cells = lines[7].split(",")
    cells[header.index("inn2")] = "7"
    bad.write_text("\n".join([*lines[:7], ",".join(cells), *lines[8:]]), encoding="utf-8")
    code, _, err = run(capsys, "--lang", "en", "import", "--wave", "2024-H2", str(bad))
    assert code == 1 and "column inn2" in err and "(1, rows 8)" in err
    assert Store(env).count("2024-H2") == 0
    code, out, _ = run(capsys, "import", "--wave", "2024-H2", str(good))
    assert code == 0 and "응답 40건" in out
    assert Store(env).count("2024-H2") == 40
    code, _, err = run(capsys, "import", "--wave", "2024-H2", str(tmp_path / "absent.csv"))
    assert code == 1 and "absent.csv" in err


def test_users_add_with_a_generated_or_prompted_password(env, capsys, monkeypatch):
    code, out, _ = run(capsys, "users", "add", "--role", "hr", "kim", "--generate")
    assert code == 0
    password = out.split("비밀번호: ")[1].split()[0]
    assert Store(env).verify("kim", password).role == "hr"
    answers = iter(["youth panel secret", "youth panel secret"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, out, _ = run(capsys, "users", "add", "--role", "youth_panel", "lee")
    assert code == 0 and "youth panel secret" not in out
    assert Store(env).verify("lee", "youth panel secret").role == "youth_panel"
    answers = iter(["one long password", "another password"])
    code, _, err = run(capsys, "users", "passwd", "lee")
    assert code == 1 and "다릅니다" in err
    code, out, _ = run(capsys, "--lang", "en", "users", "passwd", "lee", "--generate")
    assert code == 0 and "password:" in out
    code, out, _ = run(capsys, "--lang", "en", "users", "list")
    assert [line.split()[:2] for line in out.splitlines()[1:]] == [
        ["kim", "hr"],
        ["lee", "youth_panel"],
    ]
    code, _, err = run(capsys, "users", "add", "--role", "hr", "kim", "--generate")
    assert code == 1 and "이미 있습니다" in err


def test_demo_loads_four_waves_and_two_accounts_once(env, capsys):
    code, out, _ = run(capsys, "demo")
    assert code == 0
    store = Store(env)
    waves = store.list_waves()
    assert [(w.name, w.status) for w in waves] == [
        ("2025-H1", "closed"),
        ("2025-H2", "closed"),
        ("2026-H1", "closed"),
        ("2026-H2", "open"),
    ]
    assert waves[-1].access_mode == "open"
    assert [store.count(w.name) for w in waves] == [200, 200, 200, 0]
    assert all(w.headcount_total >= 200 for w in waves)
    assert all(w.headcount_by_age for w in waves)
    # One headcount per wave: the youth page's base is the overview's.
    assert all(sum(w.headcount_by_age.values()) == w.headcount_total for w in waves)
    passwords = dict(
        (line.split()[2].split("(")[0], line.split()[-1])
        for line in out.splitlines()
        if "비밀번호" in line
    )
    assert store.verify("hr", passwords["hr"]).role == "hr"
    assert store.verify("youth", passwords["youth"]).role == "youth_panel"
    frame = store.load_all()
    assert sorted(frame["wave"].unique()) == ["2025-H1", "2025-H2", "2026-H1"]
    store.submit("2026-H2", {"inn1": 5})  # a newcomer can answer at once, without a code
    code, out, _ = run(capsys, "demo")
    assert code == 0 and "이미 있습니다" in out and "비밀번호:" not in out
    assert [store.count(w.name) for w in store.list_waves()] == [200, 200, 200, 1]
    assert len(store.list_users()) == 2


def test_migrate(env, capsys):
    code, out, _ = run(capsys, "--lang", "en", "migrate")
    assert code == 0 and "the database is ready" in out
    assert Path(env.removeprefix("sqlite:///")).exists()


def test_python_dash_m_prints_one_line_and_no_traceback(env):
    environ = {**os.environ, "CULTURE_DB_URL": env, "CULTURE_LANG": "en"}
    failed = subprocess.run(
        [sys.executable, "-m", "survey", "wave", "close", "2031-H1"],
        cwd=REPO_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert failed.returncode == 1
    assert failed.stderr == "there is no wave 2031-H1\n"
    assert failed.stdout == ""


def test_export_writes_the_pages_report_for_closed_waves_only(env, capsys, tmp_path):
    import openpyxl

    from scoring.report import build_report

    store = Store()
    cli_demo.seed_demo(store, n=60)
    out = tmp_path / "report.xlsx"
    code, stdout, _ = run(capsys, "export", "--wave", "2026-H1", "--out", str(out))
    assert code == 0 and "2026-H1" in stdout
    sheets = openpyxl.load_workbook(out)
    # The report's sheets, then the wave's action plans.
    assert sheets.sheetnames == [
        "overview",
        "dimensions",
        "items",
        "breakdowns",
        "trend",
        "youth",
        "plans",
    ]
    values = {row[0].value: row[1].value for row in sheets["overview"].iter_rows(min_row=2)}
    expected = build_report(store.survey, store.load_wave("2026-H1"), wave="2026-H1")
    assert values["지수"] == pytest.approx(expected.index.score)
    assert store.list_audit()[0].action == "export.xlsx"

    csv_out = tmp_path / "breakdowns.csv"
    code, _, _ = run(
        capsys,
        "export",
        "--wave",
        "2026-H1",
        "--format",
        "csv",
        "--sheet",
        "breakdowns",
        "--out",
        str(csv_out),
        "--lang",
        "en",
    )
    assert code == 0 and csv_out.read_bytes().startswith(b"\xef\xbb\xbf")

    code, stdout, err = run(
        capsys, "export", "--wave", "2026-H2", "--out", str(tmp_path / "x.xlsx")
    )
    assert code == 1 and stdout == "" and "마감되지 않았습니다" in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.xlsx").exists()


def test_the_demo_command_refuses_a_database_it_did_not_create(env, capsys):
    """`python -m survey demo` on a real database changes nothing (issue 10)."""
    store = Store()
    store.create_wave("2025-H1")
    store.add_user("kim", "hr", "correct horse battery staple")
    code, _, err = run(capsys, "demo")
    assert code != 0
    assert "데모가 만든 데이터베이스에만" in err and "Traceback" not in err
    assert [w.name for w in store.list_waves()] == ["2025-H1"]
    assert store.count("2025-H1") == 0 and store.get_wave("2025-H1").status == "draft"
    assert [u.name for u in store.list_users()] == ["kim"]


# ---------------------------------------------------------------- issue 16


SCHEDULE = ("wave", "schedule", "2026-Q3", "--open")


def test_wave_create_with_titles_and_a_schedule(env, capsys):
    code, out, _ = run(
        capsys, "wave", "create", "2026-Q3", "--title-ko", "2026년 3분기", "--title-en", "2026 Q3"
    )
    assert code == 0 and "2026-Q3" in out
    wave = Store(env).get_wave("2026-Q3")
    assert (wave.title("ko"), wave.title("en")) == ("2026년 3분기", "2026 Q3")
    code, _, err = run(capsys, "wave", "create", "2026 Q3")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "빈칸 없이" in err
    code, _, err = run(capsys, *SCHEDULE, "2099-09-01 09:00", "--close", "2099-08-01 09:00")
    assert code == 1 and "마감 시각(2099-08-01 09:00)이 시작 시각(2099-09-01 09:00)보다" in err
    code, _, err = run(capsys, "--lang", "en", "wave", "schedule", "2026-Q3", "--open", "soon")
    assert code == 2 and "write a time like 2026-09-01 09:00" in err
    assert Store(env).get_wave("2026-Q3").opens_at is None
    code, out, _ = run(capsys, *SCHEDULE, "2099-09-01 09:00", "--close", "2099-09-15 18:00")
    assert code == 0 and "시작 2099-09-01 09:00, 마감 2099-09-15 18:00" in out
    code, out, _ = run(capsys, "wave", "list")
    assert "2026년 3분기" in out and "2099-09-15 18:00" in out
    # A schedule in the past is applied by the next command.
    run(capsys, "wave", "create", "2026-03")
    Store(env).schedule_wave("2026-03", None, None)
    from datetime import UTC, datetime

    Store(env).schedule_wave("2026-03", datetime(2020, 1, 1, tzinfo=UTC), None)
    code, out, _ = run(capsys, "users", "list")
    assert "일정에 따라 차수 2026-03을 열었습니다" in out
    actions = [(e.user, e.action) for e in Store(env).list_audit()]
    assert ("schedule", "wave.open") in actions
    assert ("cli", "wave.schedule") in actions and ("cli", "wave.create") in actions


def test_import_template_create_and_close(env, capsys, tmp_path):
    template = tmp_path / "template.xlsx"
    code, out, _ = run(capsys, "import", "--template", str(template))
    assert code == 0 and template.is_file()
    code, _, err = run(capsys, "import", "--template", str(template))
    assert code == 1 and "이미 있습니다" in err
    survey = load_survey(REPO_ROOT / "questions.yaml")
    rows = generate(survey, 30, waves=1, seed=4, last_wave="2024-H2").drop(columns=["wave"])
    bad = rows.copy()
    bad["inn1"] = 9.0
    history = tmp_path / "history.csv"
    write_sample_csv(bad, history)
    code, _, err = run(capsys, "import", "--wave", "2024-H2", "--create", str(history))
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith("history.csv: 아무것도 저장하지 않았습니다")
    assert len(lines) == 2 and "inn1 열" in lines[1] and "row" not in err
    assert str(tmp_path) not in err
    # Nothing half-made: the wave created for the import went with it.
    assert Store(env).list_waves() == []
    write_sample_csv(rows, history)
    code, out, _ = run(capsys, "import", "--wave", "2024-H2", "--create", "--close", str(history))
    assert code == 0 and "30건" in out
    wave = Store(env).get_wave("2024-H2")
    assert (wave.status, wave.origin) == ("closed", "imported")
    actions = [e.action for e in Store(env).list_audit() if e.user == "cli"]
    assert actions[:3] == ["wave.close", "responses.import", "wave.create"]


def test_users_disable_unlock_reset_are_audited(env, capsys):
    run(capsys, "users", "add", "--role", "hr", "kim", "--generate")
    code, out, _ = run(capsys, "users", "reset", "kim")
    assert code == 0 and "일회용 비밀번호" in out
    password = out.split(": ")[1].split()[0]
    assert Store(env).verify("kim", password).must_change
    assert run(capsys, "users", "disable", "kim")[0] == 0
    code, out, _ = run(capsys, "--lang", "en", "users", "list")
    assert "disabled, must change password" in out
    assert run(capsys, "users", "enable", "kim")[0] == 0
    assert run(capsys, "users", "unlock", "kim")[0] == 0
    code, _, err = run(capsys, "users", "unlock", "nobody")
    assert code == 1 and "사용자 nobody가 없습니다" in err
    actions = [e.action for e in Store(env).list_audit() if e.user == "cli"]
    assert actions == ["user.unlock", "user.enable", "user.disable", "user.reset", "user.add"]
    assert all(password not in str(e.detail) for e in Store(env).list_audit())


def test_codes_issue_to_pdf_writes_slips(env, capsys, tmp_path):
    import io

    import pypdf

    run(capsys, "wave", "create", "2026-Q3", "--title-ko", "2026년 3분기")
    slips = tmp_path / "slips.pdf"
    code, _, _ = run(
        capsys, "codes", "issue", "--wave", "2026-Q3", "--count", "12", "--out", str(slips)
    )
    assert code == 0
    reader = pypdf.PdfReader(io.BytesIO(slips.read_bytes()))
    assert len(reader.pages) == 2
    assert "2026년 3분기" in reader.pages[0].extract_text()
    entry = Store(env).list_audit()[0]
    assert (entry.user, entry.action, entry.detail["count"]) == ("cli", "codes.issue", 12)


BAD_INPUT = {
    "ko": (
        "차수 ID '2026 Q3'은 쓸 수 없습니다",
        "마감 시각(2099-09-01 09:00)이 시작 시각(2099-09-10 09:00)보다 늦어야 합니다",
        "차수 2026-Q4에는 이미 응답이 3건 있어 전체 인원을 2명으로 정할 수 없습니다",
        "비밀번호는 10자 이상이어야 합니다",
    ),
    "en": (
        "the wave id '2026 Q3' cannot be used",
        "the closing time (2099-09-01 09:00) must come after the opening time (2099-09-10 09:00)",
        "the wave 2026-Q4 holds 3 responses already, so its headcount cannot be 2",
        "the password must have at least 10 characters",
    ),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_bad_input_is_one_line_in_the_users_language_and_nothing_is_written(
    env, capsys, monkeypatch, lang
):
    spaces, order, headcount, short = BAD_INPUT[lang]
    store = Store(env)
    store.create_wave("2026-Q4", "open")
    store.open_wave("2026-Q4")
    for _ in range(3):
        store.submit("2026-Q4", {item.id: 4 for item in store.survey.items})
    store.create_wave("2026-09")
    before = store.list_audit()

    def refused(expected: str, *argv: str) -> None:
        code, out, err = run(capsys, "--lang", lang, *argv)
        assert code == 1 and out == ""
        assert len(err.strip().splitlines()) == 1 and err.startswith(expected), err

    refused(spaces, "wave", "create", "2026 Q3")
    refused(order, "wave", "schedule", "2026-09", "--open", "2099-09-10 09:00", "--close",
            "2099-09-01 09:00")  # fmt: skip
    refused(headcount, "wave", "headcount", "2026-Q4", "policy=2")
    answers = iter(["short", "short"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    refused(short, "users", "add", "--role", "hr", "kim")
    store = Store(env)
    assert [w.name for w in store.list_waves()] == ["2026-Q4", "2026-09"]
    assert store.get_wave("2026-09").opens_at is None
    assert store.get_wave("2026-Q4").headcount is None
    assert store.list_users() == []
    assert store.list_audit() == before
