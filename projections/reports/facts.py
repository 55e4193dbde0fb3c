"""Questions several reports ask of the tables at a moment T: who is active, their plans and names,
their asks and their feeding. Every query counts only facts that occurred by T."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select

from domain.network import EngagementPlan
from projections.reports.context import ReportContext

DAY = 86400.0


def days_between(earlier: datetime, later: datetime) -> float:
    return round((later - earlier).total_seconds() / DAY, 2)


def by_id(row_id: Any) -> str:
    """The tie-break every sort ends with, so equal values always come out in the same order."""
    return str(row_id)


def active_stakeholders(ctx: ReportContext) -> list:
    s = ctx.t.stakeholders
    query = select(s).where(s.c.network_id == ctx.network_id, s.c.status == "active", s.c.occurred_at <= ctx.at)
    return sorted(ctx.connection.execute(query), key=lambda row: by_id(row.id))


def known_stakeholders(ctx: ReportContext) -> list:
    """Everyone the relationship had started with by T, archived or not."""
    s = ctx.t.stakeholders
    query = select(s).where(s.c.network_id == ctx.network_id, s.c.occurred_at <= ctx.at)
    return sorted(ctx.connection.execute(query), key=lambda row: by_id(row.id))


def plan_of(row: Any, defaults: EngagementPlan) -> EngagementPlan:
    return EngagementPlan(ideal_interval_days=row.ideal_interval_days, max_interval_days=row.max_interval_days,
                          max_asks=row.max_asks, window_days=row.window_days).over(defaults)


def names(ctx: ReportContext, rows: Iterable[Any]) -> dict[UUID, str | None]:
    """Stakeholders' names opened in one key look-up; None once erased."""
    sealed = {row.id: [row.name] for row in rows if row.name and not row.erased}
    opened = ctx.vault.open_many(sealed) if sealed else {}
    return {row_id: texts[0] for row_id, texts in opened.items()}


def open_texts(ctx: ReportContext, sealed: list[tuple[Any, UUID, str]]) -> dict[Any, str | None]:
    """Open many (key, subject, sealed text) at once: one key look-up per batch; None once erased."""
    by_subject: dict[UUID, list[str]] = defaultdict(list)
    for _, subject, text in sealed:
        by_subject[subject].append(text)
    opened = {s: iter(texts) for s, texts in ctx.vault.open_many(dict(by_subject)).items()} if by_subject else {}
    return {key: next(opened[subject]) for key, subject, _ in sealed}


def asks_by_stakeholder(ctx: ReportContext) -> dict[UUID, list]:
    """Every ask made by T, oldest first per stakeholder."""
    a = ctx.t.asks
    query = select(a).where(a.c.network_id == ctx.network_id, a.c.occurred_at <= ctx.at)
    found: dict[UUID, list] = defaultdict(list)
    for row in sorted(ctx.connection.execute(query), key=lambda r: (r.occurred_at, by_id(r.id))):
        found[row.stakeholder_id].append(row)
    return found


def answer_at(ask: Any, at: datetime) -> str | None:
    """The ask's outcome as known at T (an answer given after T did not exist yet)."""
    return ask.outcome if ask.answered_at is not None and ask.answered_at <= at else None


def feedings_since(ctx: ReportContext, since: datetime) -> dict[UUID, int]:
    f = ctx.t.feedings
    query = (select(f.c.stakeholder_id, func.count().label("n"))
             .where(f.c.network_id == ctx.network_id, f.c.occurred_at > since, f.c.occurred_at <= ctx.at)
             .group_by(f.c.stakeholder_id))
    return {row.stakeholder_id: row.n for row in ctx.connection.execute(query)}
