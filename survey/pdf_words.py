"""The PDF reports' words: the survey's labels, the app's strings and the summary's sentences."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from scoring import display, plain
from scoring.labels import Labels
from scoring.questionnaire import Survey
from scoring.report import Report, WaveComparison, groups_behind, items_to_act_on

__all__ = ["Summary", "Words", "act_on_line", "summarize"]


class Words(Labels):
    """The survey's labels (`scoring.labels.Labels`) and the app's strings by full key."""

    no_answer_key = "render.no_answer"
    index_key = "render.section_index"

    def __init__(self, survey: Survey, lang: str) -> None:
        super().__init__(survey, lang, prefix="")

    def columns(self, *keys: str) -> list[str]:
        """A table's header: the string of every key."""
        return [self(key) for key in keys]

    def marker(self, k: int) -> str:
        return self("dash.suppressed_cell", k=k)

    def verdict(self, row: Any) -> str:
        # The pages' plain words for the same test (`scoring.plain`), p in parentheses.
        words = plain.verdict_words(row, self.lang)
        return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class Summary:
    """The summary's sentences by name; None where a piece has nothing to say."""

    index: str | None
    change: str
    participation: str | None
    strongest: str | None
    weakest: str | None
    behind: str | None
    """None when the report holds no breakdown."""
    act_on: str | None

    def lines(self) -> list[str]:
        """Every sentence, in the board's order."""
        return [line for line in (getattr(self, f.name) for f in fields(self)) if line]

    def standing(self) -> list[str]:
        """Where the organization stands: the index, the change, the participation."""
        return [line for line in (self.index, self.change, self.participation) if line]


def summarize(
    report: Report, change: WaveComparison | None, previous: str | None, w: Words
) -> Summary:
    """The summary of ``report``, with the change since ``previous`` (None for none)."""
    target = display.number(w.survey.target, 0)
    index = report.index
    standing = None
    if index is not None:
        ci = display.interval(index.ci_low, index.ci_high)
        score = display.number(index.score)
        if index.gap > 0:
            standing = w(
                "pdf.b.index", score=score, ci=ci, target=target, gap=display.number(index.gap)
            )
        else:
            standing = w("pdf.b.index_reached", score=score, ci=ci, target=target)
    strongest = weakest = None
    shown = [d for d in report.dimensions if not d.suppressed and display.finite(d.score)]
    if shown:
        best = max(shown, key=lambda d: d.score)
        worst = min(shown, key=lambda d: d.score)
        strongest = w(
            "pdf.b.strongest", dimension=w.dimension(best.id), score=display.number(best.score)
        )
        weakest = w(
            "pdf.b.weakest", dimension=w.dimension(worst.id), score=display.number(worst.score)
        )
    behind = None
    if report.breakdowns:
        groups = [
            w(
                "pdf.b.group",
                demographic=w.demographic(d),
                group=w.option(d, row.group),
                score=display.number(row.index),
            )
            for d, row in groups_behind(report)
        ]
        behind = w("pdf.b.behind", groups=", ".join(groups)) if groups else w("pdf.b.behind_none")
    act = act_on_line(report, w)
    return Summary(
        index=standing,
        change=_change_line(change, previous, report.min_group, w),
        participation=_participation_line(report, w),
        strongest=strongest,
        weakest=weakest,
        behind=behind,
        act_on=w("pdf.b.act_on", items=act) if act else None,
    )


def _participation_line(report: Report, w: Words) -> str | None:
    if report.respondents is None:
        return None
    n = display.whole(report.respondents)
    if not report.headcount:
        return w("pdf.b.participation_plain", n=n)
    rate = display.percent(100 * report.respondents / report.headcount)
    headcount = display.whole(report.headcount)
    return w("pdf.b.participation", n=n, headcount=headcount, rate=rate)


def act_on_line(report: Report, w: Words) -> str:
    """The items to act on (`scoring.report.items_to_act_on`) with their scores, in one line."""
    return ", ".join(
        w("pdf.b.item", item=w.item(i.id), score=display.number(i.score))
        for i in items_to_act_on(report)
    )


def _change_line(change: WaveComparison | None, previous: str | None, k: int, w: Words) -> str:
    if change is None or previous is None:
        return w("pdf.b.no_previous")
    rows = [r for r in change.rows if r.id == "index"]
    if change.suppressed or not rows:
        return w("pdf.b.change_hidden", k=k)
    row = rows[0]
    return w(
        "pdf.b.change", previous=previous, diff=display.signed(row.diff), verdict=w.verdict(row)
    )
