"""Every page of the app, who may open it, and the navigation built from that.

Each area appends one `PageEntry` line per page to `PAGES`; nothing else in the
app lists pages. A visitor's navigation holds only the pages their role may
open, so a page outside it cannot be reached by its address either (Streamlit
shows the default page instead); protected pages still call
`survey.session.require_role` first, as a second lock.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

import streamlit as st

from survey.i18n import t

__all__ = [
    "ACCESSIBILITY_PAGE",
    "FORM_PAGE",
    "PAGES",
    "SIGNIN_PAGE",
    "PageEntry",
    "landing",
    "navigation_pages",
    "visible",
]

FORM_PAGE = "app_pages/survey_form.py"
ACCESSIBILITY_PAGE = "app_pages/accessibility.py"
SIGNIN_PAGE = "app_pages/signin.py"


class PageEntry(NamedTuple):
    """One page: its script, title (an i18n key), icon and the roles that may open it.

    ``roles`` is None for a page open to everyone (the employee form, the
    sign-in page), else the roles (``"hr"``, ``"youth_panel"``) allowed.
    ``section`` is the i18n key of its group in the navigation; by default
    public pages go under "survey" and the others under "reports".
    """

    path: str
    title: str
    icon: str
    roles: Collection[str] | None
    section: str | None = None


PAGES: list[PageEntry] = [
    PageEntry(FORM_PAGE, "nav.survey_form", ":material/edit_note:", None),
    PageEntry(SIGNIN_PAGE, "nav.signin", ":material/account_circle:", None),
    PageEntry(
        "app_pages/hr_overview.py",
        "dash.nav.overview",
        ":material/dashboard:",
        ("hr", "youth_panel"),
    ),
    PageEntry("app_pages/hr_trends.py", "dash.nav.trends", ":material/trending_up:", ("hr",)),
    PageEntry("app_pages/hr_breakdowns.py", "pdf.s.breakdowns", ":material/grid_view:", ("hr",)),
    PageEntry("app_pages/hr_items.py", "pdf.s.items", ":material/list_alt:", ("hr",)),
    PageEntry("app_pages/hr_reliability.py", "pdf.s.reliability", ":material/verified:", ("hr",)),
    PageEntry("app_pages/hr_comments.py", "dash.nav.comments", ":material/forum:", ("hr",)),
    PageEntry(
        "app_pages/hr_waves.py",
        "dash.nav.waves",
        ":material/event_note:",
        ("hr",),
        "dash.nav.section_admin",
    ),
    PageEntry(
        "app_pages/hr_audit.py",
        "dash.nav.audit",
        ":material/history:",
        ("hr",),
        "dash.nav.section_admin",
    ),
    PageEntry("app_pages/youth.py", "youth.nav", ":material/diversity_3:", ("youth_panel", "hr")),
    PageEntry(
        "app_pages/hr_users.py",
        "users.nav",
        ":material/manage_accounts:",
        ("hr",),
        "dash.nav.section_admin",
    ),
    PageEntry(
        "app_pages/account.py",
        "account.nav",
        ":material/password:",
        ("hr", "youth_panel"),
        "account.section",
    ),
    PageEntry("app_pages/plans.py", "plans.nav", ":material/task_alt:", ("hr", "youth_panel")),
    PageEntry("app_pages/results.py", "results.nav", ":material/campaign:", None),
    PageEntry("app_pages/accessibility.py", "a11y.nav", ":material/accessibility_new:", None),
]


def visible(role: str | None) -> list[PageEntry]:
    """The pages a visitor with this role (None: not signed in) may open, in order."""
    return [p for p in PAGES if p.roles is None or (role is not None and role in p.roles)]


def landing(role: str | None) -> PageEntry | None:
    """Where a user lands after signing in: their role's first page, if any."""
    return next((p for p in visible(role) if p.roles is not None), None)


def _section(entry: PageEntry) -> str:
    if entry.section is not None:
        return entry.section
    return "nav.section.survey" if entry.roles is None else "nav.section.reports"


def navigation_pages(role: str | None) -> dict[str, list[st.Page]]:
    """The ``st.navigation`` argument for this role: pages grouped by section title.

    The employee form is the default page (the address ``/``) for everyone,
    so the link handed to employees never changes. Pages this role may not
    open are registered too, hidden from the menu: their address then runs
    the page, whose `session.require_role` shows the sign-in prompt or a
    refusal, instead of Streamlit's "page not found".
    """
    allowed = {entry.path for entry in visible(role)}
    groups: dict[str, list[st.Page]] = {}
    for entry in PAGES:
        page = st.Page(
            entry.path,
            title=t(entry.title),
            icon=entry.icon,
            default=entry.path == FORM_PAGE,
            visibility="visible" if entry.path in allowed else "hidden",
        )
        groups.setdefault(t(_section(entry)), []).append(page)
    return groups
