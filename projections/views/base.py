"""What every view shares: its tables in two generations, its batch, and its tracking.

Each view's tables exist twice ("a_" and "b_" prefixes). Readers use the active generation;
a rebuild fills the other one from scratch while the old one stays readable, then a single
transaction makes it active. Tracking rows are kept per view and generation.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.projection import Projection
from sqlalchemy import Connection, Engine, MetaData, Table, and_, bindparam, insert, select, update
from sqlalchemy import delete as sa_delete

from domain.base import event_id
from projections import tracking as tracking_table
from projections.batch import Batch

GENERATIONS = ("a", "b")


def tracking_key(view: str, generation: str) -> str:
    return f"{view}:{generation}"


class ViewRecorder(TrackingRecorder):
    """Tracking for one generation of one view, written in the same transaction as its rows."""

    def __init__(self, engine: Engine, *, view: str, generation: str, tables: SimpleNamespace) -> None:
        self.engine = engine
        self.key = tracking_key(view, generation)
        self.tables = tables
        self.batch = Batch()
        self.pending: Tracking | None = None
        self.on_flush: list[Callable[[], None]] = []

    def insert_tracking(self, tracking: Tracking) -> None:
        self.pending = tracking

    def max_tracking_id(self, application_name: str) -> int | None:
        with self.engine.connect() as connection:
            return tracking_table.position(connection, self.key) or None

    def detach(self) -> tuple[Batch, Tracking | None]:
        """Hand over this batch's statements and position, so the next batch can be applied while they commit.

        Rows handed over can no longer absorb later updates, so the views forget what they held."""
        taken, position = self.batch.take(), self.pending
        self.pending = None
        for forget in self.on_flush:
            forget()
        return taken, position

    def flush(self, connection: Connection) -> None:
        """Write the current batch and position now (as-of replays, which need no pipeline)."""
        taken, position = self.detach()
        write(connection, self.key, taken, position)


def write(connection: Connection, key: str, batch: Batch, position: Tracking | None) -> None:
    batch.flush(connection)
    if position is not None:
        tracking_table.advance(connection, view=key, application_name=position.application_name,
                               notification_id=position.notification_id)


class View(Projection[ViewRecorder]):
    """A projection whose handlers add statements to the batch; the runner commits batch and tracking together."""

    name: ClassVar[str] = ""
    define: ClassVar[Callable[[MetaData, str], SimpleNamespace]]
    # Whether reports read this view's tables; as-of replays rebuild only the views they do.
    read_by_reports: ClassVar[bool] = True

    def __init__(self, view: ViewRecorder) -> None:
        super().__init__(view)
        self.t = view.tables
        self._batch = view.batch
        self._statements: dict[tuple, Any] = {}
        self._inserts: dict[tuple, Any] = {}
        self._handlers: dict[type, Callable[[Any, Any], None]] = {}
        # Rows inserted in the current batch, per table, so later updates of them fold into the insert.
        self._pending: dict[str, dict[Any, dict[str, Any]]] = {}
        view.on_flush.append(self._pending.clear)

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        handler = self._handlers.get(type(domain_event))
        if handler is None:
            handler = self.handler(type(domain_event))
        handler(self, domain_event)
        self.view.insert_tracking(tracking)

    def handler(self, event_type: type) -> Callable[[Any, Any], None]:
        """The function `apply` dispatches events of this type to (its fallback for events it ignores)."""
        found = self._handlers.get(event_type)
        if found is None:
            found = self._handlers[event_type] = self._resolve(event_type)
        return found

    def _resolve(self, event_type: type) -> Callable[[Any, Any], None]:
        """The handler `apply` would dispatch to, found once per event type: singledispatchmethod
        builds a wrapper on every call, which profiling showed as a tenth of catch-up."""
        self.apply  # noqa: B018 - completes the library's deferred registrations
        dispatcher = getattr(inspect.getattr_static(type(self), "apply"), "dispatcher", None)
        if dispatcher is None:
            return type(self).apply
        return dispatcher.dispatch(event_type)

    def apply(self, domain_event: Any) -> None:
        """Each view defines its own `apply` as a singledispatchmethod; unknown events only move its position."""
        raise NotImplementedError

    # Cached statements with bound parameters, so a batch sends many rows in one executemany.

    def insert(self, table: Table, row: dict[str, Any]) -> None:
        keys = tuple(row)
        statement = self._inserts.get((table.name, keys))
        if statement is None:
            statement = self._inserts[(table.name, keys)] = insert(table)
        if "id" in row:
            self._pending.setdefault(table.name, {})[row["id"]] = row
        self._batch.add_row(statement, table, keys, row)

    def pending_row(self, table: Table, row_id: UUID) -> dict[str, Any] | None:
        """The row as it will be written, if it was inserted earlier in this batch."""
        return self._pending.get(table.name, {}).get(row_id)

    def update(self, table: Table, row_id: UUID, **values: Any) -> None:
        pending = self._pending.get(table.name, {}).get(row_id)
        if pending is not None:
            if values.keys() <= pending.keys():
                pending.update(values)  # the row is not written yet: write it as it ends up
                return
            del self._pending[table.name][row_id]  # later updates must queue behind this one
        key = ("update", table.name, tuple(values))
        statement = self._statements.get(key)
        if statement is None:
            statement = self._statements[key] = (
                update(table).where(table.c.id == bindparam("row_id")).values({k: bindparam(k) for k in values}))
        self._batch.add(statement, {"row_id": row_id, **values}, tables=frozenset((table.name,)))

    def delete(self, table: Table, **where: Any) -> None:
        key = ("delete", table.name, tuple(where))
        statement = self._statements.get(key)
        if statement is None:
            condition = and_(*(table.c[k] == bindparam(f"w_{k}") for k in where))
            statement = self._statements[key] = sa_delete(table).where(condition)
        self._forget_pending(table)
        self._batch.add(statement, {f"w_{k}": v for k, v in where.items()}, tables=frozenset((table.name,)))

    def prepared(self, key: str, build: Callable[[], Any], params: dict[str, Any], *tables: Table) -> None:
        """A cached statement of the view's own making (e.g. INSERT ... SELECT) over the given tables."""
        statement = self._statements.get(key)
        if statement is None:
            statement = self._statements[key] = build()
        self._forget_pending(*tables)
        self._batch.add(statement, params, tables=frozenset(t.name for t in tables))

    def _forget_pending(self, *tables: Table) -> None:
        """A statement over whole tables is queued: later updates must queue behind it, not fold before it.

        Kept per table, so this costs nothing per row held: a scan of every held row here made catch-up
        quadratic in the batch size (a tenth of its time at 5,000 events a batch)."""
        for table in tables:
            self._pending.pop(table.name, None)

    def execute(self, statement: Any) -> None:
        """A one-off statement, run in order with everything around it."""
        self._batch.add(statement)


# (event, its id): every view asks in turn for the same event's id. One immutable pair, read in one go:
# replays in request threads run view code beside the feed's thread, and must never pair one event with
# another's id.
_last_eid: tuple[Any, Any] = (None, None)


def eid(domain_event: Any) -> UUID:
    global _last_eid
    event, found = _last_eid
    if event is domain_event:
        return found
    found = event_id(domain_event.originator_id, domain_event.originator_version)
    _last_eid = (domain_event, found)
    return found


def all_tables(define: Callable[[MetaData, str], SimpleNamespace], generation: str, metadata: MetaData) -> SimpleNamespace:
    return define(metadata, f"{generation}_")


def truncate(connection: Connection, tables: SimpleNamespace) -> None:
    for table in vars(tables).values():
        connection.execute(table.delete())


def select_all(connection: Connection, table) -> list:  # noqa: ANN001
    return list(connection.execute(select(table)))
