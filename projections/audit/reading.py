"""Streams of stored rows and chain rows in position order, and walking them side by side."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from sqlalchemy import Engine, String, select, type_coerce

from projections.audit.tables import links

PAGE = 1000


def stored_rows(recorder: ApplicationRecorder, *, start: int = 1, stop: int | None = None) -> Iterator[Any]:
    """Every stored row (a Notification) from `start` to `stop`, a page at a time."""
    while stop is None or start <= stop:
        page = recorder.select_notifications(start=start, limit=PAGE, stop=stop)
        if not page:
            return
        yield from page
        start = page[-1].id + 1


def chain_rows(engine: Engine, *, network_id: object = None, after: int = 0, until: int | None = None,
               where: tuple = ()) -> Iterator[Any]:
    """Chain rows in position order; keyset pages, so no cursor stays open while the caller works."""
    while True:
        # Neither times nor UUIDs are converted (network ids come as the driver gives them, see `as_uuid`):
        # converting costs verify and export a third of their time.
        query = (select(links.c.position, type_coerce(links.c.network_id, String).label("network_id"), links.c.seq,
                        links.c.link)
                 .where(links.c.position > after, *where).order_by(links.c.position).limit(PAGE))
        if network_id is not None:
            query = query.where(links.c.network_id == network_id)
        if until is not None:
            query = query.where(links.c.position <= until)
        with engine.connect() as connection:
            page = list(connection.execute(query))
        if not page:
            return
        yield from page
        after = page[-1].position


class UuidCache(dict):
    """Raw network ids from `chain_rows` (hex text on SQLite, UUIDs on PostgreSQL) as UUIDs, each converted once."""

    def __missing__(self, raw: object) -> UUID:
        found = self[raw] = raw if isinstance(raw, UUID) else UUID(str(raw))
        return found


def side_by_side(stored: Iterator[Any], chained: Iterator[Any]) -> Iterator[tuple[int, Any, Any]]:
    """(position, stored row or None, chain row or None) for every position either side has."""
    a, b = next(stored, None), next(chained, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a.id < b.position):
            yield a.id, a, None
            a = next(stored, None)
        elif a is None or b.position < a.id:
            yield b.position, None, b
            b = next(chained, None)
        else:
            yield a.id, a, b
            a, b = next(stored, None), next(chained, None)
