"""Downloads of the dashboard: the Excel workbook and CSV files.

Everything exported is rendered from a `scoring.report.Report` (privacy
applied when it was built) or from a table a page already shows, so an
export never holds more than the pages. The workbook is scoring's
`write_xlsx` (sheets overview, dimensions, items, breakdowns, trend, youth);
comments leave only as one of `scoring.comments`' lists (`comments_csv`);
CSV files are UTF-8 with a byte order mark so that Excel opens Korean
correctly, and every text cell passes through `scoring.cells.neutralize`
against formula injection.

Downloads are produced when a person clicks (`deferred`), and recorded in
the audit log at that moment.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from scoring.comments import CommentList
from scoring.questionnaire import Survey
from scoring.report import Report
from scoring.tables import Table, tables
from scoring.writers import write_csv, write_xlsx
from survey.store import Store

__all__ = [
    "CSV_MIME",
    "XLSX_MIME",
    "codes_csv",
    "comments_csv",
    "deferred",
    "file_name",
    "microdata_parquet",
    "rows_csv",
    "sheet_csv",
    "workbook",
]

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARQUET_MIME = "application/vnd.apache.parquet"

_UNSAFE = re.compile(r"[^0-9A-Za-z_-]+")


def _as_dict(report: Report | Mapping[str, Any]) -> dict:
    return report.to_dict() if isinstance(report, Report) else dict(report)


def workbook(
    report: Report | Mapping[str, Any],
    survey: Survey,
    lang: str = "ko",
    plans: Table | None = None,
) -> bytes:
    """The report as an xlsx workbook (bytes), one sheet per part of the report.

    ``plans`` (`survey.plans.plans_table`) adds the wave's action plans as the
    last sheet, ``plans``.
    """
    buffer = io.BytesIO()
    extra = {"plans": plans} if plans is not None else None
    write_xlsx(_as_dict(report), survey, buffer, lang, extra)
    return buffer.getvalue()


def rows_csv(rows: Iterable[Sequence[Any]]) -> bytes:
    """Rows as CSV bytes (UTF-8 with BOM, every text cell neutralized against formulas)."""
    buffer = io.BytesIO()
    write_csv(rows, buffer)
    return buffer.getvalue()


def sheet_csv(
    report: Report | Mapping[str, Any], survey: Survey, sheet: str, lang: str = "ko"
) -> bytes:
    """One sheet of the workbook (``overview``, ``breakdowns``, ...) as CSV bytes (UTF-8, BOM)."""
    table = tables(_as_dict(report), survey, lang)[sheet]
    return rows_csv([table.header, *table.rows])


def codes_csv(wave: str, codes: Sequence[str], header: Sequence[str] = ("wave", "code")) -> bytes:
    """Newly issued access codes, one per row with their wave (UTF-8, BOM)."""
    return rows_csv([tuple(header), *((wave, code) for code in codes)])


def comments_csv(comments: CommentList, survey: Survey, lang: str, header: Sequence[str]) -> bytes:
    """One comment list as CSV (UTF-8, BOM): a row per comment, its question and its text.

    The rows are the list exactly as the page shows it, question by question
    in survey order and each in `scoring.comments.publication_order`: no
    column about the writer and no order of submission. A withheld list
    holds no rows.
    """
    questions = {c.id: c.text.get(lang) for c in survey.comments}
    rows = [
        (questions[question], text)
        for question, texts in comments.texts.items()
        for text in texts
        if question in questions
    ]
    return rows_csv([tuple(header), *rows])


def file_name(kind: str, wave: str | None, extension: str) -> str:
    """A safe download name such as ``culture-index_2025-H2_breakdowns.csv``."""
    parts = ["culture-index", wave or "", kind]
    stem = "_".join(_UNSAFE.sub("-", p).strip("-") for p in parts if p)
    return f"{stem}.{extension}"


def deferred(
    url: str, user: str, action: str, detail: Mapping[str, Any], produce: Callable[[], bytes]
) -> Callable[[], bytes]:
    """A download's data as Streamlit's deferred callable: audited, then produced on click.

    Streamlit runs the callable on its own thread when the person clicks, so
    it takes the database URL rather than a session's objects.
    """
    recorded = dict(detail)

    def run() -> bytes:
        Store(url).audit(user, action, recorded)
        return produce()

    return run


def microdata_parquet(
    frame: Any, survey: Survey, *, role: str, roles: str | None, k: int | None = None
) -> bytes:
    """A closed wave's responses as k-anonymous microdata in Parquet (bytes).

    `scoring.microdata.k_anonymous` decides what leaves: demographics blanked
    until every combination holds k respondents, no comment, rows sorted by
    value. Off unless ``role`` is listed in ``roles`` (the value of the
    setting `scoring.microdata.ROLES_SETTING`). Columns: ``wave`` and the
    demographics as text (null: blank), items and outcomes as small integers
    (null: unanswered), readable by ``python -m scoring report --responses``.

    Raises
    ------
    SurveyError
        When the role is not allowed, or the wave holds fewer than k responses.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from scoring import microdata
    from scoring.errors import SurveyError

    if not microdata.allowed(role, roles):
        raise SurveyError.single("microdata.not_allowed", role=role)
    data = microdata.k_anonymous(frame, survey, k)
    columns: dict[str, pa.Array] = {}
    for name in data.columns:
        column = data[name]
        if hasattr(column, "cat"):
            columns[name] = pa.array(column.astype(object).where(column.notna(), None), pa.string())
        elif column.dtype.kind == "f":
            columns[name] = pa.array(column.to_numpy(), pa.float64(), from_pandas=True).cast(
                pa.int8()
            )
        else:
            columns[name] = pa.array(column.astype(str).tolist(), pa.string())
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer)
    return buffer.getvalue()
