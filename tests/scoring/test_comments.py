"""scoring/comments.py and scoring.privacy.comment_lists: the three comment lists of a wave.

METHOD.md (Privacy): comments only for the whole wave and the youth/rest
split, each list with at least max(k, CULTURE_COMMENT_MIN) writers, the split
both sides or neither, without the writer's demographics, in an order
unrelated to submission. The attack over every view is
tests/reliability/test_comment_intersection.py.
"""

from __future__ import annotations

import csv
import hashlib
import inspect
import io

import numpy as np
import pandas as pd
import pytest

from scoring.comments import LISTS, CommentList, comment_lists, list_names, publication_order
from scoring.errors import SurveyError
from scoring.privacy import comment_lists as publishable
from scoring.questionnaire import parse_survey
from survey import export
from tests.scoring_helpers import SMALL_SURVEY, make_frame

TWO_QUESTIONS = SMALL_SURVEY.replace(
    "  - {id: note, text: Note, max_length: 200}",
    "  - {id: note, text: Note, max_length: 200}\n  - {id: idea, text: Idea, max_length: 200}",
)
SURVEY = parse_survey(TWO_QUESTIONS, "two.yaml")
NO_YOUTH = parse_survey(
    TWO_QUESTIONS.replace("  youth: {demographic: age, groups: [young]}\n", ""), "plain.yaml"
)


def wave_frame(
    young: int, other: int, no_age: int, silent: int = 20, wave: str = "2025-H1"
) -> pd.DataFrame:
    """``young`` young writers, ``other`` writers aged mid or old, ``no_age`` writers who
    gave no age, and ``silent`` respondents who wrote nothing; every text unique."""
    ages = ["young"] * young + ["mid", "old"] * (other // 2) + ["old"] * (other % 2)
    ages += [None] * no_age
    ages += [["young", "mid", None][i % 3] for i in range(silent)]
    writers = young + other + no_age
    notes = [f"{wave} note {i}" for i in range(writers)] + [None] * silent
    # Every third writer answers the second question too: writers count people, not texts.
    ideas = [f"{wave} idea {i}" if i % 3 == 0 else None for i in range(writers)]
    ideas += [None] * silent
    return make_frame(SURVEY, {"age": ages, "note": notes, "idea": ideas}, wave=wave)


# ---------------------------------------------------------------- the decision


@pytest.mark.parametrize(
    ("writers", "split", "k", "threshold", "expected"),
    [
        (9, (5, 4), 5, 10, ()),
        (10, None, 5, 10, ("wave",)),
        (25, (10, 15), 5, 10, LISTS),
        (25, (9, 16), 5, 10, ("wave",)),
        (25, (16, 9), 5, 10, ("wave",)),
        # A threshold under k counts as k.
        (12, (6, 6), 5, 3, LISTS),
        (12, (4, 8), 5, 3, ("wave",)),
        (4, None, 5, 3, ()),
    ],
)
def test_which_lists_may_be_published(writers, split, k, threshold, expected) -> None:
    assert publishable(writers, split, k, threshold) == expected


def test_a_split_that_does_not_partition_the_wave_is_refused() -> None:
    with pytest.raises(ValueError, match="does not add up"):
        publishable(30, (10, 10), 5, 10)


# ---------------------------------------------------------------- the lists


def test_the_youth_split_partitions_the_wave_with_no_age_in_the_rest() -> None:
    frame = wave_frame(young=12, other=11, no_age=3)
    lists = comment_lists(SURVEY, frame, "2025-H1", threshold=10)
    assert list(lists) == ["wave", "youth", "rest"]
    assert all(c.shown and c.reason is None and c.min_writers == 10 for c in lists.values())
    for question in ("note", "idea"):
        whole = sorted(lists["wave"].texts[question])
        youth, rest = lists["youth"].texts[question], lists["rest"].texts[question]
        # Disjoint, and together the whole wave: nothing is left for "age not given".
        assert not set(youth) & set(rest)
        assert sorted(youth + rest) == whole
    written = frame["note"].dropna().tolist()
    assert sorted(lists["wave"].texts["note"]) == sorted(written)
    no_age = [t for t, a in zip(frame["note"], frame["age"], strict=True) if t and pd.isna(a)]
    assert set(no_age) <= set(lists["rest"].texts["note"])
    assert lists["youth"].total == 12 + 4  # 12 notes, ideas from writers 0, 3, 6, 9


def test_the_split_is_shown_for_both_sides_or_neither() -> None:
    # 9 young writers: the youth list is withheld, and so is the rest's, which the
    # whole wave's list minus it would otherwise give away.
    lists = comment_lists(SURVEY, wave_frame(young=9, other=30, no_age=2), "2025-H1", threshold=10)
    assert lists["wave"].shown
    for name in ("youth", "rest"):
        assert not lists[name].shown and lists[name].reason == "split"
        assert lists[name].texts == {"note": (), "idea": ()} and lists[name].total == 0
    # The same with the rest short of writers.
    lists = comment_lists(SURVEY, wave_frame(young=30, other=7, no_age=2), "2025-H1", threshold=10)
    assert lists["wave"].shown
    assert [lists[n].reason for n in ("youth", "rest")] == ["split", "split"]


def test_writers_not_texts_and_not_respondents_count() -> None:
    # 9 writers with 12 texts among 100 respondents: below a threshold of 10.
    frame = wave_frame(young=5, other=2, no_age=2, silent=91)
    lists = comment_lists(SURVEY, frame, "2025-H1", threshold=10)
    assert all(not c.shown and c.reason == "wave" for c in lists.values())
    # Blank and space-only comments make nobody a writer.
    blank = wave_frame(young=10, other=10, no_age=0)
    blank.loc[blank.index[:2], "note"] = ["  ", ""]
    blank.loc[blank.index[:2], "idea"] = None
    lists = comment_lists(SURVEY, blank, "2025-H1", threshold=10)
    assert lists["wave"].shown and not lists["youth"].shown
    assert all(t == t.strip() and t for t in lists["wave"].texts["note"])


def test_k_counts_when_above_the_threshold() -> None:
    frame = wave_frame(young=6, other=6, no_age=0)
    assert comment_lists(SURVEY, frame, "2025-H1", threshold=3)["youth"].shown
    lists = comment_lists(SURVEY, frame, "2025-H1", threshold=3, min_group=7)
    assert lists["wave"].shown and not lists["youth"].shown and lists["wave"].min_writers == 7


def test_lists_carry_text_only_and_take_no_population() -> None:
    # Nothing but the wave and the thresholds chooses a list: no filter, group or side.
    parameters = set(inspect.signature(comment_lists).parameters)
    assert parameters == {"survey", "frame", "wave", "threshold", "min_group"}
    lists = comment_lists(SURVEY, wave_frame(young=12, other=12, no_age=0), "2025-H1", threshold=5)
    for found in lists.values():
        assert isinstance(found, CommentList)
        for texts in found.texts.values():
            assert all(isinstance(t, str) for t in texts)


def test_a_survey_without_youth_rule_has_the_whole_wave_only() -> None:
    frame = wave_frame(young=12, other=12, no_age=0)
    frame = make_frame(NO_YOUTH, {c: frame[c].tolist() for c in ("age", "note", "idea")})
    assert list_names(NO_YOUTH) == ("wave",)
    lists = comment_lists(NO_YOUTH, frame, "2025-H1", threshold=10)
    assert list(lists) == ["wave"] and lists["wave"].total == 24 + 8


def test_waves_do_not_mix_and_bad_arguments_say_so() -> None:
    frame = pd.concat(
        [wave_frame(12, 12, 0, wave="2025-H1"), wave_frame(3, 3, 0, wave="2025-H2")],
        ignore_index=True,
    )
    first = comment_lists(SURVEY, frame, "2025-H1", threshold=10)
    assert all(t.startswith("2025-H1 ") for t in first["wave"].texts["note"])
    assert not comment_lists(SURVEY, frame, "2025-H2", threshold=10)["wave"].shown
    with pytest.raises(SurveyError) as error:
        comment_lists(SURVEY, frame, "2030-H1", threshold=10)
    assert error.value.problems[0].key == "report.unknown_wave"
    with pytest.raises(SurveyError) as error:
        comment_lists(SURVEY, frame, "2025-H1", threshold=10, min_group=2)
    assert error.value.problems[0].key == "report.min_group_too_small"


# ---------------------------------------------------------------- the order


def test_order_is_the_texts_digest_not_submission_or_storage() -> None:
    frame = wave_frame(young=40, other=40, no_age=20)
    lists = comment_lists(SURVEY, frame, "2025-H1", threshold=10)
    notes = list(lists["wave"].texts["note"])
    # The digest of question id, NUL and text, computed here independently.
    digest = {t: hashlib.sha256(b"note\x00" + t.encode()).hexdigest() for t in notes}
    assert notes == sorted(notes, key=digest.__getitem__)
    # Nothing of the rows' order: submission order (row position) does not predict it...
    written = [t for t in frame["note"] if t]
    positions = [written.index(t) for t in notes]
    rho = np.corrcoef(positions, np.arange(len(positions)))[0, 1]
    assert abs(rho) < 0.3
    assert notes != written and notes != sorted(written)
    # ...and storing the rows in another order changes nothing.
    shuffled = frame.sample(frac=1.0, random_state=7).reset_index(drop=True)
    assert comment_lists(SURVEY, shuffled, "2025-H1", threshold=10) == lists
    # A side is the whole wave's list with the other side's texts left out, same order.
    youth = set(lists["youth"].texts["note"])
    assert list(lists["youth"].texts["note"]) == [t for t in notes if t in youth]


def test_publication_order_keeps_equal_texts_and_depends_on_the_question() -> None:
    texts = ["없음", "좋습니다", "없음", "none"]
    ordered = publication_order("note", texts)
    assert sorted(ordered) == sorted(texts)
    first, second = (i for i, text in enumerate(ordered) if text == "없음")
    assert second == first + 1
    assert publication_order("note", reversed(texts)) == ordered
    many = [f"text {i}" for i in range(50)]
    assert publication_order("note", many) != publication_order("idea", many)


# ---------------------------------------------------------------- export


def test_comments_csv_is_the_list_and_nothing_more() -> None:
    frame = wave_frame(young=12, other=12, no_age=0)
    frame.loc[0, "note"] = '=HYPERLINK("http://evil.example")'
    lists = comment_lists(SURVEY, frame, "2025-H1", threshold=10)
    data = export.comments_csv(lists["youth"], SURVEY, "ko", ("문항", "의견"))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["문항", "의견"]
    expected = [("Note", t) for t in lists["youth"].texts["note"]]
    expected += [("Idea", t) for t in lists["youth"].texts["idea"]]
    body = [tuple(r) for r in rows[1:]]
    assert [q for q, _ in body] == [q for q, _ in expected]
    assert [t.lstrip("'") for _, t in body] == [t for _, t in expected]
    # The formula is written as text, not run by a spreadsheet.
    assert any(t.startswith("'=HYPERLINK") for _, t in body)
    hidden = comment_lists(SURVEY, wave_frame(young=3, other=30, no_age=0), "2025-H1", threshold=10)
    assert export.comments_csv(hidden["youth"], SURVEY, "en", ("q", "c")).decode(
        "utf-8-sig"
    ).splitlines() == ["q,c"]
