"""The event log as auditors read it: one item per stored event, with its link in the chain.

`data` carries the stored event exactly (originator, version, topic and the state's JSON as
the library wrote it), so an import can write back the very same bytes. Personal fields stay
sealed: nothing here opens the vault.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from sqlalchemy import Engine

from domain.base import event_id
from projections.audit import canonical
from projections.audit.reading import chain_rows, stored_rows
from projections.audit.tables import links

log = logging.getLogger("linkingpin.audit")


def item(notification: Any, state: dict[str, Any], link: str) -> dict[str, Any]:
    n = notification
    return {
        "position": n.id, "id": str(event_id(n.originator_id, n.originator_version)),
        "type": n.topic.split(":", 1)[-1],  # `Stakeholder.Registered`, as in the event log view
        "occurred_at": canonical.tagged(state.get("occurred_at")),
        "recorded_at": canonical.tagged(state.get("timestamp")),
        "recorded_by": state.get("recorded_by"),
        "data": {"originator_id": str(n.originator_id), "originator_version": n.originator_version,
                 "topic": n.topic, "state": state},
        "hash": link,
    }


def line(found: dict[str, Any]) -> str:
    """One JSON Lines line; deterministic, so export → import → export repeats every byte."""
    return json.dumps(found, separators=(",", ":"), ensure_ascii=False) + "\n"


def stored_line(notification: Any, state: dict[str, Any], plain: bytes, link: str) -> str:
    """`line(item(...))` without encoding the state again: the stored JSON already is its encoding
    (the import checks each line against `line`, so the two cannot drift apart unnoticed)."""
    found = item(notification, state, link)
    data = found.pop("data")
    data.pop("state")
    found.pop("hash")
    head, inner = line(found)[:-2], line(data)[:-2]
    return f'{head},"data":{inner},"state":{plain.decode("utf-8")}}},"hash":"{link}"}}\n'


def items(app: Application, engine: Engine, *, network_id: UUID | None = None, after: int = 0,
          since: datetime | None = None, until: datetime | None = None) -> Iterator[dict[str, Any]]:
    """Items in position order, filtered by network and by when they were recorded (from, to inclusive)."""
    for stored, plain, state, link in _readable(app, engine, network_id=network_id, after=after, since=since,
                                                until=until):
        yield item(stored, state, link)


def lines(app: Application, engine: Engine, *, network_id: UUID | None = None, since: datetime | None = None,
          until: datetime | None = None) -> Iterator[str]:
    for stored, plain, state, link in _readable(app, engine, network_id=network_id, since=since, until=until):
        yield stored_line(stored, state, plain, link)


def _readable(app: Application, engine: Engine, *, network_id: UUID | None, after: int = 0,
              since: datetime | None, until: datetime | None) -> Iterator[tuple[Any, bytes, dict[str, Any], str]]:
    where = tuple(w for w in (links.c.recorded_at >= since if since else None,
                              links.c.recorded_at <= until if until else None) if w is not None)
    for stored, chained in _pairs(app, chain_rows(engine, network_id=network_id, after=after, where=where)):
        try:
            plain = canonical.plain_state(app.mapper, stored.state)
            state = canonical.parse_state(plain)
        except canonical.Unreadable:
            log.warning("audit export skips position %s: unreadable; run `linkingpin audit verify`", stored.id)
            continue
        yield stored, plain, state, chained.link


def page(app: Application, engine: Engine, network_id: UUID, *, after: int = 0, limit: int = 50) -> dict[str, Any]:
    """One page of a network's log for GET /v1/events: items, and the `after` that reads the next page."""
    found = []
    for entry in items(app, engine, network_id=network_id, after=after):
        found.append(entry)
        if len(found) == limit:
            break
    more = len(found) == limit
    return {"items": found, "next_after": found[-1]["position"] if more else None}


def _pairs(app: Application, chained: Iterator[Any]) -> Iterator[tuple[Any, Any]]:
    """Each chain row with the stored row at its position; a position whose row is gone is skipped."""
    stored: Iterator[Any] | None = None
    current = None
    for row in chained:
        if stored is None:
            stored = stored_rows(app.recorder, start=row.position)
        while current is None or current.id < row.position:
            current = next(stored, None)
            if current is None:
                return
        if current.id == row.position:
            yield current, row
        else:
            log.warning("audit export skips position %s: the stored row is gone", row.position)
