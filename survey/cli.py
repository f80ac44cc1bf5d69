"""The admin command line: ``python -m survey``.

Waves, access codes, imports, users and the demo data. Help and messages are
in Korean by default, in English with ``--lang en`` or ``CULTURE_LANG=en``.
A `SurveyError` or an `OSError` is the user's to fix: its lines go to stderr
without a traceback and the exit status is 1 (2 for a mistake on the command
line). Any other exception is a bug and surfaces as one.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import math
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO

import pandas as pd
from sqlalchemy import select

from scoring.cli_i18n import EXIT_USAGE, Parser, language
from scoring.errors import SurveyError
from scoring.messages import LANGUAGES, text
from scoring.questionnaire import Survey
from scoring.render import SHEETS
from survey import settings
from survey.auth import ROLES, generate_password
from survey.db import audit_log
from survey.store import (
    ACCESS_MODES,
    MAX_CODES,
    SEOUL,
    Store,
    Wave,
    import_summary,
    import_template,
)

__all__ = ["DEMO_USERS", "DEMO_WAVES", "DemoResult", "build_parser", "main", "seed_demo"]

EXIT_DATA = 1
DEFAULT_URL = "http://localhost:8501"

DEMO_WAVES = ("2025-H1", "2025-H2", "2026-H1", "2026-H2")
"""The demo's waves: all but the last closed with synthetic responses; the last open."""
DEMO_USERS = (("hr", "hr"), ("youth", "youth_panel"))
"""The demo's accounts: (name, role)."""
DEMO_RESPONSES = 200
DEMO_PARTICIPATION = 0.85  # headcounts are set so that about this share took part


def _language(argv: Sequence[str]) -> str:
    """``--lang`` from the arguments, else the ``CULTURE_LANG`` setting.

    Raises `SurveyError` for an unusable ``CULTURE_LANG``.
    """
    return language(argv, str(settings.get("lang")))


def _positive(lang: str, limit: int) -> Callable[[str], int]:
    def convert(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(text("admin.not_integer", lang, value=value)) from None
        if not 1 <= number <= limit:
            raise argparse.ArgumentTypeError(
                text("store.code_count", lang, limit=limit, value=number)
            )
        return number

    return convert


def _moment(lang: str) -> Callable[[str], datetime | None]:
    """A Seoul time like ``2026-09-01 09:00`` (or with an offset); "" for none."""

    def convert(value: str) -> datetime | None:
        if not value.strip():
            return None
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(text("admin.bad_time", lang, value=value)) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=SEOUL)

    return convert


def _headcount(lang: str) -> Callable[[str], tuple[str, int]]:
    def convert(value: str) -> tuple[str, int]:
        option, sep, number = value.partition("=")
        try:
            count = int(number)
        except ValueError:
            count = -1
        if not sep or not option.strip() or count < 0:
            raise argparse.ArgumentTypeError(text("admin.bad_count", lang, value=value))
        return option.strip(), count

    return convert


def build_parser(lang: str = "ko") -> Parser:
    """The argument parser with help in ``lang``."""

    def parser_for(container: argparse._SubParsersAction | None, name: str, key: str) -> Parser:
        shared = {"description": text(key, lang), "add_help": False, "lang": lang, "keys": "admin"}
        if container is None:
            parser = Parser(prog="python -m survey", **shared)
        else:
            parser = container.add_parser(name, help=text(key, lang), **shared)
        parser._positionals.title = text("cli_i18n.arguments", lang)
        parser._optionals.title = text("cli_i18n.options", lang)
        parser.add_argument("-h", "--help", action="help", help=text("cli_i18n.help", lang))
        parser.add_argument("--lang", choices=LANGUAGES, help=text("cli_i18n.lang_help", lang))
        return parser

    def commands(parser: Parser, dest: str) -> argparse._SubParsersAction:
        return parser.add_subparsers(
            dest=dest, title=text("cli_i18n.commands", lang), metavar="..."
        )

    root = parser_for(None, "", "admin.description")
    top = commands(root, "command")

    wave = commands(parser_for(top, "wave", "admin.wave_help"), "action")
    create = parser_for(wave, "create", "admin.wave_create_help")
    create.add_argument("name", help=text("admin.wave_id_help", lang))
    create.add_argument(
        "--mode", choices=ACCESS_MODES, default="codes", help=text("admin.mode_help", lang)
    )
    create.add_argument("--title-ko", help=text("admin.title_ko_help", lang))
    create.add_argument("--title-en", help=text("admin.title_en_help", lang))
    schedule = parser_for(wave, "schedule", "admin.wave_schedule_help")
    schedule.add_argument("name", help=text("admin.wave_name_help", lang))
    for flag, dest in (("open", "opens"), ("close", "closes")):
        schedule.add_argument(
            f"--{flag}",
            dest=dest,
            metavar="'YYYY-MM-DD HH:MM'",
            type=_moment(lang),
            help=text(f"admin.schedule_{flag}_help", lang),
        )
    for action in ("open", "close"):
        parser_for(wave, action, f"admin.wave_{action}_help").add_argument(
            "name", help=text("admin.wave_name_help", lang)
        )
    parser_for(wave, "list", "admin.wave_list_help")
    headcount = parser_for(wave, "headcount", "admin.wave_headcount_help")
    headcount.add_argument("name", help=text("admin.wave_name_help", lang))
    headcount.add_argument(
        "counts", nargs="+", type=_headcount(lang), help=text("admin.counts_help", lang)
    )
    headcount.add_argument(
        "--age", nargs="+", type=_headcount(lang), help=text("admin.age_help", lang)
    )

    code_commands = commands(parser_for(top, "codes", "admin.codes_help"), "action")
    issue = parser_for(code_commands, "issue", "admin.codes_issue_help")
    issue.add_argument("--wave", required=True, help=text("admin.wave_name_help", lang))
    issue.add_argument(
        "--count",
        required=True,
        type=_positive(lang, MAX_CODES),
        help=text("admin.count_help", lang, limit=MAX_CODES),
    )
    issue.add_argument("--out", required=True, help=text("admin.codes_out_help", lang))
    issue.add_argument(
        "--url", default=DEFAULT_URL, help=text("admin.url_help", lang, url=DEFAULT_URL)
    )

    exporter = parser_for(top, "export", "admin.export_help")
    exporter.add_argument("--wave", required=True, help=text("admin.wave_name_help", lang))
    exporter.add_argument("--out", required=True, help=text("admin.out_help", lang))
    exporter.add_argument(
        "--format",
        choices=("xlsx", "csv", "parquet"),
        default="xlsx",
        help=text("admin.export_format_help", lang),
    )
    exporter.add_argument(
        "--sheet", choices=SHEETS, default="overview", help=text("admin.export_sheet_help", lang)
    )

    importer = parser_for(top, "import", "admin.import_help")
    importer.add_argument("--wave", help=text("admin.wave_name_help", lang))
    importer.add_argument("file", nargs="?", help=text("admin.file_help", lang))
    importer.add_argument(
        "--create", action="store_true", help=text("admin.import_create_help", lang)
    )
    importer.add_argument(
        "--close", action="store_true", help=text("admin.import_close_help", lang)
    )
    importer.add_argument("--template", help=text("admin.import_template_help", lang))

    user_commands = commands(parser_for(top, "users", "admin.users_help"), "action")
    add = parser_for(user_commands, "add", "admin.users_add_help")
    add.add_argument("--role", required=True, choices=ROLES, help=text("admin.role_help", lang))
    add.add_argument("name", help=text("admin.user_name_help", lang))
    add.add_argument("--generate", action="store_true", help=text("admin.generate_help", lang))
    passwd = parser_for(user_commands, "passwd", "admin.users_passwd_help")
    passwd.add_argument("name", help=text("admin.user_name_help", lang))
    passwd.add_argument("--generate", action="store_true", help=text("admin.generate_help", lang))
    parser_for(user_commands, "list", "admin.users_list_help")
    for action in ("disable", "enable", "unlock", "reset"):
        parser_for(user_commands, action, f"admin.users_{action}_help").add_argument(
            "name", help=text("admin.user_name_help", lang)
        )

    reporter = parser_for(top, "report", "admin.report_help")
    reporter.add_argument("--wave", required=True, help=text("admin.wave_name_help", lang))
    reporter.add_argument("--out", required=True, help=text("admin.report_out_help", lang))
    units = reporter.add_mutually_exclusive_group()
    units.add_argument("--unit", help=text("admin.report_unit_help", lang))
    units.add_argument("--units", help=text("admin.report_units_help", lang))
    reporter.add_argument(
        "--audience",
        choices=("board", "staff"),
        default="board",
        help=text("admin.report_audience_help", lang),
    )

    parser_for(top, "demo", "admin.demo_help")
    parser_for(top, "migrate", "admin.migrate_help")

    # Issue 14: action plans and the published results page (survey.plans).
    import survey.plans  # noqa: F401  (registers these commands' messages)

    plan_commands = commands(parser_for(top, "plans", "admin.plans_help"), "action")
    for action in ("list", "export"):
        plan_parser = parser_for(plan_commands, action, f"admin.plans_{action}_help")
        plan_parser.add_argument("--wave", help=text("admin.wave_name_help", lang))
        if action == "export":
            plan_parser.add_argument("--out", help=text("cli.sample_out_help", lang))
    result_commands = commands(parser_for(top, "results", "admin.results_help"), "action")
    for action in ("publish", "unpublish"):
        parser_for(result_commands, action, f"admin.results_{action}_help").add_argument(
            "--wave", required=True, help=text("admin.wave_name_help", lang)
        )
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run the admin command line; returns the exit status (0, 1 bad data, 2 bad usage)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        lang = _language(argv)
    except SurveyError as error:
        print(error.message(language(argv, "ko")), file=sys.stderr)
        return EXIT_USAGE
    parser = build_parser(lang)
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.error(text("admin.no_command", lang))
        if args.command in ("wave", "codes", "users", "plans", "results") and args.action is None:
            parser.error(text("admin.no_command", lang))
        return _run(args, lang)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except SurveyError as error:
        print(error.message(lang), file=sys.stderr)
        return EXIT_DATA
    except OSError as error:
        detail = error.strerror or str(error)
        print(
            text("admin.os_error", lang, file=error.filename or "", detail=detail), file=sys.stderr
        )
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace, lang: str) -> int:
    handlers = {
        "wave": _wave,
        "codes": _codes,
        "import": _import,
        "export": _export,
        "users": _users,
        "demo": _demo,
        "migrate": _migrate,
        "plans": _plans,
        "results": _results,
        "report": _report,
    }
    store = Store()
    if args.command != "migrate":
        for name, action in store.apply_schedule():
            _say(f"admin.schedule_applied_{action}", lang, name=name)
    handlers[args.command](store, args, lang)
    return 0


def _say(key: str, lang: str, **params: object) -> None:
    print(text(key, lang, **params))


def _migrate(store: Store, _args: argparse.Namespace, lang: str) -> None:
    _say("admin.migrated", lang, url=store.engine.url.render_as_string(hide_password=True))


def _wave(store: Store, args: argparse.Namespace, lang: str) -> None:
    if args.action == "create":
        wave = store.create_wave(
            args.name, args.mode, title_ko=args.title_ko, title_en=args.title_en
        )
        _audit(store, "wave.create", wave=wave.name, mode=wave.access_mode)
        _say(
            "admin.wave_created",
            lang,
            name=wave.name,
            mode=text(f"admin.mode_{wave.access_mode}", lang),
        )
    elif args.action == "open":
        wave = store.open_wave(args.name)
        _audit(store, "wave.open", wave=wave.name)
        _say("admin.wave_opened", lang, name=wave.name)
    elif args.action == "close":
        wave = store.close_wave(args.name)
        _audit(store, "wave.close", wave=wave.name)
        _say("admin.wave_closed", lang, name=wave.name, count=store.count(wave.name))
    elif args.action == "headcount":
        by_age = dict(args.age) if args.age else None
        wave = store.set_headcount(args.name, dict(args.counts), by_age)
        _audit(store, "wave.headcount", wave=wave.name, total=wave.headcount_total)
        _say("admin.headcount_set", lang, name=wave.name, total=wave.headcount_total)
    elif args.action == "schedule":
        wave = store.schedule_wave(args.name, args.opens, args.closes)
        _audit(
            store,
            "wave.schedule",
            wave=wave.name,
            opens=_iso(wave.opens_at),
            closes=_iso(wave.closes_at),
        )
        _say(
            "admin.schedule_set",
            lang,
            name=wave.name,
            opens=_when(wave.opens_at, lang),
            closes=_when(wave.closes_at, lang),
        )
    else:
        _list_waves(store, lang)


CLI_USER = "cli"
"""The audit log's user for actions taken on the command line."""


def _audit(store: Store, action: str, **detail: object) -> None:
    store.audit(CLI_USER, action, detail or None)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _when(moment: datetime | None, lang: str) -> str:
    if moment is None:
        return text("admin.by_hand", lang)
    return f"{moment.astimezone(SEOUL):%Y-%m-%d %H:%M}"


def _list_waves(store: Store, lang: str) -> None:
    rows = [
        [
            wave.name,
            wave.title(lang),
            text(f"admin.status_{wave.status}", lang),
            text(f"admin.mode_{wave.access_mode}", lang),
            str(store.count(wave.name)),
            "" if wave.headcount_total is None else str(wave.headcount_total),
            "" if wave.opens_at is None else _when(wave.opens_at, lang),
            "" if wave.closes_at is None else _when(wave.closes_at, lang),
        ]
        for wave in store.list_waves()
    ]
    if not rows:
        _say("admin.no_waves", lang)
        return
    _print_table(text("admin.list_header", lang).split("|"), rows)


def _width(cell: str) -> int:
    # Hangul and other wide characters take two terminal columns.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell)


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    table = [header, *rows]
    widths = [max(_width(row[j]) for row in table) for j in range(len(header))]
    for row in table:
        cells = [cell + " " * (widths[j] - _width(cell)) for j, cell in enumerate(row)]
        print("  ".join(cells).rstrip())


def _codes(store: Store, args: argparse.Namespace, lang: str) -> None:
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
    _audit(store, "codes.issue", wave=wave.name, count=len(issued), **extra)
    _say("admin.codes_issued", lang, count=len(issued), file=args.out)


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


def _export(store: Store, args: argparse.Namespace, lang: str) -> None:
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
    _say("admin.exported", lang, name=wave.name, file=args.out)


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
    _say("admin.exported", lang, name=wave, file=out)


def _import(store: Store, args: argparse.Namespace, lang: str) -> None:
    if args.template:
        data = import_template(store.survey, lang)
        try:
            with open(args.template, "xb") as out:
                out.write(data)
        except FileExistsError:
            raise SurveyError.single("admin.file_exists", file=args.template) from None
        _say("admin.template_written", lang, file=args.template)
        if not args.file:
            return
    if not args.wave or not args.file:
        raise SurveyError.single("admin.import_needs")
    created = False
    if args.create and args.wave not in {w.name for w in store.list_waves()}:
        store.create_wave(args.wave)
        _audit(store, "wave.create", wave=args.wave, mode="codes")
        created = True
    try:
        count = store.import_responses(args.wave, args.file)
    except SurveyError as error:
        if created:
            # Nothing half-made: the wave made for this import goes with it.
            store.delete_draft(args.wave)
        raise SurveyError.single(
            "admin.import_failed", lines="\n".join(import_summary(error, lang))
        ) from None
    _audit(store, "responses.import", wave=args.wave, file=os.path.basename(args.file), count=count)
    _say("admin.imported", lang, count=count, file=args.file, name=args.wave)
    if args.close:
        store.close_wave(args.wave)
        _audit(store, "wave.close", wave=args.wave)
        _say("admin.wave_closed", lang, name=args.wave, count=count)


def _users(store: Store, args: argparse.Namespace, lang: str) -> None:
    if args.action == "list":
        users = store.list_users()
        if not users:
            _say("admin.no_users", lang)
            return
        rows = [
            [
                user.name,
                user.role,
                ""
                if user.locked_until is None
                else text("admin.locked_until", lang, time=f"{user.locked_until:%Y-%m-%d %H:%M}"),
                ", ".join(
                    text(f"admin.user_state_{state}", lang)
                    for state, on in (
                        ("disabled", user.disabled),
                        ("must_change", user.must_change),
                    )
                    if on
                ),
            ]
            for user in users
        ]
        _print_table(text("admin.users_header", lang).split("|"), rows)
        return
    if args.action in ("disable", "enable"):
        store.set_disabled(args.name, args.action == "disable")
        _audit(store, f"user.{args.action}", user=args.name)
        _say(f"admin.user_{args.action}d", lang, name=args.name)
        return
    if args.action == "unlock":
        store.unlock(args.name)
        _audit(store, "user.unlock", user=args.name)
        _say("admin.user_unlocked", lang, name=args.name)
        return
    if args.action == "reset":
        password = store.reset_password(args.name)
        _audit(store, "user.reset", user=args.name)
        _say("admin.user_reset", lang, name=args.name, password=password)
        return
    password = generate_password() if args.generate else _ask_password(lang)
    if args.action == "add":
        user = store.add_user(args.name, args.role, password)
        _audit(store, "user.add", user=user.name, role=user.role)
        _say("admin.user_added", lang, name=user.name, role=user.role)
    else:
        store.set_password(args.name, password)
        _audit(store, "user.password", user=args.name)
        _say("admin.password_changed", lang, name=args.name)
    if args.generate:
        _say("admin.password_once", lang, password=password)


def _ask_password(lang: str) -> str:
    try:
        first = getpass.getpass(text("admin.password_prompt", lang))
        second = getpass.getpass(text("admin.password_again", lang))
    except EOFError:
        raise SurveyError.single("admin.no_password") from None
    if first != second:
        raise SurveyError.single("admin.password_mismatch")
    return first


# ---------------------------------------------------------------- demo


@dataclass(frozen=True)
class DemoResult:
    """What `seed_demo` did: the demo waves and, for accounts it created, passwords."""

    waves: tuple[str, ...]
    passwords: dict[str, str]
    existing_users: tuple[str, ...]


MARKER_USER = "demo"
MARKER_ACTION = "demo.created"
"""The audit-log entry (user, action) that says the demo created this database."""


def is_demo_database(store: Store) -> bool:
    """Whether the demo's marker is in the store's audit log."""
    query = (
        select(audit_log.c.id)
        .where(audit_log.c.user_name == MARKER_USER, audit_log.c.action == MARKER_ACTION)
        .limit(1)
    )

    with store.engine.connect() as connection:
        return connection.execute(query).first() is not None


def claim(store: Store) -> None:
    """Let the demo use `store`: mark an empty database as the demo's, accept a marked one.

    Raises `SurveyError` ("demo.refused") for a database that holds waves,
    accounts or audit entries but no marker; nothing is written then. The
    marker is written before the demo's first wave, so a start interrupted
    while seeding is completed by the next one.
    """
    if is_demo_database(store):
        return
    if store.list_waves() or store.list_users() or store.list_audit(1):
        raise SurveyError.single("demo.refused")
    store.audit(MARKER_USER, MARKER_ACTION)


def seed_demo(store: Store, n: int = DEMO_RESPONSES, seed: int = 2025) -> DemoResult:
    """Load the demo: three closed waves of synthetic responses, one open wave, two accounts.

    Safe to run again: existing waves and accounts are left as they are (a
    wave interrupted before closing is completed), so nothing is duplicated.
    The open wave takes responses without codes, so a newcomer can answer at
    once. Passwords are generated and returned only for accounts created now.
    A database the demo did not create is refused first, changing nothing
    (`claim`): a start resets nothing that belongs to a real survey.
    """
    claim(store)
    from scoring.sample import generate  # scipy and numpy work only the demo needs

    survey = store.survey
    closed, last = DEMO_WAVES[:-1], DEMO_WAVES[-1]
    frame = generate(survey, n, waves=len(closed), seed=seed, last_wave=closed[-1])
    existing = {wave.name: wave for wave in store.list_waves()}
    headcount: tuple[dict[str, int] | None, dict[str, int] | None] = (None, None)
    for name in closed:
        rows = frame[frame["wave"] == name].reset_index(drop=True)
        headcount = _demo_headcount(survey, rows)
        wave = existing.get(name) or store.create_wave(name, "codes", *headcount)
        if wave.status != "closed":
            if store.count(name) == 0:
                store.import_responses(name, rows)
            store.close_wave(name)
    if last not in existing:
        store.create_wave(last, "open", *headcount)
    if store.get_wave(last).status == "draft":
        store.open_wave(last)
    known = {user.name for user in store.list_users()}
    passwords = {}
    for name, role in DEMO_USERS:
        if name not in known:
            passwords[name] = generate_password()
            store.add_user(name, role, passwords[name])
    return DemoResult(DEMO_WAVES, passwords, tuple(n for n, _ in DEMO_USERS if n in known))


def _demo_headcount(
    survey: Survey, rows: pd.DataFrame
) -> tuple[dict[str, int] | None, dict[str, int] | None]:
    """Headcounts by department and by age band that about 85% of took part.

    The two count the same people (`Store.set_headcount` refuses totals that
    differ): the age bands share out the departments' total.
    """

    def counts(demographic_id: str | None, total: int | None = None) -> dict[str, int] | None:
        if demographic_id is None or survey.demographic(demographic_id) is None:
            return None
        seen = rows[demographic_id].value_counts()
        if total is None:
            # Those who left the question blank belong to some option too.
            return {
                str(option): math.ceil(len(rows) * int(n) / int(seen.sum()) / DEMO_PARTICIPATION)
                for option, n in seen.items()
            }
        # Largest remainders, never below the responses a band holds.
        exact = {str(o): total * int(n) / int(seen.sum()) for o, n in seen.items()}
        shared = {o: max(math.floor(v), int(seen[o])) for o, v in exact.items()}
        by_remainder = sorted(exact, key=lambda o: exact[o] - math.floor(exact[o]), reverse=True)
        for option in by_remainder[: max(0, total - sum(shared.values()))]:
            shared[option] += 1
        return shared

    ids = [d.id for d in survey.demographics]
    department = next((i for i in ids if i in ("dept", "department")), ids[0] if ids else None)
    age = survey.youth.demographic if survey.youth else None
    by_department = counts(department)
    total = sum(by_department.values()) if by_department else None
    return by_department, counts(age if age != department else None, total)


def _demo(store: Store, _args: argparse.Namespace, lang: str) -> None:
    result = seed_demo(store)
    for name in result.waves:
        wave = store.get_wave(name)
        status = text(f"admin.status_{wave.status}", lang)
        _say("admin.demo_wave", lang, name=name, status=status, count=store.count(name))
    roles = dict(DEMO_USERS)
    for name, password in result.passwords.items():
        _say("admin.demo_user", lang, name=name, role=roles[name], password=password)
    for name in result.existing_users:
        _say("admin.demo_user_exists", lang, name=name, role=roles[name])


def _report(store: Store, args: argparse.Namespace, lang: str) -> None:
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
        _say("admin.report_units_saved", lang, name=wave.name, count=len(files), file=args.out)
        return
    if args.unit:
        demographic, sep, option = args.unit.partition("=")
        if not sep or not demographic or not option:
            raise SurveyError.single("admin.report_unit_form", place="--unit", value=args.unit)
        pdf = pdf_report.unit_pdf(survey, frame, wave.name, (demographic, option), lang=lang)
        detail |= {"unit": f"{demographic}={option}"}
    elif args.audience == "staff":
        pdf = pdf_report.staff_pdf(
            survey,
            frame,
            wave.name,
            lang=lang,
            headcount=headcount_for(survey, wave, None),
            plans=pdf_report.plan_lines(
                list_plans(store, wave.name), survey, lang, approved_only=True
            ),
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
            headcount=headcount_for(survey, wave, None),
            trend_headcounts=others,
            plans=pdf_report.plan_lines(list_plans(store, wave.name), survey, lang),
        )
    _write_atomic(args.out, pdf.data)
    store.audit("cli", "report.pdf", detail)
    _say("admin.report_saved", lang, name=wave.name, file=args.out)


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


def _plans(store: Store, args: argparse.Namespace, lang: str) -> None:
    from survey import plans

    found = plans.list_plans(store, args.wave)
    if args.action == "list":
        if not found:
            _say("admin.plans_none", lang)
            return
        rows = [
            [
                str(p.id),
                p.wave,
                p.target,
                p.title,
                p.owner,
                p.due.isoformat(),
                text(f"admin.plans_status_{p.status}", lang),
                text("admin.plans_approved" if p.approved else "admin.plans_pending", lang),
            ]
            for p in found
        ]
        _print_table(text("admin.plans_header", lang).split("|"), rows)
        return
    data = plans.plans_csv(found, lang)
    if args.out:
        with open(args.out, "wb") as out:
            out.write(data)
    else:
        sys.stdout.write(data.decode("utf-8-sig"))
    _audit(store, "plans.export", wave=args.wave, plans=len(found))
    if args.out:
        _say("admin.plans_exported", lang, count=len(found), file=args.out)


def _results(store: Store, args: argparse.Namespace, lang: str) -> None:
    from survey import plans

    if args.action == "publish":
        changed = plans.publish_results(store, CLI_USER, args.wave)
        key = "admin.results_published" if changed else "admin.results_already"
        _say(key, lang, name=args.wave)
    else:
        changed = plans.unpublish_results(store, CLI_USER, args.wave)
        _say(
            "admin.results_unpublished" if changed else "admin.results_not_published",
            lang,
            name=args.wave,
        )
