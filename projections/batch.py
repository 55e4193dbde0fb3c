"""Write-behind for views: statements collected while a batch of events is applied, run at the end.

Handlers never read the tables they write within a batch (they write blindly, or with
INSERT ... SELECT from tables they declare), so statements can be grouped into one executemany
each, as long as no statement touching the same tables lies between two members of a group.
That is what lets catch-up keep pace with reading the log.

Inserts, upserts and updates on SQLite, and plain inserts (most rows) on PostgreSQL, skip
SQLAlchemy's per-execution work: each is compiled once per dialect and its rows are converted by
per-column functions, then handed to the driver's executemany (on PostgreSQL to COPY). Profiling showed
compilation set-up and per-parameter processing costing more than SQLite's own inserting.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timezone
from typing import Any

from sqlalchemy import Connection, Executable, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

from projections.db import UtcDateTime

UTC = timezone.utc


@dataclass
class _Group:
    statement: Executable
    keys: tuple[str, ...]
    tables: frozenset[str] | None  # None: unknown, a barrier
    rows: list[dict[str, Any]] = field(default_factory=list)
    table: Table | None = None  # set for plain inserts, which PostgreSQL loads by COPY


class Batch:
    def __init__(self) -> None:
        self._copies: dict[tuple, tuple[str, Callable[[dict], tuple]]] = {}
        self._statements: dict[tuple, tuple[Executable, tuple[str, Callable[[dict], tuple]] | None]] = {}
        self.clear()

    def clear(self) -> None:
        self._groups: list[_Group] = []
        # Groups that may still take rows: nothing touching their tables has been queued after them.
        self._open: dict[tuple[int, tuple[str, ...]], _Group] = {}

    def take(self) -> Batch:
        """Everything queued so far, as a batch of its own to flush elsewhere; this one starts empty."""
        taken = copy.copy(self)  # shares the compiled statements; clear() below gives self new containers
        self.clear()
        return taken

    def add(self, statement: Executable, params: dict[str, Any] | None = None, *,
            tables: frozenset[str] | None = None, keys: tuple[str, ...] | None = None,
            insert_into: Table | None = None) -> None:
        """Queue a statement; `tables` are all tables it reads or writes (None: unknown, a barrier).

        `insert_into` marks a plain INSERT of whole rows into that table, with the given `keys`."""
        if keys is None:
            keys = tuple(params) if params is not None else ()
        key = (id(statement), keys)
        joinable = params is not None and tables is not None  # later statements of the same shape may join it
        if joinable and key in self._open:
            self._open[key].rows.append(params)
            return
        group = _Group(statement, keys, tables, [params] if params is not None else [], insert_into)
        self._close(tables)
        self._groups.append(group)
        if joinable:
            self._open[key] = group

    def _close(self, tables: frozenset[str] | None) -> None:
        """Statements queued later may not join groups that come before one touching the same tables."""
        if tables is None:
            self._open.clear()
            return
        for key in [k for k, g in self._open.items() if not tables.isdisjoint(g.tables)]:
            del self._open[key]

    def add_row(self, statement: Executable, table: Table, keys: tuple[str, ...], row: dict[str, Any]) -> None:
        """`add` for a plain INSERT of one row, the common case: one lookup when its group is open."""
        group = self._open.get((id(statement), keys))
        if group is not None:
            group.rows.append(row)
            return
        self.add(statement, row, tables=frozenset((table.name,)), keys=keys, insert_into=table)

    def __len__(self) -> int:
        return sum(max(1, len(g.rows)) for g in self._groups)

    def flush(self, connection: Connection) -> None:
        dialect = connection.dialect
        for group in self._groups:
            if group.rows and group.table is not None and dialect.name == "postgresql":
                sql, to_row = self._copy_of(dialect, group)
                _copy(connection, sql, map(to_row, group.rows))
            elif group.rows and (positional := self._positional(dialect, group)) is not None:
                sql, to_row = positional
                connection.exec_driver_sql(sql, list(map(to_row, group.rows)))
            elif group.rows:
                connection.execute(group.statement, group.rows)
            else:
                connection.execute(group.statement)
        self.clear()

    def _copy_of(self, dialect: Dialect, group: _Group) -> tuple[str, Callable[[dict], tuple]]:
        """PostgreSQL's COPY of a plain insert's columns, and the function making its rows."""
        cache_key = (dialect.name, group.table, group.keys)
        found = self._copies.get(cache_key)
        if found is None:
            table, quote = group.table, dialect.identifier_preparer.quote
            names = ", ".join(quote(table.c[k].name) for k in group.keys)
            sql = f"COPY {dialect.identifier_preparer.format_table(table)} ({names}) FROM STDIN"
            found = self._copies[cache_key] = (sql, _row_function([(k, table.c[k].type) for k in group.keys], dialect))
        return found

    def _positional(self, dialect: Dialect, group: _Group) -> tuple[str, Callable[[dict], tuple]] | None:
        cache_key = (dialect.name, id(group.statement), group.keys)
        found = self._statements.get(cache_key)
        if found is None:
            # The statement is held with its entry, so its id cannot be reused while the entry exists.
            found = self._statements[cache_key] = (group.statement, _compile(group.statement, group.keys, dialect))
        return found[1]


def _compile(statement: Executable, keys: tuple[str, ...], dialect: Dialect) -> tuple[str, Callable] | None:
    """A statement with qmark parameters (SQLite's: inserts, upserts, updates) compiled once, for rows of
    these keys as SQLAlchemy would compile it, with a function turning its rows into tuples; None where
    SQLAlchemy must execute it itself: other parameter styles, and binds that are not plain row values
    (expanding IN lists, constants)."""
    if dialect.paramstyle != "qmark":
        return None
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    names = compiled.positiontup
    if names is None or compiled.post_compile_params or compiled.literal_execute_params or not set(names) <= set(keys):
        return None
    types = {name: bind.type for bind, name in compiled.bind_names.items()}
    return compiled.string, _row_function([(name, types[name]) for name in names], dialect)


def _copy(connection: Connection, copy_sql: str, rows: Iterable[tuple]) -> None:
    """PostgreSQL loads rows by COPY in the same transaction: a tenth of the round trips and parsing of
    executemany, which profiling showed as most of a PostgreSQL catch-up."""
    with connection.connection.driver_connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for row in rows:
            copy.write_row(row)


def _row_function(values: list[tuple[str, TypeEngine]], dialect: Dialect) -> Callable[[dict], tuple]:
    """One function per statement shape turning a row dict into the driver's tuple, a value per (key, its
    type) in order; generated, because a generator over (key, converter) pairs cost more per row than the
    database did."""
    converters = {f"c{i}": converter(type_, dialect) for i, (_, type_) in enumerate(values)}
    parts = [f"r[{k!r}]" if converters[f"c{i}"] is None else f"c{i}(r[{k!r}])" for i, (k, _) in enumerate(values)]
    return eval(f"lambda r: ({', '.join(parts)},)", {n: c for n, c in converters.items() if c is not None})  # noqa: S307


def converter(type_: TypeEngine, dialect: Dialect) -> Callable[[Any], Any] | None:
    """What SQLAlchemy would send for a value of this column type, computed more cheaply where it matters."""
    if isinstance(type_, UtcDateTime):
        found = _MOMENTS.get(dialect.name)
        if found is None:
            plain = _sqlite_utc if dialect.name == "sqlite" else type_._cached_bind_processor(dialect)
            found = _MOMENTS[dialect.name] = _once_per_object(plain)
        return found
    return type_._cached_bind_processor(dialect)  # SQLAlchemy's own conversion, exactly as it would apply it


# One cache per dialect, shared by every table: an event's moments recur across the tables it fills.
_MOMENTS: dict[str, Callable[[Any], Any]] = {}


def _once_per_object(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The rows of one event share its moments (three to five rows each), and formatting a moment cost
    ten times a dictionary lookup. Keyed by identity; the cache holds each value, so no id is reused."""
    seen: dict[int, tuple[Any, Any]] = {}

    def cached(value: Any) -> Any:
        hit = seen.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        if len(seen) >= 50_000:
            seen.clear()
        converted = convert(value)
        seen[id(value)] = (value, converted)
        return converted

    return cached


def _sqlite_utc(value: Any) -> str | None:
    # Same text as SQLAlchemy's SQLite DATETIME storage format (always six digits of microseconds).
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]  # the text before "+00:00"
