"""Padding through an open-link wave: whoever has the link adds the rows k needs.

An open-link wave (``--mode open``, the demo's open wave) takes a response
from anyone who opens the survey's address, as often as they like, with
whatever demographics they choose. test_padding.py closes the two ways HR
could pad a codes wave (importing into it, codes beyond the headcount); an
open link is a third way that needs no privilege at all: submit k-1 known
responses as the one-person department, wait for the close, subtract.
"""

from __future__ import annotations

import pytest

from scoring.report import build_report
from survey.store import Store
from tests.reliability.test_padding import OTHERS, PADDING, TARGET

pytestmark = pytest.mark.reliability

WAVE = "2026-H2"


def _closed_index(store: Store, name: str, rows: list[dict], by: str | None = None):
    store.create_wave(name, "open")
    store.open_wave(name)
    for row in rows:
        store.submit(name, row)
    store.close_wave(name)
    report = build_report(store.survey, store.load_wave(name), wave=name, by=[by] if by else [])
    return report.index.score if by is None else {r.group: r for r in report.breakdowns[by]}


@pytest.mark.xfail(
    strict=True,
    reason="an open-link wave accepts any number of responses from anyone; nothing in the"
    " store can tell padding from answers, so k does not hold against whoever has the"
    " link (a design limit: use codes mode with a headcount for real waves)",
)
def test_an_open_link_cannot_be_padded_to_reveal_one_person(sqlite_url, store_survey) -> None:
    store = Store(sqlite_url, store_survey)
    k = store_survey.min_group_size
    # The real respondents: one person in d3, ten elsewhere. The attacker
    # submits k-1 responses of their own as d3 through the same link.
    padded = _closed_index(store, WAVE, [TARGET, *OTHERS, *[PADDING] * (k - 1)], by="dept")
    truth = _closed_index(store, "truth", [TARGET] * k)
    known = _closed_index(store, "known", [PADDING] * k)
    if not padded["d3"].suppressed:
        recovered = k * padded["d3"].index - (k - 1) * known
        assert recovered != pytest.approx(truth, abs=1e-9), "the one person's index recovered"
