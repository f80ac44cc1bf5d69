"""The admin commands on waves: create, schedule, open, close, headcounts, list, import."""

from __future__ import annotations

import argparse
import os
from datetime import datetime

from scoring.errors import SurveyError
from scoring.messages import text
from survey.cli_output import audit, print_table, say
from survey.store import SEOUL, Store, import_summary, import_template

__all__ = ["run_import", "run_wave"]


def run_wave(store: Store, args: argparse.Namespace, lang: str) -> None:
    """``wave create | schedule | open | close | headcount | list``."""
    if args.action == "create":
        wave = store.create_wave(
            args.name, args.mode, title_ko=args.title_ko, title_en=args.title_en
        )
        audit(store, "wave.create", wave=wave.name, mode=wave.access_mode)
        say(
            "admin.wave_created",
            lang,
            name=wave.name,
            mode=text(f"admin.mode_{wave.access_mode}", lang),
        )
    elif args.action == "open":
        wave = store.open_wave(args.name)
        audit(store, "wave.open", wave=wave.name)
        say("admin.wave_opened", lang, name=wave.name)
    elif args.action == "close":
        wave = store.close_wave(args.name)
        audit(store, "wave.close", wave=wave.name)
        say("admin.wave_closed", lang, name=wave.name, count=store.count(wave.name))
    elif args.action == "headcount":
        by_age = dict(args.age) if args.age else None
        wave = store.set_headcount(args.name, dict(args.counts), by_age)
        audit(store, "wave.headcount", wave=wave.name, total=wave.headcount_total)
        say("admin.headcount_set", lang, name=wave.name, total=wave.headcount_total)
    elif args.action == "schedule":
        wave = store.schedule_wave(args.name, args.opens, args.closes)
        audit(
            store,
            "wave.schedule",
            wave=wave.name,
            opens=_iso(wave.opens_at),
            closes=_iso(wave.closes_at),
        )
        say(
            "admin.schedule_set",
            lang,
            name=wave.name,
            opens=_when(wave.opens_at, lang),
            closes=_when(wave.closes_at, lang),
        )
    else:
        _list_waves(store, lang)


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
        say("admin.no_waves", lang)
        return
    print_table(text("admin.list_header", lang).split("|"), rows)


def run_import(store: Store, args: argparse.Namespace, lang: str) -> None:
    """``import``: responses into a wave, or the import template."""
    if args.template:
        data = import_template(store.survey, lang)
        try:
            with open(args.template, "xb") as out:
                out.write(data)
        except FileExistsError:
            raise SurveyError.single("admin.file_exists", file=args.template) from None
        say("admin.template_written", lang, file=args.template)
        if not args.file:
            return
    if not args.wave or not args.file:
        raise SurveyError.single("admin.import_needs")
    created = False
    if args.create and args.wave not in {w.name for w in store.list_waves()}:
        store.create_wave(args.wave)
        audit(store, "wave.create", wave=args.wave, mode="codes")
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
    audit(store, "responses.import", wave=args.wave, file=os.path.basename(args.file), count=count)
    say("admin.imported", lang, count=count, file=args.file, name=args.wave)
    if args.close:
        store.close_wave(args.wave)
        audit(store, "wave.close", wave=args.wave)
        say("admin.wave_closed", lang, name=args.wave, count=count)
