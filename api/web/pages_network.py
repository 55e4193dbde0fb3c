"""The network map, the organisations ("know their mandate"), and each group (a mini-network)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from fastapi import Request, Response

from api.presenters import group as present_group
from api.web import svg_network
from api.web.members import Member, SignedIn
from api.web.people import everything, named
from api.web.render import render
from api.web.routing import new_router, object_id

router = new_router()


def end_of(day_text: str, member: Member) -> datetime | None:
    """The end of a day on the network's calendar: "as of 1 March" includes all of 1 March."""
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        return None
    moment = datetime.combine(day + timedelta(days=1), time(0), member.zone) - timedelta(microseconds=1)
    return moment if moment < datetime.now(member.zone) else None


@router.get("/network")
def network_map(request: Request, member: SignedIn, as_of: str = "") -> Response:
    services, nid = request.app.state.services, member.network_id
    moment = end_of(as_of, member) if as_of else None
    report = services.views.network_map(nid, as_of=moment, strongest=svg_network.MAX_EDGES)
    groups = everything(services, "groups", nid)
    styles = svg_network.group_styles(groups)
    return render(request, "network.html", member=member, title="Network map", report=report,
                  picture=svg_network.picture(report, network_name=member.network_name, groups=styles),
                  styles=styles,
                  steps=svg_network.steps(report), groups=groups,
                  as_of=as_of if moment else "", sectors=sorted({n["sector"] for n in report["nodes"]}))


@router.get("/organisations")
def organisations(request: Request, member: SignedIn) -> Response:
    report = request.app.state.services.views.report("organisations", member.network_id)
    return render(request, "organisations.html", member=member, title="Organisations", report=report)


@router.get("/groups/{group_id}")
def group_page(request: Request, member: SignedIn, group_id: str) -> Response:
    services = request.app.state.services
    group = present_group(services.app, services.app.group(member.network_id, object_id(group_id)))
    return render(request, "group.html", member=member, title=group["name"], group=group,
                  people=named(services, member.network_id, group["members"]))
