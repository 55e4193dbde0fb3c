"""Neglect: "Do not leave your network alone. Feed it!"

A stakeholder is due once the time since they were last fed passes their ideal interval and
neglected past their maximum. Only feeding resets the clock (contacts, meetings attended,
information shared, expectations we fulfilled); asks do not. A stakeholder never fed counts
from the start of the relationship. Archived stakeholders are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import and_, case, func, null, or_, select

from domain.network import EngagementPlan
from domain.vocabulary import FeedingStatus
from projections.reports.context import ReportContext
from projections.reports.facts import PERSON, active_at, active_stakeholders, by_id, days_between, names, plan_of
from projections.reports.lists import BadCursor, decode_cursor, encode_cursor, weighed_page

__all__ = ["active_stakeholders", "days_between", "neglect", "plan_of", "quiet_groups"]


@dataclass
class Overdue:
    """One person past their ideal interval, weighed before their name is opened."""

    row: Any
    plan: EngagementPlan
    days: float  # since last fed (or since the relationship started)

    @property
    def status(self) -> str:
        return FeedingStatus.NEGLECTED if self.days > self.plan.max_interval_days else FeedingStatus.DUE

    @property
    def key(self) -> tuple:
        """Most overdue first: how far past the maximum interval, relative to it. Everyone neglected
        (past 1) therefore comes before everyone due."""
        return -self.days / self.plan.max_interval_days, by_id(self.row.id)

    def cursor(self) -> str:
        return encode_cursor([self.days, self.plan.max_interval_days, str(self.row.id)])


def neglect(ctx: ReportContext, *, only: UUID | None = None, status: str | None = None, cursor: str | None = None,
            limit: int | None = None) -> dict[str, Any]:
    """Everyone due or neglected (or only those of one `status`), most overdue first, with `total`, and the
    quiet groups; `only` one person (no groups). With a `limit`, one page (`next_cursor` for the next)."""
    defaults = ctx.defaults()
    overdue = [o for o in _overdue(ctx, defaults, only) if status is None or o.status == status]
    overdue.sort(key=lambda o: o.key)
    shown, paging = weighed_page(overdue, after=_after(cursor) if cursor else None, limit=limit)
    opened = names(ctx, [o.row for o in shown])  # only the names shown: opening every one costs more than the rest
    groups = quiet_groups(ctx, defaults) if only is None else []
    return {"as_of": ctx.at, "items": [_item(o, opened) for o in shown], "total": len(overdue), "groups": groups,
            **paging}


def _overdue(ctx: ReportContext, defaults: EngagementPlan, only: UUID | None) -> list[Overdue]:
    found = []
    for row in not_fed_since(ctx, shortest_interval(ctx, defaults), only=only):
        plan = plan_of(row, defaults)
        days = days_between(row.last_fed or row.occurred_at, ctx.at)
        if days > plan.ideal_interval_days:
            found.append(Overdue(row, plan, days))
    return found


def _item(o: Overdue, opened: dict[UUID, str | None]) -> dict[str, Any]:
    return {"stakeholder_id": o.row.id, "name": opened.get(o.row.id), "status": o.status.value,
            "last_fed_at": o.row.last_fed, "days_since_fed": o.days, "ideal_interval_days": o.plan.ideal_interval_days,
            "max_interval_days": o.plan.max_interval_days}


def _after(cursor: str) -> tuple:
    days, max_days, person = decode_cursor(cursor, 3)
    if (not isinstance(days, (int, float)) or isinstance(days, bool) or not isinstance(max_days, int)
            or isinstance(max_days, bool) or max_days <= 0):
        raise BadCursor("cursor is not valid")
    try:
        return -days / max_days, by_id(UUID(person))
    except (TypeError, ValueError):
        raise BadCursor("cursor is not valid") from None


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
    # Correlated on the kept row, not the person's: a condition naming only the kept table is weighed
    # before the person's row is opened, so the ~3,000 people fed lately are never read (5-8 ms → 1.5 ms).
    fed_by_t = (select(func.max(f.c.occurred_at))
                .where(f.c.stakeholder_id == k.c.stakeholder_id, f.c.occurred_at <= ctx.at).scalar_subquery())
    fed_lately = select(f.c.occurred_at).where(f.c.stakeholder_id == k.c.stakeholder_id, f.c.occurred_at >= since,
                                               f.c.occurred_at <= ctx.at).exists()
    last = case((k.c.last_at.is_(None), null()), (k.c.last_at <= ctx.at, k.c.last_at), else_=fed_by_t)
    one = () if only is None else (s.c.id == only,)
    # The network is named on the kept table alone, so its index leads (see overuse's `asked_and_active`).
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
            .scalar_subquery())
    # Only groups quiet for longer than the maximum come back (hundreds of groups, few quiet); whether the
    # rounded days pass it is decided below, on those alone.
    quiet_since = func.coalesce(last, g.c.occurred_at) < ctx.at - timedelta(days=defaults.max_interval_days)
    query = select(g.c.id, g.c.name, g.c.occurred_at, last.label("last")).where(
        g.c.network_id == ctx.network_id, g.c.occurred_at <= ctx.at, quiet_since)
    quiet = []
    for row in ctx.connection.execute(query):
        since = row.last or row.occurred_at
        days = days_between(since, ctx.at)
        if days > defaults.max_interval_days:
            quiet.append({"group_id": row.id, "name": row.name, "last_met_at": row.last,
                          "days_since_met": days, "max_interval_days": defaults.max_interval_days})
    quiet.sort(key=lambda i: (-i["days_since_met"], str(i["group_id"])))
    return quiet
