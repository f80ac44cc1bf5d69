"""The one table of user-facing text, app and library, in Korean and English.

Every phrase has one key. A key's templates (`str.format`, one per language)
are written in TOML catalogues: ``scoring/text/*.toml`` for the library,
``survey/text/*.toml`` for the app (loaded by `survey.text`). `text` looks a
key up; Korean comes out with its particles fitted to the word before them
(`scoring.korean.particles`). A test checks that every entry has both
languages, the same parameters in each, and that no phrase stands under two
keys.
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Mapping
from pathlib import Path

from scoring.korean import particles

__all__ = ["LANGUAGES", "MESSAGES", "load", "quote", "register", "text"]

LANGUAGES: tuple[str, ...] = ("ko", "en")

MESSAGES: dict[str, dict[str, str]] = {}


def register(entries: Mapping[str, Mapping[str, str]]) -> None:
    """Add templates to the table.

    Parameters
    ----------
    entries
        Key -> {"ko": template, "en": template}: exactly the languages in
        `LANGUAGES`, none empty. A key may come again only with the same texts
        (a catalogue loaded twice).

    Raises
    ------
    ValueError
        On a key already registered with other texts, or a missing, extra or
        empty language; nothing is added then.
    """
    for key, templates in entries.items():
        if set(templates) != set(LANGUAGES):
            raise ValueError(f"message {key} needs exactly the languages {', '.join(LANGUAGES)}")
        texts = [templates[lang] for lang in LANGUAGES]
        if not all(isinstance(value, str) and value.strip() for value in texts):
            raise ValueError(f"message {key} has an empty text")
        if MESSAGES.get(key, templates) != dict(templates):
            raise ValueError(f"message key already registered with other texts: {key}")
    MESSAGES.update({key: dict(templates) for key, templates in entries.items()})


def load(folder: Path) -> None:
    """Register every catalogue (``*.toml``) in `folder`, in name order.

    Raises
    ------
    ValueError
        As `register` does, naming the catalogue.
    """
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as handle:
            try:
                register(tomllib.load(handle))
            except ValueError as exc:
                raise ValueError(f"{path.name}: {exc}") from None


def text(key: str, /, lang: str = "ko", **params: object) -> str:
    """The message `key` in `lang` ("ko" for a language we do not have), filled with `params`."""
    templates = MESSAGES[key]
    filled = templates.get(lang, templates["ko"]).format(**params)
    return filled if lang == "en" else particles(filled)


def quote(value: object, limit: int = 40) -> str:
    """A value as a message shows it: strings in double quotes, long ones cut.

    Only about ``limit`` characters are ever built, whatever the value: a
    message must not cost more than the value is worth showing (a YAML alias
    bomb expands to hundreds of millions of leaves; a 5,000-digit integer
    cannot even be turned into text).
    """
    shown = _shown(value, limit + 1)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _shown(value: object, budget: int) -> str:
    """Text for ``value``, stopping once ``budget`` characters are written."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        shown = format(value, ".10g") if math.isfinite(value) else str(value)
        if value.is_integer() and "e" not in shown:
            shown += ".0"  # 5.0 is not the whole number 5 to a strict schema
        return shown
    if isinstance(value, int):
        if value.bit_length() > 3 * budget:  # more digits than could be shown
            digits = int(value.bit_length() * math.log10(2))
            return f"{'-' if value < 0 else ''}1e{digits}"
        return str(value)
    if isinstance(value, str):
        return json.dumps(value[:budget], ensure_ascii=False)
    if isinstance(value, dict):
        items, close = iter(value.items()), "}"
        parts, used, opening = [], 1, "{"
        for key, item in items:
            part = f"{_shown(str(key), budget - used)}: {_shown(item, budget - used)}"
            parts.append(part)
            used += len(part) + 2
            if used >= budget:
                break
        return opening + ", ".join(parts) + close
    if isinstance(value, list | tuple):
        parts, used = [], 1
        for item in value:
            part = _shown(item, budget - used)
            parts.append(part)
            used += len(part) + 2
            if used >= budget:
                break
        return "[" + ", ".join(parts) + "]"
    return str(value)[:budget]


load(Path(__file__).with_name("text"))
