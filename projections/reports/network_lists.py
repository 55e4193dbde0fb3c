"""The network map's people and links, as lists: thousands of each in a large network, so each is
paged like every list (`cursor`, `limit`), the people by id and the links by their pair of ids."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from uuid import UUID

from sqlalchemy import case, func, select

from projections.reports.context import ReportContext
from projections.reports.facts import StoredIds, active_at, by_id, names, stored_id
from projections.reports.lists import paginate

EDGE_KINDS = ("introduction", "co_attendance", "direct_contact")
NODE = ("id", "name", "erased", "organisation_id", "sector", "side", "level", "communities")


def active_ids(ctx: ReportContext) -> set[Any]:
    """The ids of everyone active at T, as stored (see `stored_id`)."""
    s = ctx.t.stakeholders
    return set(ctx.connection.execute(select(stored_id(s.c.id)).where(*active_at(ctx))).scalars())


def memberships(ctx: ReportContext, ids: list[UUID] | None = None) -> dict[UUID, list[UUID]]:
    """Each person's groups by T (of these people only, when given), in `by_id` order."""
    m = ctx.t.members
    query = select(m.c.group_id, m.c.stakeholder_id).where(m.c.network_id == ctx.network_id, m.c.added_at <= ctx.at)
    if ids is not None:
        query = query.where(m.c.stakeholder_id.in_(ids))
    found: dict[UUID, list[UUID]] = defaultdict(list)
    for row in sorted(ctx.connection.execute(query), key=lambda r: by_id(r.group_id)):
        found[row.stakeholder_id].append(row.group_id)
    return found


def node_items(ctx: ReportContext, rows: list, *, groups: dict[UUID, list[UUID]] | None = None) -> list[dict]:
    opened = names(ctx, rows)
    groups = memberships(ctx, [row.id for row in rows]) if groups is None else groups
    return [{"stakeholder_id": row.id, "name": opened.get(row.id), "organisation_id": row.organisation_id,
             "sector": row.sector, "side": row.side, "level": row.level, "communities": row.communities,
             "groups": groups.get(row.id, [])} for row in rows]


def edge_query(ctx: ReportContext) -> Any:
    """One row per pair linked by T, counting each kind of link; ids as stored. Grouped in the edges'
    own order, so reading the first pairs reads only their rows. Whether both are active is left to
    the caller: asking the database made it seek every pair of active people."""
    e = ctx.t.edges
    per_kind = [func.sum(case((e.c.kind == kind, 1), else_=0)).label(kind) for kind in EDGE_KINDS]
    ids = (stored_id(e.c.network_id), stored_id(e.c.a), stored_id(e.c.b))
    return (select(*ids, *per_kind, func.count().label("total"))
            .where(e.c.network_id == ctx.network_id, e.c.occurred_at <= ctx.at)
            .group_by(e.c.network_id, e.c.a, e.c.b))


def edge_item(row: Any, ids: StoredIds) -> dict[str, Any]:
    """`ids` is shared by a list's links, which name the same people many times over."""
    return {"a": ids[row.a], "b": ids[row.b], "counts": {kind: row._mapping[kind] for kind in EDGE_KINDS},
            "total": row.total}


def nodes(ctx: ReportContext, *, cursor: str | None = None, limit: int = 50) -> dict[str, Any]:
    """The active stakeholders by T, by id, with their organisation, sector, side, level, communities, groups."""
    s = ctx.t.stakeholders
    query = select(*(s.c[name] for name in NODE)).where(*active_at(ctx))
    page = paginate(ctx, query, [(s.c.id, UUID)], cursor=cursor, limit=limit, render=lambda row: row)
    return {"as_of": ctx.at, "items": node_items(ctx, page["items"]), "next_cursor": page["next_cursor"]}


def edges(ctx: ReportContext, *, cursor: str | None = None, limit: int = 50) -> dict[str, Any]:
    """Links between active stakeholders by T, one per pair (`a` before `b`), with counts per kind."""
    e, ids, active = ctx.t.edges, StoredIds(), active_ids(ctx)
    page = paginate(ctx, edge_query(ctx), [(e.c.network_id, UUID), (e.c.a, UUID), (e.c.b, UUID)], cursor=cursor,
                    limit=limit, render=lambda row: edge_item(row, ids),
                    keep=lambda rows: [row for row in rows if row.a in active and row.b in active])
    return {"as_of": ctx.at, **page}
