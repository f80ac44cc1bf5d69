"""The admin commands that write a closed wave's results: exports and PDF reports."""

from __future__ import annotations

import argparse
import os

import pandas as pd

from scoring.errors import SurveyError
from survey.cli_output import say
from survey.store import Store

__all__ = ["run_export", "run_report"]


def run_export(store: Store, args: argparse.Namespace, lang: str) -> None:
    """``export``: a closed wave's report as xlsx or CSV, or its microdata as Parquet."""
    # The same report and the same rules as the overview page's download:
    # closed waves only, every breakdown, the youth comparison, N from the wave.
    # Imported here: scoring.report brings SciPy (half a second) that no other
    # admin command needs.
    from scoring.report import build_report
    from survey.export import sheet_csv, workbook
    from survey.headcounts import headcount_for
    from survey.plans import list_plans, plans_table

    wave = store.get_wave(args.wave)
    if wave.status != "closed":
        raise SurveyError.single("admin.export_not_closed", place="--wave", name=wave.name)
    survey = store.survey
    if args.format == "parquet":
        _export_microdata(store, wave.name, args.out, lang)
        return
    report = build_report(
        survey,
        store.load_wave(wave.name),
        wave=wave.name,
        by=[d.id for d in survey.demographics],
        youth=survey.youth is not None,
        headcount=headcount_for(survey, wave, None),
    )
    data = (
        workbook(report, survey, lang, plans_table(list_plans(store, wave.name), lang))
        if args.format == "xlsx"
        else sheet_csv(report, survey, args.sheet, lang)
    )
    with open(args.out, "wb") as out:
        out.write(data)
    store.audit("cli", f"export.{args.format}", {"wave": wave.name, "sheet": args.sheet})
    say("admin.exported", lang, name=wave.name, file=args.out)


def _export_microdata(store: Store, wave: str, out: str, lang: str) -> None:
    # k-anonymous responses for analysts (scoring.microdata); off unless the
    # admin role is listed in the setting microdata_roles.
    from scoring.microdata import ROLES_SETTING
    from survey import settings
    from survey.export import microdata_parquet

    try:
        roles = settings.get(ROLES_SETTING)
    except SurveyError:  # a deployment without the setting: off
        roles = None
    data = microdata_parquet(store.load_wave(wave), store.survey, role="admin", roles=roles)
    with open(out, "wb") as file:
        file.write(data)
    store.audit("cli", "export.parquet", {"wave": wave})
    say("admin.exported", lang, name=wave, file=out)


def run_report(store: Store, args: argparse.Namespace, lang: str) -> None:
    """``report``: a closed wave's PDF report for the board, a unit or all staff."""
    # The same reports and rules as the overview page's download: closed waves
    # only, N from the wave's headcount, the trend over the closed waves up to
    # this one. Nothing is written until every PDF is made, and then in one
    # rename, so a failure leaves no file behind.
    from survey import pdf_report
    from survey.headcounts import headcount_for
    from survey.plans import list_plans

    if args.audience == "staff" and (args.unit or args.units):
        raise SurveyError.single("admin.report_staff_unit", place="--audience")
    wave = store.get_wave(args.wave)
    if wave.status != "closed":
        raise SurveyError.single("admin.report_not_closed", place="--wave", name=wave.name)
    survey = store.survey
    closed = [w for w in store.list_waves() if w.status == "closed"]
    upto = closed[: [w.name for w in closed].index(wave.name) + 1]
    frame = pd.concat([store.load_wave(w.name) for w in upto], ignore_index=True)
    detail: dict[str, object] = {"wave": wave.name, "audience": args.audience, "lang": lang}
    if args.units:
        made, hidden = pdf_report.unit_pdfs(survey, frame, wave.name, args.units, lang=lang)
        for line in hidden:
            print(line)
        files = {f"{args.units}-{option}.pdf": pdf.data for option, pdf in made.items()}
        _write_many(args.out, files)
        detail |= {"units": args.units, "reports": len(files), "not_shown": len(hidden)}
        store.audit("cli", "report.pdf", detail)
        say("admin.report_units_saved", lang, name=wave.name, count=len(files), file=args.out)
        return
    if args.unit:
        demographic, sep, option = args.unit.partition("=")
        if not sep or not demographic or not option:
            raise SurveyError.single("admin.report_unit_form", place="--unit", value=args.unit)
        pdf = pdf_report.unit_pdf(survey, frame, wave.name, (demographic, option), lang=lang)
        detail |= {"unit": f"{demographic}={option}"}
    else:
        # The staff report lists only approved plans; the board's lists every plan.
        staff = args.audience == "staff"
        plans = pdf_report.plan_lines(
            list_plans(store, wave.name), survey, lang, approved_only=staff
        )
        headcount = headcount_for(survey, wave, None)
        if staff:
            pdf = pdf_report.staff_pdf(
                survey, frame, wave.name, lang=lang, headcount=headcount, plans=plans
            )
        else:
            others = {
                w.name: n
                for w in upto
                if w.name != wave.name and (n := headcount_for(survey, w, None)) is not None
            }
            pdf = pdf_report.board_pdf(
                survey,
                frame,
                wave.name,
                lang=lang,
                headcount=headcount,
                trend_headcounts=others,
                plans=plans,
            )
    _write_atomic(args.out, pdf.data)
    store.audit("cli", "report.pdf", detail)
    say("admin.report_saved", lang, name=wave.name, file=args.out)


def _write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and one rename."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".report-", suffix=".part")
    except OSError as error:  # name the file asked for, not the temporary one
        raise OSError(error.errno, error.strerror, path) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    else:
        # mkstemp makes the file private (0600); a report is an ordinary document.
        os.chmod(path, 0o644)


def _write_many(path: str, files: dict[str, bytes]) -> None:
    """The unit reports as one .zip file, or as a new folder of PDFs."""
    import io
    import shutil
    import tempfile
    import zipfile

    if path.lower().endswith(".zip"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
        _write_atomic(path, buffer.getvalue())
        return
    if os.path.exists(path):
        raise SurveyError.single("admin.report_exists", place="--out", file=path)
    parent = os.path.dirname(os.path.abspath(path))
    try:
        staging = tempfile.mkdtemp(dir=parent, prefix=".reports-")
    except OSError as error:
        raise OSError(error.errno, error.strerror, path) from None
    try:
        for name, data in files.items():
            with open(os.path.join(staging, name), "wb") as out:
                out.write(data)
        os.chmod(staging, 0o755)
        os.rename(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
