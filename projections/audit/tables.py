"""The chain's tables, beside the read models: one link per stored event, and signed checkpoints.

`audit_links` also serves as each network's index of its log (positions, times), which export and
the event listing use, so they need no other view to have caught up.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Engine, Index, Integer, MetaData, String, Table, Text, Uuid

from projections import tracking
from projections.db import UtcDateTime, upsert_ignore

TRACKING_KEY = "audit_chain"

metadata = MetaData()

links = Table(
    "audit_links", metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("network_id", Uuid, nullable=False),
    Column("seq", Integer, nullable=False),  # 1, 2, ... within the network's chain
    Column("link", String(64), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Index("audit_links_network_seq", "network_id", "seq", unique=True),
    Index("audit_links_network_recorded", "network_id", "recorded_at"),
)

checkpoints = Table(
    "audit_checkpoints", metadata,
    Column("network_id", Uuid, primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("position", BigInteger, nullable=False),
    Column("link", String(64), nullable=False),
    Column("signed_at", String(40), nullable=False),  # kept as signed: the exact text is part of the message
    Column("key_id", String(16), nullable=False),
    Column("signature", Text, nullable=False),
)


def create(engine: Engine) -> None:
    metadata.create_all(engine)
    tracking.create(engine)
    with engine.begin() as connection:
        # The row exists from the start so that concurrent chain writers can lock it.
        connection.execute(upsert_ignore(tracking.tracking, engine),
                           {"view": TRACKING_KEY, "application_name": "", "notification_id": 0})
