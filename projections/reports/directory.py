"""The directory: each stakeholder's profile (opened from its sealed fields) with an engagement summary."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Select, select

from projections.reports.context import ReportContext

FILTERS = ("sector", "side", "level", "status", "organisation_id")


def stakeholder_query(ctx: ReportContext, filters: dict[str, Any]) -> Select:
    s = ctx.t.stakeholders
    query = select(s).where(s.c.network_id == ctx.network_id)
    for name in FILTERS:
        if filters.get(name) is not None:
            query = query.where(s.c[name] == filters[name])
    if filters.get("community"):
        c = ctx.t.communities
        query = query.where(s.c.id.in_(select(c.c.stakeholder_id).where(c.c.community == filters["community"])))
    return query


def render_stakeholder(ctx: ReportContext, row: Any) -> dict[str, Any]:
    name, contact = ctx.vault.open_many({row.id: [row.name, row.contact]})[row.id] if not row.erased else (None, None)
    details = json.loads(contact) if contact else {"email": "", "phone": ""}
    return {
        "id": row.id, "occurred_at": row.occurred_at, "name": name, "organisation_id": row.organisation_id,
        "function": row.function, "sector": row.sector, "side": row.side, "level": row.level,
        "communities": row.communities, "contact": details if not row.erased else None,
        "introduced_by": row.introduced_by, "ideal_interval_days": row.ideal_interval_days,
        "max_interval_days": row.max_interval_days,
        "ask_capacity": {"max_asks": row.max_asks, "window_days": row.window_days},
        "status": row.status, "successor_id": row.successor_id, "erased": row.erased, "version": row.version,
    }
