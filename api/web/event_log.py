"""The network's event log as auditors browse it: newest first, filtered, each with its chain link.

Read from the event log index (a read model) joined with the audit chain's links, so filtering by
type, recorder and dates is a query rather than a walk through the whole store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select

from projections.audit.tables import links

PAGE_SIZE = 50


@dataclass(frozen=True)
class LogFilters:
    type: str = ""
    recorded_by: str = ""
    object_id: UUID | None = None
    as_of: datetime | None = None  # occurred by then
    known_at: datetime | None = None  # recorded by then
    before: int | None = None  # position, for the next page


def page(services: Any, network_id: UUID, filters: LogFilters) -> dict[str, Any]:
    views = services.views
    with views.engine.connect() as connection:
        e = views.catalog.live(connection).events
        query = (select(e, links.c.link).outerjoin(links, links.c.position == e.c.position)
                 .where(e.c.network_id == network_id))
        if filters.type:
            query = query.where(e.c.type == filters.type)
        if filters.recorded_by:
            query = query.where(e.c.recorded_by == filters.recorded_by)
        if filters.object_id is not None:
            query = query.where(e.c.originator_id == filters.object_id)
        if filters.as_of is not None:
            query = query.where(e.c.occurred_at <= filters.as_of)
        if filters.known_at is not None:
            query = query.where(e.c.recorded_at <= filters.known_at)
        if filters.before is not None:
            query = query.where(e.c.position < filters.before)
        rows = list(connection.execute(query.order_by(e.c.position.desc()).limit(PAGE_SIZE + 1)))
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return {"items": rows, "before": rows[-1].position if more else None}


def choices(services: Any, network_id: UUID) -> dict[str, list[str]]:
    """The types and recorders that occur in this network's log, for the filter's choices."""
    views = services.views
    with views.engine.connect() as connection:
        e = views.catalog.live(connection).events
        mine = e.c.network_id == network_id
        types = connection.execute(select(e.c.type).where(mine).distinct()).scalars()
        recorders = connection.execute(select(e.c.recorded_by).where(mine).distinct()).scalars()
        return {"types": sorted(types), "recorders": sorted(r for r in recorders if r)}


def one(services: Any, network_id: UUID, event_id: UUID) -> Any:
    """One event of this network by its id, or None."""
    views = services.views
    with views.engine.connect() as connection:
        e = views.catalog.live(connection).events
        query = select(e).where(e.c.network_id == network_id, e.c.id == event_id)
        return connection.execute(query).first()
