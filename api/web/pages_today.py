"""Today: what needs attention now, each one click from acting on it."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from api.web.alert_cards import cards
from api.web.members import SignedIn
from api.web.people import everything, roster
from api.web.render import render
from api.web.routing import new_router

router = new_router()
ALERTS_SHOWN = 10


@router.get("/today")
def today(request: Request, member: SignedIn) -> Response:
    services = request.app.state.services
    views, nid = services.views, member.network_id
    neglect, overuse = views.report("neglect", nid), views.report("overuse", nid)
    promises = views.report("expectations", nid)
    people = roster(services, nid)
    groups = {g["id"]: g["name"] for g in everything(services, "groups", nid)}
    alerts = cards(services.app, services.app.alerts(nid, status="open"), people, groups)
    return render(request, "today.html", member=member, title="Today", neglect=split(neglect["items"]),
                  quiet_groups=neglect["groups"], overuse=overuse["items"], promises=by_party(promises),
                  due_soon=promises["due_soon"], alerts=alerts[:ALERTS_SHOWN], alert_count=len(alerts),
                  people=people)


def split(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Neglected people first: they are past the maximum interval, the due ones only past the ideal."""
    return {status: [i for i in items if i["status"] == status] for status in ("neglected", "due")}


def by_party(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {party: [i for i in report["overdue"] if i["owed_by"] == party] for party in ("us", "them")}
