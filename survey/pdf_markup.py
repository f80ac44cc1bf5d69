"""Typst markup of the PDF reports: literal text, tables, lists, headings, figures, the page."""

from __future__ import annotations

from collections.abc import Sequence

from survey.i18n import t
from survey.typeset import typst_string

__all__ = ["bullets", "cell", "figure", "heading", "page_setup", "para", "table"]


def _s(text: object) -> str:
    """Text as typst markup that shows it literally (no markup in labels)."""
    return "#" + typst_string(str(text))


def cell(text: object, *, fill: str | None = None, bold: bool = False) -> str:
    body = typst_string(str(text))
    if bold:
        body = f"strong({body})"
    if fill:
        return f"table.cell(fill: rgb({typst_string(fill)}))[#{body}]"
    return f"[#{body}]"


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    *,
    wide: bool = False,
) -> str:
    """A typst table; ``rows`` hold ready cell code (from `cell`) or plain text.

    A ``wide`` table (a heatmap) shares the width among its number columns
    and sets its text smaller, so a dozen columns fit an A4 page.
    """
    if wide:
        columns = ", ".join("auto" if i < 2 else "1fr" for i in range(len(header)))
    else:
        columns = ", ".join("1fr" if i == 0 else "auto" for i in range(len(header)))
    align = ", ".join("right" if n else "left" for n in numeric)
    head = ", ".join(cell(h, bold=True) for h in header)
    body = ", ".join(c if c.startswith(("[", "table.cell")) else cell(c) for r in rows for c in r)
    size = "8pt" if wide else "9pt"
    return (
        f"#text(size: {size})[#table(columns: ({columns},), align: ({align},),"
        f" stroke: 0.4pt + luma(180), inset: 4pt, table.header({head}), {body})]\n"
    )


def bullets(lines: Sequence[str]) -> str:
    return "".join(f"- {_s(line)}\n" for line in lines)


def heading(text: str, level: int = 1) -> str:
    return f"\n{'=' * level} {_s(text)}\n"


def para(text: str) -> str:
    return f"\n{_s(text)}\n"


def figure(name: str, alt: str) -> str:
    return f"#align(center, image({typst_string(name)}, width: 85%, alt: {typst_string(alt)}))\n"


def page_setup(title: str, lang: str) -> str:
    footer = t("pdf.page", lang, page="#PAGE#", total="#TOTAL#")
    before, rest = footer.split("#PAGE#")
    middle, after = rest.split("#TOTAL#")
    return (
        '#set page(paper: "a4", margin: (x: 2cm, y: 2cm), footer: context align(center,'
        f" text(size: 8pt)[{_s(before)}#counter(page).display(){_s(middle)}"
        f"#counter(page).final().first(){_s(after)}]))\n"
        "#set text(size: 10pt)\n#set par(leading: 0.7em)\n"
        "#show heading.where(level: 1): set text(size: 14pt)\n"
        f'#align(left, text(size: 18pt, weight: "bold")[{_s(title)}])\n'
    )
