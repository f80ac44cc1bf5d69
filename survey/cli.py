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

import pandas as pd
from sqlalchemy import select

from scoring.cli_i18n import EXIT_USAGE, Parser, language
from scoring.errors import SurveyError
from scoring.messages import LANGUAGES, register, text
from scoring.questionnaire import Survey
from scoring.render import SHEETS
from survey import settings
from survey.auth import ROLES, generate_password
from survey.db import audit_log
from survey.store import ACCESS_MODES, MAX_CODES, Store

__all__ = ["DEMO_USERS", "DEMO_WAVES", "DemoResult", "build_parser", "main", "seed_demo"]

EXIT_DATA = 1

DEMO_WAVES = ("2025-H1", "2025-H2", "2026-H1", "2026-H2")
"""The demo's waves: all but the last closed with synthetic responses; the last open."""
DEMO_USERS = (("hr", "hr"), ("youth", "youth_panel"))
"""The demo's accounts: (name, role)."""
DEMO_RESPONSES = 200
DEMO_PARTICIPATION = 0.85  # headcounts are set so that about this share took part

register(
    {
        "demo.refused": {
            "ko": "데모 데이터는 데모가 만든 데이터베이스에만 넣을 수 있습니다. 이 "
            "데이터베이스에는 데모가 만들지 않은 데이터(차수, 계정, 감사 기록)가 있어 아무것도 "
            "바꾸지 않았습니다. 데모 모드(CULTURE_DEMO)를 끄거나 CULTURE_DB_URL에 빈 "
            "데이터베이스를 지정해 주십시오",
            "en": "demo data goes only into a database the demo created. This database holds "
            "data the demo did not create (waves, accounts, audit entries), so nothing was "
            "changed. Turn demo mode (CULTURE_DEMO) off or set CULTURE_DB_URL to an empty "
            "database",
        },
        "admin.description": {
            "ko": "조직문화 설문 관리: 차수, 접근 코드, 응답 가져오기, 사용자, 데모 데이터",
            "en": "Run the culture survey: waves, access codes, imports, users, demo data",
        },
        "admin.no_command": {"ko": "명령을 지정해 주십시오", "en": "give a command"},
        "admin.required": {
            "ko": "다음 인자가 필요합니다: {options}",
            "en": "the following arguments are required: {options}",
        },
        "admin.invalid_choice": {
            "ko": "{value}은(는) 쓸 수 없습니다 (가능한 값: {choices})",
            "en": "{value} is not allowed (choose from {choices})",
        },
        "admin.expected_value": {"ko": "값이 필요합니다", "en": "expected a value"},
        "admin.argument": {"ko": "{option}: {message}", "en": "{option}: {message}"},
        "admin.not_integer": {
            "ko": "정수가 아닙니다: {value}",
            "en": "not a whole number: {value}",
        },
        "admin.bad_count": {
            "ko": "선택지=인원수 형식이어야 합니다 (현재 값: {value})",
            "en": "must look like option=count (got {value})",
        },
        "admin.wave_help": {"ko": "차수를 관리합니다", "en": "manage waves"},
        "admin.wave_create_help": {
            "ko": "새 차수를 초안 상태로 만듭니다",
            "en": "create a wave as a draft",
        },
        "admin.wave_name_help": {
            "ko": "차수 이름 (예: 2025-H2)",
            "en": "wave name (for example 2025-H2)",
        },
        "admin.mode_help": {
            "ko": "참여 방식: codes(일회용 접근 코드, 기본값) 또는 open(공유 링크)",
            "en": "access mode: codes (one-time access codes, default) or open (shared link)",
        },
        "admin.wave_open_help": {
            "ko": "차수를 열어 응답을 받습니다",
            "en": "open a wave for responses",
        },
        "admin.wave_close_help": {
            "ko": "차수를 마감합니다 (다시 열 수 없습니다)",
            "en": "close a wave (it can never be reopened)",
        },
        "admin.wave_list_help": {"ko": "차수 목록을 보여 줍니다", "en": "list the waves"},
        "admin.wave_headcount_help": {
            "ko": "차수의 부서별 인원수를 정합니다 (참여율 계산용)",
            "en": "set a wave's headcount per department (for participation rates)",
        },
        "admin.counts_help": {
            "ko": "부서 선택지별 인원수 (예: planning=25 ai_data=40)",
            "en": "headcount per department option (for example planning=25 ai_data=40)",
        },
        "admin.age_help": {
            "ko": "연령대 선택지별 인원수 (예: age_under_30=30)",
            "en": "headcount per age band option (for example age_under_30=30)",
        },
        "admin.codes_help": {"ko": "접근 코드를 관리합니다", "en": "manage access codes"},
        "admin.codes_issue_help": {
            "ko": "일회용 접근 코드를 발급해 CSV 파일로 저장합니다",
            "en": "issue one-time access codes into a CSV file",
        },
        "admin.count_help": {
            "ko": "발급할 코드 수 (1~{limit})",
            "en": "number of codes (1 to {limit})",
        },
        "admin.out_help": {
            "ko": "코드를 저장할 새 CSV 파일 (이미 있는 파일은 덮어쓰지 않습니다)",
            "en": "new CSV file for the codes (an existing file is never overwritten)",
        },
        "admin.export_help": {
            "ko": "마감된 차수의 집계 보고서를 엑셀 또는 CSV로 내보냅니다"
            " (화면과 같은 비공개 규칙)",
            "en": "export a closed wave's aggregated report as Excel or CSV"
            " (the pages' privacy rules)",
        },
        "admin.export_format_help": {
            "ko": "파일 형식: xlsx(모든 시트) 또는 csv(시트 하나)",
            "en": "file format: xlsx (every sheet) or csv (one sheet)",
        },
        "admin.export_sheet_help": {
            "ko": "csv로 내보낼 시트 이름",
            "en": "the sheet to write as csv",
        },
        "admin.export_not_closed": {
            "ko": "'{name}' 차수는 아직 마감되지 않았습니다. 결과는 마감한 뒤에 내보낼 수 있습니다"
            " (응답이 들어올 때마다 결과를 비교하면 한 사람의 답이 드러나기 때문입니다)",
            "en": "wave '{name}' is not closed yet; results can be exported once it closes"
            " (comparing results as each response arrives would reveal one person's answers)",
        },
        "admin.exported": {
            "ko": "'{name}' 차수 보고서를 {file}에 저장했습니다",
            "en": "saved the report of wave '{name}' to {file}",
        },
        "admin.import_help": {
            "ko": "과거 응답 파일(CSV/XLSX)을 차수로 가져옵니다 (전부 아니면 전무)",
            "en": "import a historical response file (CSV/XLSX) into a wave (all or nothing)",
        },
        "admin.file_help": {
            "ko": "응답 파일 (가로형 배치, wave 열 포함)",
            "en": "response file (wide layout, with a wave column)",
        },
        "admin.users_help": {"ko": "사용자를 관리합니다", "en": "manage users"},
        "admin.users_add_help": {
            "ko": "인사 담당자(hr) 또는 청년 패널(youth_panel) 사용자를 만듭니다",
            "en": "create an HR (hr) or youth panel (youth_panel) user",
        },
        "admin.users_passwd_help": {
            "ko": "사용자의 비밀번호를 바꾸고 잠금을 풉니다",
            "en": "change a user's password and lift any lockout",
        },
        "admin.users_list_help": {"ko": "사용자 목록을 보여 줍니다", "en": "list the users"},
        "admin.user_name_help": {"ko": "사용자 이름", "en": "user name"},
        "admin.role_help": {"ko": "역할: hr 또는 youth_panel", "en": "role: hr or youth_panel"},
        "admin.generate_help": {
            "ko": "비밀번호를 묻지 않고 새로 만들어 한 번만 보여 줍니다",
            "en": "generate a password and show it once instead of asking for one",
        },
        "admin.demo_help": {
            "ko": "데모 차수 4개와 데모 계정을 만듭니다 (다시 실행해도 중복되지 않습니다)",
            "en": "create four demo waves and demo accounts (safe to run again)",
        },
        "admin.migrate_help": {
            "ko": "데이터베이스를 만들거나 최신 구조로 올립니다",
            "en": "create the database or bring its tables up to date",
        },
        "admin.password_prompt": {"ko": "비밀번호: ", "en": "Password: "},
        "admin.password_again": {"ko": "비밀번호 확인: ", "en": "Password again: "},
        "admin.password_mismatch": {
            "ko": "두 비밀번호가 다릅니다",
            "en": "the two passwords differ",
        },
        "admin.no_password": {
            "ko": "비밀번호를 입력받지 못했습니다. --generate를 쓰십시오",
            "en": "no password was entered; use --generate",
        },
        "admin.file_exists": {
            "ko": "{file}이(가) 이미 있습니다. 코드를 잃지 않도록 새 파일 이름을 지정해 주십시오",
            "en": "{file} already exists; give a new file name so no codes are lost",
        },
        "admin.os_error": {"ko": "{file}: {detail}", "en": "{file}: {detail}"},
        "admin.migrated": {
            "ko": "데이터베이스가 준비되었습니다: {url}",
            "en": "the database is ready: {url}",
        },
        "admin.wave_created": {
            "ko": "차수 {name}을(를) 초안으로 만들었습니다 (참여 방식: {mode})",
            "en": "created the wave {name} as a draft (access mode: {mode})",
        },
        "admin.wave_opened": {
            "ko": "차수 {name}을(를) 열었습니다. 이제 응답을 받습니다",
            "en": "opened the wave {name}; it now takes responses",
        },
        "admin.wave_closed": {
            "ko": "차수 {name}을(를) 마감했습니다 (응답 {count}건)",
            "en": "closed the wave {name} ({count} responses)",
        },
        "admin.headcount_set": {
            "ko": "차수 {name}의 인원수를 저장했습니다 (모두 {total}명)",
            "en": "saved the headcount of the wave {name} ({total} people)",
        },
        "admin.no_waves": {"ko": "차수가 없습니다", "en": "there are no waves"},
        "admin.list_header": {
            "ko": "차수|상태|참여 방식|응답 수|인원수",
            "en": "wave|status|access|responses|headcount",
        },
        "admin.status_draft": {"ko": "초안", "en": "draft"},
        "admin.status_open": {"ko": "진행 중", "en": "open"},
        "admin.status_closed": {"ko": "마감", "en": "closed"},
        "admin.mode_codes": {"ko": "접근 코드", "en": "access codes"},
        "admin.mode_open": {"ko": "공유 링크", "en": "open link"},
        "admin.codes_header": {"ko": "접근코드", "en": "code"},
        "admin.codes_issued": {
            "ko": "접근 코드 {count}개를 {file}에 저장했습니다. 이 파일이 코드의 유일한 사본입니다",
            "en": "{count} access codes written to {file}; this file is the only copy of them",
        },
        "admin.imported": {
            "ko": "{file}에서 응답 {count}건을 차수 {name}(으)로 가져왔습니다",
            "en": "imported {count} responses from {file} into the wave {name}",
        },
        "admin.user_added": {
            "ko": "사용자 {name}({role})을(를) 만들었습니다",
            "en": "created the user {name} ({role})",
        },
        "admin.password_changed": {
            "ko": "사용자 {name}의 비밀번호를 바꿨습니다",
            "en": "changed the password of {name}",
        },
        "admin.password_once": {
            "ko": "비밀번호: {password} (다시 보여 드리지 않으니 지금 보관해 주십시오)",
            "en": "password: {password} (it is not shown again: keep it now)",
        },
        "admin.no_users": {"ko": "사용자가 없습니다", "en": "there are no users"},
        "admin.users_header": {"ko": "이름|역할|잠금", "en": "name|role|locked"},
        "admin.locked_until": {"ko": "{time} (UTC)까지", "en": "until {time} UTC"},
        "admin.demo_wave": {
            "ko": "데모 차수 {name}: {status}, 응답 {count}건",
            "en": "demo wave {name}: {status}, {count} responses",
        },
        "admin.demo_user": {
            "ko": "데모 계정 {name}({role}) 비밀번호: {password}",
            "en": "demo account {name} ({role}) password: {password}",
        },
        "admin.demo_user_exists": {
            "ko": "데모 계정 {name}({role})은(는) 이미 있습니다. 비밀번호를 잊었다면: "
            "python -m survey users passwd {name} --generate",
            "en": "demo account {name} ({role}) already exists; if the password is lost: "
            "python -m survey users passwd {name} --generate",
        },
    }
)


def _language(argv: Sequence[str]) -> str:
    """``--lang`` from the arguments, else the ``CULTURE_LANG`` setting."""
    try:
        default = str(settings.get("lang"))
    except SurveyError:
        default = "ko"
    return language(argv, default)


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
    create.add_argument("name", help=text("admin.wave_name_help", lang))
    create.add_argument(
        "--mode", choices=ACCESS_MODES, default="codes", help=text("admin.mode_help", lang)
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
    issue.add_argument("--out", required=True, help=text("admin.out_help", lang))

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
    importer.add_argument("--wave", required=True, help=text("admin.wave_name_help", lang))
    importer.add_argument("file", help=text("admin.file_help", lang))

    user_commands = commands(parser_for(top, "users", "admin.users_help"), "action")
    add = parser_for(user_commands, "add", "admin.users_add_help")
    add.add_argument("--role", required=True, choices=ROLES, help=text("admin.role_help", lang))
    add.add_argument("name", help=text("admin.user_name_help", lang))
    add.add_argument("--generate", action="store_true", help=text("admin.generate_help", lang))
    passwd = parser_for(user_commands, "passwd", "admin.users_passwd_help")
    passwd.add_argument("name", help=text("admin.user_name_help", lang))
    passwd.add_argument("--generate", action="store_true", help=text("admin.generate_help", lang))
    parser_for(user_commands, "list", "admin.users_list_help")

    parser_for(top, "demo", "admin.demo_help")
    parser_for(top, "migrate", "admin.migrate_help")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run the admin command line; returns the exit status (0, 1 bad data, 2 bad usage)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language(argv)
    parser = build_parser(lang)
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.error(text("admin.no_command", lang))
        if args.command in ("wave", "codes", "users") and args.action is None:
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
    }
    handlers[args.command](Store(), args, lang)
    return 0


def _say(key: str, lang: str, **params: object) -> None:
    print(text(key, lang, **params))


def _migrate(store: Store, _args: argparse.Namespace, lang: str) -> None:
    _say("admin.migrated", lang, url=store.engine.url.render_as_string(hide_password=True))


def _wave(store: Store, args: argparse.Namespace, lang: str) -> None:
    if args.action == "create":
        wave = store.create_wave(args.name, args.mode)
        _say(
            "admin.wave_created",
            lang,
            name=wave.name,
            mode=text(f"admin.mode_{wave.access_mode}", lang),
        )
    elif args.action == "open":
        _say("admin.wave_opened", lang, name=store.open_wave(args.name).name)
    elif args.action == "close":
        wave = store.close_wave(args.name)
        _say("admin.wave_closed", lang, name=wave.name, count=store.count(wave.name))
    elif args.action == "headcount":
        by_age = dict(args.age) if args.age else None
        wave = store.set_headcount(args.name, dict(args.counts), by_age)
        _say("admin.headcount_set", lang, name=wave.name, total=wave.headcount_total)
    else:
        _list_waves(store, lang)


def _list_waves(store: Store, lang: str) -> None:
    rows = [
        [
            wave.name,
            text(f"admin.status_{wave.status}", lang),
            text(f"admin.mode_{wave.access_mode}", lang),
            str(store.count(wave.name)),
            "" if wave.headcount_total is None else str(wave.headcount_total),
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
    # Opened before the codes exist, so that an unwritable or existing file
    # fails before anything is issued; removed again if issuing fails.
    try:
        handle = open(args.out, "x", encoding="utf-8-sig", newline="")  # noqa: SIM115
    except FileExistsError:
        raise SurveyError.single("admin.file_exists", file=args.out) from None
    with handle:
        try:
            issued = store.issue_codes(args.wave, args.count)
        except BaseException:
            handle.close()
            os.remove(args.out)
            raise
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([text("admin.codes_header", lang)])
        writer.writerows([code] for code in issued)
    _say("admin.codes_issued", lang, count=len(issued), file=args.out)


def _export(store: Store, args: argparse.Namespace, lang: str) -> None:
    # The same report and the same rules as the overview page's download:
    # closed waves only, every breakdown, the youth comparison, N from the wave.
    # Imported here: scoring.report brings SciPy (half a second) that no other
    # admin command needs.
    from scoring.report import build_report
    from survey.export import sheet_csv, workbook
    from survey.headcounts import headcount_for

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
        workbook(report, survey, lang)
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
    count = store.import_responses(args.wave, args.file)
    _say("admin.imported", lang, count=count, file=args.file, name=args.wave)


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
            ]
            for user in users
        ]
        _print_table(text("admin.users_header", lang).split("|"), rows)
        return
    password = generate_password() if args.generate else _ask_password(lang)
    if args.action == "add":
        user = store.add_user(args.name, args.role, password)
        _say("admin.user_added", lang, name=user.name, role=user.role)
    else:
        store.set_password(args.name, password)
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
    """Headcounts by department and by age band that about 85% of took part."""

    def counts(demographic_id: str | None) -> dict[str, int] | None:
        if demographic_id is None or survey.demographic(demographic_id) is None:
            return None
        shares = rows[demographic_id].value_counts(normalize=True)
        return {
            str(option): math.ceil(len(rows) * float(share) / DEMO_PARTICIPATION)
            for option, share in shares.items()
        }

    ids = [d.id for d in survey.demographics]
    department = next((i for i in ids if i in ("dept", "department")), ids[0] if ids else None)
    age = survey.youth.demographic if survey.youth else None
    return counts(department), counts(age if age != department else None)


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
