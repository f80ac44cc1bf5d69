"""Padding a small group: HR adds k-1 responses it knows, then subtracts them.

k hides a group of fewer than k respondents from readers of results. Whoever
can add responses can lift any group over k with rows of their own and
subtract them afterwards: one person's exact index comes out. Two ways to
add rows existed: importing into a wave that collects, and issuing more
codes than there are people. The previous store allowed both (the closing
note of issue 10 gives the figures); now a wave is imported or collected,
never both, and never holds more codes than its headcount.
"""

from __future__ import annotations

import pytest

from scoring.errors import SurveyError
from scoring.report import build_report
from survey.store import Store

pytestmark = pytest.mark.reliability

WAVE = "2025-H2"
TARGET = {"dept": "d3", "a1": 5, "a2": 2, "a3": 4, "b1": 5, "b2": 3, "sat": 4, "rec": 8}
PADDING = {"dept": "d3", "a1": 1, "a2": 5, "a3": 1, "b1": 2, "b2": 1, "sat": 1, "rec": 0}
OTHERS = [{"dept": d, "a1": 3, "a2": 3, "a3": 3, "b1": 3, "b2": 3} for d in ("d1", "d2")] * 5


def _index(store: Store, name: str, rows: list[dict], by: str | None = None):
    """The report's index of a wave made of `rows` (imported, closed), whole or by dept."""
    store.create_wave(name, "open")
    store.import_responses(name, _frame(store, rows, name))
    store.close_wave(name)
    report = build_report(store.survey, store.load_wave(name), wave=name, by=[by] if by else [])
    if by is None:
        return report.index.score
    return {row.group: row for row in report.breakdowns[by]}


def _frame(store: Store, rows: list[dict], wave: str):
    import pandas as pd

    from scoring.responses import frame_from_table

    table = pd.DataFrame([{"wave": wave, **{k: str(v) for k, v in r.items()}} for r in rows])
    return frame_from_table(table.fillna(""), store.survey)


def test_padding_recovers_one_persons_index_when_rows_can_be_added(sqlite_url, store_survey):
    """The attack is real: with k-1 known rows in the group, subtraction gives the person."""
    store = Store(sqlite_url, store_survey)
    k = store_survey.min_group_size
    alone = _index(store, "alone", [TARGET, *OTHERS], by="dept")
    assert alone["d3"].suppressed
    padded = _index(store, "padded", [TARGET, *[PADDING] * (k - 1), *OTHERS], by="dept")
    assert not padded["d3"].suppressed and padded["d3"].n == k
    truth = _index(store, "truth", [TARGET] * k)
    known = _index(store, "known", [PADDING] * k)
    recovered = k * padded["d3"].index - (k - 1) * known
    assert recovered == pytest.approx(truth, abs=1e-9)


def test_hr_cannot_import_into_a_wave_that_collects(sqlite_url, store_survey):
    store = Store(sqlite_url, store_survey)
    k = store_survey.min_group_size
    store.create_wave(WAVE, "codes", headcount={"d1": 5, "d2": 5, "d3": 1})
    issued = store.issue_codes(WAVE, 11)
    store.open_wave(WAVE)
    store.submit(WAVE, TARGET, issued[0])
    with pytest.raises(SurveyError) as err:
        store.import_responses(WAVE, _frame(store, [PADDING] * (k - 1), WAVE))
    assert "가져올 수 없습니다" in err.value.message("ko")
    assert store.count(WAVE) == 1
    # Nor into a draft first, to open it afterwards.
    store.create_wave("2026-H1", "codes")
    store.import_responses("2026-H1", _frame(store, [PADDING] * (k - 1), "2026-H1"))
    with pytest.raises(SurveyError, match="열 수 없습니다"):
        store.open_wave("2026-H1")


def test_hr_cannot_issue_more_codes_than_people(sqlite_url, store_survey):
    store = Store(sqlite_url, store_survey)
    store.create_wave(WAVE, "codes", headcount={"d1": 5, "d2": 5, "d3": 1})
    store.issue_codes(WAVE, 11)
    store.open_wave(WAVE)
    for extra in (1, store_survey.min_group_size - 1):
        with pytest.raises(SurveyError, match="인원수를 넘습니다"):
            store.issue_codes(WAVE, extra)
    # Nor by lowering the headcount below the codes issued.
    with pytest.raises(SurveyError, match="줄일 수 없습니다"):
        store.set_headcount(WAVE, {"d3": 1})
    assert store.get_wave(WAVE).codes_issued == 11
