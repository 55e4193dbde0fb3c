"""Where personal-data keys live: a table apart from the events (and, by default on SQLite, a file apart)."""

from __future__ import annotations

from datetime import datetime, timezone
from uuid import UUID

from sqlalchemy import Column, Engine, LargeBinary, MetaData, Table, Uuid, delete, select

from projections.db import UtcDateTime, make_engine, upsert_ignore, writer

metadata = MetaData()
keys = Table(
    "personal_data_keys", metadata,
    Column("subject_id", Uuid, primary_key=True),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)


class SqlKeyStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        metadata.create_all(engine)

    @classmethod
    def from_url(cls, database_url: str, *, search_path: str | None = None) -> SqlKeyStore:
        return cls(make_engine(database_url, secure_delete=True, search_path=search_path))

    def get_many(self, subject_ids: list[UUID]) -> dict[UUID, bytes]:
        found: dict[UUID, bytes] = {}
        with self._engine.connect() as connection:
            for start in range(0, len(subject_ids), 500):
                chunk = subject_ids[start:start + 500]
                rows = connection.execute(select(keys.c.subject_id, keys.c.wrapped_key).where(keys.c.subject_id.in_(chunk)))
                found.update({row.subject_id: row.wrapped_key for row in rows})
        return found

    def put_if_absent(self, subject_id: UUID, wrapped_key: bytes) -> bytes:
        with writer(self._engine).begin() as connection:
            connection.execute(
                upsert_ignore(keys, self._engine),
                {"subject_id": subject_id, "wrapped_key": wrapped_key, "created_at": datetime.now(timezone.utc)},
            )
            return connection.execute(select(keys.c.wrapped_key).where(keys.c.subject_id == subject_id)).scalar_one()

    def destroy(self, subject_id: UUID) -> None:
        with writer(self._engine).begin() as connection:
            connection.execute(delete(keys).where(keys.c.subject_id == subject_id))
        if self._engine.dialect.name == "sqlite":
            # secure_delete zeroes the table's pages, not the write-ahead log that still holds the old page.
            with self._engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self._engine.dispose()
