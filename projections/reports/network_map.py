"""The network map: who is in the network, who is linked to whom, and what the network still lacks.

Nodes are the active stakeholders; edges come from introductions the coordinator brokered,
co-attendance at meetings and direct contacts. Beside the map: the formal/informal balance, which
sectors are covered, how many independent entries the network has into each community ("the
Muslim community does not equal the mosque"), progress through the three steps, and how
independent the network has become.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, select

from domain.vocabulary import Sector, Side
from projections.reports.context import ReportContext
from projections.reports.facts import active_at, active_stakeholders, by_stored_id
from projections.reports.network_lists import NODE, edge_item, edge_query, memberships, node_items
from projections.reports.network_steps import independence, sector_groups, step_of, steps

T = TypeVar("T")
NOT_A_GAP = {Sector.OTHER.value}  # "other" is a catch-all, never a missing sector


@dataclass(frozen=True)
class Census:
    """How many active people there are by sector and by side, and how many the coordinator has reached."""

    by_sector: Counter
    by_side: Counter
    reached_by_sector: Counter

    @property
    def reached(self) -> int:
        return sum(self.reached_by_sector.values())

    @property
    def people(self) -> int:
        return sum(self.by_side.values())


def census(ctx: ReportContext) -> Census:
    """Counted by the database in one pass over the network's people: the summary needs no one's row.
    Whom the coordinator has reached by T comes from each person's earliest contact, kept beside the
    facts (`projections.views.kept`), not from a look along the feedings once per person."""
    s, c = ctx.t.stakeholders, ctx.t.first_contacts
    query = (select(s.c.sector, s.c.side, func.count(), func.count().filter(c.c.occurred_at <= ctx.at))
             .select_from(s.outerjoin(c, c.c.stakeholder_id == s.c.id))
             .where(*active_at(ctx)).group_by(s.c.sector, s.c.side))
    by_sector, by_side, in_touch = Counter(), Counter(), Counter()
    for sector, side, people, contacted_ones in ctx.connection.execute(query):
        by_sector[sector] += people
        by_side[side] += people
        in_touch[sector] += contacted_ones
    return Census(by_sector, by_side, in_touch)


def balance(ctx: ReportContext, people: Census) -> dict[str, Any]:
    o = ctx.t.organisations
    organisations = ctx.connection.execute(
        select(o.c.side).where(o.c.network_id == ctx.network_id, o.c.occurred_at <= ctx.at)).scalars()
    places, total = Counter(organisations), people.people
    return {
        "stakeholders": {side.value: people.by_side[side.value] for side in Side},
        "organisations": {side.value: places[side.value] for side in Side},
        "informal_share": round((total - people.by_side[Side.FORMAL.value]) / total, 4) if total else None,
    }


def coverage(people: Census, grouped: set[tuple[str, str]]) -> dict[str, Any]:
    """Which sectors the network has people from, and which step each of them has reached."""
    present, reached = people.by_sector, people.reached_by_sector

    def covered(sector: str) -> dict[str, Any]:
        return {"sector": sector, "stakeholders": present[sector], "contacted": reached[sector],
                "step": step_of(sector, reached=reached[sector] > 0, grouped=grouped)}

    return {
        "covered": [covered(s.value) for s in Sector if present[s.value]],
        "missing": [s.value for s in Sector if not present[s.value] and s.value not in NOT_A_GAP],
    }


def entry_points(ctx: ReportContext) -> list[dict[str, Any]]:
    """Independent entries into each community: every organisation counts once, and so does every
    person who belongs to none (a credible voice is an entry of their own). Counted by the database
    from the memberships table; who belongs to a community is on each node of the map's list."""
    s, c = ctx.t.stakeholders, ctx.t.communities
    query = (select(c.c.community, func.count(), func.count(s.c.organisation_id.distinct()),
                    func.count().filter(s.c.organisation_id.is_(None)))
             .join(s, s.c.id == c.c.stakeholder_id).where(c.c.network_id == ctx.network_id, *active_at(ctx))
             .group_by(c.c.community))
    result = []
    for community, people, organisations, independent in sorted(ctx.connection.execute(query).all()):
        # sorted in Python: a database may collate text otherwise
        entries = organisations + independent
        result.append({"community": community, "stakeholders": people, "organisations": organisations,
                       "entry_points": entries, "single_entry": entries < 2})
    return result


def network(ctx: ReportContext) -> dict[str, Any]:
    """The map's summary, counted by the database; its people and links are lists of their own
    (`network_lists`)."""
    return summary(ctx, census(ctx))


def summary(ctx: ReportContext, people: Census) -> dict[str, Any]:
    return {
        "as_of": ctx.at, "stakeholders": people.people, "balance": balance(ctx, people),
        "sector_coverage": coverage(people, sector_groups(ctx)), "entry_points": entry_points(ctx),
        "steps": steps(ctx, present=people.people, reached=people.reached), "independence": independence(ctx),
    }


def whole(ctx: ReportContext, *, strongest: int | None = None) -> dict[str, Any]:
    """The summary with every person, and every link or only the `strongest` many (weakest first), for
    drawing the map; `links` counts them all. Only the links drawn are itemised: itemising all 24,831
    of a large network's took most of its 400 ms."""
    rows = active_stakeholders(ctx, columns=NODE)
    ids, e = by_stored_id(row.id for row in rows), ctx.t.edges
    grouped = ctx.connection.execute(edge_query(ctx).order_by(e.c.network_id, e.c.a, e.c.b))
    linked = [row for row in grouped if row.a in ids and row.b in ids]
    chosen = linked if strongest is None else strongest_of(linked, strongest, total=lambda row: row.total)
    return {**summary(ctx, census(ctx)), "links": len(linked),
            "nodes": node_items(ctx, rows, groups=memberships(ctx)), "edges": [edge_item(row, ids) for row in chosen]}


def strongest_of(links: list[T], limit: int, *, total: Callable[[T], int]) -> list[T]:
    """At most `limit` (at least one) links, those with the most shared facts, weakest first (drawn last, the
    strong lie on top); ties at the cut are taken in the links' own order. When no more than `limit` links
    exist, the list itself, in its own order: every link is drawn then."""
    if len(links) <= limit:
        return links
    if limit < 1:
        raise ValueError("limit must be at least 1")
    # Comparing plain numbers first is several times faster than a keyed heap over many thousands of links.
    cutoff = heapq.nlargest(limit, map(total, links))[-1]
    above = [link for link in links if total(link) > cutoff]
    tied = [link for link in links if total(link) == cutoff][:limit - len(above)]
    return sorted(above + tied, key=total)
