"""How far the network has come: the field guide's three steps, and whether it works on its own.

Step 1, individual outreach: the share of stakeholders the coordinator has been in contact with.
Step 2, similar people together: homogeneous groups formed and meeting.
Step 3, people with the same goals together: heterogeneous groups and network events.
Independence: "the network should work on its own" - direct contacts between stakeholders
against the links the coordinator brokered (introductions) or convened (meetings) lately.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, NamedTuple

from sqlalchemy import func, select

from domain.vocabulary import GroupKind, MeetingFormat
from projections.reports.context import ReportContext
from projections.reports.facts import active_at, stored_id

INDEPENDENCE_DAYS = 180
STEP_FORMATS = {
    GroupKind.HOMOGENEOUS.value: {MeetingFormat.HOMOGENEOUS_GROUP.value},
    GroupKind.HETEROGENEOUS.value: {MeetingFormat.HETEROGENEOUS_GROUP.value, MeetingFormat.NETWORK_EVENT.value},
}


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


class Held(NamedTuple):
    group_id: Any  # as stored
    format: str
    n: int


def meeting_counts(ctx: ReportContext) -> list[Held]:
    """Meetings by T per (group, format), counted by the database: both steps are read from these few rows."""
    m = ctx.t.meetings
    query = (select(stored_id(m.c.group_id), m.c.format, func.count())
             .where(m.c.network_id == ctx.network_id, m.c.occurred_at <= ctx.at).group_by(m.c.group_id, m.c.format))
    return [Held._make(row) for row in ctx.connection.execute(query).tuples().all()]


def group_step(ctx: ReportContext, kind: str, held: list[Held]) -> dict[str, Any]:
    """Groups of one kind and the meetings that belong to that step: the groups' own meetings
    and meetings held in that step's formats."""
    g, formats = ctx.t.groups, STEP_FORMATS[kind]
    groups = set(ctx.connection.execute(select(stored_id(g.c.id)).where(
        g.c.network_id == ctx.network_id, g.c.kind == kind, g.c.occurred_at <= ctx.at)).scalars())
    ours = [row for row in held if row.group_id in groups or row.format in formats]
    return {"groups": len(groups), "groups_met": len({row.group_id for row in ours} & groups),
            "meetings": sum(row.n for row in ours),
            "network_events": sum(row.n for row in ours if row.format == MeetingFormat.NETWORK_EVENT.value)}


def sector_groups(ctx: ReportContext) -> set[tuple[str, str]]:
    """(group kind, sector) for every sector with an active person in a group of that kind that has met
    by T: how far each part of the network has come in steps 2 and 3. Current members count, from
    when they were added."""
    g, m, gm, s = ctx.t.groups, ctx.t.meetings, ctx.t.members, ctx.t.stakeholders
    # Whether each of the network's few groups has met: one seek per group along its meetings.
    met = select(m.c.id).where(m.c.group_id == g.c.id, m.c.occurred_at <= ctx.at).exists()
    query = (select(g.c.kind, s.c.sector).distinct()
             .select_from(g.join(gm, gm.c.group_id == g.c.id).join(s, s.c.id == gm.c.stakeholder_id))
             .where(g.c.network_id == ctx.network_id, g.c.occurred_at <= ctx.at, gm.c.added_at <= ctx.at, met,
                    *active_at(ctx)))
    return set(ctx.connection.execute(query).tuples())


def step_of(sector: str, *, reached: bool, grouped: set[tuple[str, str]]) -> int:
    """A part of the network is as far as its furthest step: the field guide's steps need not come in turn."""
    if (GroupKind.HETEROGENEOUS.value, sector) in grouped:
        return 3
    if (GroupKind.HOMOGENEOUS.value, sector) in grouped:
        return 2
    return 1 if reached else 0


def steps(ctx: ReportContext, *, present: int, reached: int) -> dict[str, Any]:
    """`present`: active stakeholders at T; `reached`: how many of them the coordinator has contacted."""
    outreach = {"stakeholders": present, "contacted": reached, "share": share(reached, present)}
    held = meeting_counts(ctx)
    similar = group_step(ctx, GroupKind.HOMOGENEOUS.value, held)
    same_goals = group_step(ctx, GroupKind.HETEROGENEOUS.value, held)
    # A step is reached when people were actually brought together, not when a group was only named.
    current = 3 if same_goals["meetings"] else 2 if similar["meetings"] else 1 if reached else 0
    return {"current_step": current, "individual_outreach": outreach, "homogeneous_groups": similar,
            "heterogeneous_groups": same_goals}


def independence(ctx: ReportContext) -> dict[str, Any]:
    since = ctx.at - timedelta(days=INDEPENDENCE_DAYS)
    e, m = ctx.t.edges, ctx.t.meetings
    # Each introduction or direct contact links at least two people, so it left at least one edge.
    links = (select(e.c.kind, func.count(e.c.event_id.distinct()))
             .where(e.c.network_id == ctx.network_id, e.c.occurred_at > since, e.c.occurred_at <= ctx.at,
                    e.c.kind.in_(("direct_contact", "introduction"))).group_by(e.c.kind))
    kinds = dict(ctx.connection.execute(links).all())
    convened = ctx.connection.execute(
        select(func.count()).select_from(m).where(m.c.network_id == ctx.network_id, m.c.occurred_at > since,
                                                  m.c.occurred_at <= ctx.at, m.c.present >= 2)).scalar_one()
    direct, introduced = kinds.get("direct_contact", 0), kinds.get("introduction", 0)
    ratio = share(direct, direct + introduced + convened)
    return {"window_days": INDEPENDENCE_DAYS, "direct_contacts": direct, "introductions": introduced,
            "coordinated_meetings": convened, "independence": ratio, **followed_up(ctx), "text": words(ratio)}


def followed_up(ctx: ReportContext) -> dict[str, int]:
    """Pairs the coordinator introduced who later worked together without them: the broker's aim."""
    e = ctx.t.edges
    query = select(e.c.a, e.c.b, e.c.kind, e.c.occurred_at).where(
        e.c.network_id == ctx.network_id, e.c.occurred_at <= ctx.at, e.c.kind.in_(("introduction", "direct_contact")))
    first_introduced: dict[tuple, Any] = {}
    direct: dict[tuple, list] = {}
    for row in ctx.connection.execute(query):
        pair = (row.a, row.b)
        if row.kind == "introduction":
            first_introduced[pair] = min(row.occurred_at, first_introduced.get(pair, row.occurred_at))
        else:
            direct.setdefault(pair, []).append(row.occurred_at)
    working = sum(1 for pair, at in first_introduced.items() if any(d > at for d in direct.get(pair, [])))
    return {"introduced_pairs": len(first_introduced), "introduced_pairs_working_directly": working}


def words(ratio: float | None) -> str:
    if ratio is None:
        return f"No links between stakeholders in the last {INDEPENDENCE_DAYS} days."
    percent = round(100 * ratio)
    if ratio >= 0.5:
        return f"{percent}% of recent links happened without the coordinator: the network works on its own."
    return (f"Only {percent}% of recent links happened without the coordinator: act as a broker and "
            "encourage stakeholders to contact each other directly.")
