"""For auditors: the event log with filters and as-of dates, and the verify result.
For everyone: one fact (event) in words, which trust points, alerts and the log link to."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import Request, Response

from api.presenters import INTERACTIONS, expectation as present_expectation
from api.web import event_log
from api.web.members import Auditor, SignedIn
from api.web.pages_network import end_of
from api.web.people import mentioned, named
from api.web.render import render
from api.web.routing import PageError, new_router, object_id
from domain.alert import Alert
from domain.errors import NotFound
from domain.expectation import Expectation
from domain.stakeholder import Stakeholder

router = new_router()


def _filters(request: Request, member: Any, choices: dict[str, list[str]]) -> tuple[event_log.LogFilters, dict]:
    """Only known types and recorders, real ids and real dates reach the query; the rest is ignored."""
    given = request.query_params
    shown = {name: given.get(name, "") for name in ("type", "recorded_by", "object", "as_of", "known_at")}
    try:
        object_uuid = UUID(shown["object"]) if shown["object"] else None
    except ValueError:
        object_uuid, shown["object"] = None, ""
    before = given.get("before", "")
    filters = event_log.LogFilters(
        type=shown["type"] if shown["type"] in choices["types"] else "",
        recorded_by=shown["recorded_by"] if shown["recorded_by"] in choices["recorders"] else "",
        object_id=object_uuid, as_of=end_of(shown["as_of"], member) if shown["as_of"] else None,
        known_at=end_of(shown["known_at"], member) if shown["known_at"] else None,
        before=int(before) if before.isdigit() else None)
    return filters, shown


@router.get("/events")
def events(request: Request, member: Auditor) -> Response:
    services = request.app.state.services
    choices = event_log.choices(services, member.network_id)
    filters, shown = _filters(request, member, choices)
    found = event_log.page(services, member.network_id, filters)
    more = None
    if found["before"] is not None:
        kept = {k: v for k, v in shown.items() if v}
        more = urlencode({**kept, "before": found["before"]})
    return render(request, "events.html", member=member, title="Event log", rows=found["items"], more=more,
                  shown=shown, choices=choices)


@router.get("/audit/verify")
def verify(request: Request, member: Auditor) -> Response:
    result = request.app.state.services.audit.verify(member.network_id)
    return render(request, "verify.html", member=member, title="Verify the event log", result=result)


@router.get("/facts/{event_id}")
def fact(request: Request, member: SignedIn, event_id: str) -> Response:
    services = request.app.state.services
    row = event_log.one(services, member.network_id, object_id(event_id))
    if row is None:
        raise PageError(404, "There is no such fact in your network.")
    about = _about(services.app, member.network_id, row.originator_id)
    return render(request, "fact.html", member=member, title="What happened", row=row, about=about,
                  people=named(services, member.network_id, _named_in(about)))


def _named_in(about: dict[str, Any]) -> list[Any]:
    """Whoever the fact page names: an interaction's parties, an expectation's subject, a person."""
    return mentioned([about.get("item") or {}]) + ([about["id"]] if about["kind"] == "stakeholder" else [])


def _about(app: Any, network_id: UUID, originator_id: UUID) -> dict[str, Any]:
    """What the fact is about, as the pages show it: an interaction, an expectation, a person, an alert."""
    try:
        aggregate = app.aggregate(network_id, originator_id)
    except NotFound:
        return {"kind": "other", "id": originator_id}
    if type(aggregate) in INTERACTIONS:
        return {"kind": "interaction", "item": INTERACTIONS[type(aggregate)](app, aggregate)}
    if isinstance(aggregate, Expectation):
        return {"kind": "expectation", "item": present_expectation(app, aggregate)}
    if isinstance(aggregate, Stakeholder):
        return {"kind": "stakeholder", "id": aggregate.id}
    if isinstance(aggregate, Alert):
        return {"kind": "alert", "id": aggregate.id}
    return {"kind": "other", "id": originator_id, "name": type(aggregate).__name__}
