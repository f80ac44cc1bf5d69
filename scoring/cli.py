"""The command line: ``python -m scoring validate | report | sample``.

Help and messages are in Korean by default, in English with ``--lang en`` or
the environment variable ``CULTURE_LANG=en``. A `SurveyError` or an `OSError`
is the user's to fix: its lines go to stderr, without a traceback, and the
exit status is 2 for a mistake on the command line and 1 for bad data. Any
other exception is a bug and surfaces as one.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import math
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from scoring import messages
from scoring.cli_i18n import EXIT_USAGE, LANG_ENV, Parser, env_language, language
from scoring.errors import SurveyError
from scoring.messages import text

# The survey's model (pydantic) and the analysis modules (SciPy, pandas,
# openpyxl) are imported by the command that uses them, so ``--help`` starts
# without any of them and ``validate`` with the model only.

__all__ = ["BUNDLED_SURVEY", "LANG_ENV", "main"]


BUNDLED_SURVEY = Path(__file__).resolve().parent.parent / "questions.yaml"
"""The organization's survey at the repository root, used by ``sample`` by default."""

EXIT_DATA = 1
FORMATS = ("json", "text", "xlsx")


def _int_at_least(least: int | Callable[[], int], lang: str) -> Callable[[str], int]:
    def convert(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(text("cli.not_integer", lang, value=value)) from None
        minimum = least() if callable(least) else least
        if number < minimum:
            raise argparse.ArgumentTypeError(
                text("cli.at_least", lang, minimum=minimum, value=number)
            )
        return number

    return convert


def _integer(lang: str) -> Callable[[str], int]:
    def convert(value: str) -> int:
        try:
            return int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(text("cli.not_integer", lang, value=value)) from None

    return convert


def _filter(lang: str) -> Callable[[str], tuple[str, str]]:
    def convert(value: str) -> tuple[str, str]:
        demographic, sep, option = value.partition("=")
        if not sep or not demographic.strip() or not option.strip():
            raise argparse.ArgumentTypeError(text("cli.bad_filter", lang, value=value))
        return demographic.strip(), option.strip()

    return convert


def _min_k() -> int:
    from scoring.privacy import MIN_K

    return MIN_K


def _wave_name(lang: str) -> Callable[[str], str]:
    def convert(value: str) -> str:
        from scoring.sample import wave_names

        try:
            wave_names(value, 1)
        except SurveyError:
            raise argparse.ArgumentTypeError(
                text("sample.bad_last_wave", lang, value=value)
            ) from None
        return value

    return convert


def _choice(choices: Sequence[str], lang: str) -> Callable[[str], str]:
    def convert(value: str) -> str:
        if value not in choices:
            raise argparse.ArgumentTypeError(
                text("cli.invalid_choice", lang, value=value, choices=", ".join(choices))
            )
        return value

    return convert


def _options(parser: argparse.ArgumentParser, lang: str) -> argparse._ArgumentGroup:
    """The parser's option group with -h and --lang, titled in ``lang``."""
    group = parser.add_argument_group(text("cli_i18n.options", lang))
    group.add_argument("-h", "--help", action="help", help=text("cli_i18n.help", lang))
    group.add_argument(
        "--lang", type=_choice(messages.LANGUAGES, lang), help=text("cli_i18n.lang_help", lang)
    )
    return group


def build_parser(lang: str = "ko") -> tuple[Parser, dict[str, Parser]]:
    """The argument parser and its subcommand parsers, with help in ``lang``."""
    parser = Parser(
        prog="python -m scoring",
        description=text("cli.description", lang),
        add_help=False,
        lang=lang,
        keys="cli",
    )
    _options(parser, lang)
    commands = parser.add_subparsers(
        title=text("cli_i18n.commands", lang), dest="command", metavar="{validate,report,sample}"
    )

    def command(name: str) -> Parser:
        help_text = text(f"cli.{name}_help", lang)
        return commands.add_parser(
            name, help=help_text, description=help_text, add_help=False, lang=lang, keys="cli"
        )

    validate = command("validate")
    validate.add_argument_group(text("cli_i18n.arguments", lang)).add_argument(
        "file", metavar="FILE", help=text("cli.validate_file", lang)
    )
    _options(validate, lang)

    report = command("report")
    group = _options(report, lang)
    group.add_argument("--survey", metavar="FILE", help=text("cli.validate_file", lang))
    group.add_argument("--responses", metavar="FILE", help=text("cli.responses_help", lang))
    group.add_argument("--wave", metavar="W", help=text("cli.wave_help", lang))
    group.add_argument(
        "--by", metavar="DEMOGRAPHIC", action="append", default=[], help=text("cli.by_help", lang)
    )
    group.add_argument(
        "--filter",
        metavar="DEMOGRAPHIC=OPTION",
        type=_filter(lang),
        help=text("cli.filter_help", lang),
    )
    group.add_argument("--youth", action="store_true", help=text("cli.youth_help", lang))
    group.add_argument(
        "--min-group",
        metavar="K",
        type=_int_at_least(_min_k, lang),
        help=text("cli.min_group_help", lang),
    )
    group.add_argument(
        "--headcount",
        metavar="N",
        type=_int_at_least(1, lang),
        help=text("cli.headcount_help", lang),
    )
    group.add_argument(
        "--format",
        metavar="{json,text,xlsx}",
        type=_choice(FORMATS, lang),
        default="json",
        help=text("cli.format_help", lang),
    )
    group.add_argument("--out", metavar="FILE", help=text("cli.out_help", lang))

    sample = command("sample")
    group = _options(sample, lang)
    group.add_argument(
        "--n", metavar="N", type=_int_at_least(1, lang), help=text("cli.n_help", lang)
    )
    group.add_argument(
        "--waves",
        metavar="W",
        type=_int_at_least(1, lang),
        default=1,
        help=text("cli.waves_help", lang),
    )
    group.add_argument("--out", metavar="FILE", help=text("cli.sample_out_help", lang))
    group.add_argument(
        "--seed", metavar="S", type=_integer(lang), default=0, help=text("cli.seed_help", lang)
    )
    group.add_argument(
        "--survey",
        metavar="FILE",
        default=str(BUNDLED_SURVEY),
        help=text("cli.sample_survey_help", lang),
    )
    group.add_argument(
        "--last-wave",
        metavar="W",
        type=_wave_name(lang),
        default="2026-H2",
        help=text("cli.last_wave_help", lang),
    )
    return parser, {"validate": validate, "report": report, "sample": sample}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 success, 1 bad data, 2 bad usage)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        lang = env_language(argv, os.environ.get(LANG_ENV))
    except SurveyError as error:
        print(error.message(language(argv, "ko")), file=sys.stderr)
        return EXIT_USAGE
    parser, commands = build_parser(lang)
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.error(text("cli.no_command", lang))
        required = {"report": ("survey", "responses"), "sample": ("n", "out")}.get(args.command, ())
        missing = [f"--{name}" for name in required if getattr(args, name) is None]
        if missing:
            commands[args.command].error(text("cli.required", lang, options=", ".join(missing)))
        if args.command == "report" and args.format == "xlsx" and args.out is None:
            commands["report"].error(text("cli.xlsx_needs_out", lang))
        return _run(args, lang)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except SurveyError as error:
        shown, options = _as_options(error)
        print(shown.message(lang), file=sys.stderr)
        return EXIT_USAGE if options else EXIT_DATA
    except BrokenPipeError:
        # The reader of our output went away (``| head``): nothing left to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_DATA
    except OSError as error:
        detail = error.strerror or str(error)
        print(text("cli.os_error", lang, file=error.filename or "", detail=detail), file=sys.stderr)
        return EXIT_DATA


# The library names its parameters as places; the command line names its options.
_OPTIONS = {
    "wave": "--wave",
    "filter": "--filter",
    "youth": "--youth",
    "min_group": "--min-group",
    "headcount": "--headcount",
    "by": "--by",
}


def _as_options(error: SurveyError) -> tuple[SurveyError, bool]:
    """``error`` with parameter places named as options, and whether all were options.

    A problem in an option (``by[1]`` becomes ``--by[1]``) is a usage error;
    one in a file (a row, a YAML path) is a data error.
    """
    problems, options = [], True
    for problem in error.problems:
        name, bracket, rest = problem.place.partition("[")
        if name in _OPTIONS:
            problem = dataclasses.replace(problem, place=_OPTIONS[name] + bracket + rest)
        else:
            options = False
        problems.append(problem)
    return SurveyError(problems, error.total), options


def _run(args: argparse.Namespace, lang: str) -> int:
    if args.command == "validate":
        return _validate(args, lang)
    if args.command == "report":
        return _report(args, lang)
    return _sample(args, lang)


def _validate(args: argparse.Namespace, lang: str) -> int:
    from scoring.questionnaire import load_survey

    survey = load_survey(args.file)
    print(
        text(
            "cli.valid",
            lang,
            file=args.file,
            dimensions=len(survey.dimensions),
            items=len(survey.items),
        )
    )
    return 0


def _json_safe(value: Any) -> Any:
    """A JSON-ready copy: NaN and infinities become None, tuples lists, numpy scalars Python."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _import_meanwhile(names: Sequence[str]) -> threading.Thread:
    """Start importing the modules ``names`` in a thread; join it before using them.

    pyarrow lets go of the GIL while it parses a response file, so SciPy and
    the report (a third of a second to import) come in on the other core
    meanwhile. An import that fails there is left to fail again, and be
    reported, where the module is used.
    """

    def run() -> None:
        for name in names:
            try:
                importlib.import_module(name)
            except Exception:  # raised again by the import that needs the module
                return

    thread = threading.Thread(target=run, name="scoring-imports")
    thread.start()
    return thread


def _report(args: argparse.Namespace, lang: str) -> int:
    from scoring.questionnaire import load_survey
    from scoring.responses import read_responses

    survey = load_survey(args.survey)
    later = ["scipy.special", "scoring.report"]
    if args.format != "json":
        later.append("scoring.render")
    imports = _import_meanwhile(later)
    try:
        frame = read_responses(args.responses, survey)
    finally:
        imports.join()
    from scoring.report import build_report

    report = build_report(
        survey,
        frame,
        wave=args.wave,
        by=tuple(args.by),
        filter=args.filter,
        youth=args.youth,
        min_group=args.min_group,
        headcount=args.headcount,
    )
    data = report.to_dict()
    if args.format == "xlsx":
        from scoring.writers import write_xlsx

        write_xlsx(data, survey, args.out, lang)
        print(text("cli.written", lang, file=args.out), file=sys.stderr)
        return 0
    if args.format == "json":
        output = json.dumps(_json_safe(data), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    else:
        from scoring.render import render_text

        output = render_text(data, survey, lang)
    if args.out is None:
        sys.stdout.write(output)
        sys.stdout.flush()
    else:
        Path(args.out).write_text(output, encoding="utf-8")
        print(text("cli.written", lang, file=args.out), file=sys.stderr)
    return 0


def _sample(args: argparse.Namespace, lang: str) -> int:
    from scoring.questionnaire import load_survey
    from scoring.sample import generate, wave_names, write_sample_csv

    survey = load_survey(args.survey)
    names = wave_names(args.last_wave, args.waves)
    frame = generate(survey, args.n, waves=args.waves, seed=args.seed, last_wave=args.last_wave)
    write_sample_csv(frame, args.out)
    print(
        text(
            "cli.sample_written",
            lang,
            file=args.out,
            rows=f"{len(frame):,}",
            waves=len(names),
            first=names[0],
            last=names[-1],
        ),
        file=sys.stderr,
    )
    return 0
