"""The differencing attacker: no figure any role can see gives away fewer than k people.

What it attacks: the privacy rules of METHOD.md as `scoring.report`
(`build_report`, `compare_waves`), `scoring.comments` and `scoring.youth` (the
youth panel's page) apply them, against someone who collects every figure HR
and the youth panel can see and subtracts populations from each other.

Organizations: scoring.sample's synthetic responses at several sizes, seeds
and numbers of waves, and hand-made shapes that sit on the edges of the rules:
a department of 3, an age band of 2, a filter option whose complement is 3, a
tiny youth age band, a wave of exactly k, respondents without demographics, a
small cell of a two-way table, a filter option a breakdown hides, panel
members outside youth.

Figures collected, for every wave: `build_report` with every demographic as
``by`` (at once, and each alone), with every single filter (each option of
each demographic) and every ``by``, and with ``youth=True``; the trend each of
those shows; `compare_waves` for every pair of waves, unfiltered and with every
filter; `comment_lists` of the wave (the whole wave, the young, the rest)
(threshold from the ``CULTURE_COMMENT_MIN`` setting); the youth page
(`youth_figures`, `panel_comparison`, `gap_trend`, `participation`). That is
everything the overview, trends, breakdowns, items, reliability, comments and
youth pages and the command line show; the exports add no number
(`test_exports_add_no_number`), and an item's answer distribution (items page)
is counted over a population whose report is shown, so it adds none either.

The model: every published count (respondents, index n, dimension and item n,
driver pairs, a group's n, the youth, rest and panel sides, trend and
comparison n, the number of comments) is a sum over the cells of the full
cross-classification of the wave's respondents (every demographic's options
and "no answer"); each figure is checked to equal its sum, which proves the
model describes what is published. The attacker then reads every published
population as giving away its number of respondents (the strongest reading:
an index n is at most that, and equal when everyone answered) and looks for a
union of cells holding 1 to k-1 respondents whose count follows:

1. pairs: a published population minus one inside it;
2. sums: a published population minus disjoint published populations inside
   it (per demographic, the largest inside each of its options);
3. exact: with the counts as ``A x = b`` over cells ``x >= 0``, linear
   programming finds the cells forced to zero; on the others, a union ``u`` is
   determined exactly when it lies in the row space of ``A``
   (``null_space(A)ᵀ u = 0``): every single cell is checked so, then
   `scipy.optimize.milp` searches all unions at once for one in the row space
   holding 1 to k-1 respondents, confirmed by matrix rank before it counts.

It must find nothing. A breach is reported with its wave, cells, count and
the published figures that give it away; the numbers of figures and attacker
queries are printed and written to test-output/attacker_counts.txt.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from scipy.linalg import null_space
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from scoring.comments import comment_lists
from scoring.index import respondent_scores
from scoring.population import Population
from scoring.questionnaire import parse_survey
from scoring.report import Report, build_report, compare_waves, waves_in
from scoring.sample import generate
from scoring.youth import gap_trend, panel_comparison, participation, youth_figures
from survey import export, settings, youth_export, youth_words
from tests.scoring_helpers import survey_text

pytestmark = pytest.mark.reliability

SURVEY = parse_survey(survey_text("attack.yaml"), "attack.yaml")
K = SURVEY.min_group_size
DEMOGRAPHICS = [d.id for d in SURVEY.demographics]
OPTIONS = {d.id: [o.id for o in d.options] for d in SURVEY.demographics}
# Code of each option; the last code of a demographic is "no answer".
SIZES = [len(OPTIONS[d]) + 1 for d in DEMOGRAPHICS]
CELLS = np.array(list(itertools.product(*(range(s) for s in SIZES))), dtype=np.int64)
DIMENSIONS = [d.id for d in SURVEY.dimensions]
ITEMS = [i.id for i in SURVEY.items]
YOUTH = frozenset(OPTIONS["age_band"].index(g) for g in SURVEY.youth.groups)
MILP_ROUNDS = 10

Condition = Mapping[str, frozenset[int]]


def code(demographic: str, option: str | None) -> int:
    """The code of an option, or of "no answer" for None."""
    options = OPTIONS[demographic]
    return len(options) if option is None else options.index(option)


def both(a: Condition, b: Condition) -> dict[str, frozenset[int]]:
    """Respondents meeting both conditions."""
    out = dict(a)
    for key, codes in b.items():
        out[key] = out[key] & codes if key in out else codes
    return out


def cells_of(condition: Condition) -> np.ndarray:
    """Which cells of the cross-classification a condition selects."""
    selected = np.ones(len(CELLS), dtype=bool)
    for j, demographic in enumerate(DEMOGRAPHICS):
        if demographic in condition:
            selected &= np.isin(CELLS[:, j], sorted(condition[demographic]))
    return selected


def describe(cells: np.ndarray, counts: np.ndarray) -> str:
    """The occupied cells of a union, each demographic's option ("-" for no answer)."""
    parts = []
    for c in np.flatnonzero(cells & (counts > 0)):
        names = [
            f"{d}={OPTIONS[d][CELLS[c, j]] if CELLS[c, j] < len(OPTIONS[d]) else '-'}"
            for j, d in enumerate(DEMOGRAPHICS)
        ]
        parts.append(f"({', '.join(names)}): {int(counts[c])}")
    return "; ".join(parts)


# ---------------------------------------------------------------- the true cell counts


def cell_counts(frame: pd.DataFrame) -> dict[str, dict[str, np.ndarray]]:
    """Per wave, per kind of count, the number in every cell (the model's ``x``)."""
    out = {}
    for wave in waves_in(frame):
        rows = frame[frame["wave"].to_numpy(dtype=object) == wave].reset_index(drop=True)
        codes = [
            np.where(c < 0, size - 1, c)
            for c, size in zip(
                (rows[d].cat.codes.to_numpy() for d in DEMOGRAPHICS), SIZES, strict=True
            )
        ]
        index = np.ravel_multi_index(codes, SIZES)
        scores = respondent_scores(SURVEY, Population(rows))
        present = {"rows": np.ones(len(rows), dtype=bool), "index": ~np.isnan(scores.index)}
        for j, dimension in enumerate(DIMENSIONS):
            present[f"dim:{dimension}"] = ~np.isnan(scores.dimensions[:, j])
        answered = {i: rows[i].notna().to_numpy() for i in ITEMS}
        present["enps"] = rows["rec"].notna().to_numpy()
        for item in ITEMS:
            present[f"item:{item}"] = answered[item]
            present[f"pairs:{item}"] = answered[item] & rows["sat"].notna().to_numpy()
        for comment in SURVEY.comments:
            texts = rows[comment.id].to_numpy(dtype=object)
            present[f"comment:{comment.id}"] = np.array(
                [isinstance(t, str) and bool(t.strip()) for t in texts], dtype=bool
            )
        out[wave] = {
            kind: np.bincount(index[mask], minlength=len(CELLS)) for kind, mask in present.items()
        }
    return out


# ---------------------------------------------------------------- what every role can see


@dataclass(frozen=True)
class Figure:
    """One published count: its wave, population, kind and value, and where it is shown."""

    wave: str
    condition: tuple[tuple[str, frozenset[int]], ...]
    kind: str
    value: int | None  # None: a mean is published but not its count
    source: str


@dataclass
class Collected:
    """The counts collected so far, and how many numbers were shown in all."""

    figures: list[Figure] = field(default_factory=list)
    numbers: int = 0  # every number shown, counts or not

    def add(
        self, wave: str, condition: Condition, kind: str, value: int | None, source: str
    ) -> None:
        value = None if value is None else int(value)
        self.figures.append(Figure(wave, tuple(sorted(condition.items())), kind, value, source))


def numbers_in(value: object) -> Iterator[float]:
    """Every finite number in a report's JSON, a dataclass or a tuple of them."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int | float | np.integer | np.floating):
        if math.isfinite(float(value)):
            yield float(value)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from numbers_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from numbers_in(item)
    elif is_dataclass(value):
        for f in fields(value):
            yield from numbers_in(getattr(value, f.name))


def measure_kind(measure: str) -> str:
    """The kind of count of a comparison row: the index or a dimension."""
    return "index" if measure == "index" else f"dim:{measure}"


def filters() -> list[tuple[str, str] | None]:
    """No filter, then every option of every demographic."""
    return [None, *((d, o) for d in DEMOGRAPHICS for o in OPTIONS[d])]


def filter_condition(chosen: tuple[str, str] | None) -> dict[str, frozenset[int]]:
    """The respondents a filter keeps (everyone for no filter)."""
    return {} if chosen is None else {chosen[0]: frozenset({code(*chosen)})}


def rest_codes() -> frozenset[int]:
    """The age codes outside youth, "no answer" included (METHOD.md: they are the rest)."""
    return frozenset(range(SIZES[DEMOGRAPHICS.index("age_band")])) - YOUTH


def record_report(out: Collected, report: Report, base: Condition, name: str) -> None:
    """The counts of one report whose population is ``base``."""
    out.numbers += sum(1 for _ in numbers_in(report.to_dict()))
    wave = report.wave
    if not report.suppressed:
        out.add(wave, base, "rows", report.respondents, f"{name} respondents")
        out.add(wave, base, "index", report.n, f"{name} n")
        for d in report.dimensions:
            if not d.suppressed:
                out.add(wave, base, f"dim:{d.id}", d.n, f"{name} dimension {d.id} n")
        for i in report.items:
            if not i.suppressed:
                out.add(wave, base, f"item:{i.id}", i.n, f"{name} item {i.id} n")
        for driver in report.drivers:
            out.add(wave, base, f"pairs:{driver.id}", driver.pairs, f"{name} driver {driver.id}")
        if report.enps is not None and math.isfinite(report.enps):
            out.add(wave, base, "enps", None, f"{name} eNPS")
    for demographic, rows in report.breakdowns.items():
        for row in rows:
            if not row.suppressed:
                group = both(base, {demographic: frozenset({code(demographic, row.group)})})
                label = f"{name} by {demographic}: {row.group or '-'}"
                out.add(wave, group, "index", row.n, f"{label} n")
                for dimension in row.dimensions:
                    out.add(wave, group, f"dim:{dimension}", None, f"{label} {dimension}")
    youth = report.youth
    if youth is not None and not youth.suppressed:
        young, rest = both(base, {"age_band": YOUTH}), both(base, {"age_band": rest_codes()})
        out.add(wave, young, "rows", youth.n_youth, f"{name} youth n_youth")
        out.add(wave, rest, "rows", youth.n_rest, f"{name} youth n_rest")
        for row in youth.rows:
            kind = measure_kind(row.id)
            out.add(wave, young, kind, row.n_a, f"{name} youth {row.id} n (young)")
            out.add(wave, rest, kind, row.n_b, f"{name} youth {row.id} n (rest)")
    for point in report.trend:
        if not point.suppressed:
            out.add(point.wave, base, "index", point.n, f"{name} trend {point.wave} n")
            for dimension in point.dimensions:
                out.add(point.wave, base, f"dim:{dimension}", None, f"{name} trend {dimension}")


def collect(frame: pd.DataFrame) -> Collected:
    """Every count HR and the youth panel can see, with the population it counts."""
    out = Collected()
    waves = waves_in(frame)
    threshold = int(settings.get("comment_min"))
    for wave in waves:
        full = build_report(SURVEY, frame, wave=wave, by=DEMOGRAPHICS, youth=True)
        record_report(out, full, {}, f"report({wave}, by all, youth)")
        for demographic in DEMOGRAPHICS:
            alone = build_report(SURVEY, frame, wave=wave, by=(demographic,))
            # Each breakdown is computed alone: asking for several adds nothing.
            assert repr(alone.breakdowns[demographic]) == repr(full.breakdowns[demographic])
            record_report(out, alone, {}, f"report({wave}, by {demographic})")
        for chosen in filters()[1:]:
            report = build_report(SURVEY, frame, wave=wave, by=DEMOGRAPHICS, filter=chosen)
            name = f"report({wave}, filter {chosen[0]}={chosen[1]}, by all)"
            record_report(out, report, filter_condition(chosen), name)
        sides = {"wave": {}, "youth": {"age_band": YOUTH}, "rest": {"age_band": rest_codes()}}
        for side, found in comment_lists(SURVEY, frame, wave, threshold=threshold).items():
            shown = found.texts if found.shown else None
            record_comments(out, wave, sides[side], shown, f"comments({side})")
        record_youth_page(out, frame, wave)
    for earlier, later in itertools.combinations(waves, 2):
        for chosen in filters():
            change = compare_waves(SURVEY, frame, later, earlier, filter=chosen)
            out.numbers += sum(1 for _ in numbers_in(change.to_dict()))
            if change.suppressed:
                continue
            base = filter_condition(chosen)
            for row in change.rows:
                name = f"compare_waves({later}, {earlier}, {chosen}) {row.id}"
                out.add(later, base, measure_kind(row.id), row.n_a, name)
                out.add(earlier, base, measure_kind(row.id), row.n_b, name)
    trend = gap_trend(SURVEY, frame)
    out.numbers += sum(1 for _ in numbers_in(trend))
    for point in trend.waves:
        if point.reason is None:
            out.add(point.wave, {"age_band": YOUTH}, "rows", point.n_youth, "youth trend n_youth")
            out.add(point.wave, {"age_band": rest_codes()}, "rows", point.n_rest, "youth trend")
    return out


def record_comments(
    out: Collected,
    wave: str,
    condition: Condition,
    shown: Mapping[str, Sequence[str]] | None,
    name: str,
) -> None:
    if shown is None:
        return
    for comment, texts in shown.items():
        out.numbers += 1
        out.add(wave, condition, f"comment:{comment}", len(texts), f"{name} {comment}")


def record_youth_page(out: Collected, frame: pd.DataFrame, wave: str) -> None:
    young, rest = {"age_band": YOUTH}, {"age_band": rest_codes()}
    figures = youth_figures(SURVEY, frame, wave)
    out.numbers += sum(1 for _ in numbers_in(figures))
    if figures.reason is None:
        out.add(wave, young, "rows", figures.n_youth, "youth page n_youth")
        out.add(wave, rest, "rows", figures.n_rest, "youth page n_rest")
        for measure in figures.measures:
            kind = measure_kind(measure.id)
            out.add(wave, young, kind, measure.youth.n, f"youth page {measure.id} n (young)")
            out.add(wave, rest, kind, measure.rest.n, f"youth page {measure.id} n (rest)")
    panel = panel_comparison(SURVEY, frame, wave)
    out.numbers += sum(1 for _ in numbers_in(panel))
    if panel is not None and panel.reason is None:
        yes = frozenset({code("junior_board", "yes")})
        members = both(young, {"junior_board": yes})
        others = both(young, {"junior_board": frozenset(range(SIZES[2])) - yes})
        out.add(wave, members, "rows", panel.n_members, "panel n_members")
        out.add(wave, others, "rows", panel.n_others, "panel n_others")
        for row in panel.rows:
            out.add(wave, members, measure_kind(row.id), row.n_a, f"panel {row.id} n (members)")
            out.add(wave, others, measure_kind(row.id), row.n_b, f"panel {row.id} n (others)")
    rows = frame[frame["wave"] == wave]
    headcounts = {o: 2 * int((rows["age_band"] == o).sum()) + 1 for o in OPTIONS["age_band"]}
    share = participation(SURVEY, frame, wave, headcounts)
    out.numbers += sum(1 for _ in numbers_in(share))
    if share is not None:
        out.add(wave, young, "rows", share.youth_respondents, "participation youth")
        out.add(wave, {}, "rows", share.respondents, "participation all")


# ---------------------------------------------------------------- the attacker


@dataclass(frozen=True)
class Published:
    """A population whose count is published: its cells, respondents and sources."""

    cells: np.ndarray
    rows: int
    sources: tuple[str, ...]


@dataclass
class Attack:
    breaches: list[str] = field(default_factory=list)
    queries: dict[str, int] = field(
        default_factory=lambda: {"pairs": 0, "sums": 0, "cells": 0, "milp": 0}
    )

    def breach(self, wave: str, cells: np.ndarray, rows: np.ndarray, how: str) -> None:
        count = int(rows[cells].sum())
        found = f"{wave}: {count} respondent(s) [{describe(cells, rows)}] by {how}"
        if found not in self.breaches:
            self.breaches.append(found)


def populations(figures: Sequence[Figure], rows: np.ndarray) -> list[Published]:
    """The distinct published populations of one wave."""
    found: dict[bytes, tuple[np.ndarray, list[str]]] = {}
    for figure in figures:
        cells = cells_of(dict(figure.condition))
        found.setdefault(cells.tobytes(), (cells, []))[1].append(figure.source)
    return [
        Published(cells, int(rows[cells].sum()), tuple(sources))
        for cells, sources in found.values()
    ]


def attack_pairs(wave: str, shown: Sequence[Published], rows: np.ndarray, out: Attack) -> None:
    """1. A published population minus a published population inside it."""
    for big, small in itertools.permutations(shown, 2):
        out.queries["pairs"] += 1
        if (small.cells & ~big.cells).any():
            continue
        if 0 < big.rows - small.rows < K:
            how = f"[{big.sources[0]}] - [{small.sources[0]}]"
            out.breach(wave, big.cells & ~small.cells, rows, how)


def attack_sums(wave: str, shown: Sequence[Published], rows: np.ndarray, out: Attack) -> None:
    """2. A published population minus disjoint published populations inside it."""
    for big in shown:
        inside = [p for p in shown if p is not big and not (p.cells & ~big.cells).any()]
        for j in range(len(DEMOGRAPHICS)):
            chosen = []
            for value in range(SIZES[j]):
                within = [p for p in inside if (CELLS[p.cells, j] == value).all()]
                if within:
                    chosen.append(max(within, key=lambda p: p.rows))
            if not chosen:
                continue
            out.queries["sums"] += 1
            left = big.cells.copy()
            for part in chosen:
                left &= ~part.cells
            if 0 < int(rows[left].sum()) < K:
                how = f"[{big.sources[0]}] - " + " - ".join(f"[{p.sources[0]}]" for p in chosen)
                out.breach(wave, left, rows, how)


def forced_zero(matrix: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Cells that every nonnegative solution of ``matrix x = totals`` leaves at zero.

    One linear program: maximize the number of cells ``y_c`` that can be made
    at least 1 in a solution scaled by ``s >= 1`` (scaling keeps every
    equation, so a cell that can be positive at all can be made >= 1).
    """
    m, c = matrix.shape
    objective = np.concatenate([np.zeros(c), -np.ones(c), [0.0]])
    equalities = np.hstack([matrix, np.zeros((m, c)), -totals[:, None]])
    below = np.hstack([-np.eye(c), np.eye(c), np.zeros((c, 1))])
    result = linprog(
        objective,
        A_ub=below,
        b_ub=np.zeros(c),
        A_eq=equalities,
        b_eq=np.zeros(m),
        bounds=[(0, None)] * c + [(0, 1)] * c + [(1, None)],
        method="highs",
    )
    assert result.status == 0, result.message
    return result.x[c : 2 * c] < 0.5


def in_row_space(matrix: np.ndarray, union: np.ndarray) -> bool:
    """Whether a union's count follows from the published counts (exact rank test)."""
    stacked = np.vstack([matrix, union.astype(float)])
    return np.linalg.matrix_rank(stacked) == np.linalg.matrix_rank(matrix)


def attack_exact(wave: str, shown: Sequence[Published], rows: np.ndarray, out: Attack) -> None:
    """3. Every union of cells whose count the published counts determine exactly."""
    matrix = np.array([p.cells for p in shown], dtype=float)
    totals = np.array([p.rows for p in shown], dtype=float)
    zero = forced_zero(matrix, totals)
    assert not (zero & (rows > 0)).any(), "a cell holding respondents cannot be forced to zero"
    free = np.flatnonzero(~zero)
    reduced = matrix[:, free]
    counts = rows[free].astype(float)
    basis = null_space(reduced)
    for position, c in enumerate(free):
        out.queries["cells"] += 1
        if 0 < rows[c] < K and np.allclose(basis[position], 0.0, atol=1e-9):
            single = np.zeros(len(CELLS), dtype=bool)
            single[c] = True
            out.breach(wave, single, rows, "the cell alone is in the row space of the counts")
    n, m = len(free), len(shown)
    # u (binary, one per free cell) = reducedᵀ λ, and 1 <= counts · u <= K - 1.
    constraints = [
        LinearConstraint(np.hstack([-np.eye(n), reduced.T]), 0.0, 0.0),
        LinearConstraint(np.concatenate([counts, np.zeros(m)])[None, :], 1.0, K - 1.0),
    ]
    bounds = Bounds(
        np.concatenate([np.zeros(n), np.full(m, -np.inf)]),
        np.concatenate([np.ones(n), np.full(m, np.inf)]),
    )
    integrality = np.concatenate([np.ones(n), np.zeros(m)])
    objective = np.concatenate([counts, np.zeros(m)])
    for _ in range(MILP_ROUNDS):
        out.queries["milp"] += 1
        result = milp(objective, constraints=constraints, integrality=integrality, bounds=bounds)
        if result.status == 2:  # infeasible: no such union exists
            return
        assert result.status == 0, f"{wave}: the exact attack did not finish: {result.message}"
        chosen = np.round(result.x[:n]).astype(bool)
        if in_row_space(reduced, chosen):
            union = np.zeros(len(CELLS), dtype=bool)
            union[free[chosen]] = True
            weights = result.x[n:]
            used = [
                f"{weights[i]:+.3g} [{shown[i].sources[0]}]"
                for i in np.flatnonzero(np.abs(weights) > 1e-6)
            ]
            out.breach(wave, union, rows, "the combination " + " ".join(used))
            return
        # A rounding artefact of the solver: exclude this union and search again.
        cut = np.concatenate([np.where(chosen, 1.0, -1.0), np.zeros(m)])
        constraints.append(LinearConstraint(cut[None, :], -np.inf, chosen.sum() - 1.0))
    pytest.fail(f"{wave}: the exact attack met {MILP_ROUNDS} solver artefacts in a row")


def attack(frame: pd.DataFrame) -> tuple[Collected, Attack, list[str]]:
    """Collect every figure, check the model against it, and attack each wave."""
    collected = collect(frame)
    counts = cell_counts(frame)
    wrong = []
    for figure in collected.figures:
        model = int(counts[figure.wave][figure.kind] @ cells_of(dict(figure.condition)))
        if figure.value is not None and model != figure.value:
            wrong.append(f"{figure.source}: published {figure.value}, model {model}")
    result = Attack()
    for wave in waves_in(frame):
        figures = [f for f in collected.figures if f.wave == wave]
        # Respondents: every published population, read as its number of rows.
        rows = counts[wave]["rows"]
        runs = [("rows", rows, populations(figures, rows))]
        # Each figure: the populations that publish it, read as its own people
        # (a mean times its count is a sum, and sums subtract).
        for kind in sorted({f.kind for f in figures} - {"rows"}):
            people = counts[wave][kind]
            runs.append((kind, people, populations([f for f in figures if f.kind == kind], people)))
        for kind, people, shown in runs:
            if not shown:  # the wave shows no such figure at all
                continue
            label = wave if kind == "rows" else f"{wave} [{kind}]"
            attack_pairs(label, shown, people, result)
            attack_sums(label, shown, people, result)
            attack_exact(label, shown, people, result)
    return collected, result, wrong


# ---------------------------------------------------------------- organizations

Shape = Sequence[tuple[int, str | None, str | None, str | None]]


def shaped(groups: Shape, wave: str = "2026-H1", seed: int = 0) -> pd.DataFrame:
    """Synthetic answers whose demographics are exactly ``groups``:
    (count, dept, age band, junior board), None for no answer."""
    n = sum(group[0] for group in groups)
    frame = generate(SURVEY, n, seed=seed, last_wave=wave)
    for j, demographic in enumerate(DEMOGRAPHICS):
        values = [option for count, *options in groups for option in [options[j]] * count]
        frame[demographic] = pd.Categorical(values, categories=OPTIONS[demographic])
    return frame


DEPARTMENT_OF_3: Shape = [
    (6, "plan", "age_35_49", "no"),
    (6, "plan", "age_under_30", "yes"),
    (10, "data", "age_50_plus", "no"),
    (3, "city", "age_30_34", "no"),
    (8, "ops", "age_35_49", None),
]
TINY_YOUTH_BAND: Shape = [
    (2, "plan", "age_under_30", "yes"),
    (8, "data", "age_30_34", "yes"),
    (7, "city", "age_35_49", "no"),
    (6, "ops", "age_50_plus", "no"),
]
SHAPES: dict[str, Shape] = {
    "department_of_3": DEPARTMENT_OF_3,
    "age_band_of_2": [
        (2, "plan", "age_under_30", "no"),
        (9, "data", "age_30_34", "yes"),
        (10, "city", "age_35_49", "no"),
        (9, "ops", "age_50_plus", "no"),
    ],
    "complement_of_3": [(17, "plan", "age_35_49", "no"), (3, "data", "age_30_34", "no")],
    "tiny_youth_band": TINY_YOUTH_BAND,
    "wave_of_k": [(5, "plan", "age_35_49", "no")],
    "wave_below_k": [(4, "plan", "age_under_30", "yes")],
    "wave_of_k_split": [(2, "plan", "age_under_30", "no"), (3, "data", "age_50_plus", None)],
    "missing_demographics": [
        (4, None, None, None),
        (3, "plan", None, "no"),
        (8, "plan", "age_35_49", "no"),
        (7, "data", "age_50_plus", "no"),
        (6, "ops", "age_30_34", "yes"),
    ],
    "small_two_way_cell": [
        (2, "plan", "age_under_30", "no"),
        (13, "plan", "age_50_plus", "no"),
        (8, "data", "age_under_30", "no"),
        (7, "data", "age_50_plus", "no"),
    ],
    "filter_hidden_by_breakdown": [
        (10, "plan", "age_35_49", "no"),
        (10, "data", "age_50_plus", "no"),
        (6, "city", "age_30_34", "no"),
        (3, None, "age_35_49", "no"),
    ],
    "panel_outside_youth": [
        (6, "plan", "age_under_30", "yes"),
        (6, "data", "age_30_34", "no"),
        (2, "city", "age_50_plus", "yes"),
        (10, "ops", "age_35_49", "no"),
    ],
}
GENERATED = {  # name: (respondents per wave, waves, seed)
    "generated_12": (12, 1, 11),
    "generated_25x2": (25, 2, 12),
    "generated_40": (40, 1, 13),
    "generated_70x2": (70, 2, 14),
    "generated_120": (120, 1, 15),
    "generated_200": (200, 1, 16),
}


def organization(name: str) -> pd.DataFrame:
    if name in GENERATED:
        n, waves, seed = GENERATED[name]
        return generate(SURVEY, n, waves=waves, seed=seed)
    if name == "two_waves_of_shapes":
        first = shaped(DEPARTMENT_OF_3, wave="2025-H2", seed=1)
        return pd.concat([first, shaped(TINY_YOUTH_BAND, seed=2)], ignore_index=True)
    return shaped(SHAPES[name], seed=len(name))


ORGANIZATIONS = [*GENERATED, *SHAPES, "two_waves_of_shapes"]


def _record(output_dir: Path, name: str, line: str) -> None:
    """Print an organization's counts and keep them in test-output/attacker_counts.txt."""
    path = output_dir / "attacker_counts.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [old for old in lines if old.split(" ", 1)[0] != name]
    path.write_text("\n".join(sorted([*kept, f"{name} {line}"])) + "\n", encoding="utf-8")
    print(f"{name} {line}")


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("name", ORGANIZATIONS)
def test_no_subtraction_reveals_fewer_than_k(name: str, output_dir: Path) -> None:
    frame = organization(name)
    collected, result, wrong = attack(frame)
    queries = sum(result.queries.values())
    line = (
        f"respondents={len(frame)} waves={len(waves_in(frame))} "
        f"numbers_shown={collected.numbers} counts_modelled={len(collected.figures)} "
        f"attacker_queries={queries} "
        + " ".join(f"{kind}={count}" for kind, count in result.queries.items())
        + f" breaches={len(result.breaches)}"
    )
    _record(output_dir, name, line)
    assert not wrong, "figures the model does not describe:\n" + "\n".join(wrong[:20])
    assert collected.figures or len(frame) < K
    assert not result.breaches, (
        f"{len(result.breaches)} way(s) to a figure for fewer than {K} respondents:\n"
        + "\n".join(result.breaches[:12])
    )


def test_the_attacker_finds_a_planted_leak() -> None:
    """Publishing the departments without the one of 3 must be caught by every method."""
    frame = shaped(DEPARTMENT_OF_3)
    rows = cell_counts(frame)["2026-H1"]["rows"]
    published = [
        Published(cells_of(condition), int(rows[cells_of(condition)].sum()), (name,))
        for name, condition in [
            ("everyone", {}),
            ("plan", {"dept": frozenset({code("dept", "plan")})}),
            ("data", {"dept": frozenset({code("dept", "data")})}),
            ("ops", {"dept": frozenset({code("dept", "ops")})}),
            ("not city", {"dept": frozenset(range(SIZES[0])) - {code("dept", "city")}}),
        ]
    ]
    for method in (attack_pairs, attack_sums, attack_exact):
        found = Attack()
        method("2026-H1", published, rows, found)
        assert found.breaches, method.__name__
        assert "dept=city" in found.breaches[0] and "3 respondent(s)" in found.breaches[0]


def _sheet_numbers(workbook: bytes) -> list[float]:
    book = load_workbook(io.BytesIO(workbook), read_only=True)
    return [
        float(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, int | float) and not isinstance(value, bool)
    ]


def _csv_numbers(data: bytes) -> list[float]:
    out = []
    for cell in data.decode("utf-8-sig").replace("\r\n", ",").split(","):
        try:
            out.append(float(cell))
        except ValueError:
            continue
    return [value for value in out if math.isfinite(value)]


def _new_numbers(written: Sequence[float], shown: Sequence[float]) -> list[float]:
    """Numbers written that are none of those shown (a workbook keeps 16 digits of 17)."""
    known = np.sort(np.asarray(shown, dtype=float))
    new = []
    for value in written:
        at = np.searchsorted(known, value)
        near = known[max(at - 1, 0) : at + 1]
        if not np.isclose(near, value, rtol=1e-14, atol=0.0).any():
            new.append(value)
    return new


@pytest.mark.parametrize("name", ["generated_70x2", "generated_120"])
def test_exports_add_no_number(name: str) -> None:
    """Workbooks and CSV files hold only numbers the report (or the youth page) shows."""
    frame = organization(name)
    wave = waves_in(frame)[-1]
    reports = [build_report(SURVEY, frame, wave=wave, by=DEMOGRAPHICS, youth=True)]
    reports += [
        build_report(SURVEY, frame, wave=wave, by=DEMOGRAPHICS, filter=chosen)
        for chosen in filters()[1:]
    ]
    for report in reports:
        shown = list(numbers_in(report.to_dict()))
        assert not _new_numbers(_sheet_numbers(export.workbook(report, SURVEY)), shown)
        for sheet in ("overview", "dimensions", "items", "breakdowns", "trend", "youth"):
            written = _csv_numbers(export.sheet_csv(report, SURVEY, sheet))
            assert not _new_numbers(written, shown), sheet
    page = youth_words.PageFigures(
        youth_figures(SURVEY, frame, wave),
        panel_comparison(SURVEY, frame, wave),
        gap_trend(SURVEY, frame),
        None,
    )
    comparison = reports[0].youth
    # Both organizations show the youth page (the panel only in the second).
    assert not page.figures.suppressed and not comparison.suppressed
    counts = {float(v) for v in numbers_in(page) if float(v).is_integer()}
    counts |= {float(v) for v in numbers_in(comparison) if float(v).is_integer()}
    written = _sheet_numbers(
        youth_export.workbook(youth_export.sections(page, comparison, SURVEY, "ko"))
    )
    assert {v for v in written if v.is_integer()} <= counts | {float(K)}
