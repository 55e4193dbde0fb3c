"""What the overuse report reads, bounded so that it does not grow with the network's whole history.

Each active stakeholder's asks are read back only as far as the overuse rules can look: the widest
rolling window, and the latest ask that was answered (an answer ends every unanswered streak, so
nothing older can matter). Counts, and which window each ask falls in, are left to the database:
at thousands of asks, turning every moment into a datetime costs more than the query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import Integer, case, func, literal, select, type_coerce

from projections.db import UtcDateTime, least
from projections.reports.context import ReportContext
from projections.reports.facts import StoredIds, active_at, stored_id

# Stands for "as far back as there are asks" where nobody ever answered.
BEGINNING = datetime(1, 1, 1, tzinfo=timezone.utc)
NOT_AN_ANSWER = "no_response"  # an ask left without response continues a streak; any other answer breaks it


class Ask(NamedTuple):
    id: Any  # as stored (see `stored_id`): only the asks a reason cites become UUIDs
    # Flags as the database gives them (1 or 0 on SQLite, a bool on PostgreSQL):
    in_window: int  # made within the person's own rolling window
    in_ratio: int  # within the 90 days asks are weighed against feeding
    young: int  # within the grace period: it may still be answered
    answer: str | None  # the outcome as known at T


@dataclass(frozen=True)
class Moments:
    """Where the windows start: everyone's 90 days, the grace period, and each person's own window."""

    ratio: datetime
    grace: datetime
    windows: dict[int, datetime]  # by a person's own window in days
    default: datetime  # for everyone who has not set one

    @property
    def earliest(self) -> datetime:
        return min([self.ratio, self.default, *self.windows.values()])


def active_windows(ctx: ReportContext) -> tuple[int, list[int]]:
    """How many are active at T, and the rolling windows (in days) they have set themselves."""
    s = ctx.t.stakeholders
    query = select(s.c.window_days, func.count()).where(*active_at(ctx)).group_by(s.c.window_days)
    found = ctx.connection.execute(query).all()
    return sum(n for _, n in found), [days for days, _ in found if days]  # 0 or none: the network's window


def active_among(ctx: ReportContext, ids: list[UUID]) -> int:
    """How many of these people are active at T."""
    if not ids:
        return 0
    s = ctx.t.stakeholders
    return ctx.connection.execute(select(func.count()).where(s.c.id.in_(ids), *active_at(ctx))).scalar_one()


def moment(value: datetime) -> Any:
    return literal(value, UtcDateTime())


def last_answer(ctx: ReportContext) -> Any:
    """When the stakeholder's latest ask with a real answer by T was made (None when there is none):
    one look back along the (stakeholder_id, occurred_at) index per person."""
    a, s = ctx.t.asks, ctx.t.stakeholders
    return select(func.max(a.c.occurred_at)).where(
        a.c.stakeholder_id == s.c.id, a.c.occurred_at <= ctx.at, a.c.answered_at <= ctx.at,
        a.c.outcome.is_not(None), a.c.outcome != NOT_AN_ANSWER).scalar_subquery()


def people(ctx: ReportContext, at: Moments, only: UUID | None = None) -> Any:
    """Each active person (or `only` one) with where their asks must be read from, and where their own
    window starts."""
    s = ctx.t.stakeholders
    # The latest answer when it came before the earliest window, else that window; from the beginning
    # without any answer. One look for the latest answer, where a CASE would repeat it up to three times.
    since = least(func.coalesce(last_answer(ctx), moment(BEGINNING)), moment(at.earliest))
    whens = [(s.c.window_days == days, moment(start)) for days, start in at.windows.items()]
    window = case(*whens, else_=moment(at.default)) if whens else moment(at.default)
    one = () if only is None else (s.c.id == only,)
    return (select(s.c.id, since.label("since"), window.label("window"))
            .where(*active_at(ctx), *one).subquery())


def recent_asks(ctx: ReportContext, at: Moments, *, only: UUID | None = None) -> dict[UUID, list[Ask]]:
    """Every active stakeholder's asks by T that any rule can see, oldest first (by moment, then id: UUIDs
    sort as their text on both databases). Each tells whether it is `in_window` (their own), `in_ratio`
    (90 days), `young` (within the grace period), and its `answer` at T (one given after T did not exist)."""
    a = ctx.t.asks
    who = people(ctx, at, only)
    query = (select(stored_id(a.c.stakeholder_id), stored_id(a.c.id), flag(a.c.occurred_at > who.c.window),
                    flag(a.c.occurred_at > at.ratio), flag(a.c.occurred_at > at.grace),
                    case((a.c.answered_at <= ctx.at, a.c.outcome)))
             .join(who, a.c.stakeholder_id == who.c.id)
             .where(a.c.occurred_at >= who.c.since, a.c.occurred_at <= ctx.at)
             .order_by(a.c.occurred_at, a.c.id))
    found: dict[UUID, list[Ask]] = defaultdict(list)
    ids = StoredIds()  # a person's UUID built once, not once per ask
    # Thousands of asks: rows are fetched at once and each becomes an Ask without being read field by field.
    make = Ask._make
    for row in ctx.connection.execute(query).tuples().all():
        found[ids[row[0]]].append(make(row[1:]))
    return found


def flag(condition: Any) -> Any:
    """A condition read back as the database gives it (1 or 0 on SQLite), without a converter run per row."""
    return type_coerce(condition, Integer)


def asks_since(ctx: ReportContext, since: datetime) -> dict[UUID, int]:
    """Asks made after `since` by T per stakeholder, archived people included: the network's spread.
    Served by the (network_id, occurred_at, stakeholder_id) index alone."""
    a = ctx.t.asks
    query = (select(a.c.stakeholder_id, func.count())
             .where(a.c.network_id == ctx.network_id, a.c.occurred_at > since, a.c.occurred_at <= ctx.at)
             .group_by(a.c.stakeholder_id))
    return dict(ctx.connection.execute(query).all())


def feedings_since(ctx: ReportContext, ids: list[UUID], since: datetime) -> dict[UUID, int]:
    """Moments of feeding after `since` by T for these stakeholders, counted on the (stakeholder_id,
    occurred_at) index. A feeding's network is always its stakeholder's."""
    if not ids:
        return {}
    f = ctx.t.feedings
    query = (select(f.c.stakeholder_id, func.count())
             .where(f.c.stakeholder_id.in_(ids), f.c.occurred_at > since, f.c.occurred_at <= ctx.at)
             .group_by(f.c.stakeholder_id))
    return dict(ctx.connection.execute(query).all())


def moments(ctx: ReportContext, windows: list[int], default_days: int, *, ratio_days: int, grace_days: int) -> Moments:
    def start(days: int) -> datetime:
        return ctx.at - timedelta(days=days)

    return Moments(ratio=start(ratio_days), grace=start(grace_days), windows={d: start(d) for d in windows},
                   default=start(default_days))
