"""Plain words on a page: `scoring.plain`'s sentences as safe Markdown.

Labels come from questions.yaml and may hold Markdown's special characters,
so every sentence is escaped before `st.markdown` reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from scoring import plain
from scoring.compare import Comparison
from scoring.report import WaveComparison
from survey.i18n import t

__all__ = ["bullets", "markdown", "sentences", "wave_changes"]


def markdown(text: str) -> str:
    """Text for st.markdown with Markdown's special characters escaped.

    Labels come from questions.yaml: "30~34세" and "19~34세" would pair up as
    strikethrough.
    """
    return re.sub(r"([\\`*_~\[\]<>#|])", r"\\\1", text)


def sentences(
    rows: Sequence[Comparison], labels: dict[str, str], side_a: str, side_b: str, lang: str
) -> list[str]:
    """One plain sentence per row (`scoring.plain.difference`), in the rows' order."""
    return [plain.difference(r, labels[r.id], side_a, side_b, lang) for r in rows]


def bullets(lines: Iterable[str]) -> str:
    """A Markdown list of plain sentences, each escaped."""
    return "\n".join("- " + markdown(line) for line in lines)


def wave_changes(changes: Iterable[WaveComparison], labels: dict[str, str], lang: str) -> str:
    """Each wave against the one before it, one plain sentence per measure, as Markdown.

    ``labels`` names the index and every dimension.
    """
    parts = []
    for change in changes:
        span = t("dash.trends.span", lang, earlier=change.wave_b, later=change.wave_a)
        parts.append(f"**{markdown(span)}**")
        if change.suppressed:
            parts.append(markdown(t("plans.moved_hidden", lang)))
            continue
        later = t("dash.trends.side", lang, wave=change.wave_a)
        earlier = t("dash.trends.side", lang, wave=change.wave_b)
        parts.append(bullets(sentences(change.rows, labels, later, earlier, lang)))
    return "\n\n".join(parts)
