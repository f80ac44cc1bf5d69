"""The admin command that issues access codes: a CSV list or A4 sheets of slips."""

from __future__ import annotations

import argparse
import csv
import os
from typing import IO

from scoring.errors import SurveyError
from scoring.messages import text
from survey.cli_output import audit, say
from survey.store import Store, Wave

__all__ = ["run_codes"]


def run_codes(store: Store, args: argparse.Namespace, lang: str) -> None:
    """Issue codes into a new file: ``.pdf`` for A4 slips, anything else a CSV list.

    The file is opened before the codes exist, so that an unwritable or
    existing file fails before anything is issued. If issuing or writing
    fails, the file goes and the codes just issued are withdrawn: nobody
    holds them, and the headcount cap is as before.
    """
    wave = store.get_wave(args.wave)
    slips = args.out.lower().endswith(".pdf")
    try:
        handle = (
            open(args.out, "xb")  # noqa: SIM115
            if slips
            else open(args.out, "x", encoding="utf-8-sig", newline="")  # noqa: SIM115
        )
    except FileExistsError:
        raise SurveyError.single("admin.file_exists", file=args.out) from None
    issued: list[str] = []
    with handle:
        try:
            issued = store.issue_codes(wave.name, args.count)
            if slips:
                _write_slips(handle, store, wave, issued, args.url, lang)
            else:
                writer = csv.writer(handle, lineterminator="\r\n")
                writer.writerow([text("admin.codes_header", lang)])
                writer.writerows([code] for code in issued)
        except BaseException as exc:
            handle.close()
            os.remove(args.out)
            if issued:
                store.withdraw_codes(wave.name, issued)
            if slips and isinstance(exc, _typeset_error()):
                raise SurveyError.single("admin.slips_failed", file=args.out) from None
            raise
    extra = {"format": "pdf"} if slips else {}
    audit(store, "codes.issue", wave=wave.name, count=len(issued), **extra)
    say("admin.codes_issued", lang, count=len(issued), file=args.out)


def _typeset_error() -> type[Exception]:
    from survey.typeset import TypesetError  # typst only for slips

    return TypesetError


def _write_slips(
    handle: IO[bytes], store: Store, wave: Wave, issued: list[str], url: str, lang: str
) -> None:
    """Codes as A4 sheets of cut-out slips (link, QR code, code, the promise)."""
    from survey.slips import slips_pdf, survey_link

    link = survey_link(url, wave.name, lang)
    handle.write(slips_pdf(issued, link, wave.title(lang), store.survey.min_group_size, lang))
