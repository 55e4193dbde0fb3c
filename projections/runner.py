"""Applies new events to views in batches: read and decode once, then one transaction for rows and tracking.

Exactly once: a batch's rows and its tracking positions commit together, and the batch is
discarded if another worker moved a position first. A crash mid-batch rolls back to the last
committed position, from which the next run resumes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking
from sqlalchemy import Engine, select

from projections import indexes, tracking
from projections.batch import Batch
from projections.catalog import Catalog
from projections.collector import fewer_collections
from projections.db import shrink_log, tune_view_writer, writer
from projections.views.base import View, ViewRecorder, tracking_key, write


class PositionMoved(Exception):
    """Another worker applied this batch first; ours is discarded."""


@dataclass
class Target:
    view: View
    key: str


@dataclass
class Sealed:
    """A batch applied in memory: each view's statements and position, and where the views stood before it."""
    parts: list[tuple[str, Batch, Tracking | None]]
    start: dict[str, int]
    count: int


class Runner:
    def __init__(self, app: Application, engine: Engine, catalog: Catalog, *, batch_size: int = 5000,
                 generations: dict[str, str] | None = None, bulk_backlog: int = indexes.BULK_BACKLOG) -> None:
        """`generations` pins views to generations (a rebuild); by default each view's active one.
        A view still empty with at least `bulk_backlog` events to read is filled with its secondary
        indexes set aside (`projections.indexes`)."""
        self.app, self.engine, self.catalog = app, engine, catalog
        self.batch_size = batch_size
        self.bulk_backlog = bulk_backlog
        self.filling = False  # filling views from empty, their indexes set aside
        self._fill_checked = False  # views are emptied only before a runner starts (start-up, a rebuild's own)
        self.pinned = generations
        self.changed = threading.Condition()
        self._targets: dict[str, Target] = {}

    def targets(self) -> list[Target]:
        if self.pinned is None:
            with self.engine.connect() as connection:
                wanted = self.catalog.active(connection)
        else:
            wanted = self.pinned
        found = []
        for name, generation in wanted.items():
            key = tracking_key(name, generation)
            if key not in self._targets:
                recorder = ViewRecorder(self.engine, view=name, generation=generation,
                                        tables=self.catalog.tables(name, generation))
                self._targets[key] = Target(self.catalog.views[name](recorder), key)
            found.append(self._targets[key])
        return found

    def step(self) -> int:
        """Apply one batch and commit it; answer how many events were read (0 when every view is at the head)."""
        targets = self.targets()
        sealed = self._apply(targets, self._positions(targets))
        if sealed is None:
            return 0
        try:
            self._commit(sealed)
        except PositionMoved:
            pass
        return sealed.count

    def catch_up(self, *, progress: Callable[[int], object] | None = None, stop: threading.Event | None = None) -> int:
        """Apply batches until every view is at the head.

        Serial on purpose: committing batch N on a writer thread while N+1 is applied was measured
        slower on SQLite, whose driver releases the GIL for every row and then waits to get it back."""
        aside, total = self._set_aside_indexes(), 0
        self.filling = bool(aside)
        try:
            with fewer_collections():
                while not (stop and stop.is_set()):
                    done = self.step()
                    if not done:
                        break
                    total += done
                    if progress:
                        progress(done)
        finally:
            self.filling = False
            if aside or total >= self.bulk_backlog:  # a long catch-up also mends a fill another process left
                with writer(self.engine).begin() as connection:
                    indexes.make_missing(connection, aside or indexes.secondary(self._tables()))
            if aside:
                shrink_log(self.engine)
        return total

    def _tables(self, targets: list[Target] | None = None) -> list:
        return [t.view.view.tables for t in (self.targets() if targets is None else targets)]

    def _set_aside_indexes(self) -> list:
        """Views still empty, with a long backlog, are filled without their secondary indexes. Only a runner's
        first catch-up can find them empty, so later ones (the feed's, on every save) skip the look."""
        if self._fill_checked:
            return []
        targets = self.targets()
        empty = self.head() >= self.bulk_backlog and not all(self._positions(targets).values())
        self._fill_checked = True
        if not empty:
            return []
        with writer(self.engine).begin() as connection:
            rows = select(tracking.tracking).where(tracking.tracking.c.view.in_([t.key for t in targets]))
            now = {row.view: row.notification_id for row in connection.execute(rows.with_for_update())}
            aside = indexes.secondary(self._tables([t for t in targets if not now.get(t.key)]))
            indexes.set_aside(connection, aside)
        return aside

    def _positions(self, targets: list[Target]) -> dict[str, int]:
        with self.engine.connect() as connection:
            known = tracking.positions(connection)
        return {t.key: known.get(t.key, 0) for t in targets}

    def _apply(self, targets: list[Target], start: dict[str, int]) -> Sealed | None:
        """Read, decode and apply the next batch in memory; answer its statements, detached from the views."""
        notifications = self.app.recorder.select_notifications(start=min(start.values()) + 1, limit=self.batch_size)
        if not notifications:
            return None
        for notification in notifications:
            domain_event = self.app.mapper.to_domain_event(notification)
            trackable = Tracking(self.app.name, notification.id)
            for target in targets:
                if notification.id > start[target.key]:
                    target.view.process_event(domain_event, trackable)
        return Sealed([(t.key, *t.view.view.detach()) for t in targets], start, len(notifications))

    def _commit(self, sealed: Sealed) -> int:
        """One transaction for every view's rows and position; PositionMoved if another worker moved one first."""
        with writer(self.engine).begin() as connection:
            tune_view_writer(connection, filling=self.filling)
            rows = select(tracking.tracking).where(tracking.tracking.c.view.in_(list(sealed.start))).with_for_update()
            now = {row.view: row.notification_id for row in connection.execute(rows)}
            if any(now.get(key, 0) != position for key, position in sealed.start.items()):
                raise PositionMoved
            for key, batch, position in sealed.parts:
                write(connection, key, batch, position)
        with self.changed:
            self.changed.notify_all()
        return sealed.count

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def lowest_position(self) -> int:
        keys = [t.key for t in self.targets()]
        with self.engine.connect() as connection:
            known = tracking.positions(connection)
        return min((known.get(k, 0) for k in keys), default=0)
