"""argparse in Korean and English, for both command lines (``python -m scoring`` and ``-m survey``).

argparse words its usage line and its own errors in English. `Parser` puts
them into the user's language: the usage prefix and the word "error" are the
same in both command lines and live here; the errors each command line words
its own way come from its family of messages, named by ``keys`` (``cli`` for
``python -m scoring``, ``admin`` for ``python -m survey``), which must hold
``{keys}.required``, ``{keys}.expected_value``, ``{keys}.invalid_choice`` and
``{keys}.argument``. An error argparse words in a way not listed here is shown
as argparse wrote it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from scoring.errors import SurveyError
from scoring.messages import LANGUAGES, text

__all__ = ["EXIT_USAGE", "LANG_ENV", "Parser", "env_language", "language"]

LANG_ENV = "CULTURE_LANG"
"""The environment variable of the default language (ko or en), for both command lines."""

EXIT_USAGE = 2
"""The exit status of a mistake on the command line."""


# argparse's own errors and the message that says each in the user's language;
# ``{keys}`` stands for the command line's family of messages.
_ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^the following arguments are required: (?P<options>.+)$"), "{keys}.required"),
    (re.compile(r"^unrecognized arguments: (?P<arguments>.+)$"), "cli_i18n.unrecognized"),
    (re.compile(r"^expected (one argument|at least one argument)$"), "{keys}.expected_value"),
    (
        re.compile(r"^invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)$"),
        "{keys}.invalid_choice",
    ),
)
_ARGUMENT_PREFIX = re.compile(r"^argument (?P<option>[^:]+): (?P<message>.*)$", re.DOTALL)


def env_language(argv: Sequence[str], raw: str | None) -> str:
    """``--lang``, else `raw` (the ``CULTURE_LANG`` variable; Korean when unset).

    Raises `SurveyError` (``settings.invalid.lang``) when `raw` is set to
    anything but ko or en, as `survey.settings` does: a mistyped setting is
    said, not silently replaced by Korean.
    """
    if raw is not None and raw.strip().lower() not in LANGUAGES:
        raise SurveyError.single("settings.invalid.lang", env=LANG_ENV, value=raw)
    return language(argv, "ko" if raw is None else raw.strip().lower())


def language(argv: Sequence[str], default: str) -> str:
    """``--lang`` from the arguments, else ``default``; Korean for a language we do not speak.

    Read before parsing, so that the help and the parser's own errors are
    already in that language.
    """
    lang = default
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in LANGUAGES else "ko"


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage line and errors speak ``lang``.

    Subcommand parsers made with ``add_parser`` are of the same class and take
    ``lang`` and ``keys`` as keywords too.

    Parameters
    ----------
    lang
        The language of the usage line and the errors (``ko`` or ``en``).
    keys
        The family of messages that words argparse's errors (see the module).
    """

    def __init__(self, *args: Any, lang: str = "ko", keys: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang
        self.keys = keys

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", self._usage_prefix(), 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", self._usage_prefix(), 1)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        error = text("cli_i18n.error", self.lang)
        self.exit(EXIT_USAGE, f"{self.prog}: {error}: {self._translate(message)}\n")

    def _usage_prefix(self) -> str:
        return text("cli_i18n.usage_prefix", self.lang)

    def _translate(self, message: str) -> str:
        argument = _ARGUMENT_PREFIX.match(message)
        option, inner = (argument["option"], argument["message"]) if argument else (None, message)
        for pattern, key in _ARGPARSE_ERRORS:
            found = pattern.match(inner)
            if found:
                inner = text(key.format(keys=self.keys), self.lang, **found.groupdict())
                break
        if option is None:
            return inner
        return text(f"{self.keys}.argument", self.lang, option=option, message=inner)
