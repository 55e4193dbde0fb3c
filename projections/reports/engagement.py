"""The engagement summary beside each person in the directory: last contact, last fed, when they are
next due, whether they are due or neglected, asks in their window, and the trust indicator.

Computed for one page of stakeholders at a time, with one query per kind of fact.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import func, select

from domain.network import EngagementPlan
from projections.reports.context import ReportContext
from projections.reports.facts import days_between, plan_of
from projections.reports.trust import trust_scores


def latest(ctx: ReportContext, table: Any, ids: list[UUID], *where: Any) -> dict[UUID, datetime]:
    """Each person's latest fact in `table` by T: a seek per person on its (stakeholder_id, occurred_at)
    index, instead of grouping every fact of the page's people."""
    s = ctx.t.stakeholders
    newest = (select(func.max(table.c.occurred_at))
              .where(table.c.stakeholder_id == s.c.id, table.c.occurred_at <= ctx.at, *where).scalar_subquery())
    rows = ctx.connection.execute(select(s.c.id, newest).where(s.c.id.in_(ids)))
    return {row[0]: row[1] for row in rows if row[1] is not None}


def last_contacts(ctx: ReportContext, ids: list[UUID]) -> dict[UUID, datetime]:
    # Every logged contact feeds its one stakeholder, so the feedings of kind contact are the contacts.
    f = ctx.t.feedings
    return latest(ctx, f, ids, f.c.kind == "contact")


def recent_asks(ctx: ReportContext, rows: list, plans: dict[UUID, EngagementPlan]) -> dict[UUID, int]:
    if not rows:
        return {}
    a = ctx.t.asks
    widest = max(plan.window_days for plan in plans.values())
    query = select(a.c.stakeholder_id, a.c.occurred_at).where(
        a.c.stakeholder_id.in_([row.id for row in rows]), a.c.occurred_at <= ctx.at,
        a.c.occurred_at > ctx.at - timedelta(days=widest))
    counts = {row.id: 0 for row in rows}
    for ask in ctx.connection.execute(query):
        if ask.occurred_at > ctx.at - timedelta(days=plans[ask.stakeholder_id].window_days):
            counts[ask.stakeholder_id] += 1
    return counts


def status(days: float, plan: EngagementPlan) -> str:
    if days > plan.max_interval_days:
        return "neglected"
    return "due" if days > plan.ideal_interval_days else "ok"


def engagement(ctx: ReportContext, rows: list, defaults: EngagementPlan) -> dict[UUID, dict[str, Any]]:
    ids = [row.id for row in rows]
    plans = {row.id: plan_of(row, defaults) for row in rows}
    fed, contacted = latest(ctx, ctx.t.feedings, ids), last_contacts(ctx, ids)
    asks, trust = recent_asks(ctx, rows, plans), trust_scores(ctx, ids)
    summaries = {}
    for row in rows:
        since = fed.get(row.id) or row.occurred_at
        days = days_between(since, ctx.at)
        summaries[row.id] = {
            "last_contact_at": contacted.get(row.id), "last_fed_at": fed.get(row.id),
            "next_due_at": since + timedelta(days=plans[row.id].ideal_interval_days),
            "days_since_fed": days,
            # Archived people are left out of neglect: they are not due, whatever the calendar says.
            "neglect_status": status(days, plans[row.id]) if row.status == "active" else None,
            "asks_in_window": asks[row.id], "trust_score": trust.get(row.id),
        }
    return summaries
