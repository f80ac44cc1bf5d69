"""The comment-intersection attacker: no published comment traces to fewer than k people.

A comment's text is unique, so it tags its writer. Whoever reads several
comment lists of one wave learns, for each comment, that its writer belongs
to the population of every list holding it and to none of the populations
of the lists beside them that lack it. Issue 10 found that, with the comments
page filtered by each option of each demographic, 67 of the demo's 110
comments traced to a single person and 35 to 2 to 4.

Organization: the demo's (`scoring.sample.generate` with the demo's seed
2025, 3 waves of 200 respondents, the bundled questions.yaml), each comment
made unique by a tag, and the same with ages blanked so that a single writer
gave no age (the one who could be isolated if "the rest" left out missing
ages).

Lists collected, for every wave: every list `scoring.comments.comment_lists`
publishes (the whole wave, the young, the rest: all the HR comments page,
the youth page and their CSV downloads can show, for every value of their
only choices, wave and list) at several comment thresholds, since an
administrator may change ``CULTURE_COMMENT_MIN`` between two readings; the
CSV export of each list, parsed back; and the report every other page,
export and command renders (`build_report` by every demographic with the
youth comparison, its JSON, text and workbook), which must hold no comment
at all. The pages and the analysis layer take no filter or group for
comments (tests/app/test_dashboard.py, tests/survey/test_analysis.py).

The attacker knows every respondent's demographics (as HR does of its
staff) and so every list's population; for each comment it intersects the
populations of the lists holding it with the complements of those lacking
it, and counts the respondents left. The writer is always among them (the
model describes what is published); fewer than k is a breach.

`test_the_attacker_finds_filtered_lists` gives the attacker the per-filter
lists published before issue 10 and checks that it finds the breaches the
issue reported, so a zero here is not an attacker that cannot see.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from scoring.questionnaire import Survey, load_survey
from scoring.report import waves_in
from scoring.sample import generate

pytestmark = pytest.mark.reliability

SURVEY_FILE = Path(__file__).resolve().parents[2] / "questions.yaml"
DEMO_SEED, DEMO_PER_WAVE, DEMO_LAST = 2025, 200, "2026-H1"
THRESHOLDS = (3, 5, 10, 20)
"""Comment thresholds an administrator might set between readings (10 is the default)."""
TAG = re.compile(r"\[c\d+\]")


@dataclass(frozen=True)
class View:
    """One published comment list: its wave, what produced it, its population (a mask
    over the frame's rows) and its texts per comment question."""

    wave: str
    source: str
    members: np.ndarray
    texts: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Trace:
    """Per comment published: its wave, question, text and the respondents it traces to."""

    wave: str
    question: str
    text: str
    candidates: int

    @property
    def single(self) -> bool:
        return self.candidates == 1


def demo_frame(survey: Survey) -> pd.DataFrame:
    """The demo's responses with every comment made unique by a ``[c<row>]`` tag."""
    frame = generate(survey, DEMO_PER_WAVE, waves=3, seed=DEMO_SEED, last_wave=DEMO_LAST)
    for comment in survey.comments:
        values = frame[comment.id].astype(object)
        frame[comment.id] = [
            f"{text} [c{row}]" if isinstance(text, str) and text.strip() else None
            for row, text in enumerate(values)
        ]
    return frame


def written(survey: Survey, frame: pd.DataFrame) -> int:
    """How many comments the frame holds (each unique by its tag)."""
    return sum(
        isinstance(text, str) and bool(text.strip())
        for comment in survey.comments
        for text in frame[comment.id]
    )


def lone_missing_age(survey: Survey, frame: pd.DataFrame) -> pd.DataFrame:
    """Every wave with exactly one respondent without an age: a writer."""
    frame = frame.copy()
    age = survey.youth.demographic
    wrote = frame[[c.id for c in survey.comments]].notna().any(axis=1)
    fill = "age_40s"
    frame[age] = frame[age].fillna(fill)
    for wave in waves_in(frame):
        first = frame.index[(frame["wave"] == wave) & wrote][0]
        frame.loc[first, age] = np.nan
    return frame


def young(survey: Survey, frame: pd.DataFrame) -> np.ndarray:
    """The youth rule's population, as the attacker computes it from demographics."""
    return frame[survey.youth.demographic].isin(survey.youth.groups).to_numpy(dtype=bool)


# ---------------------------------------------------------------- what is published


def published(survey: Survey, frame: pd.DataFrame, k: int) -> list[View]:
    """Every comment list the code publishes, at every threshold, with their CSV exports."""
    # Imported here: the attack above is also replayed against code from before
    # scoring.comments existed, with that code's own list of views.
    from scoring.comments import comment_lists
    from survey import export

    is_young = young(survey, frame)
    views = []
    for wave in waves_in(frame):
        in_wave = (frame["wave"] == wave).to_numpy(dtype=bool)
        sides = {"wave": in_wave, "youth": in_wave & is_young, "rest": in_wave & ~is_young}
        for threshold in THRESHOLDS:
            lists = comment_lists(survey, frame, wave, threshold=threshold, min_group=k)
            for name, found in lists.items():
                if not found.shown:
                    assert found.total == 0
                    continue
                label = f"{name} (threshold {threshold})"
                views.append(View(wave, label, sides[name], dict(found.texts)))
                data = export.comments_csv(found, survey, "ko", ("문항", "의견"))
                views.append(View(wave, f"csv {label}", sides[name], parse_csv(survey, data)))
    return views


def parse_csv(survey: Survey, data: bytes) -> dict[str, tuple[str, ...]]:
    """A comments CSV back into texts per question (formula guards removed)."""
    by_label = {c.text.get("ko"): c.id for c in survey.comments}
    out: dict[str, list[str]] = {c.id: [] for c in survey.comments}
    for question, text in list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]:
        out[by_label[question]].append(text[1:] if text.startswith("'") else text)
    return {q: tuple(texts) for q, texts in out.items()}


def filtered(survey: Survey, frame: pd.DataFrame, k: int, threshold: int) -> list[View]:
    """The lists published before issue 10: the wave, the young, and every option of every
    demographic whose population held max(k, threshold) respondents and whose
    complement 0 or at least k."""
    views = []
    is_young = young(survey, frame)
    for wave in waves_in(frame):
        in_wave = (frame["wave"] == wave).to_numpy(dtype=bool)
        populations = {"wave": in_wave, "youth": in_wave & is_young}
        for demographic in survey.demographics:
            for option in demographic.options:
                chosen = (frame[demographic.id] == option.id).to_numpy(dtype=bool)
                populations[f"{demographic.id}={option.id}"] = in_wave & chosen
        for name, members in populations.items():
            size, rest = int(members.sum()), int((in_wave & ~members).sum())
            if size < max(k, threshold) or 0 < rest < k:
                continue
            texts = {
                c.id: tuple(t for t in frame.loc[members, c.id] if isinstance(t, str))
                for c in survey.comments
            }
            views.append(View(wave, name, members, texts))
    return views


# ---------------------------------------------------------------- the attack


def trace(survey: Survey, frame: pd.DataFrame, views: Iterable[View]) -> list[Trace]:
    """Intersect, for every published comment, the lists holding it and the complements
    of the lists lacking it; the writer (the row its tag names) must remain."""
    views = list(views)
    out = []
    for wave in waves_in(frame):
        in_wave = (frame["wave"] == wave).to_numpy(dtype=bool)
        mine = [v for v in views if v.wave == wave]
        for comment in survey.comments:
            holding = [set(v.texts.get(comment.id, ())) for v in mine]
            for text in set().union(*holding):
                candidates = in_wave.copy()
                for view, texts in zip(mine, holding, strict=True):
                    candidates &= view.members if text in texts else ~view.members
                writer = int(TAG.search(text).group()[2:-1])
                assert candidates[writer], (wave, comment.id, text)
                assert frame.at[writer, comment.id] == text
                out.append(Trace(wave, comment.id, text, int(candidates.sum())))
    return out


def breaches(traces: Iterable[Trace], k: int) -> dict[str, int]:
    """How many comments trace to one person, to 2..k-1, and to k or more."""
    traces = list(traces)
    return {
        "comments": len(traces),
        "single": sum(t.candidates == 1 for t in traces),
        "under_k": sum(t.candidates < k for t in traces),
        "two_to_k": sum(1 < t.candidates < k for t in traces),
    }


def record(output_dir: Path, name: str, counts: Mapping[str, int], views: int) -> None:
    """Print the counts and keep them in test-output/comment_intersection.txt."""
    line = f"{name} views={views} " + " ".join(f"{key}={value}" for key, value in counts.items())
    path = output_dir / "comment_intersection.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [old for old in lines if old.split(" ", 1)[0] != name]
    path.write_text("\n".join(sorted([*kept, line])) + "\n", encoding="utf-8")
    print(line)


# ---------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(SURVEY_FILE)


@pytest.fixture(scope="module")
def frame(survey: Survey) -> pd.DataFrame:
    return demo_frame(survey)


def test_the_attacker_finds_filtered_lists(
    survey: Survey, frame: pd.DataFrame, output_dir: Path
) -> None:
    k = survey.min_group_size
    views = filtered(survey, frame, k, threshold=10)
    counts = breaches(trace(survey, frame, views), k)
    record(output_dir, "per-filter-lists", counts, len(views))
    # Issue 10 found 67 of 110 traced to a single person on the demo of then; the
    # demo now holds more comments (a second question for half of the writers).
    assert counts["comments"] == written(survey, frame) > 100
    assert counts["single"] >= 0.45 * counts["comments"]
    assert counts["under_k"] >= 0.7 * counts["comments"]


@pytest.mark.parametrize("shape", ["demo", "lone_missing_age"])
def test_no_comment_traces_to_fewer_than_k(
    survey: Survey, frame: pd.DataFrame, output_dir: Path, shape: str
) -> None:
    data = frame if shape == "demo" else lone_missing_age(survey, frame)
    k = survey.min_group_size
    views = published(survey, data, k)
    traces = trace(survey, data, views)
    counts = breaches(traces, k)
    record(output_dir, f"scoring.comments-{shape}", counts, len(views))
    # Every comment of the demo is published (the youth split included), and none
    # narrows below one side of the split.
    assert counts["comments"] == written(survey, data)
    names = {v.source.removeprefix("csv ").split(" (")[0] for v in views}
    assert names == {"wave", "youth", "rest"}
    assert counts["under_k"] == 0, [t for t in traces if t.candidates < k][:5]
    smallest_side = min(
        int(((data["wave"] == w).to_numpy() & side).sum())
        for w in waves_in(data)
        for side in (young(survey, data), ~young(survey, data))
    )
    assert min(t.candidates for t in traces) >= smallest_side


def test_the_reports_hold_no_comment(survey: Survey, frame: pd.DataFrame) -> None:
    from scoring.render import render_text
    from scoring.report import build_report
    from scoring.tables import tables
    from scoring.writers import write_xlsx

    by = [d.id for d in survey.demographics]
    for wave in waves_in(frame):
        report = build_report(survey, frame, wave=wave, by=by, youth=True).to_dict()
        outputs = [json.dumps(report, ensure_ascii=False), render_text(report, survey, "ko")]
        for table in tables(report, survey, "ko").values():
            outputs.append(json.dumps([table.header, *table.rows], ensure_ascii=False))
        buffer = io.BytesIO()
        write_xlsx(report, survey, buffer, "ko")
        book = load_workbook(io.BytesIO(buffer.getvalue()), read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                outputs.append(" ".join(str(v) for v in row if v is not None))
        assert not any(TAG.search(text) for text in outputs), wave
