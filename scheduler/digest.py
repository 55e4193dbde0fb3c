"""The email digest: for one member, the new alerts and those still open, grouped by kind,
in plain text and HTML, each with a link to its page on the dashboard."""

from __future__ import annotations

import html
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from domain.alert import Alert, AlertKind, SubjectType

HEADINGS = {
    AlertKind.NEGLECT.value: "Not fed for too long",
    AlertKind.OVERUSE.value: "Asked too often",
    AlertKind.EXPECTATION_OVERDUE.value: "Overdue expectations",
}


@dataclass(frozen=True)
class Line:
    kind: str
    who: str
    what: str
    link: str


def describe(alert: Alert) -> str:
    t, o = alert.thresholds, alert.observed
    if alert.kind == AlertKind.NEGLECT and alert.subject_type == SubjectType.GROUP:
        return f"the group has not met for {o.get('days_since_met', 0):.0f} days (at most {t.get('max_interval_days')})"
    if alert.kind == AlertKind.NEGLECT:
        return f"{o.get('days_since_fed', 0):.0f} days since last fed (at most {t.get('max_interval_days')})"
    if alert.kind == AlertKind.OVERUSE:
        return (f"{o.get('asks_in_window')} asks in {t.get('window_days')} days (can carry {t.get('max_asks')}); "
                f"{alert.rule.replace('_', ' ')}")
    owed = "we owe it" if o.get("owed_by") == "us" else "they owe it"
    return f"was due on {t.get('due_on')}, {o.get('days_overdue')} days ago; {owed}"


def line(alert: Alert, *, who: str, public_url: str) -> Line:
    base = public_url.rstrip("/")
    page = "groups" if alert.subject_type == SubjectType.GROUP else "stakeholders"
    return Line(alert.kind, who, describe(alert), f"{base}/{page}/{alert.subject_id}")


def _grouped(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    return [(HEADINGS[kind], [x for x in lines if x.kind == kind]) for kind in HEADINGS
            if any(x.kind == kind for x in lines)]


def text_body(*, member: str, network: str, new: list[Line], still_open: list[Line], public_url: str) -> str:
    parts = [f"Hello {member},", "", f"New alerts in {network}:"]
    for title, section in (("", new), ("Still open:", still_open)):
        if title and section:
            parts += ["", title]
        for heading, lines in _grouped(section):
            parts += ["", f"{heading}:"] + [f"  - {x.who}: {x.what}\n    {x.link}" for x in lines]
    parts += ["", f"All alerts: {public_url.rstrip('/')}/alerts", ""]
    return "\n".join(parts)


def html_body(*, member: str, network: str, new: list[Line], still_open: list[Line], public_url: str) -> str:
    e = html.escape
    parts = [f"<p>Hello {e(member)},</p>", f"<h1>New alerts in {e(network)}</h1>"]
    for title, section in (("", new), ("Still open", still_open)):
        if title and section:
            parts.append(f"<h1>{title}</h1>")
        for heading, lines in _grouped(section):
            items = "".join(f'<li><a href="{e(x.link)}">{e(x.who)}</a>: {e(x.what)}</li>' for x in lines)
            parts.append(f"<h2>{e(heading)}</h2><ul>{items}</ul>")
    parts.append(f'<p><a href="{e(public_url.rstrip("/"))}/alerts">All alerts</a></p>')
    return "<html><body>" + "".join(parts) + "</body></html>"


def compose(*, sender: str, to: str, member: str, network: str, new: list[Line], still_open: list[Line],
            public_url: str) -> EmailMessage:
    message = EmailMessage()
    count = len(new)
    message["Subject"] = f"linkingpin: {count} new alert{'s' if count != 1 else ''} in {network}"
    message["From"], message["To"] = sender, to
    parts = {"member": member, "network": network, "new": new, "still_open": still_open, "public_url": public_url}
    message.set_content(text_body(**parts))
    message.add_alternative(html_body(**parts), subtype="html")
    return message


def subject_name(app: Any, alert: Alert) -> str:
    """Names are read when the digest is written and never stored with the alert."""
    if alert.subject_type == SubjectType.GROUP:
        return app.group(alert.network_id, alert.subject_id).name
    sealed = app.stakeholder(alert.network_id, alert.subject_id).name
    return app.vault.open(alert.subject_id, sealed) or "(erased)"
