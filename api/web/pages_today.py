"""Today: what needs attention now, each one click from acting on it."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from api.web import alert_index
from api.web.alert_cards import cards
from api.web.members import SignedIn
from api.web.people import group_names, named
from api.web.render import render
from api.web.routing import new_router

router = new_router()
ALERTS_SHOWN = 10
# The most urgent of each list: a large network has thousands overdue, more than anyone acts on in a day
# and more than a page can render quickly. `?all=1` shows every one.
SHOWN = 25


@router.get("/today")
def today(request: Request, member: SignedIn, all: str = "") -> Response:  # noqa: A002 (the address's word)
    services, nid = request.app.state.services, member.network_id
    limit = None if all else SHOWN
    lists, counts = urgent(services.views, nid, limit=limit)
    shown = {name: items[:limit] for name, items in lists.items()}
    alerts = alert_index.listing(services, nid, status="open", limit=ALERTS_SHOWN)
    people = named(services, nid, [i["stakeholder_id"] for name in ("us", "them", "due_soon") for i in shown[name]]
                   + [a.subject_id for a in alerts["items"]])
    return render(request, "today.html", member=member, title="Today",
                  neglect={"neglected": shown["neglected"], "due": shown["due"]},
                  quiet_groups=shown["quiet_groups"], overuse=shown["overuse"],
                  promises={"us": shown["us"], "them": shown["them"]}, due_soon=shown["due_soon"],
                  counts=counts, limited=limit is not None,
                  shown_limit=SHOWN, alerts=cards(services.app, alerts["items"], people, group_names(services, nid)),
                  alert_count=alerts["total"], people=people)


def urgent(views: Any, nid: Any, *, limit: int | None = None) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int]]:
    """Each list Today shows, most urgent first (the reports already order them so), and how long each is.
    Neglect and overuse weigh everyone but open names (and read the asks behind reasons) only for those shown."""
    paging = {"limit": limit} if limit else {}
    neglected, due = (views.report("neglect", nid, status=status, **paging) for status in ("neglected", "due"))
    overuse, promises = views.report("overuse", nid, **paging), views.report("expectations", nid)
    lists = {"neglected": neglected["items"], "due": due["items"], "quiet_groups": neglected["groups"],
             "overuse": overuse["items"], "us": [i for i in promises["overdue"] if i["owed_by"] == "us"],
             "them": [i for i in promises["overdue"] if i["owed_by"] == "them"], "due_soon": promises["due_soon"]}
    counted = {name: report["total"] for name, report in (("neglected", neglected), ("due", due), ("overuse", overuse))}
    return lists, {**{name: len(items) for name, items in lists.items()}, **counted}
