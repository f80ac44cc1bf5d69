"""survey.slips: A4 sheets of cut-out code slips, read back with pypdf."""

from __future__ import annotations

import io

import pypdf
import segno

from survey import codes
from survey.slips import PER_PAGE, qr_svg, slips_pdf, survey_link


def _text(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_every_code_the_link_and_the_promise_are_on_the_slips():
    issued = [codes.new_code() for _ in range(PER_PAGE + 3)]
    link = survey_link("https://survey.example.org/", "2026-Q3", "ko")
    assert link == "https://survey.example.org/?wave=2026-Q3&lang=ko"
    pages, text = _text(slips_pdf(issued, link, "2026년 3분기", 5, "ko"))
    assert pages == 2
    assert all(code in text for code in issued)
    assert text.count(link) == len(issued)
    flat = text.replace("\n", "")
    assert flat.count("코드와 응답은 연결되지 않습니다") == len(issued)
    assert "5명 미만 집단의 결과는 보이지 않습니다" in flat
    assert "2026년 3분기" in text


def test_english_slips_keep_the_korean_promise_and_add_a_translation():
    issued = [codes.new_code()]
    link = survey_link("http://localhost:8501", "2026-Q3", "en")
    _, text = _text(slips_pdf(issued, link, "2026 Q3", 5, "en"))
    flat = " ".join(text.split())
    assert "코드와응답은연결되지않습니다" in flat.replace(" ", "")
    assert "never linked to answers" in flat
    assert "Access code" in text and issued[0] in text


def test_the_qr_code_holds_the_link_and_never_a_code():
    link = survey_link("http://localhost:8501", "2026-Q3", "ko")
    svg = qr_svg(link).decode()
    assert svg.startswith("<?xml") and "<svg" in svg
    # The same link makes the same symbol: nothing but the link is encoded.
    reference = io.BytesIO()
    segno.make(link, error="m", micro=False).save(reference, kind="svg", scale=4, border=4)
    assert svg == reference.getvalue().decode()


def test_korean_breaks_between_words_and_one_slip_keeps_its_size():
    link = survey_link("http://localhost:8501", "2026-Q3", "ko")
    _, text = _text(slips_pdf([codes.new_code()], link, "2026년 3분기", 5, "ko"))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    promise = [line for line in lines if "않습니다" in line or "익명" in line]
    # A lone slip is half the sheet wide: the promise takes two lines, each
    # ending at a word ("익명으로" stays whole).
    assert len(promise) == 2, lines
    assert all(not line.endswith("익명") for line in promise)
