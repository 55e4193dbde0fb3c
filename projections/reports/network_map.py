"""The network map: who is in the network, who is linked to whom, and what the network still lacks.

Nodes are the active stakeholders; edges come from introductions the coordinator brokered,
co-attendance at meetings and direct contacts. Beside the map: the formal/informal balance, which
sectors are covered, how many independent entries the network has into each community ("the
Muslim community does not equal the mosque"), progress through the three steps, and how
independent the network has become.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any
from uuid import UUID

from sqlalchemy import case, func, select

from domain.vocabulary import Sector, Side
from projections.reports.context import ReportContext
from projections.reports.facts import active_stakeholders, by_id, by_stored_id, names, stored_id
from projections.reports.network_steps import independence, steps

EDGE_KINDS = ("introduction", "co_attendance", "direct_contact")
NOT_A_GAP = {Sector.OTHER.value}  # "other" is a catch-all, never a missing sector


def memberships(ctx: ReportContext) -> dict[UUID, list[UUID]]:
    m = ctx.t.members
    query = select(m.c.group_id, m.c.stakeholder_id).where(m.c.network_id == ctx.network_id, m.c.added_at <= ctx.at)
    found: dict[UUID, list[UUID]] = defaultdict(list)
    for row in sorted(ctx.connection.execute(query), key=lambda r: by_id(r.group_id)):
        found[row.stakeholder_id].append(row.group_id)
    return found


def nodes(ctx: ReportContext, rows: list) -> list[dict[str, Any]]:
    opened, groups = names(ctx, rows), memberships(ctx)
    return [{"stakeholder_id": row.id, "name": opened.get(row.id), "organisation_id": row.organisation_id,
             "sector": row.sector, "side": row.side, "level": row.level, "communities": row.communities,
             "groups": groups.get(row.id, [])} for row in rows]


def edges(ctx: ReportContext, present: set[UUID]) -> list[dict[str, Any]]:
    """One edge per pair of active stakeholders, counting each kind of link between them.

    The database counts per pair and sorts: UUIDs order the same as their text on SQLite (lower-case hex)
    and PostgreSQL (bytes), so the order is the one `by_id` gives."""
    e, ids = ctx.t.edges, by_stored_id(present)
    per_kind = [func.sum(case((e.c.kind == kind, 1), else_=0)) for kind in EDGE_KINDS]
    query = (select(stored_id(e.c.a), stored_id(e.c.b), *per_kind, func.count())
             .where(e.c.network_id == ctx.network_id, e.c.occurred_at <= ctx.at)
             .group_by(e.c.a, e.c.b).order_by(e.c.a, e.c.b))
    return [{"a": ids[a], "b": ids[b], "counts": dict(zip(EDGE_KINDS, counts)), "total": total}
            for a, b, *counts, total in ctx.connection.execute(query) if a in ids and b in ids]


def balance(ctx: ReportContext, rows: list) -> dict[str, Any]:
    o = ctx.t.organisations
    organisations = ctx.connection.execute(
        select(o.c.side).where(o.c.network_id == ctx.network_id, o.c.occurred_at <= ctx.at)).scalars()
    people, places = Counter(row.side for row in rows), Counter(organisations)
    formal = people[Side.FORMAL.value]
    return {
        "stakeholders": {side.value: people[side.value] for side in Side},
        "organisations": {side.value: places[side.value] for side in Side},
        "informal_share": round((len(rows) - formal) / len(rows), 4) if rows else None,
    }


def coverage(rows: list) -> dict[str, Any]:
    present = Counter(row.sector for row in rows)
    return {
        "covered": [{"sector": s.value, "stakeholders": present[s.value]} for s in Sector if present[s.value]],
        "missing": [s.value for s in Sector if not present[s.value] and s.value not in NOT_A_GAP],
    }


def entry_points(rows: list) -> list[dict[str, Any]]:
    """Independent entries into each community: every organisation counts once, and so does every
    person who belongs to none (a credible voice is an entry of their own)."""
    found: dict[str, list] = defaultdict(list)
    for row in rows:
        for community in row.communities or []:
            found[community].append(row)
    result = []
    for community in sorted(found):
        people = found[community]
        organisations = {row.organisation_id for row in people if row.organisation_id is not None}
        independent = sum(1 for row in people if row.organisation_id is None)
        entries = len(organisations) + independent
        result.append({"community": community, "stakeholders": len(people), "organisations": len(organisations),
                       "entry_points": entries, "single_entry": entries < 2,
                       "stakeholder_ids": [row.id for row in people]})
    return result


def network(ctx: ReportContext) -> dict[str, Any]:
    rows = active_stakeholders(ctx)
    present = {row.id for row in rows}
    return {
        "as_of": ctx.at, "nodes": nodes(ctx, rows), "edges": edges(ctx, present), "balance": balance(ctx, rows),
        "sector_coverage": coverage(rows), "entry_points": entry_points(rows), "steps": steps(ctx, present),
        "independence": independence(ctx),
    }
