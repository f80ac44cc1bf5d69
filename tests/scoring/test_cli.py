"""The command line, run as a user runs it (``python -m scoring``) and in-process."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from scoring.cli import _import_meanwhile, main
from scoring.questionnaire import load_survey
from scoring.responses import read_responses
from scoring.sample import generate, write_sample_csv
from scoring.tables import SHEETS
from tests.scoring_helpers import DIMENSION_KEYS, GROUP_KEYS, INDEX_KEYS, ITEM_KEYS, METHOD_KEYS

ROOT = Path(__file__).resolve().parents[2]

YOUTH_KEYS = {"suppressed", "n_youth", "n_rest", "rows"}
YOUTH_ROW_KEYS = {"id", "youth", "rest", "diff", "p", "p_holm", "hedges_g", "tested"}
TREND_KEYS = {"wave", "n", "index", "ci_low", "ci_high", "dimensions"}
GAP_KEYS = {"id", "weight", "score", "contribution"}


def run(*args: str, lang: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CULTURE_LANG"}
    if lang is not None:
        env["CULTURE_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def survey():
    return load_survey(ROOT / "questions.yaml")


@pytest.fixture(scope="module")
def responses(survey, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "responses.csv"
    write_sample_csv(generate(survey, 200, waves=3, seed=0), path)
    return str(path)


@pytest.fixture(autouse=True)
def korean(monkeypatch):
    monkeypatch.delenv("CULTURE_LANG", raising=False)


def test_validate_a_good_survey(survey):
    done = run("validate", "questions.yaml")
    assert done.returncode == 0, done.stderr
    items = len(survey.items)
    assert done.stdout == f"questions.yaml: 올바른 설문입니다 (영역 7개, 문항 {items}개)\n"


def test_validate_a_broken_survey_names_file_place_and_problem(tmp_path):
    text = (ROOT / "questions.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("weight: 0.18", "wieght: 0.18", 1), encoding="utf-8")
    done = run("validate", str(broken))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{broken}:" in done.stderr
    assert "dimensions[0].wieght" in done.stderr
    assert done.stdout == ""


def test_report_json_has_method_keys_and_no_nan(responses):
    done = run(
        "report", "--survey", "questions.yaml", "--responses", responses, "--by", "dept", "--youth"
    )
    assert done.returncode == 0, done.stderr

    def no_nan(constant: str) -> float:
        raise AssertionError(f"{constant} in JSON")

    report = json.loads(done.stdout, parse_constant=no_nan)
    assert set(report) >= METHOD_KEYS
    assert report["wave"] == "2026-H2"
    assert set(report["index"]) == INDEX_KEYS
    assert all(set(d) == DIMENSION_KEYS for d in report["dimensions"])
    assert all(set(i) == ITEM_KEYS for i in report["items"])
    assert list(report["breakdowns"]) == ["dept"]
    assert all(set(g) == GROUP_KEYS for g in report["breakdowns"]["dept"])
    assert set(report["youth"]) == YOUTH_KEYS
    assert all(set(r) == YOUTH_ROW_KEYS for r in report["youth"]["rows"])
    assert [p["wave"] for p in report["trend"]] == ["2025-H2", "2026-H1", "2026-H2"]
    assert all(set(p) >= TREND_KEYS for p in report["trend"])
    assert all(set(g) == GAP_KEYS for g in report["gap_by_dimension"])
    assert isinstance(report["enps"], float)
    hidden = [g for g in report["breakdowns"]["dept"] if g["suppressed"]]
    assert hidden and all(g["n"] is None and g["index"] is None for g in hidden)


def test_a_fresh_interpreter_reports_what_an_imported_one_does(responses, capsys):
    """Run afresh, the command imports SciPy and the report in a thread while it
    reads the responses; the figures are those of the modules imported already."""
    args = ["report", "--survey", str(ROOT / "questions.yaml"), "--responses", responses]
    done = run(*args, "--by", "dept", "--youth")
    assert done.returncode == 0, done.stderr
    assert main([*args, "--by", "dept", "--youth"]) == 0
    assert capsys.readouterr().out == done.stdout


def test_an_import_that_fails_meanwhile_is_left_to_the_one_that_needs_it():
    imports = _import_meanwhile(["scoring.no_such_module", "json"])
    imports.join(timeout=60)
    assert not imports.is_alive()
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("scoring.no_such_module")


def test_report_text_in_korean_and_english(responses, capsys):
    args = ("report", "--survey", "questions.yaml", "--responses", responses, "--by", "dept")
    done = run(*args, "--format", "text")
    assert done.returncode == 0, done.stderr
    assert "■ 조직문화 지수" in done.stdout
    assert "응답자 5명 미만" in done.stdout
    assert main([*args, "--format", "text", "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert "■ Culture index" in english
    assert "fewer than 5 respondents" in english


def test_report_xlsx_writes_a_workbook(responses, tmp_path):
    out = tmp_path / "report.xlsx"
    done = run(
        "report",
        "--survey",
        "questions.yaml",
        "--responses",
        responses,
        "--youth",
        "--format",
        "xlsx",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == list(SHEETS)
    assert workbook["overview"]["B2"].value == "2026-H2"


def test_sample_writes_a_readable_csv(survey, tmp_path):
    out = tmp_path / "sample.csv"
    done = run("sample", "--n", "50", "--waves", "4", "--out", str(out), "--seed", "3")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = read_responses(out, survey)
    assert len(frame) == 200
    assert sorted(frame["wave"].unique()) == ["2025-H1", "2025-H2", "2026-H1", "2026-H2"]


def test_bad_input_exits_without_a_traceback(tmp_path):
    missing = run("report", "--survey", "questions.yaml", "--responses", str(tmp_path / "x.csv"))
    assert missing.returncode == 1
    assert "Traceback" not in missing.stderr
    assert missing.stderr == f"{tmp_path / 'x.csv'}: 파일이 없습니다\n"
    assert missing.stdout == ""


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--min-group", "2"], "--min-group 옵션: 3 이상이어야 합니다"),
        (["--format", "xlsx"], "--out"),
        (["--format", "pdf"], "--format 옵션"),
        (["--filter", "dept"], "특성=선택지 형식이어야 합니다"),
        (["--filter", "dept=nope"], "--filter"),
        (["--wave", "2030-H1"], "--wave"),
        (["--by", "nope"], "--by[0]: 설문에 'nope' 응답자 특성이 없습니다"),
        (["--headcount", "0"], "--headcount 옵션"),
    ],
)
def test_usage_errors_exit_2_with_a_message(responses, capsys, extra, needle):
    code = main(
        ["report", "--survey", str(ROOT / "questions.yaml"), "--responses", responses, *extra]
    )
    captured = capsys.readouterr()
    assert code == 2
    assert needle in captured.err
    assert captured.out == ""


def test_data_errors_exit_1(survey, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    columns = ",".join(survey.columns)
    row = ["2026-H2", *[""] * (len(survey.columns) - 1)]
    row[list(survey.columns).index(survey.items[0].id)] = "9"
    bad.write_text(f"{columns}\n{','.join(row)}\n", encoding="utf-8")
    code = main(["report", "--survey", str(ROOT / "questions.yaml"), "--responses", str(bad)])
    captured = capsys.readouterr()
    assert code == 1
    assert f"bad.csv row 2, column {survey.items[0].id}" in captured.err


def test_missing_options_and_commands_are_usage_errors(capsys):
    assert main([]) == 2
    assert "명령을 지정해 주십시오" in capsys.readouterr().err
    assert main(["report", "--survey", "questions.yaml"]) == 2
    assert "다음 옵션을 지정해야 합니다: --responses" in capsys.readouterr().err
    assert main(["sample", "--n", "5"]) == 2
    assert "--out" in capsys.readouterr().err


def test_language_from_option_or_environment(capsys, monkeypatch):
    assert main(["--help"]) == 0
    assert "사용법: python -m scoring" in capsys.readouterr().out
    assert main(["report", "--help", "--lang", "en"]) == 0
    assert "usage: python -m scoring report" in capsys.readouterr().out
    monkeypatch.setenv("CULTURE_LANG", "en")
    assert main(["report", "--survey", "questions.yaml"]) == 2
    assert "these options are required: --responses" in capsys.readouterr().err


def test_report_out_writes_utf8_text(responses, tmp_path, capsys):
    out = tmp_path / "report.json"
    args = ["report", "--survey", str(ROOT / "questions.yaml"), "--responses", responses]
    assert main([*args, "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["wave"] == "2026-H2"
    assert capsys.readouterr().out == ""


def test_an_unwritable_output_is_a_data_error(responses, tmp_path, capsys):
    out = tmp_path / "missing-dir" / "report.xlsx"
    args = ["report", "--survey", str(ROOT / "questions.yaml"), "--responses", responses]
    assert main([*args, "--format", "xlsx", "--out", str(out)]) == 1
    assert "report.xlsx" in capsys.readouterr().err


HEAVY = ("scipy", "scoring.report", "pandas", "openpyxl", "pyarrow")
IMPORTED = "import sys; from scoring.cli import main; code = main({argv!r}); " + (
    "print(sorted({{m.split('.')[0] if m.split('.')[0] != 'scoring' else m"
    " for m in sys.modules}} & set({heavy!r})))"
)


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["validate", "--help"], ["report", "--help"], ["validate", "questions.yaml"]],
)
def test_help_and_validate_start_without_the_analysis_modules(argv):
    """SciPy, pandas and the report are imported by the command that uses them, not before."""
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED.format(argv=argv, heavy=HEAVY)],
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stdout.splitlines()[-1] == "[]", done.stdout + done.stderr
