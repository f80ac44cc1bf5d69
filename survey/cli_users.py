"""The admin commands on HR and youth panel accounts: add, passwords, list, disable, unlock."""

from __future__ import annotations

import argparse
import getpass

from scoring.errors import SurveyError
from scoring.messages import text
from survey.auth import generate_password
from survey.cli_output import audit, print_table, say
from survey.store import Store

__all__ = ["run_users"]


def run_users(store: Store, args: argparse.Namespace, lang: str) -> None:
    """``users add | passwd | list | disable | enable | unlock | reset``."""
    if args.action == "list":
        users = store.list_users()
        if not users:
            say("admin.no_users", lang)
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
        print_table(text("admin.users_header", lang).split("|"), rows)
        return
    if args.action in ("disable", "enable"):
        store.set_disabled(args.name, args.action == "disable")
        audit(store, f"user.{args.action}", user=args.name)
        say(f"admin.user_{args.action}d", lang, name=args.name)
        return
    if args.action == "unlock":
        store.unlock(args.name)
        audit(store, "user.unlock", user=args.name)
        say("admin.user_unlocked", lang, name=args.name)
        return
    if args.action == "reset":
        password = store.reset_password(args.name)
        audit(store, "user.reset", user=args.name)
        say("admin.user_reset", lang, name=args.name, password=password)
        return
    password = generate_password() if args.generate else _ask_password(lang)
    if args.action == "add":
        user = store.add_user(args.name, args.role, password)
        audit(store, "user.add", user=user.name, role=user.role)
        say("admin.user_added", lang, name=user.name, role=user.role)
    else:
        store.set_password(args.name, password)
        audit(store, "user.password", user=args.name)
        say("admin.password_changed", lang, name=args.name)
    if args.generate:
        say("admin.password_once", lang, password=password)


def _ask_password(lang: str) -> str:
    try:
        first = getpass.getpass(text("admin.password_prompt", lang))
        second = getpass.getpass(text("admin.password_again", lang))
    except EOFError:
        raise SurveyError.single("admin.no_password") from None
    if first != second:
        raise SurveyError.single("admin.password_mismatch")
    return first
