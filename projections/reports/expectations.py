"""Expectations: "Manage expectations. Be clear what they can expect from the city and what not."

Open promises at T, by who owes them: overdue (the due date has passed on the network's
calendar), due soon (within a week), and the rest. The three lists do not overlap.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select

from projections.reports.context import ReportContext
from projections.reports.facts import by_id, open_texts

DUE_SOON_DAYS = 7
BUCKETS = ("overdue", "due_soon", "open")


def open_expectations(ctx: ReportContext) -> list:
    """Agreed by T and not closed by T (a promise kept after T was still open at T)."""
    x, s = ctx.t.expectations, ctx.t.stakeholders
    query = (select(x, s.c.erased).join(s, s.c.id == x.c.stakeholder_id)
             .where(x.c.network_id == ctx.network_id, x.c.agreed_at <= ctx.at)
             .where(or_(x.c.status == "open", x.c.closed_at > ctx.at)))
    return list(ctx.connection.execute(query))


def descriptions(ctx: ReportContext, rows: list) -> dict[Any, str | None]:
    # The view blanks an erased person's descriptions; say "erased" (None), not "empty".
    return open_texts(ctx, [(row.id, row.stakeholder_id, row.description) for row in rows if not row.erased])


def bucket(row: Any, today: Any) -> str:
    if row.due_on < today:
        return "overdue"
    return "due_soon" if row.due_on <= today + timedelta(days=DUE_SOON_DAYS) else "open"


def render(row: Any, today: Any, description: str | None) -> dict[str, Any]:
    return {
        "id": row.id, "stakeholder_id": row.stakeholder_id, "owed_by": row.owed_by, "description": description,
        "agreed_at": row.agreed_at, "due_on": row.due_on, "status": "open", "renegotiations": row.renegotiations,
        "days_overdue": max(0, (today - row.due_on).days),
    }


def expectations(ctx: ReportContext) -> dict[str, Any]:
    today = ctx.today()
    rows = open_expectations(ctx)
    opened = descriptions(ctx, rows)
    grouped: dict[str, list] = {name: [] for name in BUCKETS}
    counts = {party: {**{name: 0 for name in BUCKETS}, "total": 0} for party in ("us", "them")}
    for row in rows:
        name = bucket(row, today)
        grouped[name].append(render(row, today, opened.get(row.id)))
        counts[row.owed_by][name] += 1
        counts[row.owed_by]["total"] += 1
    grouped["overdue"].sort(key=lambda i: (-i["days_overdue"], by_id(i["id"])))
    for name in ("due_soon", "open"):
        grouped[name].sort(key=lambda i: (i["due_on"], by_id(i["id"])))
    return {"as_of": ctx.at, "today": today, **grouped, "counts": counts}
