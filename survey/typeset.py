"""The one place that runs typst: typst source (and files it reads) to PDF bytes.

Every PDF the application makes (reports, code slips) comes through
`render_pdf`, so fonts, the document language and the tagged-PDF (PDF/UA-1)
output are decided once. The font is Noto Sans KR from the `pylopdf-fonts-ko`
package (SIL Open Font License 1.1), so a PDF looks the same on every
machine; typst embeds only the glyphs used (subsets). Only when that package
is missing does it fall back to Debian's fonts-nanum. System fonts are never
read: what is not bundled does not change the output.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import typst

__all__ = [
    "FONT_FAMILY",
    "TypesetError",
    "font_dirs",
    "font_family",
    "render_pdf",
    "typst_string",
]

#: Font family the typst source names; `font_family()` tells which is in use.
FONT_FAMILY = "Noto Sans KR"
_FALLBACK_FAMILY = "NanumGothic"
_NANUM_DIR = Path("/usr/share/fonts/truetype/nanum")
_LANGS = ("ko", "en")


class TypesetError(RuntimeError):
    """typst refused the source: a bug in the code that built it, never user input."""


@lru_cache(maxsize=1)
def _fonts() -> tuple[tuple[str, ...], str]:
    try:
        import pylopdf_fonts_ko
    except ImportError:
        pylopdf_fonts_ko = None
    if pylopdf_fonts_ko is not None and pylopdf_fonts_ko.sans_path().is_file():
        return (str(pylopdf_fonts_ko.sans_path().parent),), FONT_FAMILY
    if _NANUM_DIR.is_dir():
        return (str(_NANUM_DIR),), _FALLBACK_FAMILY
    raise TypesetError("no Korean font: install pylopdf-fonts-ko (requirements.txt)")


def font_dirs() -> tuple[str, ...]:
    """Folders typst reads fonts from (the bundled font only)."""
    return _fonts()[0]


def font_family() -> str:
    """The font family in use, for the `#set text(font: ...)` of a source."""
    return _fonts()[1]


def _preamble(lang: str, title: str | None) -> str:
    # The document's title and language go into the PDF's metadata and its
    # structure tree; PDF/UA-1 requires both.
    parts = [
        f'#set text(font: ("{font_family()}",), lang: "{lang}")',
    ]
    if title is not None:
        parts.append(f"#set document(title: {typst_string(title)})")
    return "\n".join(parts) + "\n"


def typst_string(text: str) -> str:
    """A typst string literal holding `text` exactly."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def render_pdf(
    source: str,
    files: Mapping[str, bytes] | None = None,
    lang: str = "ko",
    *,
    title: str | None = None,
    when: datetime.datetime | None = None,
) -> bytes:
    """Compile typst `source` to a tagged PDF (PDF/UA-1) and return its bytes.

    `files` are extra files the source reads by name (SVG charts, images);
    nothing is read from disk besides the bundled font. The font and the
    language are set before the source, so a source needs neither; `title`
    sets the document title (PDF/UA needs one: a source without a title
    must set `#set document(title: ...)` itself). `when` fixes the creation
    date (default: now, to the day, so a PDF does not tell the minute it was
    made).
    """
    if lang not in _LANGS:
        raise ValueError(f"lang must be one of {_LANGS}, not {lang!r}")
    extra = dict(files or {})
    if "main.typ" in extra:
        raise ValueError("files may not contain main.typ: the source is main.typ")
    main = (_preamble(lang, title) + source).encode("utf-8")
    stamp = when or datetime.datetime.now(datetime.UTC).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    try:
        return typst.compile(
            {"main.typ": main, **extra},
            font_paths=list(font_dirs()),
            ignore_system_fonts=True,
            pdf_standards=["ua-1"],
            timestamp=stamp,
        )
    except Exception as exc:  # typst raises its own error types
        raise TypesetError(f"typst could not typeset the document: {exc}") from exc
