"""Printable access-code slips: A4 sheets of cut-out slips, one code each.

Each slip carries the wave's title, the survey link (with its wave and
language), a QR code of that link, the code, and the anonymity promise in
Korean. The QR code holds the link only, never the code: a code inside an
address would stay in phone histories and could be read off a photo of the
QR alone. The PDF is typeset by `survey.typeset.render_pdf` (typst).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from urllib.parse import urlencode

import segno

from scoring.messages import text
from survey.typeset import render_pdf, typst_string

__all__ = ["PER_PAGE", "qr_png", "qr_svg", "slips_pdf", "survey_link"]

COLUMNS = 2
ROWS = 5
PER_PAGE = COLUMNS * ROWS


def survey_link(base_url: str, wave: str, lang: str = "ko") -> str:
    """The survey's address for one wave and language: ``<base>/?wave=W&lang=L``."""
    return f"{base_url.rstrip('/')}/?{urlencode({'wave': wave, 'lang': lang})}"


def qr_svg(link: str) -> bytes:
    """The link as a QR code (SVG, error correction M, a quiet zone of 4 modules)."""
    out = io.BytesIO()
    segno.make(link, error="m", micro=False).save(out, kind="svg", scale=4, border=4)
    return out.getvalue()


def qr_png(link: str) -> bytes:
    """The link as a QR code in PNG, for a page."""
    out = io.BytesIO()
    segno.make(link, error="m", micro=False).save(out, kind="png", scale=6, border=4)
    return out.getvalue()


def slips_pdf(codes: Sequence[str], link: str, wave_title: str, k: int, lang: str = "ko") -> bytes:
    """A4 pages of cut-out slips (`PER_PAGE` a page), one per code, as PDF bytes."""
    heading = text("slips.heading", lang, wave=wave_title)
    promise = text("slips.promise", "ko", k=k)
    if lang != "ko":
        promise += "\n" + text("slips.promise", lang, k=k)
    cells = [
        "slip("
        + ", ".join(
            typst_string(part)
            for part in (
                heading,
                text("slips.code", lang),
                code,
                link,
                text("slips.scan", lang),
                promise,
                text("slips.qr_alt", lang, link=link),
            )
        )
        + ")"
        for code in codes
    ]
    # Equal columns, so that a last sheet of one slip keeps the slip's size.
    columns = "(" + "1fr, " * COLUMNS + ")"
    source = _TEMPLATE + f"#grid(columns: {columns}, gutter: 0pt,\n" + ",\n".join(cells) + ")\n"
    return render_pdf(
        source,
        {"qr.svg": qr_svg(link)},
        lang,
        title=text("slips.title", lang, wave=wave_title),
    )


# One slip is a dashed box (the cutting line) of a fifth of the page's height.
_TEMPLATE = """#set page(paper: "a4", margin: (x: 10mm, y: 10mm))
#set par(leading: 0.45em)
#let slip(heading, label, code, link, scan, promise, alt) = block(
  width: 100%, height: 55.4mm, inset: 4mm, breakable: false,
  stroke: (paint: luma(120), thickness: 0.5pt, dash: "dashed"),
)[
  #grid(columns: (24mm, 1fr), column-gutter: 4mm,
    image("qr.svg", width: 24mm, alt: alt),
    [
      #text(size: 9pt, weight: "bold", heading) \\
      #text(size: 7.5pt, label) \\
      #text(size: 17pt, weight: "bold", tracking: 1.5pt, code) \\
      #text(size: 6.5pt, link) \\
      #text(size: 7pt, scan)
    ],
  )
  #v(1.5mm)
  // Korean breaks between words, not inside one ("익명으로", not "익명 / 으로").
  #show regex("\\S+"): box
  #text(size: 7.5pt, fill: luma(40), promise)
]
"""
