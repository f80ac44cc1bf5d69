"""The admin command line: ``python -m survey``.

Waves, access codes, imports, users and the demo data. Help and messages are
in Korean by default, in English with ``--lang en`` or ``CULTURE_LANG=en``.
This module holds the parser and `main`; each command's handler is in a
``survey.cli_*`` module (waves, codes, users, reports, plans, demo).
A `SurveyError` or an `OSError` is the user's to fix: its lines go to stderr
without a traceback and the exit status is 1 (2 for a mistake on the command
line). Any other exception is a bug and surfaces as one.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import datetime

from scoring.cli_i18n import EXIT_USAGE, Parser, language
from scoring.errors import SurveyError
from scoring.messages import LANGUAGES, text
from scoring.tables import SHEETS
from survey import settings
from survey.auth import ROLES
from survey.cli_codes import run_codes
from survey.cli_demo import run_demo
from survey.cli_output import say
from survey.cli_plans import run_plans, run_results
from survey.cli_reports import run_export, run_report
from survey.cli_users import run_users
from survey.cli_waves import run_import, run_wave
from survey.store import ACCESS_MODES, MAX_CODES, SEOUL, Store

__all__ = ["build_parser", "main"]

EXIT_DATA = 1
DEFAULT_URL = "http://localhost:8501"


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
        "wave": run_wave,
        "codes": run_codes,
        "import": run_import,
        "export": run_export,
        "users": run_users,
        "demo": run_demo,
        "migrate": _migrate,
        "plans": run_plans,
        "results": run_results,
        "report": run_report,
    }
    store = Store()
    if args.command != "migrate":
        for name, action in store.apply_schedule():
            say(f"admin.schedule_applied_{action}", lang, name=name)
    handlers[args.command](store, args, lang)
    return 0


def _migrate(store: Store, _args: argparse.Namespace, lang: str) -> None:
    say("admin.migrated", lang, url=store.engine.url.render_as_string(hide_password=True))
