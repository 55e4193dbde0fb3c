"""The directory: each stakeholder's profile (opened from its sealed fields) with an engagement summary."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, select

from domain.network import EngagementPlan
from projections.reports.context import ReportContext
from projections.reports.engagement import engagement
from projections.reports.facts import names, plan_of

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


def folded(text: str) -> str:
    """Lower case without accents, so "zahra" finds "Zahra" and "helene" finds "Hélène"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def matching_names(ctx: ReportContext, q: str) -> Callable[[list], list]:
    """A filter for rows whose opened name holds every word of `q`; erased names never match."""
    words = folded(q).split()

    def keep(rows: list) -> list:
        opened = names(ctx, rows)
        return [row for row in rows if opened.get(row.id) and all(w in folded(opened[row.id]) for w in words)]

    return keep


def render_page(ctx: ReportContext, rows: list) -> list[dict[str, Any]]:
    defaults = ctx.defaults()
    summaries = engagement(ctx, rows, defaults)
    return [{**render_stakeholder(ctx, row, defaults), "engagement": summaries[row.id]} for row in rows]


def render_stakeholder(ctx: ReportContext, row: Any, defaults: EngagementPlan | None = None) -> dict[str, Any]:
    name, contact = ctx.vault.open_many({row.id: [row.name, row.contact]})[row.id] if not row.erased else (None, None)
    # As of a moment before an erasure the row does not say so yet, but the key is already gone.
    erased = row.erased or name is None
    details = json.loads(contact) if contact else {"email": "", "phone": ""}
    plan = plan_of(row, defaults or ctx.defaults())
    return {
        "id": row.id, "occurred_at": row.occurred_at, "name": name, "organisation_id": row.organisation_id,
        "function": row.function, "sector": row.sector, "side": row.side, "level": row.level,
        "communities": row.communities, "contact": details if not erased else None,
        "introduced_by": row.introduced_by, "ideal_interval_days": plan.ideal_interval_days,
        "max_interval_days": plan.max_interval_days,
        "ask_capacity": {"max_asks": plan.max_asks, "window_days": plan.window_days},
        "status": row.status, "successor_id": row.successor_id, "erased": erased, "version": row.version,
    }
