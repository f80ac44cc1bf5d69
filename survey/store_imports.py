"""Imported history: response files into a draft wave, the import workbook, its error summary."""

from __future__ import annotations

import io
import math
import os
import re
import secrets
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import insert, update

from scoring.errors import MAX_PROBLEMS, Problem, SurveyError
from scoring.messages import text as message
from scoring.questionnaire import Survey
from scoring.responses import frame_from_table, read_responses
from survey import masking, settings
from survey.db import LayoutMismatch, layout_of, pack_frame, responses, waves
from survey.store_base import _INSERT_CHUNK

__all__ = ["ImportsMixin", "import_summary", "import_template"]


class ImportsMixin:
    """`Store`'s imports: a wave of history from a CSV/XLSX file or a frame, all or nothing."""

    def import_responses(
        self,
        wave: str,
        source: str | os.PathLike[str] | pd.DataFrame,
        file_name: str | None = None,
    ) -> int:
        """Import historical responses (a CSV/XLSX file or a frame): all or nothing.

        The file is validated as a whole (`read_responses`); a row for another
        wave is refused with its row number. A file without a ``wave`` column
        is taken as the chosen wave's. Messages name the file by `file_name`
        (default: the file's own name), never by its folder on the server.
        Only a draft that collects nothing imports: a closed wave, an open
        one, or one with codes issued refuses, and a wave that holds imports
        never opens (it is closed as history). Returns the number of responses stored.
        """
        if isinstance(source, pd.DataFrame):
            if "wave" in source.columns:
                _refuse_other_waves(source["wave"].tolist(), wave, "")
            else:
                source = source.assign(wave=wave)
            frame = frame_from_table(_as_table(source), self.survey)
        else:
            shown = file_name or Path(source).name
            try:
                frame = self._read_import(wave, source, shown)
            except SurveyError as error:
                raise _renamed(error, os.fspath(source), shown) from None
        frame = _masked_frame(self.survey, frame)
        with self._write() as connection:
            row = self._lock_wave(connection, wave)
            if row.status == "closed":
                raise SurveyError.single("store.wave_closed", name=wave)
            if row.status == "open" or row.origin == "collected":
                raise SurveyError.single("store.import_collected", name=wave)
            layout = row.survey_layout
            values: dict[str, Any] = {"revision": waves.c.revision + 1, "origin": "imported"}
            if self._count(connection, row.id) == 0:
                layout = values["survey_layout"] = layout_of(self.survey)
            connection.execute(update(waves).where(waves.c.id == row.id).values(**values))
            try:
                blobs, comments = pack_frame(layout, frame)
            except LayoutMismatch as exc:
                raise SurveyError.single(
                    "store.layout_changed", name=wave, column=exc.column
                ) from None
            rows = [
                {"wave_id": row.id, "id": secrets.token_hex(16), "answers": b, "comments": c}
                for b, c in zip(blobs, comments, strict=True)
            ]
            for start in range(0, len(rows), _INSERT_CHUNK):
                connection.execute(insert(responses), rows[start : start + _INSERT_CHUNK])
        return len(rows)

    def _read_import(self, wave: str, path: str | os.PathLike[str], shown: str) -> pd.DataFrame:
        # The capped reader only: a workbook is never unpacked past its caps.
        frame = read_responses(path, self.survey, wave=wave)
        if (frame["wave"] != wave).any():
            _refuse_other_waves(_file_waves(path), wave, shown)
        return frame


def _masked_frame(survey: Survey, frame: pd.DataFrame) -> pd.DataFrame:
    """`_masked` for every row of an imported response frame."""
    ids = [c.id for c in survey.comments if c.id in frame.columns]
    if not ids or not frame[ids].notna().to_numpy().any():
        return frame
    rule, lang = masking.configured(), str(settings.get("lang"))
    out = frame.copy()
    for column in ids:
        values = out[column].to_numpy(dtype=object)
        out[column] = pd.Series(
            [masking.mask(v, rule, lang).text if isinstance(v, str) and v else v for v in values],
            index=out.index,
            dtype=object,
        )
    return out


def _refuse_other_waves(values: list[object], wave: str, source: str) -> None:
    """Refuse the import, naming each row whose wave is not ``wave``."""
    wrong = [
        (i + 2, str(value).strip())  # file rows: the header is row 1
        for i, value in enumerate(values)
        if isinstance(value, str) and value.strip() not in ("", wave)
    ]
    if wrong:
        raise SurveyError(
            [
                Problem(
                    source,
                    f"row {row}, column wave",
                    None,
                    "store.import_wave",
                    {"found": found, "name": wave},
                )
                for row, found in wrong[:MAX_PROBLEMS]
            ],
            total=len(wrong),
        )


def _renamed(error: SurveyError, path: str, shown: str) -> SurveyError:
    """The error with the server's path of the file replaced by the name the user knows."""
    problems = [
        replace(
            p,
            source=shown if p.source in (path, Path(path).name) else p.source,
            params={k: shown if v == path else v for k, v in p.params.items()},
        )
        for p in error.problems
    ]
    renamed = type(error)(problems, total=error.total)
    return renamed


def import_template(survey: Survey, lang: str = "ko") -> bytes:
    """The import workbook: a first sheet with the survey's columns, a second that explains them.

    The first sheet is what `Store.import_responses` reads; its ``wave`` column
    may stay empty or be deleted (the chosen wave fills it).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = message("store.template_sheet", lang)
    sheet.append(list(survey.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    guide = book.create_sheet(message("store.template_guide", lang))
    guide.append(message("store.template_header", lang).split("|"))
    for cell in guide[1]:
        cell.font = Font(bold=True)
    guide.append(
        ["wave", message("store.template_wave", lang), message("store.template_optional", lang)]
    )
    for demographic in survey.demographics:
        options = ", ".join(f"{o.id} ({o.label.get(lang)})" for o in demographic.options)
        guide.append([demographic.id, demographic.label.get(lang), options])
    for item in survey.items:
        values = message("store.template_scale", lang, low=1, high=survey.points)
        guide.append([item.id, item.text.get(lang), values])
    for outcome in survey.outcomes:
        values = message("store.template_scale", lang, low=outcome.low, high=outcome.high)
        guide.append([outcome.id, outcome.text.get(lang), values])
    for comment in survey.comments:
        limit = message("store.template_comment", lang, limit=comment.max_length)
        guide.append([comment.id, comment.text.get(lang), limit])
    for column, width in zip("ABC", (18, 70, 50), strict=True):
        guide.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_CELL = re.compile(r"^row (\d+)(?:, column (.+))?$|^column (.+)$")


def import_summary(error: SurveyError, lang: str = "ko") -> list[str]:
    """An import's problems, one line per kind: what, how many, its first rows or columns.

    A file with the same mistake in 180 rows reads as one line ("…, 180건,
    2, 3, 4, 5, 6 … 행"), in the user's language, with places written in it
    too (the problems name rows and columns in English). The first line
    says that nothing was stored and how many problems there are in all.
    """
    kinds: dict[tuple[str, str], list[Problem]] = {}
    for problem in error.problems:
        column = ""
        match = _CELL.match(problem.place or "")
        if match and match.group(2):
            column = match.group(2)
        kinds.setdefault((problem.key, column), []).append(problem)
    file = next((p.source for p in error.problems if p.source), "")
    lines = [message("store.import_summary", lang, file=file or "-", total=f"{error.total:,}")]
    truncated = error.total > len(error.problems)
    for (_key, column), found in kinds.items():
        what = message(found[0].key, lang, **found[0].params)
        if column and column not in what:
            what = f"{message('store.import_column', lang, column=column)}: {what}"
        rows = [m.group(1) for p in found if (m := _CELL.match(p.place or "")) and m.group(1)]
        columns = [m.group(3) for p in found if (m := _CELL.match(p.place or "")) and m.group(3)]
        if rows:
            more = len(rows) > 5 or truncated
            key = "store.import_rows_more" if more else "store.import_rows"
            where = message(key, lang, rows=", ".join(rows[:5]))
        elif columns:
            where = message("store.import_columns", lang, columns=", ".join(columns[:5]))
        else:
            lines.append(what)
            continue
        key = "store.import_kind_more" if truncated else "store.import_kind"
        lines.append(message(key, lang, what=what, count=f"{len(found):,}", rows=where))
    return lines


def _file_waves(path: str | os.PathLike[str]) -> list[object]:
    """The wave cells of a response file already validated, by data row (error path only).

    The response frame leaves out blank rows, so the file's own row numbers
    come from reading its wave column again.
    """
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        raw = pd.read_excel(path, header=None, dtype=str, engine="openpyxl")
    else:
        raw = pd.read_csv(
            path,
            header=None,
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
            skip_blank_lines=False,
        )
    header = [str(name).strip().lstrip("\ufeff") for name in raw.iloc[0]]
    return raw.iloc[1:, header.index("wave")].tolist()


def _as_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A response frame as the table of strings a file would give (blank = missing)."""
    return pd.DataFrame(
        {column: _cells(frame[column]) for column in frame.columns}, index=range(len(frame))
    )


def _cells(values: pd.Series) -> np.ndarray:
    # Once per distinct value: a column of answers holds a handful of them.
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [_cell_text(value) for value in uniques]
    return np.array([*texts, ""], dtype=object)[codes]


def _cell_text(value: object) -> str:
    if isinstance(value, float):
        return format(value, "g") if math.isfinite(value) else ""
    return str(value)
