"""The timeline: every interaction, newest first, for the network or one stakeholder, by type and time.

Items carry their parties and their free text opened; text of an erased person reads as None.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, select

from projections.reports.context import ReportContext
from projections.reports.facts import by_id, open_texts
from projections.reports.lists import paginate

SEALED = {
    "contact": ("summary",), "information": ("topic",), "information_declined": ("reason",), "ask": ("purpose",),
    "meeting": ("title", "takeaways"), "introduction": ("reason",), "direct_contact": ("summary",),
}
MANY_PARTIES = ("introduction", "direct_contact")


def timeline_query(ctx: ReportContext, filters: dict[str, Any]) -> Select:
    i, p = ctx.t.interactions, ctx.t.parties
    query = select(i).where(i.c.network_id == ctx.network_id)
    if filters.get("type") is not None:
        query = query.where(i.c.type == filters["type"])
    if filters.get("from") is not None:
        query = query.where(i.c.occurred_at >= filters["from"])
    if filters.get("to") is not None:
        query = query.where(i.c.occurred_at <= filters["to"])
    if filters.get("stakeholder_id") is not None:
        theirs = select(p.c.interaction_id).where(p.c.stakeholder_id == filters["stakeholder_id"])
        query = query.where(i.c.id.in_(theirs))
    return query


def interactions(ctx: ReportContext, *, cursor: str | None, limit: int, filters: dict[str, Any]) -> dict[str, Any]:
    """Filters stakeholder_id, type, from and to (both inclusive)."""
    i = ctx.t.interactions
    page = paginate(ctx, timeline_query(ctx, filters), [(i.c.occurred_at, datetime.fromisoformat), (i.c.id, UUID)],
                    cursor=cursor, limit=limit, render=lambda row: row, descending=True)
    rows = page["items"]
    ids = [row.id for row in rows]
    parties, asks = parties_of(ctx, ids), asks_of(ctx, ids)
    texts = open_texts(ctx, [((row.id, name), row.sealed_by, row.sealed[name])
                             for row in rows for name in SEALED.get(row.type, ()) if name in row.sealed])
    return {"items": [render(row, parties[row.id], asks.get(row.id), texts) for row in rows],
            "next_cursor": page["next_cursor"]}


def parties_of(ctx: ReportContext, ids: list[UUID]) -> dict[UUID, list]:
    p = ctx.t.parties
    found: dict[UUID, list] = defaultdict(list)
    rows = ctx.connection.execute(select(p).where(p.c.interaction_id.in_(ids)))
    for row in sorted(rows, key=lambda r: by_id(r.stakeholder_id)):
        found[row.interaction_id].append(row)
    return found


def asks_of(ctx: ReportContext, ids: list[UUID]) -> dict[UUID, Any]:
    a = ctx.t.asks
    return {row.id: row for row in ctx.connection.execute(select(a).where(a.c.id.in_(ids)))}


def render(row: Any, parties: list, ask: Any, texts: dict) -> dict[str, Any]:
    opened = {name: texts.get((row.id, name)) for name in SEALED.get(row.type, ())}
    item = {"id": row.id, "type": row.type, "occurred_at": row.occurred_at, "recorded_at": row.recorded_at,
            "recorded_by": row.recorded_by, **row.details, **opened,
            "erased": any(text is None for text in opened.values())}
    if row.type == "meeting":
        item["attendees"] = [{"stakeholder_id": p.stakeholder_id, "attendance": p.attendance} for p in parties]
    elif row.type in MANY_PARTIES:
        item["stakeholder_ids"] = [p.stakeholder_id for p in parties]
    else:
        item["stakeholder_id"] = parties[0].stakeholder_id if parties else None
    if ask is not None:
        item.update(outcome=ask.outcome, answered_at=ask.answered_at)
    return item
