"""bench/: each benchmark runs at tiny sizes, and ours and the baseline give the same numbers.

Behaviour only: nothing here measures time. The baseline (bench/baseline.py) is
written from METHOD.md with pandas and pingouin, independently of scoring, so
agreement with it is also a check of the fast paths in scoring.
"""

from __future__ import annotations

import argparse
import copy
import math
import os
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bench
from bench import __main__ as command
from bench import baseline, pages_bench, report_bench, store_bench, units_bench
from scoring import covariance, reliability
from scoring.privacy import suppress_groups
from scoring.report import build_report, unit_reports
from scoring.sample import generate
from tests.conftest import in_ci
from tests.scoring_helpers import random_frame, small_survey

BY = ["dept", "age_band", "grade"]


@pytest.fixture(scope="module")
def survey():
    return bench.survey_with(extra_items=1)


def test_survey_with_extra_items_and_a_large_demographic():
    survey = bench.survey_with(extra_items=1, demographic=("dept", 300))
    assert len(survey.items) == 36 and survey.items[-1].dimension == survey.dimensions[-1].id
    assert len(survey.demographic("dept").options) == 300
    assert survey.demographic("age_band") == bench.survey_with().demographic("age_band")


def test_report_and_baseline_agree(survey):
    frame = generate(survey, 150, seed=3)  # small enough that some groups are hidden
    ours = build_report(survey, frame, by=BY).to_dict()
    theirs = baseline.baseline_report(survey, frame, BY, survey.min_group_size)
    assert baseline.same_report(ours, theirs) == []
    assert any(r["suppressed"] for rows in ours["breakdowns"].values() for r in rows)

    changed = copy.deepcopy(ours)
    changed["index"]["score"] += 1e-4
    changed["items"][3]["alpha_if_deleted"] += 1e-4
    assert len(baseline.same_report(changed, theirs)) == 2
    changed = copy.deepcopy(ours)
    row = next(r for r in changed["breakdowns"]["dept"] if not r["suppressed"])
    row["suppressed"] = True
    assert baseline.same_report(changed, theirs) == [
        f"dept[{row['group']}].suppressed: True != False"
    ]


@pytest.mark.parametrize("patterns", [covariance._PATTERNS, 0], ids=["patterns", "blocks"])
def test_report_reliability_equals_scoring_reliability(monkeypatch, patterns):
    """The report computes alpha and item-total figures from exact integer
    cross-products (counted by answer pattern, or summed over blocks of rows for
    long dimensions); scoring.reliability computes them from the rows (tested
    against pingouin and R psych). They must agree, with missing answers and
    reverse keying."""
    monkeypatch.setattr(covariance, "_PATTERNS", patterns)
    survey = small_survey()
    frame = random_frame(survey, 500, seed=8, missing=0.15)
    report = build_report(survey, frame)
    items = {i.id: i for i in report.items}
    for dimension, summary in zip(survey.dimensions, report.dimensions, strict=True):
        data = np.column_stack(
            [survey.points + 1 - frame[i.id] if i.reverse else frame[i.id] for i in dimension.items]
        )
        alpha = reliability.cronbach_alpha(data)
        totals = reliability.item_total(data)
        assert summary.alpha == pytest.approx(alpha.alpha, abs=1e-12)
        assert summary.alpha_ci == pytest.approx((alpha.ci_low, alpha.ci_high), abs=1e-12)
        for m, item in enumerate(dimension.items):
            assert items[item.id].item_total_r == pytest.approx(totals.r_drop[m], abs=1e-12)
            assert items[item.id].alpha_if_deleted == pytest.approx(
                totals.alpha_if_deleted[m], abs=1e-12, nan_ok=True
            )


def test_units_and_baseline_agree():
    survey = bench.survey_with(demographic=("dept", 200))
    frame = generate(survey, 3_000, seed=4)
    ours = unit_reports(survey, frame, "dept").to_dict()["units"]
    theirs = baseline.baseline_units(survey, frame, "dept", survey.min_group_size)
    assert baseline.same_units(ours, theirs) == []
    assert any(u["suppressed"] for u in ours) and any(not u["suppressed"] for u in ours)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 30), min_size=2, max_size=12),
    st.integers(3, 10),
    st.integers(1, 11),
)
def test_baseline_suppression_is_the_privacy_rule(sizes, k, split):
    """Two independent writings of the rule, with and without youth-style lines."""
    assert baseline.suppress(sizes, k) == suppress_groups(sizes, k)
    young = list(range(min(split, len(sizes) - 1)))
    lines = [young, [i for i in range(len(sizes)) if i not in young]]
    assert baseline.suppress(sizes, k, lines) == suppress_groups(sizes, k, lines)


def test_baseline_knows_the_youth_lines(survey):
    assert baseline.youth_lines(survey, "dept") == []
    young, others = baseline.youth_lines(survey, survey.youth.demographic)
    options = [o.id for o in survey.demographic(survey.youth.demographic).options]
    assert [options[i] for i in young] == list(survey.youth.groups)
    assert sorted(young + others) == list(range(len(options) + 1))


def test_report_and_baseline_agree_where_the_youth_lines_hide_more():
    """young 6, mid 3, old 20 (k = 5): the plain rule hides mid and young; the
    youth comparison publishes the total of mid + old + missing, so old goes too."""
    survey = small_survey()
    frame = random_frame(survey, 29, seed=2, missing=0.0)
    frame["age"] = pd.Categorical(
        ["young"] * 6 + ["mid"] * 3 + ["old"] * 20, categories=["young", "mid", "old"]
    )
    ours = build_report(survey, frame, by=["age"]).to_dict()
    theirs = baseline.baseline_report(survey, frame, ["age"], 5)
    assert baseline.same_report(ours, theirs) == []
    assert [r["suppressed"] for r in ours["breakdowns"]["age"]] == [True, True, True, True]


def test_report_bench_quick(monkeypatch):
    monkeypatch.setattr(report_bench, "QUICK_SIZES", (300,))
    (row,) = report_bench.run(quick=True)
    assert row.benchmark == "1 full report" and row.size == "300 x 36"
    assert "CPU" in row.ours and row.speedup.endswith("x") and "B/answer" in row.memory
    assert (row.target, row.met) == ("-", "-")


def test_units_bench_quick(monkeypatch):
    monkeypatch.setattr(units_bench, "QUICK_UNITS", 40)
    monkeypatch.setattr(units_bench, "QUICK_N", 1_500)
    (row,) = units_bench.run(quick=True)
    assert row.benchmark == "2 unit reports" and row.size.startswith("40 units")


def test_the_benchmarks_notice_different_numbers(monkeypatch, survey):
    """A wrong figure on our side stops the benchmark with the differences."""
    real = units_bench.unit_reports

    def off_by_one(*args, **kwargs):
        units = real(*args, **kwargs)
        shown = next(i for i, u in enumerate(units.units) if not u.suppressed)
        changed = list(units.units)
        changed[shown] = type(changed[shown])(**{**vars(changed[shown]), "n": changed[shown].n + 1})
        return type(units)(units.wave, units.demographic, units.min_group, tuple(changed))

    monkeypatch.setattr(units_bench, "unit_reports", off_by_one)
    monkeypatch.setattr(units_bench, "QUICK_UNITS", 20)
    monkeypatch.setattr(units_bench, "QUICK_N", 1_000)
    with pytest.raises(bench.Mismatch, match="units"):
        units_bench.run(quick=True)


def _tiny_store_benchmarks(monkeypatch, backend: str) -> None:
    monkeypatch.setattr(store_bench, "BACKENDS", (backend,))
    monkeypatch.setattr(store_bench, "QUICK_LOAD_SIZES", (200, 300))
    monkeypatch.setattr(store_bench, "QUICK_WRITES", 6)
    monkeypatch.setattr(store_bench, "QUICK_WRITES_PER_WRITER", 2)
    monkeypatch.setattr(store_bench, "WRITERS", 2)


def test_store_benchmarks_on_sqlite(monkeypatch):
    _tiny_store_benchmarks(monkeypatch, "SQLite")
    loads = store_bench.run_load(quick=True)
    assert [r.size for r in loads] == ["200 responses", "300 responses"]
    latency, throughput = store_bench.run_write(quick=True)
    assert latency.benchmark == "4 store response (SQLite)" and "p95" in latency.ours
    assert throughput.size == "2 writers, 4 responses" and throughput.ours.endswith("ms)")


def test_load_comparison_notices_a_changed_answer(survey):
    frame = generate(survey, 50, seed=1)
    other = frame.copy()
    other.loc[3, "inn1"] = 1.0 if other.loc[3, "inn1"] != 1.0 else 2.0
    assert store_bench._same_answers(frame, frame.iloc[::-1].copy(), survey) == []
    assert store_bench._same_answers(frame, other, survey) == ["column inn1 differs"]


@pytest.mark.postgres
def test_store_benchmarks_on_postgresql(monkeypatch):
    import psycopg

    try:
        psycopg.connect(store_bench.PG_URL.replace("+psycopg", ""), connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        if in_ci():
            pytest.fail(f"PostgreSQL is required under CI: {exc}")
        pytest.skip(f"PostgreSQL is not reachable at {store_bench.PG_URL}: {exc}")
    _tiny_store_benchmarks(monkeypatch, "PostgreSQL")
    assert len(store_bench.run_load(quick=True)) == 2
    assert len(store_bench.run_write(quick=True)) == 2


@pytest.mark.app
def test_pages_bench_opens_every_hr_page(monkeypatch):
    monkeypatch.setattr(pages_bench, "QUICK_PER_WAVE", 30)
    monkeypatch.setattr(pages_bench, "ROUNDS", 1)
    before = os.environ.get("CULTURE_DB_URL")
    rows = pages_bench.run(quick=True)
    hr_pages = [p for p in pages_bench.navigation.PAGES if p.roles and "hr" in p.roles]
    assert len(rows) == len(hr_pages)
    assert all(r.ours.startswith("warm ") for r in rows), [r.ours for r in rows]
    assert os.environ.get("CULTURE_DB_URL") == before


def test_command_prints_the_table_and_the_machine(monkeypatch, capsys):
    monkeypatch.setattr(units_bench, "QUICK_UNITS", 20)
    monkeypatch.setattr(units_bench, "QUICK_N", 800)
    assert command.main(["--quick", "--only", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| benchmark ") and "| 2 unit reports " in out
    assert "Machine: " in out and "numpy" in out and "Load average" in out


def test_command_reports_a_failed_benchmark_and_exits_1(monkeypatch, capsys):
    def broken(quick: bool):
        raise bench.Mismatch("ours 1 != baseline 2")

    monkeypatch.setattr(command, "_benchmark", lambda number: broken)
    assert command.main(["--quick", "--only", "1"]) == 1
    assert "| 1 failed " in capsys.readouterr().out


def test_only_takes_known_benchmark_numbers():
    assert command._numbers("1,3,6") == [1, 3, 6]
    for text in ("8", "one"):
        with pytest.raises(argparse.ArgumentTypeError):
            command._numbers(text)


def test_table_is_markdown():
    text = bench.table([bench.Row("1 full report", "10 x 2", "5 ms")])
    header, rule, row = text.splitlines()
    assert header.startswith("| benchmark") and set(rule) <= {"|", "-"}
    assert row.count("|") == header.count("|") == 9


def test_the_duckdb_baseline_agrees_with_the_report(survey, tmp_path):
    """The SQL baseline over the CSV gives our report's numbers, and a change is caught."""
    from bench import duckdb_baseline
    from scoring.responses import read_responses
    from scoring.sample import write_sample_csv

    frame = generate(survey, 150, seed=3)  # small enough that some groups are hidden
    path = tmp_path / "responses.csv"
    write_sample_csv(frame, path)
    ours = build_report(survey, read_responses(path, survey), by=BY).to_dict()
    theirs = duckdb_baseline.duckdb_report(survey, str(path), tuple(BY))
    assert duckdb_baseline.compare(ours, theirs) == []
    assert any(r["suppressed"] for rows in theirs["breakdowns"].values() for r in rows)
    assert all(not math.isnan(d["alpha"]) for d in theirs["dimensions"])
    changed = copy.deepcopy(ours)
    changed["index"]["ci_low"] += 1e-4
    changed["items"][5]["favorable_pct"] += 1e-3
    changed["dimensions"][2]["alpha"] -= 1e-3
    assert len(duckdb_baseline.compare(changed, theirs)) == 3


def test_the_end_to_end_benchmark_times_whole_processes():
    from bench import e2e_bench

    took, cpu, peak, out = e2e_bench.run_process(
        [sys.executable, "-c", "print(len(bytearray(10**8)))"]
    )
    assert out == "100000000\n"
    assert peak > 10**8 and took > 0 and cpu > 0
    with pytest.raises(RuntimeError):
        e2e_bench.run_process([sys.executable, "-c", "raise SystemExit(3)"])


def test_the_reader_memory_is_measured_above_the_frame(tmp_path):
    """A new process reads the file; what it held above the frame, per answer, is positive."""
    from bench import e2e_bench
    from scoring.questionnaire import load_survey
    from scoring.sample import write_sample_csv

    survey = load_survey(bench.QUESTIONS)
    path = tmp_path / "responses.csv"
    write_sample_csv(generate(survey, 2_000, seed=2), path)
    assert 0 < e2e_bench.reader_memory(path) < 1_000


def test_the_end_to_end_benchmark_quick(monkeypatch):
    """Whole processes on a small file: ours (CSV, Parquet) and DuckDB agree; every row is there."""
    from bench import e2e_bench

    monkeypatch.setattr(e2e_bench, "QUICK_N", 3_000)
    rows = e2e_bench.run(quick=True)
    assert [r.benchmark for r in rows] == [
        "6 CSV to report, end to end",
        "6 CSV to report, end to end",
        "6 Parquet to report, end to end",
        "6 CSV reader, memory above the frame",
        "6 Parquet reader, memory above the frame",
        "6 python -m scoring --help",
    ]
    assert rows[0].baseline.startswith("DuckDB ") and "CPU" in rows[0].ours
    assert rows[1].baseline.startswith("pandas ")
    assert all(r.memory.endswith("B/answer") for r in rows[3:5])
