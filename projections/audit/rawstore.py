"""Writing stored rows as they are, which the library's recorders do not offer: import keeps each
event's position (links hash it), and re-encryption rewrites state bytes in place."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

Row = tuple[int, UUID, int, str, bytes]  # position, originator id, version, topic, stored state


class StoreNotEmpty(Exception):
    pass


class Unsupported(Exception):
    pass


class SqliteRaw:
    def __init__(self, recorder: Any) -> None:
        self.datastore, self.table = recorder.datastore, recorder.events_table_name

    @contextmanager
    def importing(self) -> Iterator[Callable[[Sequence[Row]], None]]:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {self.table}")
            if cursor.fetchone()[0]:
                raise StoreNotEmpty("the event store is not empty")
            statement = f"INSERT INTO {self.table} (rowid, originator_id, originator_version, topic, state) " \
                        "VALUES (?, ?, ?, ?, ?)"
            yield lambda rows: cursor.executemany(statement, [(p, o.hex, v, t, s) for p, o, v, t, s in rows])

    def update_states(self, rows: Sequence[tuple[int, bytes]]) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.executemany(f"UPDATE {self.table} SET state = ? WHERE rowid = ?", [(s, p) for p, s in rows])


class PostgresRaw:
    def __init__(self, recorder: Any) -> None:
        from psycopg.sql import Identifier

        self.datastore = recorder.datastore
        self.qualified = f'"{recorder.datastore.schema}"."{recorder.events_table_name}"'
        self.table = Identifier(recorder.datastore.schema, recorder.events_table_name)

    @contextmanager
    def importing(self) -> Iterator[Callable[[Sequence[Row]], None]]:
        from psycopg.sql import SQL

        with self.datastore.transaction(commit=True) as cursor:
            # The same lock the library takes to write, so nothing else writes while we import.
            cursor.execute(SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(self.table))
            cursor.execute(SQL("SELECT COUNT(*) AS n FROM {}").format(self.table))
            if cursor.fetchone()["n"]:
                raise StoreNotEmpty("the event store is not empty")
            statement = SQL("INSERT INTO {} (notification_id, originator_id, originator_version, topic, state) "
                            "VALUES (%s, %s, %s, %s, %s)").format(self.table)
            yield lambda rows: cursor.executemany(statement, list(rows))
            # New events continue after the imported positions.
            cursor.execute(SQL("SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), "
                               "(SELECT MAX(notification_id) FROM {}))").format(self.table), [self.qualified])

    def update_states(self, rows: Sequence[tuple[int, bytes]]) -> None:
        from psycopg.sql import SQL

        with self.datastore.transaction(commit=True) as cursor:
            cursor.executemany(SQL("UPDATE {} SET state = %s WHERE notification_id = %s").format(self.table),
                               [(s, p) for p, s in rows])


def raw_store(recorder: ApplicationRecorder) -> SqliteRaw | PostgresRaw:
    module = type(recorder).__module__
    if module.startswith("eventsourcing.sqlite"):
        return SqliteRaw(recorder)
    if module.startswith("eventsourcing.postgres"):
        return PostgresRaw(recorder)
    raise Unsupported("import and re-encryption need a SQLite or PostgreSQL event store")
