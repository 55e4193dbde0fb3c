"""Database plumbing shared by read models, the key store and the scheduler's job store."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import Connection, DateTime, Engine, TypeDecorator, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool


def sqlalchemy_url(database_url: str) -> str:
    """`postgresql://` means psycopg 3 here; SQLite paths get their folder created."""
    url = make_url(database_url)
    if url.drivername in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if url.drivername == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    return database_url


# The same text as json.dumps. View values come from decoded events, which cannot hold cycles, and the
# check for them was half of encoding a small dict (two per interaction row in a fill).
to_json = json.JSONEncoder(check_circular=False).encode


def make_engine(database_url: str, *, secure_delete: bool = False, search_path: str | None = None) -> Engine:
    url = sqlalchemy_url(database_url)
    if url in ("sqlite://", "sqlite:///:memory:"):
        # One shared in-memory database for every connection (tests and as-of replays).
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False},
                               json_serializer=to_json)
        _tune_sqlite(engine, secure_delete=secure_delete)
        return engine
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, json_serializer=to_json)
        _tune_sqlite(engine, secure_delete=secure_delete)
        return engine
    connect_args = {"options": f"-csearch_path={search_path}"} if search_path else {}
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, connect_args=connect_args,
                         json_serializer=to_json)


def _tune_sqlite(engine: Engine, *, secure_delete: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        if secure_delete:
            # Deleted rows (destroyed keys) are overwritten with zeros, not left in free pages.
            cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # noqa: ANN001
        # Writers take the lock at the start, so two of them queue instead of deadlocking on upgrade.
        immediate = connection.get_execution_options().get("immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def writer(engine: Engine) -> Engine:
    """The same engine, marked so that SQLite write transactions lock at BEGIN."""
    return engine.execution_options(immediate=True)


# Pages of write-ahead log after which a commit copies them into the database file (SQLite's default is
# 1,000). Batches of a fill write at random places in large tables, so each batch dirties much of them
# again; checkpointing every 400 MB rather than every 4 MB took a million-event fill's commits from 31 s
# to 19 s. Much larger logs were measured slower (reads look pages up in them), and so was capping the
# log file's size (each batch grew it again): it is cut back once, when the fill ends (`shrink_log`).
CHECKPOINT_PAGES = {False: 1_000, True: 100_000}


def tune_view_writer(connection: Connection, *, filling: bool) -> None:
    """SQLite's default page cache (2 MB) is far smaller than the views' indexes at scale, and batches
    insert at random places in them (keys are UUIDs); 64 MB per writing connection keeps them warm.
    The checkpoint interval follows whether the views are being filled (`CHECKPOINT_PAGES`)."""
    if connection.dialect.name != "sqlite":
        return
    info = connection.connection.info
    if not info.get("view_cache"):
        connection.exec_driver_sql("PRAGMA cache_size=-65536")
        info["view_cache"] = True
    if info.get("checkpoint_pages") != CHECKPOINT_PAGES[filling]:
        connection.exec_driver_sql(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES[filling]}")
        info["checkpoint_pages"] = CHECKPOINT_PAGES[filling]


def shrink_log(engine: Engine) -> None:
    """Copy SQLite's write-ahead log into the database and cut the file back to nothing (after a fill)."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def dialect_insert(table, engine: Engine):  # noqa: ANN001, ANN201
    """The INSERT of the engine's dialect, which knows ON CONFLICT (and `excluded`)."""
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def upsert_ignore(table, engine: Engine):  # noqa: ANN001, ANN201
    """INSERT ... ON CONFLICT DO NOTHING for either dialect."""
    return dialect_insert(table, engine).on_conflict_do_nothing()


class UtcDateTime(TypeDecorator):
    """Moments stored in UTC and read back with their offset, the same on SQLite (which keeps no
    offsets) and PostgreSQL, so comparisons between rows and with a moment T are always right."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if getattr(dialect, "name", "") == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)

    def result_processor(self, dialect: Any, coltype: object) -> Callable[[Any], datetime | None] | None:
        """On SQLite, the stored text read with `datetime.fromisoformat`: SQLAlchemy's own parsing by regular
        expression took five times as long, and reports read thousands of moments."""
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        parse, utc = datetime.fromisoformat, timezone.utc

        def process(value: Any) -> datetime | None:
            if isinstance(value, str):
                return parse(value).replace(tzinfo=utc)  # stored in UTC, without an offset
            return None if value is None else self.process_result_value(value, dialect)

        return process
