"""Where each view has got to in the event log, recorded in the same transaction as the view's rows."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Connection, Engine, MetaData, String, Table, select

from projections.db import upsert_ignore

metadata = MetaData()
tracking = Table(
    "projection_tracking", metadata,
    Column("view", String(64), primary_key=True),
    Column("application_name", String(64), nullable=False),
    Column("notification_id", BigInteger, nullable=False),
)


def positions(connection: Connection) -> dict[str, int]:
    return {row.view: row.notification_id for row in connection.execute(select(tracking))}


def position(connection: Connection, view: str) -> int:
    found = connection.execute(select(tracking.c.notification_id).where(tracking.c.view == view)).scalar()
    return found or 0


def advance(connection: Connection, *, view: str, application_name: str, notification_id: int) -> None:
    """Move a view's position forward; never backward (a rebuild resets it by deleting the row)."""
    connection.execute(
        upsert_ignore(tracking, connection.engine),
        {"view": view, "application_name": application_name, "notification_id": 0},
    )
    connection.execute(
        tracking.update().where(tracking.c.view == view, tracking.c.notification_id < notification_id)
        .values(notification_id=notification_id, application_name=application_name)
    )


def create(engine: Engine) -> None:
    metadata.create_all(engine)
