"""Lists of organisations, expectations and groups, with the same keyset pagination as the directory.

Items have the shapes the API shows for a single object, so a client can use either.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import select

from projections.reports.context import ReportContext
from projections.reports.facts import by_id, open_texts
from projections.reports.lists import paginate


def organisations(ctx: ReportContext, *, cursor: str | None, limit: int, filters: dict[str, Any]) -> dict[str, Any]:
    """By name; filters sector and side."""
    o = ctx.t.organisations
    query = select(o).where(o.c.network_id == ctx.network_id)
    for name in ("sector", "side"):
        if filters.get(name) is not None:
            query = query.where(o.c[name] == filters[name])
    return paginate(ctx, query, [(o.c.name, str), (o.c.id, UUID)], cursor=cursor, limit=limit, render=lambda row: {
        "id": row.id, "occurred_at": row.occurred_at, "name": row.name, "sector": row.sector, "side": row.side,
        "mandate": row.mandate, "aims": row.aims, "version": row.version})


def expectations(ctx: ReportContext, *, cursor: str | None, limit: int, filters: dict[str, Any]) -> dict[str, Any]:
    """Soonest due first; filters status, owed_by and stakeholder_id."""
    x, s = ctx.t.expectations, ctx.t.stakeholders
    query = select(x, s.c.erased).join(s, s.c.id == x.c.stakeholder_id).where(x.c.network_id == ctx.network_id)
    for name in ("status", "owed_by", "stakeholder_id"):
        if filters.get(name) is not None:
            query = query.where(x.c[name] == filters[name])
    page = paginate(ctx, query, [(x.c.due_on, date.fromisoformat), (x.c.id, UUID)], cursor=cursor, limit=limit,
                    render=lambda row: row)
    rows = page["items"]
    opened = open_texts(ctx, [(row.id, row.stakeholder_id, row.description) for row in rows if not row.erased])
    return {"items": [expectation(row, opened.get(row.id)) for row in rows], "next_cursor": page["next_cursor"]}


def expectation(row: Any, description: str | None) -> dict[str, Any]:
    return {
        "id": row.id, "stakeholder_id": row.stakeholder_id, "owed_by": row.owed_by, "description": description,
        "agreed_at": row.agreed_at, "due_on": row.due_on, "status": row.status, "closed_at": row.closed_at,
        "renegotiations": row.renegotiations, "erased": description is None, "version": row.version,
    }


def groups(ctx: ReportContext, *, cursor: str | None, limit: int, filters: dict[str, Any]) -> dict[str, Any]:
    """By name, each with its members' ids in the order they joined; filter kind."""
    g = ctx.t.groups
    query = select(g).where(g.c.network_id == ctx.network_id)
    if filters.get("kind") is not None:
        query = query.where(g.c.kind == filters["kind"])
    page = paginate(ctx, query, [(g.c.name, str), (g.c.id, UUID)], cursor=cursor, limit=limit, render=lambda row: row)
    members = members_of(ctx, [row.id for row in page["items"]])
    return {"items": [{"id": row.id, "occurred_at": row.occurred_at, "name": row.name, "kind": row.kind,
                       "theme": row.theme, "sector": row.sector, "members": members.get(row.id, []),
                       "version": row.version} for row in page["items"]],
            "next_cursor": page["next_cursor"]}


def members_of(ctx: ReportContext, group_ids: list[UUID]) -> dict[UUID, list[UUID]]:
    m = ctx.t.members
    rows = ctx.connection.execute(select(m).where(m.c.group_id.in_(group_ids)))
    found: dict[UUID, list[UUID]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.added_at, by_id(r.stakeholder_id))):
        found[row.group_id].append(row.stakeholder_id)
    return found
