"""The one user-facing error type of the project and the problems it lists.

Whatever a person can get wrong (a survey file, a response file, a submitted
form, a command-line option) ends in a `SurveyError` listing every problem
found, each naming where it is and what is wrong, in Korean or English. The
command line prints `message()` and exits non-zero; the app shows it with
`st.error`. Any other exception is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Self

from scoring.messages import text

__all__ = ["MAX_PROBLEMS", "Problem", "SurveyError"]

# A person fixes a file from the top; past a screenful more lines only hide
# the count that tells them how much is left.
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where it is, and the message that says so.

    Attributes
    ----------
    source
        The file name, or "" for input that came from memory.
    place
        A YAML path such as ``dimensions[2].items[0].id``, a cell such as
        ``row 12, column q3``, or "" when the whole input is at fault.
    line
        The line in `source` (1-based) when known.
    key
        A key of `scoring.messages.MESSAGES`.
    params
        The values the message template needs; language-free.
    """

    source: str
    place: str
    line: int | None
    key: str
    params: dict[str, object] = field(default_factory=dict, hash=False)

    def message(self, lang: str = "ko") -> str:
        """One line: ``<source>:<line> <place>: <what>``, leaving out the parts not known."""
        what = text(self.key, lang, **self.params)
        if self.source:
            where = self.source if self.line is None else f"{self.source}:{self.line}"
        else:
            where = "" if self.line is None else text("errors.line", lang, line=self.line)
        head = " ".join(part for part in (where, self.place) if part)
        return f"{head}: {what}" if head else what


class SurveyError(Exception):
    """Input a person must fix; lists the first `MAX_PROBLEMS` problems and how many there are.

    Parameters
    ----------
    problems
        The problems in the order a person should read them.
    total
        How many problems were found when more exist than `problems` holds
        (a large response file is not turned into a million `Problem`s).
    """

    def __init__(self, problems: Iterable[Problem], total: int | None = None) -> None:
        found = tuple(problems)
        self.problems: tuple[Problem, ...] = found[:MAX_PROBLEMS]
        self.total: int = max(len(found), total or 0)
        super().__init__(self.message("ko"))

    @classmethod
    def single(
        cls,
        key: str,
        /,
        *,
        source: str = "",
        place: str = "",
        line: int | None = None,
        **params: object,
    ) -> Self:
        """An error with one problem: message `key` filled with `params`."""
        return cls([Problem(source, place, line, key, dict(params))])

    def message(self, lang: str = "ko") -> str:
        """One line per problem kept, then "and N more" when some were left out."""
        lines = [problem.message(lang) for problem in self.problems]
        if self.total > len(self.problems):
            lines.append(text("errors.more", lang, count=self.total - len(self.problems)))
        return "\n".join(lines)

    def __reduce__(self) -> tuple[type[SurveyError], tuple[tuple[Problem, ...], int], dict]:
        # Exceptions pickle through their args, which hold the rendered text
        # here; the state keeps what subclasses add (such as a status).
        return (type(self), (self.problems, self.total), dict(self.__dict__))
