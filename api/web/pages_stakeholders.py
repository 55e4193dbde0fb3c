"""Stakeholders: the filtered list, and one person's page with plan, timeline, trust, expectations and asks."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import Request, Response

from api.presenters import stakeholder as present
from api.web import svg_trust
from api.web.members import Member, SignedIn
from api.web.people import communities, everything, mentioned, named
from api.web.render import render
from api.web.routing import new_router, object_id
from domain.vocabulary import Level, Sector, Side, StakeholderStatus
from projections.reports.lists import BadCursor

router = new_router()
PAGE_SIZE = 50
TIMELINE_SIZE = 100
# The asks most often acted on are the recent ones; someone asked for years carries hundreds.
ASKS_SIZE = 25
FILTERS = {"sector": Sector, "side": Side, "level": Level, "status": StakeholderStatus}


def chosen_filters(request: Request) -> dict[str, str]:
    """Only values from the vocabularies (and a short search and community) reach the query."""
    given = request.query_params
    found = {name: given[name] for name, vocabulary in FILTERS.items()
             if given.get(name) in {member.value for member in vocabulary}}
    for name in ("q", "community"):
        if given.get(name, "").strip():
            found[name] = given[name].strip()[:200]
    return found


@router.get("/stakeholders")
def stakeholder_list(request: Request, member: SignedIn, cursor: str | None = None) -> Response:
    services, nid = request.app.state.services, member.network_id
    filters = chosen_filters(request)
    try:
        page = services.views.page("stakeholders", nid, cursor=cursor, limit=PAGE_SIZE, filters=filters)
    except BadCursor:
        page = services.views.page("stakeholders", nid, limit=PAGE_SIZE, filters=filters)
    # The directory pages by id; within a page, people look for a name.
    page["items"].sort(key=lambda item: ((item["name"] or "~").casefold(), str(item["id"])))
    organisations = {o["id"]: o["name"] for o in everything(services, "organisations", nid)}
    next_link = f"/stakeholders?{urlencode({**filters, 'cursor': page['next_cursor']})}" \
        if page["next_cursor"] else None
    return render(request, "stakeholders.html", member=member, title="Stakeholders", items=page["items"],
                  filters=filters, organisations=organisations, communities=communities(services, nid),
                  next_link=next_link)


@router.get("/stakeholders/{stakeholder_id}")
def stakeholder_page(request: Request, member: SignedIn, stakeholder_id: str, before: str | None = None,
                     asks_before: str | None = None) -> Response:
    services, nid = request.app.state.services, member.network_id
    sid = object_id(stakeholder_id)
    profile = present(services.app, services.app.stakeholder(nid, sid))  # 404 for another network's person
    trust = services.views.trust(nid, sid)
    timeline = _interactions(services, nid, {"stakeholder_id": sid}, before, TIMELINE_SIZE)
    # Only the people this page names: the whole network's names would cost more than the page.
    people = named(services, nid, [profile["introduced_by"], profile["successor_id"], *mentioned(timeline["items"])])
    context = {
        "profile": profile, "people": people, "engagement": engagement(services, nid, sid), "timeline": timeline,
        "expectations": everything(services, "expectations", nid, stakeholder_id=sid),
        "asks": _interactions(services, nid, {"stakeholder_id": sid, "type": "ask"}, asks_before, ASKS_SIZE),
        "trust": trust, "trust_chart": svg_trust.chart(trust["history"], zone=member.zone, now=services.app.clock(),
                                                       name=profile["name"] or "this stakeholder"),
        "trust_changes": svg_trust.changes(trust["history"]),
        "organisation": _organisation(services, nid, profile["organisation_id"]),
        "actions": writer_actions(member, sid),
    }
    return render(request, "stakeholder.html", member=member, title=profile["name"] or "Erased stakeholder",
                  **context)


def _interactions(services: Any, nid: UUID, filters: dict[str, Any], before: str | None, size: int) -> dict[str, Any]:
    try:
        return services.views.page("interactions", nid, cursor=before, limit=size, filters=filters)
    except BadCursor:
        return services.views.page("interactions", nid, limit=size, filters=filters)


def engagement(services: Any, nid: UUID, sid: UUID) -> dict[str, Any]:
    """Due or neglected, and over-asked, as the neglect and overuse reports Today shows would list them."""
    return services.views.standing(nid, sid)


def _organisation(services: Any, nid: UUID, organisation_id: UUID | None) -> Any:
    return services.app.organisation(nid, organisation_id) if organisation_id else None


def writer_actions(member: Member, sid: UUID) -> list[tuple[str, str]]:
    back = f"&next=/stakeholders/{sid}"
    return [] if not member.can_write else [
        ("Log a contact", f"/log/contact?stakeholder_id={sid}{back}"),
        ("Information shared or received", f"/log/information?stakeholder_id={sid}{back}"),
        ("A decline", f"/log/declined?stakeholder_id={sid}{back}"),
        ("An ask", f"/log/ask?stakeholder_id={sid}{back}"),
        ("A meeting", f"/log/meeting?stakeholder_id={sid}{back}"),
        ("An expectation", f"/expectations/new?stakeholder_id={sid}{back}"),
        ("An introduction", f"/log/introduction?stakeholder_id={sid}{back}"),
    ]
