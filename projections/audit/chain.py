"""Extends every network's chain over new stored events, exactly once, and signs checkpoints.

It reads the raw rows (not decoded events, as views do) because a link must cover the bytes
that were stored. Like a view it commits its rows and its tracking position in one
transaction, and discards a batch when another process moved the position first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from sqlalchemy import Connection, Engine, and_, func, insert, select

from projections import tracking
from projections.audit import canonical
from projections.audit.signing import Signer
from projections.audit.tables import TRACKING_KEY, checkpoints, links
from projections.db import writer


class ChainStuck(Exception):
    def __init__(self, position: int, reason: str) -> None:
        super().__init__(f"the stored event at position {position} cannot be read: {reason}")
        self.position = position


@dataclass
class Head:
    seq: int
    position: int
    link: bytes


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Chain:
    def __init__(self, app: Application, engine: Engine, signer: Signer, *, every: int = 1000,
                 batch_size: int = 1000, clock: Callable[[], datetime] = utc_now) -> None:
        self.app, self.engine, self.signer = app, engine, signer
        self.every, self.batch_size, self.clock = every, batch_size, clock

    def position(self) -> int:
        with self.engine.connect() as connection:
            return tracking.position(connection, TRACKING_KEY)

    def step(self) -> int:
        """Chain one batch; answer how many rows were read (0 at the head). Raises ChainStuck on an unreadable row."""
        start = self.position()
        notifications = self.app.recorder.select_notifications(start=start + 1, limit=self.batch_size)
        if not notifications:
            return 0
        entries, stuck = self._entries(notifications)
        if entries:
            with self.engine.connect() as connection:
                heads = load_heads(connection, {e["network_id"] for e in entries})
            rows, signed = self._extend(entries, heads)
            self._commit(start, rows, signed)
        if stuck:
            raise stuck
        return len(notifications)

    def catch_up(self, *, stop: threading.Event | None = None) -> int:
        """Extend the chain to the head (or until `stop` is set, as the feed asks)."""
        total = 0
        while not (stop and stop.is_set()) and (done := self.step()):
            total += done
        return total

    def checkpoint_now(self, network_id: UUID | None = None) -> list[dict[str, Any]]:
        """Sign each network's head unless a checkpoint already covers it."""
        with writer(self.engine).begin() as connection:
            lock_position(connection)  # the chain cannot move while we read its heads
            heads = load_heads(connection, None if network_id is None else {network_id})
            latest = dict(connection.execute(
                select(checkpoints.c.network_id, func.max(checkpoints.c.seq)).group_by(checkpoints.c.network_id)).all())
            signed = [self._sign(n, head) for n, head in sorted(heads.items(), key=lambda item: str(item[0]))
                      if head.seq > latest.get(n, 0)]
            if signed:
                connection.execute(insert(checkpoints), signed)
        return signed

    def _entries(self, notifications: Iterable[Any]) -> tuple[list[dict[str, Any]], ChainStuck | None]:
        entries = []
        for n in notifications:
            try:
                plain = canonical.plain_state(self.app.mapper, n.state)
                state = canonical.parse_state(plain)
                network_id = canonical.network_of(state, n.originator_id)
                recorded = canonical.recorded_at(state)
            except (canonical.Unreadable, KeyError, ValueError, TypeError) as error:
                return entries, ChainStuck(n.id, str(error) or type(error).__name__)
            entries.append({"notification": n, "plain": plain, "network_id": network_id, "recorded_at": recorded})
        return entries, None

    def _extend(self, entries: list[dict[str, Any]], heads: dict[UUID, Head]) -> tuple[list[dict], list[dict]]:
        rows, signed = [], []
        for entry in entries:
            n, network_id = entry["notification"], entry["network_id"]
            head = heads.get(network_id) or Head(0, 0, canonical.genesis(network_id))
            new = canonical.link(head.link, position=n.id, originator_id=n.originator_id,
                                 originator_version=n.originator_version, topic=n.topic, state=entry["plain"])
            heads[network_id] = head = Head(head.seq + 1, n.id, new)
            rows.append({"position": n.id, "network_id": network_id, "seq": head.seq, "link": new.hex(),
                         "recorded_at": entry["recorded_at"]})
            if head.seq % self.every == 0:
                signed.append(self._sign(network_id, head))
        return rows, signed

    def _sign(self, network_id: UUID, head: Head) -> dict[str, Any]:
        return self.signer.sign({"network_id": network_id, "seq": head.seq, "position": head.position,
                                 "link": head.link.hex(), "signed_at": self.clock().isoformat()})

    def _commit(self, start: int, rows: list[dict], signed: list[dict]) -> None:
        with writer(self.engine).begin() as connection:
            if lock_position(connection) != start:
                return  # another process chained this batch first; ours is discarded
            connection.execute(insert(links), rows)
            if signed:
                connection.execute(insert(checkpoints), signed)
            tracking.advance(connection, view=TRACKING_KEY, application_name=self.app.name,
                             notification_id=rows[-1]["position"])


def lock_position(connection: Connection) -> int:
    query = select(tracking.tracking.c.notification_id).where(tracking.tracking.c.view == TRACKING_KEY)
    return connection.execute(query.with_for_update()).scalar() or 0


def load_heads(connection: Connection, network_ids: set[UUID] | None) -> dict[UUID, Head]:
    """The last link of each named network's chain (every network's when None). A named network's is
    one seek along (network_id, seq): grouping read every link of the network, once per batch of a
    catch-up, and networks logging side by side each have links in most batches."""
    if network_ids is not None:
        found = (connection.execute(select(links).where(links.c.network_id == network_id)
                                    .order_by(links.c.seq.desc()).limit(1)).first() for network_id in network_ids)
        return {row.network_id: _head(row) for row in found if row is not None}
    latest = select(links.c.network_id, func.max(links.c.seq).label("seq")).group_by(links.c.network_id).subquery()
    query = select(links).join(latest, and_(links.c.network_id == latest.c.network_id, links.c.seq == latest.c.seq))
    return {row.network_id: _head(row) for row in connection.execute(query)}


def _head(row: Any) -> Head:
    return Head(row.seq, row.position, bytes.fromhex(row.link))
