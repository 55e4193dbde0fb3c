"""Expectations: "Manage expectations. Be clear what they can expect from the city and what not."

Open promises at T, by who owes them: overdue (the due date has passed on the network's
calendar), due soon (within a week), and the rest. The three lists do not overlap.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select

from projections.reports.context import ReportContext
from projections.reports.facts import StoredIds, open_texts, stored_id

DUE_SOON_DAYS = 7
BUCKETS = ("overdue", "due_soon", "open")
SHOWN = ("id", "owed_by", "description", "agreed_at", "due_on", "renegotiations")


def open_expectations(ctx: ReportContext) -> list:
    """Agreed by T and not closed by T (a promise kept after T was still open at T), soonest due first and
    then by id (UUIDs sort as their text on both databases): the order every bucket is shown in."""
    x, s = ctx.t.expectations, ctx.t.stakeholders
    # A person's id is read as stored: their UUID is built once (`StoredIds`), not once per promise.
    query = (select(*(x.c[name] for name in SHOWN), stored_id(x.c.stakeholder_id), s.c.erased)
             .join(s, s.c.id == x.c.stakeholder_id)
             .where(x.c.network_id == ctx.network_id, x.c.agreed_at <= ctx.at)
             .where(or_(x.c.status == "open", x.c.closed_at > ctx.at))
             .order_by(x.c.due_on, x.c.id))
    return list(ctx.connection.execute(query))


def bucket(due_on: date, today: date) -> str:
    if due_on < today:
        return "overdue"
    return "due_soon" if due_on <= today + timedelta(days=DUE_SOON_DAYS) else "open"


def expectations(ctx: ReportContext) -> dict[str, Any]:
    today = ctx.today()
    grouped: dict[str, list] = {name: [] for name in BUCKETS}
    counts = {party: {**{name: 0 for name in BUCKETS}, "total": 0} for party in ("us", "them")}
    ids, sealed = StoredIds(), []
    # Thousands of promises can be open: rows are unpacked once rather than read field by field.
    for row_id, owed_by, description, agreed_at, due_on, renegotiations, stored, erased in open_expectations(ctx):
        who = ids[stored]
        # The view blanks an erased person's descriptions; say "erased" (None), not "empty".
        item = {"id": row_id, "stakeholder_id": who, "owed_by": owed_by, "description": None if erased else description,
                "agreed_at": agreed_at, "due_on": due_on, "status": "open", "renegotiations": renegotiations,
                "days_overdue": max(0, (today - due_on).days)}
        if description and not erased:  # an empty one opens as empty without a key
            sealed.append((item, who, description))
        name = bucket(due_on, today)
        grouped[name].append(item)  # rows come soonest due first, then by id: the order of every bucket
        counts[owed_by][name] += 1
        counts[owed_by]["total"] += 1
    opened = open_texts(ctx, [(index, who, text) for index, (_, who, text) in enumerate(sealed)])
    for index, (item, _, _) in enumerate(sealed):
        item["description"] = opened[index]
    return {"as_of": ctx.at, "today": today, **grouped, "counts": counts}
