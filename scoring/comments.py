"""Comments: the only lists of what people wrote that any page, export or command shows.

A comment's text is unique, so it works as a tag on its writer: two lists
that both hold it place the writer in the intersection of their
populations, and a list that lacks it while another holds it places them in
the difference. Filtering comments by department and then by age band
rebuilt the profile of most writers of the demo organization (issue 10).
METHOD.md (Privacy) therefore allows three lists per wave and no others:

``wave``
    everyone who answered the wave;
``youth``
    the young under the survey's youth rule;
``rest``
    everyone else, including those who left their age blank.

The young and the rest partition the wave, so no combination of the three
narrows a comment below one of them: a comment in the wave's list and not
in the youth list is the rest's, which is published anyway, and nothing
isolates "age not given". `scoring.privacy.comment_lists` decides which of
the three may be shown (each with at least ``max(k, threshold)`` writers,
the split both sides or neither); nothing here takes a filter, a group or a
demographic, and a list carries text only, never its writer's answers.

Order
    Each question's texts are sorted by the SHA-256 digest of the question id
    and the text (`publication_order`). The order is then a function of the
    published texts alone: it carries nothing of submission order, storage
    order (random response ids, page layout) or the writer, and it is the
    same on every page, export and reload, so paging and searching stay
    put without a cache and no two views can be told apart by their order.
    A random shuffle per view would hide as much but move under the reader;
    alphabetical order would hide as much too but clusters similar openings
    ("없음", "없습니다") and puts one language first. A keyed hash adds
    nothing here, since its input is already public.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.population import Population
from scoring.privacy import comment_lists as publishable_lists
from scoring.questionnaire import Survey
from scoring.report import check_wave, resolve_k, waves_in, youth_mask

__all__ = ["LISTS", "CommentList", "comment_lists", "list_names", "publication_order"]

LISTS: tuple[str, ...] = ("wave", "youth", "rest")
"""Every comment list there is, in the order pages offer them."""


@dataclass(frozen=True)
class CommentList:
    """One published (or withheld) list of a wave's comments.

    Attributes
    ----------
    wave
        The wave.
    name
        ``"wave"``, ``"youth"`` or ``"rest"`` (see the module docstring).
    shown
        Whether the list may be shown.
    reason
        None when shown; ``"wave"`` when the wave has fewer writers than
        ``min_writers``; ``"split"`` when one side of the youth split has
        (both sides are withheld then). Neither says how many there are.
    min_writers
        The writers a list needs: ``max(k, CULTURE_COMMENT_MIN)``.
    texts
        Comment question id -> its texts in `publication_order`; every
        question of the survey, empty tuples when the list is withheld.
    """

    wave: str
    name: str
    shown: bool
    reason: str | None
    min_writers: int
    texts: Mapping[str, tuple[str, ...]]

    @property
    def total(self) -> int:
        """Comments in the list, over every question."""
        return sum(len(texts) for texts in self.texts.values())


def list_names(survey: Survey) -> tuple[str, ...]:
    """The lists a survey has: the youth split only with a youth rule."""
    return LISTS if survey.youth is not None else LISTS[:1]


def publication_order(question: str, texts: Iterable[str]) -> list[str]:
    """``texts`` sorted by SHA-256 of ``question``, a NUL and the text (see the module
    docstring for why); equal texts stay together and cannot be told apart."""
    prefix = question.encode("utf-8") + b"\x00"

    def key(text: str) -> tuple[bytes, str]:
        return hashlib.sha256(prefix + text.encode("utf-8")).digest(), text

    return sorted(texts, key=key)


def comment_lists(
    survey: Survey,
    frame: pd.DataFrame,
    wave: str,
    *,
    threshold: int,
    min_group: int | None = None,
) -> dict[str, CommentList]:
    """Every comment list of ``wave`` (`list_names`), shown or withheld.

    ``threshold`` is ``CULTURE_COMMENT_MIN``; ``min_group`` overrides the
    survey's k as `scoring.report.build_report` does. Raises `SurveyError`
    for an unknown wave or a k below the minimum.
    """
    k = resolve_k(survey, min_group)
    check_wave(waves_in(frame) if len(frame) else [], wave)
    population = Population(frame).subset(frame["wave"].to_numpy(dtype=object) == wave)
    written = {c.id: _written(population, c.id) for c in survey.comments}
    wrote = np.zeros(population.n, dtype=bool)
    for texts in written.values():
        wrote |= np.array([t is not None for t in texts], dtype=bool)
    names = list_names(survey)
    sides = {"wave": np.ones(population.n, dtype=bool)}
    split = None
    if survey.youth is not None:
        young = youth_mask(survey, population)
        sides |= {"youth": young, "rest": ~young}
        split = (int(np.count_nonzero(wrote & young)), int(np.count_nonzero(wrote & ~young)))
    least = max(k, threshold)
    allowed = publishable_lists(int(np.count_nonzero(wrote)), split, k, threshold)
    out = {}
    for name in names:
        if name not in allowed:
            reason = "wave" if "wave" not in allowed else "split"
            empty = {c.id: () for c in survey.comments}
            out[name] = CommentList(wave, name, False, reason, least, empty)
            continue
        mask = sides[name]
        texts = {}
        for question, values in written.items():
            kept = (text for text, keep in zip(values, mask, strict=True) if keep and text)
            texts[question] = tuple(publication_order(question, kept))
        out[name] = CommentList(wave, name, True, None, least, texts)
    return out


def _written(population: Population, column: str) -> list[str | None]:
    """Each respondent's comment, stripped; None when blank or when the frame lacks it."""
    if column not in population.frame.columns:
        return [None] * population.n
    out: list[str | None] = []
    for value in population.labels(column):
        text = value.strip() if isinstance(value, str) else ""
        out.append(text or None)
    return out
