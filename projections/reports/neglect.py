"""Neglect: "Do not leave your network alone. Feed it!"

A stakeholder is due once the time since they were last fed passes their ideal interval and
neglected past their maximum. Only feeding resets the clock (contacts, meetings attended,
information shared, expectations we fulfilled); asks do not. A stakeholder never fed counts
from the start of the relationship. Archived stakeholders are left out.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import and_, case, func, null, or_, select

from domain.network import EngagementPlan
from projections.reports.context import ReportContext
from projections.reports.facts import PERSON, active_at, active_stakeholders, days_between, names, plan_of

__all__ = ["active_stakeholders", "days_between", "neglect", "plan_of", "quiet_groups"]


def neglect(ctx: ReportContext, *, only: UUID | None = None) -> dict[str, Any]:
    """Everyone due or neglected, most overdue first, and the quiet groups; `only` one person (no groups)."""
    defaults = ctx.defaults()
    items, due = [], []
    for row in not_fed_since(ctx, shortest_interval(ctx, defaults), only=only):
        plan = plan_of(row, defaults)
        days = days_between(row.last_fed or row.occurred_at, ctx.at)
        if days > plan.ideal_interval_days:
            due.append(row)
            items.append({
                "stakeholder_id": row.id, "name": None,
                "status": "neglected" if days > plan.max_interval_days else "due",
                "last_fed_at": row.last_fed, "days_since_fed": days,
                "ideal_interval_days": plan.ideal_interval_days, "max_interval_days": plan.max_interval_days,
            })
    opened = names(ctx, due)  # only the names shown: opening every active person's costs more than the rest
    for item in items:
        item["name"] = opened.get(item["stakeholder_id"])
    # Most overdue first: how far past the maximum interval, relative to it.
    items.sort(key=lambda i: (-i["days_since_fed"] / i["max_interval_days"], str(i["stakeholder_id"])))
    return {"as_of": ctx.at, "items": items, "groups": quiet_groups(ctx, defaults) if only is None else []}


def shortest_interval(ctx: ReportContext, defaults: EngagementPlan) -> int:
    """The shortest ideal interval of anyone active (a plan's 0 or none means the network's default)."""
    s = ctx.t.stakeholders
    query = select(func.min(s.c.ideal_interval_days)).where(*active_at(ctx), s.c.ideal_interval_days != 0)
    own = ctx.connection.execute(query).scalar()
    return defaults.ideal_interval_days if own is None else min(own, defaults.ideal_interval_days)


def not_fed_since(ctx: ReportContext, days: int, *, only: UUID | None = None) -> list:
    """Everyone active at T (`PERSON`, and `last_fed`) not fed within `days` of T. Nobody fed since then can
    be due (their ideal interval is at least that long), so only the others are read and weighed: from
    the kept last feeding of each person (`projections.views.kept`), by its (network, moment) index.
    Where the kept moment lies after T, the person's feedings by T are looked up instead."""
    s, k, f = ctx.t.stakeholders, ctx.t.last_fed, ctx.t.feedings
    since = ctx.at - timedelta(days=days)
    fed_by_t = (select(func.max(f.c.occurred_at)).where(f.c.stakeholder_id == s.c.id, f.c.occurred_at <= ctx.at)
                .scalar_subquery())
    fed_lately = select(f.c.occurred_at).where(f.c.stakeholder_id == s.c.id, f.c.occurred_at >= since,
                                               f.c.occurred_at <= ctx.at).exists()
    last = case((k.c.last_at.is_(None), null()), (k.c.last_at <= ctx.at, k.c.last_at), else_=fed_by_t)
    one = () if only is None else (s.c.id == only,)
    # The network is named on the kept table alone, so its index leads (see overuse's `people`).
    query = (select(*(s.c[name] for name in PERSON), last.label("last_fed"))
             .select_from(k.join(s, s.c.id == k.c.stakeholder_id))
             .where(k.c.network_id == ctx.network_id, s.c.status == "active", s.c.occurred_at <= ctx.at, *one,
                    or_(k.c.last_at.is_(None), k.c.last_at < since, and_(k.c.last_at > ctx.at, ~fed_lately))))
    return ctx.connection.execute(query).all()


def quiet_groups(ctx: ReportContext, defaults: EngagementPlan) -> list[dict[str, Any]]:
    """Groups that have not met within the network's maximum interval ("they need attendance")."""
    g, m = ctx.t.groups, ctx.t.meetings
    # One seek per group on the (group_id, occurred_at) index. No condition on the meeting's network (a group's
    # meetings are always its network's): with one, SQLite reads every meeting of the network for each group.
    last = (select(func.max(m.c.occurred_at)).where(m.c.group_id == g.c.id, m.c.occurred_at <= ctx.at)
            .scalar_subquery().label("last"))
    query = select(g.c.id, g.c.name, g.c.occurred_at, last).where(g.c.network_id == ctx.network_id,
                                                                   g.c.occurred_at <= ctx.at)
    quiet = []
    for row in ctx.connection.execute(query):
        since = row.last or row.occurred_at
        days = days_between(since, ctx.at)
        if days > defaults.max_interval_days:
            quiet.append({"group_id": row.id, "name": row.name, "last_met_at": row.last,
                          "days_since_met": days, "max_interval_days": defaults.max_interval_days})
    quiet.sort(key=lambda i: (-i["days_since_met"], str(i["group_id"])))
    return quiet
