"""The admin commands on action plans and the published results page."""

from __future__ import annotations

import argparse
import sys

from scoring.messages import text
from survey.cli_output import CLI_USER, audit, print_table, say
from survey.store import Store

__all__ = ["run_plans", "run_results"]


def run_plans(store: Store, args: argparse.Namespace, lang: str) -> None:
    """``plans list | export``."""
    from survey import plans

    found = plans.list_plans(store, args.wave)
    if args.action == "list":
        if not found:
            say("admin.plans_none", lang)
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
        print_table(text("admin.plans_header", lang).split("|"), rows)
        return
    data = plans.plans_csv(found, lang)
    if args.out:
        with open(args.out, "wb") as out:
            out.write(data)
    else:
        sys.stdout.write(data.decode("utf-8-sig"))
    audit(store, "plans.export", wave=args.wave, plans=len(found))
    if args.out:
        say("admin.plans_exported", lang, count=len(found), file=args.out)


def run_results(store: Store, args: argparse.Namespace, lang: str) -> None:
    """``results publish | unpublish``: the published results page's switch."""
    from survey import plans

    if args.action == "publish":
        changed = plans.publish_results(store, CLI_USER, args.wave)
        key = "admin.results_published" if changed else "admin.results_already"
        say(key, lang, name=args.wave)
    else:
        changed = plans.unpublish_results(store, CLI_USER, args.wave)
        say(
            "admin.results_unpublished" if changed else "admin.results_not_published",
            lang,
            name=args.wave,
        )
