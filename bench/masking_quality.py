"""``python3 -m bench.masking_quality``: how well survey.masking finds personal data.

Runs `survey.masking.find` over the hand-written test sets
tests/data/masking_sentences.yaml and masking_heldout.yaml (each with its
staff-name list and employee-number pattern) and prints recall and precision per kind, the
sentences without personal data where anything was masked, and the per-comment
time (median and p95). ``--misses`` also lists every miss and false hit.

A found part counts for an expected one when it has the same kind and covers
it whole (a partly masked number still leaks) without reaching more than two
characters past it on either side.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from survey import masking

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
TEST_SET = DATA / "masking_sentences.yaml"
HELD_OUT = DATA / "masking_heldout.yaml"  # written after the rules were set
SLACK = 2  # characters a found part may reach past the expected one (a particle, a bracket)


@dataclass
class Counts:
    expected: int = 0
    found: int = 0
    hits: int = 0

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0


@dataclass
class Quality:
    """Figures of one run over the test set."""

    kinds: dict[str, Counts]
    sentences: int
    clean_sentences: int
    clean_flagged: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    @property
    def clean_flagged_share(self) -> float:
        return len(self.clean_flagged) / self.clean_sentences if self.clean_sentences else 0.0


def load_test_set(path: Path = TEST_SET) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def evaluate(data: dict, rule: masking.Rules | None = None) -> Quality:
    """Compare `masking.find` with the expected parts of every sentence in `data`."""
    if rule is None:
        rule = masking.rules(data.get("staff_names", ()), data.get("employee_pattern"))
    masking.find("김민수 과장님", rule)  # load the analyser before timing
    kinds = {kind: Counts() for kind in masking.KINDS}
    sentences = data["sentences"]
    quality = Quality(kinds, len(sentences), sum(1 for s in sentences if not s.get("pii")))
    for sentence in sentences:
        value = sentence["text"]
        expected = []
        for kind, part in sentence.get("pii") or ():
            start = value.index(str(part))
            expected.append((start, start + len(str(part)), kind))
        began = time.perf_counter()
        found = masking.find(value, rule)
        quality.seconds.append(time.perf_counter() - began)
        if not expected and found:
            quality.clean_flagged.append(value)
        matched: set[int] = set()
        for start, end, kind in expected:
            kinds[kind].expected += 1
            hit = next(
                (
                    i
                    for i, span in enumerate(found)
                    if i not in matched
                    and span.kind == kind
                    and span.start <= start
                    and span.end >= end
                    and start - span.start <= SLACK
                    and span.end - end <= SLACK
                ),
                None,
            )
            if hit is None:
                quality.misses.append(f"{kind}: {value[start:end]!r} in {value!r}")
            else:
                matched.add(hit)
                kinds[kind].hits += 1
        for i, span in enumerate(found):
            kinds[span.kind].found += 1
            if i not in matched:
                quality.false_hits.append(
                    f"{span.kind}: {value[span.start : span.end]!r} in {value!r}"
                )
    return quality


def report(quality: Quality) -> str:
    lines = [
        f"{quality.sentences} sentences, {quality.clean_sentences} without personal data",
        f"{'kind':<13}{'expected':>9}{'found':>7}{'hits':>6}{'recall':>8}{'precision':>11}",
    ]
    for kind, counts in quality.kinds.items():
        lines.append(
            f"{kind:<13}{counts.expected:>9}{counts.found:>7}{counts.hits:>6}"
            f"{counts.recall:>8.1%}{counts.precision:>11.1%}"
        )
    total = Counts(
        sum(c.expected for c in quality.kinds.values()),
        sum(c.found for c in quality.kinds.values()),
        sum(c.hits for c in quality.kinds.values()),
    )
    lines.append(
        f"{'all':<13}{total.expected:>9}{total.found:>7}{total.hits:>6}"
        f"{total.recall:>8.1%}{total.precision:>11.1%}"
    )
    lines.append(
        f"sentences without personal data where something was masked: "
        f"{len(quality.clean_flagged)} of {quality.clean_sentences} "
        f"({quality.clean_flagged_share:.1%})"
    )
    times = sorted(quality.seconds)
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    lines.append(
        f"time per comment: median {statistics.median(times) * 1000:.2f} ms, "
        f"p95 {p95 * 1000:.2f} ms (after the analyser's first load)"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every miss and false hit")
    args = parser.parse_args()
    for path in (TEST_SET, HELD_OUT):
        quality = evaluate(load_test_set(path))
        print(f"{path.name}\n{report(quality)}\n")
        if args.misses:
            print("misses:", *quality.misses, sep="\n  ")
            print("false hits:", *quality.false_hits, sep="\n  ")
            print()


if __name__ == "__main__":
    main()
