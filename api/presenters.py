"""Aggregates as the API contract shows them, with sealed personal fields opened (or null once erased)."""

from __future__ import annotations

import json
from typing import Any, Callable

from api.reveal import reveal
from domain.access import Token
from domain.application import Linkingpin
from domain.ask import Ask
from domain.expectation import Expectation
from domain.group import Group
from domain.interactions import Contact, DirectContact, InformationDeclined, InformationExchange, Introduction
from domain.meeting import Meeting
from domain.network import Network
from domain.organisation import Organisation
from domain.stakeholder import Stakeholder


def _base(aggregate: Any, occurred_at: Any, **fields: Any) -> dict[str, Any]:
    return {"id": aggregate.id, "occurred_at": occurred_at, **fields, "version": aggregate.version}


def _opened(app: Linkingpin, subject: Any, **sealed: str) -> dict[str, Any]:
    """Opened fields plus `erased`: true when any of them can no longer be read."""
    opened = {name: reveal(app.vault, subject, value) for name, value in sealed.items()}
    return {**opened, "erased": any(value is None for value in opened.values())}


def organisation(_: Linkingpin, o: Organisation) -> dict[str, Any]:
    return _base(o, o.registered_at, name=o.name, sector=o.sector, side=o.side, mandate=o.mandate, aims=o.aims)


def stakeholder(app: Linkingpin, s: Stakeholder) -> dict[str, Any]:
    """Plan fields are effective: the stakeholder's own plan over the network's defaults, as in the directory."""
    opened = _opened(app, s.id, name=s.name, contact=s.contact)
    contact = opened["contact"]
    plan = app.effective_plan(s.network_id, s.plan)
    return _base(
        s, s.registered_at, name=opened["name"], organisation_id=s.organisation_id, function=s.function,
        sector=s.sector, side=s.side, level=s.level, communities=s.communities,
        contact=None if contact is None else {"email": "", "phone": "", **(json.loads(contact) if contact else {})},
        introduced_by=s.introduced_by, ideal_interval_days=plan.ideal_interval_days,
        max_interval_days=plan.max_interval_days,
        ask_capacity={"max_asks": plan.max_asks, "window_days": plan.window_days}, status=s.status,
        successor_id=s.successor_id, erased=s.erased or opened["erased"],
    )


def group(_: Linkingpin, g: Group) -> dict[str, Any]:
    return _base(g, g.formed_at, name=g.name, kind=g.kind, theme=g.theme, sector=g.sector, members=g.members)


def expectation(app: Linkingpin, e: Expectation) -> dict[str, Any]:
    return {
        "id": e.id, "stakeholder_id": e.stakeholder_id, "owed_by": e.owed_by, "agreed_at": e.agreed_at,
        "due_on": e.due_on, "status": e.status, "closed_at": e.closed_at,
        **_opened(app, e.stakeholder_id, description=e.description), "version": e.version,
    }


def network(_: Linkingpin, n: Network) -> dict[str, Any]:
    return {"id": n.id, "slug": n.slug, "name": n.name, "timezone": n.timezone, "default_plan": n.default_plan,
            "alert_schedule": n.alert_schedule, "version": n.version}


def token(_: Linkingpin, t: Token, secret: str | None = None) -> dict[str, Any]:
    return {"id": t.id, "member": t.member, "role": t.role, "issued_at": t.issued_at, "revoked_at": t.revoked_at,
            "secret": secret}


def contact(app: Linkingpin, c: Contact) -> dict[str, Any]:
    return _base(c, c.occurred_at, type="contact", stakeholder_id=c.stakeholder_id, channel=c.channel,
                 initiated_by=c.initiated_by, purpose=c.purpose, **_opened(app, c.stakeholder_id, summary=c.summary))


def information(app: Linkingpin, i: InformationExchange) -> dict[str, Any]:
    return _base(i, i.occurred_at, type="information", stakeholder_id=i.stakeholder_id, direction=i.direction,
                 sensitivity=i.sensitivity, **_opened(app, i.stakeholder_id, topic=i.topic))


def declined(app: Linkingpin, d: InformationDeclined) -> dict[str, Any]:
    return _base(d, d.occurred_at, type="information_declined", stakeholder_id=d.stakeholder_id,
                 declined_by=d.declined_by, reason_given=d.reason_given,
                 **_opened(app, d.stakeholder_id, reason=d.reason))


def ask(app: Linkingpin, a: Ask) -> dict[str, Any]:
    return _base(a, a.occurred_at, type="ask", stakeholder_id=a.stakeholder_id, importance=a.importance,
                 outcome=a.outcome, answered_at=a.answered_at, **_opened(app, a.stakeholder_id, purpose=a.purpose))


def meeting(app: Linkingpin, m: Meeting) -> dict[str, Any]:
    return _base(m, m.occurred_at, type="meeting", format=m.format, themes=m.themes, attendees=m.attendees,
                 disseminated_to=m.disseminated_to, group_id=m.group_id,
                 **_opened(app, m.network_id, title=m.title, takeaways=m.takeaways))


def introduction(app: Linkingpin, i: Introduction) -> dict[str, Any]:
    return _base(i, i.occurred_at, type="introduction", stakeholder_ids=i.stakeholder_ids,
                 **_opened(app, i.network_id, reason=i.reason))


def direct_contact(app: Linkingpin, d: DirectContact) -> dict[str, Any]:
    return _base(d, d.occurred_at, type="direct_contact", stakeholder_ids=d.stakeholder_ids,
                 **_opened(app, d.network_id, summary=d.summary))


INTERACTIONS: dict[type, Callable[[Linkingpin, Any], dict[str, Any]]] = {
    Contact: contact, InformationExchange: information, InformationDeclined: declined, Ask: ask, Meeting: meeting,
    Introduction: introduction, DirectContact: direct_contact,
}


def interaction(app: Linkingpin, aggregate: Any) -> dict[str, Any]:
    return INTERACTIONS[type(aggregate)](app, aggregate)
