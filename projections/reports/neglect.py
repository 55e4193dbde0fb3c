"""Neglect: "Do not leave your network alone. Feed it!"

A stakeholder is due once the time since they were last fed passes their ideal interval and
neglected past their maximum. Only feeding resets the clock (contacts, meetings attended,
information shared, expectations we fulfilled); asks do not. A stakeholder never fed counts
from the start of the relationship. Archived stakeholders are left out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from domain.network import EngagementPlan
from projections.reports.context import ReportContext
from projections.reports.facts import active_stakeholders, days_between, names, plan_of

__all__ = ["active_stakeholders", "days_between", "last_fed", "neglect", "plan_of", "quiet_groups"]


def last_fed(ctx: ReportContext) -> dict[Any, datetime]:
    f = ctx.t.feedings
    query = (select(f.c.stakeholder_id, func.max(f.c.occurred_at).label("last"))
             .where(f.c.network_id == ctx.network_id, f.c.occurred_at <= ctx.at).group_by(f.c.stakeholder_id))
    return {row.stakeholder_id: row.last for row in ctx.connection.execute(query)}


def neglect(ctx: ReportContext) -> dict[str, Any]:
    defaults = ctx.defaults()
    fed = last_fed(ctx)
    items = []
    rows = active_stakeholders(ctx)
    opened = names(ctx, rows)
    for row in rows:
        plan = plan_of(row, defaults)
        since = fed.get(row.id) or row.occurred_at
        days = days_between(since, ctx.at)
        if days <= plan.ideal_interval_days:
            continue
        items.append({
            "stakeholder_id": row.id, "name": opened.get(row.id),
            "status": "neglected" if days > plan.max_interval_days else "due",
            "last_fed_at": fed.get(row.id), "days_since_fed": days,
            "ideal_interval_days": plan.ideal_interval_days, "max_interval_days": plan.max_interval_days,
        })
    # Most overdue first: how far past the maximum interval, relative to it.
    items.sort(key=lambda i: (-i["days_since_fed"] / i["max_interval_days"], str(i["stakeholder_id"])))
    return {"as_of": ctx.at, "items": items, "groups": quiet_groups(ctx, defaults)}


def quiet_groups(ctx: ReportContext, defaults: EngagementPlan) -> list[dict[str, Any]]:
    """Groups that have not met within the network's maximum interval ("they need attendance")."""
    g, m = ctx.t.groups, ctx.t.meetings
    last = (select(m.c.group_id, func.max(m.c.occurred_at).label("last"))
            .where(m.c.network_id == ctx.network_id, m.c.occurred_at <= ctx.at).group_by(m.c.group_id).subquery())
    query = (select(g.c.id, g.c.name, g.c.occurred_at, last.c.last).outerjoin(last, last.c.group_id == g.c.id)
             .where(g.c.network_id == ctx.network_id, g.c.occurred_at <= ctx.at))
    quiet = []
    for row in ctx.connection.execute(query):
        since = row.last or row.occurred_at
        days = days_between(since, ctx.at)
        if days > defaults.max_interval_days:
            quiet.append({"group_id": row.id, "name": row.name, "last_met_at": row.last,
                          "days_since_met": days, "max_interval_days": defaults.max_interval_days})
    quiet.sort(key=lambda i: (-i["days_since_met"], str(i["group_id"])))
    return quiet

