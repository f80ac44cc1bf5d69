"""Attacks on what handing out a wave publishes: QR codes, slips, live participation, the log."""

from __future__ import annotations

import io

import pypdf
import pytest

from scoring.privacy import LIVE_STEP, live_count
from survey.slips import qr_png, qr_svg, slips_pdf, survey_link

pytestmark = pytest.mark.reliability


def test_the_qr_code_encodes_the_address_alone(store):
    store.create_wave("2026-Q3")
    codes = store.issue_codes("2026-Q3", 3)
    link = survey_link("https://survey.example.go.kr", "2026-Q3", "ko")
    # The QR symbol is the same for every slip: it cannot carry a code.
    pdf = slips_pdf(codes, link, "2026년 3분기", 5, "ko")
    assert qr_svg(link) == qr_svg(link) and qr_png(link) == qr_png(link)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    images = [name for page in reader.pages for name in page.images]
    assert len({image.data for page in reader.pages for image in page.images}) <= 1, images
    assert all(code.replace("-", "") not in link for code in codes)


def test_live_participation_moves_only_in_steps(store, store_survey):
    k = store_survey.min_group_size
    step = max(LIVE_STEP, k)
    store.create_wave("2026-Q3", "open", headcount={"d1": 40})
    store.open_wave("2026-Q3")
    seen = []
    for _ in range(2 * step + 3):
        store.submit("2026-Q3", {"a1": 3})
        seen.append(live_count(store.count("2026-Q3"), k))
    # Watching after every submission dates one submission per step, never each one.
    assert len(set(seen)) == 3 and all(value % step == 0 for value in seen)


def test_the_audit_log_never_holds_a_code_or_a_one_time_password(store):
    store.add_user("kim_hr", "hr", "correct-horse-battery")
    once = store.reset_password("kim_hr")
    store.audit("cli", "user.reset", {"user": "kim_hr"})
    store.create_wave("2026-Q3")
    codes = store.issue_codes("2026-Q3", 5)
    store.audit("cli", "codes.issue", {"wave": "2026-Q3", "count": 5})
    text = repr([(e.user, e.action, e.detail) for e in store.list_audit()])
    assert once not in text
    assert not any(code in text or code.replace("-", "") in text for code in codes)
