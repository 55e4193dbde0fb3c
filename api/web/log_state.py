"""What a page learnt from one network's log, kept between requests and brought up to date from where it stopped.

The event log index only grows, and each network's rows are keyed by (network, position), so
"what was added since position P" is one range query however long the history is. Pages that
would otherwise read a whole network's log per request (the event log's filter choices, the
alert list) keep their state here instead, per read side (per store) and per network.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar
from uuid import UUID
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, func, select

State = TypeVar("State")


class PerNetwork(Generic[State]):
    """One state per (read side, network), made by `factory` on first use; a store that goes away
    takes its states with it, so test stores and imported stores never share them."""

    def __init__(self, factory: Callable[[], State]) -> None:
        self.factory = factory
        self.states: WeakKeyDictionary[Any, dict[UUID, State]] = WeakKeyDictionary()
        self.guard = threading.Lock()

    def get(self, views: Any, network_id: UUID) -> State:
        with self.guard:
            return self.states.setdefault(views, {}).setdefault(network_id, self.factory())


def head(connection: Connection, events: Any, network_id: UUID) -> int:
    """The network's last position in the index (0 when it has none): where an update stops, so rows
    indexed while it runs are left for the next one."""
    query = select(func.max(events.c.position)).where(events.c.network_id == network_id)
    return connection.execute(query).scalar() or 0
