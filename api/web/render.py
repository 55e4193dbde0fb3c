"""Jinja2 pages: autoescaped, with dates shown in the network's time zone."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from markupsafe import Markup

from api.web import labels, long_lists
from api.web.forms import local_path

UTC = ZoneInfo("UTC")
NOTICES = {
    "contact": "Contact logged.", "information": "Information exchange logged.", "declined": "Decline logged.",
    "ask": "Ask logged.", "outcome": "Outcome recorded.", "meeting": "Meeting logged.",
    "expectation": "Expectation agreed.", "expectation-outcome": "Expectation updated.",
    "introduction": "Introduction logged.", "registered": "Stakeholder registered.", "saved": "Changes saved.",
    "organisation": "Organisation registered.", "acknowledged": "Alert acknowledged.", "snoozed": "Alert snoozed.",
    "scanned": "Scan finished.", "signed-out": "You are signed out.",
}


def _zone(context: Any) -> ZoneInfo:
    member = context.get("member")
    return member.zone if member is not None else UTC


def local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)


@pass_context
def when(context: Any, moment: datetime | None) -> Markup:
    """A moment as a <time> element, in the network's time zone."""
    shown = local(moment, _zone(context))
    if shown is None:
        return Markup("&ndash;")
    return Markup('<time datetime="{}">{}</time>').format(shown.isoformat(), shown.strftime("%-d %b %Y, %H:%M"))


@pass_context
def day(context: Any, value: datetime | date | None) -> Markup:
    if value is None:
        return Markup("&ndash;")
    shown = local(value, _zone(context)).date() if isinstance(value, datetime) else value
    return Markup('<time datetime="{}">{}</time>').format(shown.isoformat(), shown.strftime("%-d %b %Y"))


def days(value: float | None) -> str:
    if value is None:
        return ""
    whole = int(value)
    return "1 day" if whole == 1 else f"{whole} days"


def short_id(value: object) -> str:
    return str(value)[:8]


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("api", "templates"), autoescape=select_autoescape(["html", "svg"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(when=when, day=day, days=days, label=labels.label, short=short_id,
                       trust_reason=labels.trust_reason, local=lambda path: local_path(path, "/today"))
    env.globals.update(CHOICES=labels.CHOICES, EVENT_WORDS=labels.EVENT_WORDS, option_tags=long_lists.options,
                       people_check_tags=long_lists.people_checks, attendance_rows=long_lists.attendance_rows)
    return env


ENVIRONMENT = _environment()


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    from api.web.members import current

    member = context.pop("member", None) or current(request)
    notice = NOTICES.get(request.query_params.get("done", ""))
    body = ENVIRONMENT.get_template(template).render(
        request=request, member=member, path=request.url.path, notice=context.pop("notice", notice), **context)
    return HTMLResponse(body, status_code=status)
