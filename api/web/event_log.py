"""The network's event log as auditors browse it: newest first, filtered, each with its chain link.

Read from the event log index (a read model) joined with the audit chain's links, so filtering by
type, recorder and dates is a query rather than a walk through the whole store.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select

from api.web.log_state import PerNetwork, head

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


@dataclass
class Seen:
    """The types and recorders in one network's log up to `position`."""

    position: int = 0
    types: set[str] = field(default_factory=set)
    recorders: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


SEEN = PerNetwork(Seen)


def choices(services: Any, network_id: UUID) -> dict[str, list[str]]:
    """The types and recorders that occur in this network's log, for the filter's choices.

    Finding them means reading the whole network's log, hundreds of thousands of rows in a large
    one; it only grows, so this reads it once per process and then only what was added since."""
    views = services.views
    seen = SEEN.get(views, network_id)
    with seen.lock, views.engine.connect() as connection:
        e = views.catalog.live(connection).events
        last = head(connection, e, network_id)
        added = (select(e.c.type, e.c.recorded_by)
                 .where(e.c.network_id == network_id, e.c.position > seen.position, e.c.position <= last))
        for type_, recorder in connection.execute(added.distinct()):
            seen.types.add(type_)
            seen.recorders.add(recorder or "")
        seen.position = max(seen.position, last)
        return {"types": sorted(seen.types), "recorders": sorted(r for r in seen.recorders if r)}


def one(services: Any, network_id: UUID, event_id: UUID) -> Any:
    """One event of this network by its id, or None."""
    views = services.views
    with views.engine.connect() as connection:
        e = views.catalog.live(connection).events
        # By id alone, then the network: given both, SQLite walks the network's whole (network, position)
        # index instead of seeking the id's.
        row = connection.execute(select(e).where(e.c.id == event_id)).first()
        return row if row is not None and row.network_id == network_id else None
