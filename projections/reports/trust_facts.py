"""The facts the trust indicator is built from, per stakeholder, in the order they occurred (by T).

Each fact names the event behind it. Codes are the names of the weights in TrustWeights,
except `information_shared`/`information_received` (weighed by the balance so far), `fed`
(restarts the neglect clock) and `archived`/`reactivated` (no neglect while archived).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import select

from projections.reports.context import ReportContext
from projections.reports.facts import by_stored_id, stored_id


class Fact(NamedTuple):
    """Facts sort by moment, then event, then code (one meeting both feeds and counts attendance): a tuple,
    because the directory sorts thousands of them for its fifty scores."""

    at: datetime
    tie: str  # the event id as hex: facts at the same moment always come in the same order, on either database
    code: str
    # As stored (see `stored_id`): a score never shows it, so only a history's own become UUIDs (`as_uuid`).
    # Compared last, only between facts equal in all else: the same fact.
    event_id: Any


def fact(at: datetime, event_id: Any, code: str) -> Fact:
    return Fact(at, event_id.hex if isinstance(event_id, UUID) else event_id, code, event_id)


def load(ctx: ReportContext, ids: list[UUID]) -> dict[UUID, list[Fact]]:
    """Each person's facts by T in order. Ids are read as stored: the directory weighs fifty people's
    thousands of facts for their scores alone, and building UUIDs for them was a quarter of the time."""
    found: dict[UUID, list[Fact]] = defaultdict(list)
    zone, people = ctx.zone(), by_stored_id(ids)
    sources = (_promises(ctx, ids, zone), _information(ctx, ids), _asks(ctx, ids), _attendance(ctx, ids),
               _feedings(ctx, ids), _status(ctx, ids))
    for source in sources:
        for stakeholder_id, one in source:
            found[people[stakeholder_id]].append(one)
    return {stakeholder_id: sorted(found[stakeholder_id]) for stakeholder_id in ids}


def raw(*columns: Any) -> list[Any]:
    """Id columns read as stored (see `stored_id`)."""
    return [stored_id(column) for column in columns]


def rows(ctx: ReportContext, query: Any) -> list[tuple]:
    """Plain tuples, fetched at once: thousands of facts, each read by position."""
    return ctx.connection.execute(query).tuples().all()


def _promises(ctx: ReportContext, ids: list[UUID], zone: ZoneInfo) -> Iterator[tuple[Any, Fact]]:
    x = ctx.t.expectations
    query = (select(x.c.closed_at, x.c.due_on, x.c.status, x.c.owed_by, *raw(x.c.stakeholder_id, x.c.closed_event_id))
             .where(x.c.stakeholder_id.in_(ids), x.c.status.in_(("fulfilled", "missed")), x.c.closed_at <= ctx.at))
    for closed_at, due_on, status, owed_by, stakeholder_id, event_id in rows(ctx, query):
        # Late means kept after the due date on the network's calendar (after any renegotiation).
        kept = "kept_on_time" if closed_at.astimezone(zone).date() <= due_on else "kept_late"
        yield stakeholder_id, fact(closed_at, event_id, f"{kept if status == 'fulfilled' else 'missed'}_by_{owed_by}")


def _information(ctx: ReportContext, ids: list[UUID]) -> Iterator[tuple[Any, Fact]]:
    i = ctx.t.information
    query = select(i.c.kind, i.c.by, i.c.reason_given, i.c.occurred_at, *raw(i.c.stakeholder_id, i.c.id))
    for kind, by, reason_given, occurred_at, stakeholder_id, event_id in rows(
            ctx, query.where(i.c.stakeholder_id.in_(ids), i.c.occurred_at <= ctx.at)):
        if kind == "declined":
            code = f"declined_by_{by}_{'with_reason' if reason_given else 'silently'}"
        else:
            code = f"information_{kind}"
        yield stakeholder_id, fact(occurred_at, event_id, code)


def _asks(ctx: ReportContext, ids: list[UUID]) -> Iterator[tuple[Any, Fact]]:
    a = ctx.t.asks
    query = select(a.c.answered_at, a.c.outcome, *raw(a.c.stakeholder_id, a.c.outcome_event_id)).where(
        a.c.stakeholder_id.in_(ids), a.c.outcome.is_not(None), a.c.answered_at <= ctx.at)
    for answered_at, outcome, stakeholder_id, event_id in rows(ctx, query):
        yield stakeholder_id, fact(answered_at, event_id, f"ask_{outcome}")


def _attendance(ctx: ReportContext, ids: list[UUID]) -> Iterator[tuple[Any, Fact]]:
    p = ctx.t.parties
    query = select(p.c.occurred_at, p.c.attendance, *raw(p.c.stakeholder_id, p.c.interaction_id)).where(
        p.c.stakeholder_id.in_(ids), p.c.attendance.is_not(None), p.c.occurred_at <= ctx.at)
    for occurred_at, attendance, stakeholder_id, event_id in rows(ctx, query):
        yield stakeholder_id, fact(occurred_at, event_id, f"attended_{attendance}")


def _feedings(ctx: ReportContext, ids: list[UUID]) -> Iterator[tuple[Any, Fact]]:
    f = ctx.t.feedings
    query = select(f.c.occurred_at, *raw(f.c.stakeholder_id, f.c.event_id))
    for occurred_at, stakeholder_id, event_id in rows(ctx, query.where(f.c.stakeholder_id.in_(ids),
                                                                      f.c.occurred_at <= ctx.at)):
        yield stakeholder_id, fact(occurred_at, event_id, "fed")


def _status(ctx: ReportContext, ids: list[UUID]) -> Iterator[tuple[Any, Fact]]:
    c = ctx.t.status_changes
    query = select(c.c.status, c.c.occurred_at, *raw(c.c.stakeholder_id, c.c.event_id))
    for status, occurred_at, stakeholder_id, event_id in rows(ctx, query.where(c.c.stakeholder_id.in_(ids),
                                                                               c.c.occurred_at <= ctx.at)):
        yield stakeholder_id, fact(occurred_at, event_id, "reactivated" if status == "active" else "archived")


@dataclass(frozen=True)
class HandOver:
    predecessor_id: UUID
    at: datetime
    event_id: UUID


def handovers(ctx: ReportContext, ids: list[UUID]) -> dict[UUID, HandOver]:
    """Who handed over to each of `ids`, when, and by which event (the latest hand-over counts)."""
    c = ctx.t.status_changes
    query = select(c).where(c.c.successor_id.in_(ids), c.c.occurred_at <= ctx.at)
    found: dict[UUID, HandOver] = {}
    for row in sorted(ctx.connection.execute(query), key=lambda r: (r.occurred_at, str(r.event_id))):
        found[row.successor_id] = HandOver(row.stakeholder_id, row.occurred_at, row.event_id)
    return found
