"""What the overuse report reads, bounded so that it grows with the people asked, not the history.

Only people who have ever been asked are weighed (the kept `asked` set). For everyone, the database
counts the asks in their rolling window and in the 90 days, and returns only the asks since their
latest answered one (an answer ends every unanswered streak, so nothing older can matter). The asks
behind the counts are read only for the people on the page the report answers with.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import Integer, case, func, literal, select, type_coerce

from projections.db import UtcDateTime
from projections.reports.context import ReportContext
from projections.reports.facts import PERSON, StoredIds, active_at, stored_id

# Stands for "as far back as there are asks" where nobody ever answered.
BEGINNING = datetime(1, 1, 1, tzinfo=timezone.utc)
NOT_AN_ANSWER = "no_response"  # an ask left without response continues a streak; any other answer breaks it


class Tally(NamedTuple):
    """One person's asks by T."""

    in_window: int  # made within the person's own rolling window
    in_ratio: int  # within the 90 days asks are weighed against feeding


class Counted(NamedTuple):
    in_ratio: int
    in_windows: dict[int | None, int]  # by a rolling window's days; None: the network's own

    def tally(self, window_days: int | None) -> Tally:
        return Tally(self.in_windows[window_days or None], self.in_ratio)


class Pending(NamedTuple):
    """An ask since the person's latest answered one."""

    id: Any  # as stored (see `stored_id`): only the asks a reason cites become UUIDs
    young: int  # within the grace period: it may still be answered (1 or 0 on SQLite, a bool on PostgreSQL)
    answer: str | None  # the outcome as known at T ("no_response" or none: an answer made after T did not exist)


class Cited(NamedTuple):
    """A person's asks by T, oldest first, as stored (see `stored_id`): the evidence of their reasons."""

    in_window: list  # within their own rolling window
    in_ratio: list  # within the 90 days


@dataclass(frozen=True)
class Moments:
    """Where the windows start: everyone's 90 days, the grace period, and each person's own window."""

    ratio: datetime
    grace: datetime
    windows: dict[int, datetime]  # by a person's own window in days
    default: datetime  # for everyone who has not set one

    def window(self, days: int | None) -> datetime:
        """Where a rolling window of these days starts (the network's own where none or 0)."""
        return self.windows.get(days, self.default) if days else self.default


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


def asked_and_active(ctx: ReportContext) -> tuple[Any, tuple]:
    """Everyone active at T who has ever been asked: the join from the kept `asked` set to their rows, and
    its conditions. The network is named on `asked` alone (a person's row is of the same network), so the
    stakeholders' network index does not tempt the planner into reading every person of the network."""
    s, k = ctx.t.stakeholders, ctx.t.asked
    return (k.join(s, s.c.id == k.c.stakeholder_id),
            (k.c.network_id == ctx.network_id, s.c.status == "active", s.c.occurred_at <= ctx.at))


def answered_since(ctx: ReportContext, *, only: UUID | None = None) -> Any:
    """Each active person ever asked (or `only` one), with where their latest answered ask was made (the
    beginning if none was): where their unanswered streak can start."""
    s = ctx.t.stakeholders
    since = func.coalesce(last_answer(ctx), moment(BEGINNING)).label("since")
    joined, conditions = asked_and_active(ctx)
    one = () if only is None else (s.c.id == only,)
    return select(s.c.id, since).select_from(joined).where(*conditions, *one).subquery()


def asked_people(ctx: ReportContext, *, only: UUID | None = None) -> list:
    """The rows (`PERSON`) of everyone active at T who has ever been asked (or `only` one of them), found
    through the kept `asked` set rather than by a list of ids: binding a long list of ids costs SQLAlchemy
    several times what the look-up costs SQLite."""
    s = ctx.t.stakeholders
    joined, conditions = asked_and_active(ctx)
    one = () if only is None else (s.c.id == only,)
    query = select(*(s.c[name] for name in PERSON)).select_from(joined).where(*conditions, *one)
    return ctx.connection.execute(query).all()


def ask_counts(ctx: ReportContext, at: Moments) -> dict[UUID, Counted]:
    """Asks made by T per stakeholder ever asked, archived people included (the network's spread), in the
    90 days and in each rolling window someone has, counted by the database. Driven by the kept `asked`
    set in its key's order: a look along each person's (stakeholder_id, occurred_at) index, grouped as
    it goes, where grouping the network's recent asks by person needed a sort of thousands."""
    a, k, starts = ctx.t.asks, ctx.t.asked, {None: at.default, **at.windows}
    query = (select(k.c.stakeholder_id, func.count().filter(a.c.occurred_at > at.ratio),
                    *(func.count().filter(a.c.occurred_at > start) for start in starts.values()))
             .select_from(k.join(a, a.c.stakeholder_id == k.c.stakeholder_id))
             .where(k.c.network_id == ctx.network_id, a.c.occurred_at > min(at.ratio, *starts.values()),
                    a.c.occurred_at <= ctx.at)
             .group_by(k.c.stakeholder_id))
    return {row[0]: Counted(row[1], dict(zip(starts, row[2:]))) for row in ctx.connection.execute(query)}


def pending_asks(ctx: ReportContext, at: Moments, *, only: UUID | None = None) -> dict[UUID, list[Pending]]:
    """Each person's asks by T since their latest answered one, oldest first (by moment, then id: UUIDs
    sort as their text on both databases): what an unanswered streak is made of."""
    a, who = ctx.t.asks, answered_since(ctx, only=only)
    query = (select(stored_id(a.c.stakeholder_id), stored_id(a.c.id), flag(a.c.occurred_at > at.grace),
                    case((a.c.answered_at <= ctx.at, a.c.outcome)))
             .join(who, a.c.stakeholder_id == who.c.id)
             .where(a.c.occurred_at >= who.c.since, a.c.occurred_at <= ctx.at)
             .order_by(a.c.stakeholder_id, a.c.occurred_at, a.c.id))
    return _by_person(ctx, query, Pending._make)


def window_asks(ctx: ReportContext, at: Moments, among: dict[UUID, int | None]) -> dict[UUID, Cited]:
    """The asks by T of these people (with the days of their own window) within their window or the 90
    days, oldest first: the evidence. One read per window start among them, by their ids alone (a page's
    fifty at most: few enough to bind, and no join to the wide rows of the people)."""
    a, found = ctx.t.asks, {}
    by_start: dict[datetime, list[UUID]] = defaultdict(list)
    for who, days in among.items():
        by_start[at.window(days)].append(who)
    for start, people in by_start.items():
        query = (select(stored_id(a.c.stakeholder_id), stored_id(a.c.id), flag(a.c.occurred_at > start),
                        flag(a.c.occurred_at > at.ratio))
                 .where(a.c.stakeholder_id.in_(people), a.c.occurred_at > min(start, at.ratio),
                        a.c.occurred_at <= ctx.at)
                 .order_by(a.c.stakeholder_id, a.c.occurred_at, a.c.id))
        ids = StoredIds()
        # Thousands of asks on a first page: each row goes straight into its lists.
        for who, ask, in_window, in_ratio in ctx.connection.execute(query).tuples().all():
            cited = found.get(ids[who]) or found.setdefault(ids[who], Cited([], []))
            if in_window:
                cited.in_window.append(ask)
            if in_ratio:
                cited.in_ratio.append(ask)
    return found


def _by_person(ctx: ReportContext, query: Any, make: Any) -> dict[UUID, list]:
    found: dict[UUID, list] = defaultdict(list)
    ids = StoredIds()  # a person's UUID built once, not once per ask
    # Thousands of asks: rows are fetched at once and each is made without being read field by field.
    for row in ctx.connection.execute(query).tuples().all():
        found[ids[row[0]]].append(make(row[1:]))
    return found


def flag(condition: Any) -> Any:
    """A condition read back as the database gives it (1 or 0 on SQLite), without a converter run per row."""
    return type_coerce(condition, Integer)


def feedings_since(ctx: ReportContext, since: datetime) -> dict[UUID, int]:
    """Moments of feeding after `since` by T of everyone ever asked, counted on the (stakeholder_id,
    occurred_at) index."""
    f, k = ctx.t.feedings, ctx.t.asked
    query = (select(k.c.stakeholder_id, func.count()).select_from(k.join(f, f.c.stakeholder_id == k.c.stakeholder_id))
             .where(k.c.network_id == ctx.network_id, f.c.occurred_at > since, f.c.occurred_at <= ctx.at)
             .group_by(k.c.stakeholder_id))  # in the order of `asked`'s key: no sort
    return dict(ctx.connection.execute(query).all())


def moments(ctx: ReportContext, windows: list[int], default_days: int, *, ratio_days: int, grace_days: int) -> Moments:
    def start(days: int) -> datetime:
        return ctx.at - timedelta(days=days)

    return Moments(ratio=start(ratio_days), grace=start(grace_days), windows={d: start(d) for d in windows},
                   default=start(default_days))
