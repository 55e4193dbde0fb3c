"""The activity view's tables: facts keyed by event (interactions, asks, information, promises), and the
counts and sets kept beside them (`exchanges`, `kept`). Feedings are a view of their own (`feeding`)."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import JSON, Boolean, Column, Date, Index, Integer, MetaData, String, Table, Text, Uuid

from projections.db import UtcDateTime
from projections.views.exchanges import exchange_counts
from projections.views.kept import asked


def _at(name: str, **kw: object) -> Column:
    return Column(name, UtcDateTime(), **kw)


def unique_key(prefix: str, table: str, *columns: str) -> Index:
    """The key of a table of facts that are only ever inserted: a unique index rather than a primary key,
    so that a fill from empty appends rows and makes the key once at the end (`projections.indexes`).
    Made at the end, it still refuses a fact applied twice."""
    return Index(f"ux_{prefix}{table}_key", *columns, unique=True)


def define(metadata: MetaData, prefix: str) -> SimpleNamespace:
    return SimpleNamespace(
        interactions=Table(
            f"{prefix}interactions", metadata,
            Column("id", Uuid, nullable=False), Column("network_id", Uuid, nullable=False),
            Column("type", String(32), nullable=False), _at("occurred_at", nullable=False, index=True),
            _at("recorded_at", nullable=False), Column("recorded_by", String(200), nullable=False),
            Column("details", JSON, nullable=False), Column("sealed", JSON, nullable=False),
            Column("sealed_by", Uuid, nullable=False),
            # The network report counts recent links of a kind (introductions, direct contacts) from it alone.
            Index(f"ix_{prefix}interactions_type_occurred", "type", "occurred_at", "network_id"),
            unique_key(prefix, "interactions", "id"),
        ),
        parties=Table(
            f"{prefix}interaction_parties", metadata,
            Column("interaction_id", Uuid, nullable=False), Column("stakeholder_id", Uuid, nullable=False, index=True),
            Column("network_id", Uuid, nullable=False), Column("attendance", String(16)),
            _at("occurred_at", nullable=False), unique_key(prefix, "interaction_parties", "interaction_id", "stakeholder_id"),
        ),
        asks=Table(
            f"{prefix}asks", metadata,
            Column("id", Uuid, primary_key=True), Column("network_id", Uuid, nullable=False),
            Column("stakeholder_id", Uuid, nullable=False), Column("importance", String(16), nullable=False),
            _at("occurred_at", nullable=False), Column("outcome", String(16)), _at("answered_at"),
            Column("outcome_event_id", Uuid),
            # Overuse reads a window of the network's asks (counted per person from the index alone),
            # and each person's recent asks.
            Index(f"ix_{prefix}asks_network_occurred", "network_id", "occurred_at", "stakeholder_id"),
            # Each person's asks in order with their answers, from the index alone.
            Index(f"ix_{prefix}asks_stakeholder_occurred", "stakeholder_id", "occurred_at", "id", "answered_at",
                  "outcome"),
        ),
        information=Table(
            f"{prefix}information", metadata,
            Column("id", Uuid, nullable=False), Column("network_id", Uuid, nullable=False),
            Column("stakeholder_id", Uuid, nullable=False, index=True), Column("kind", String(16), nullable=False),
            Column("by", String(8)), Column("sensitivity", String(16)), Column("reason_given", Boolean),
            _at("occurred_at", nullable=False),
            # Reciprocity counts each person's exchanges and declines from the index alone, in its order.
            Index(f"ix_{prefix}information_network_person", "network_id", "stakeholder_id", "kind", "by",
                  "reason_given", "occurred_at"),
            unique_key(prefix, "information", "id"),
        ),
        exchanges=exchange_counts(metadata, prefix),
        asked=asked(metadata, prefix),
        expectations=Table(
            f"{prefix}expectations", metadata,
            Column("id", Uuid, primary_key=True), Column("network_id", Uuid, nullable=False, index=True),
            Column("stakeholder_id", Uuid, nullable=False, index=True), Column("owed_by", String(8), nullable=False),
            Column("description", Text, nullable=False), _at("agreed_at", nullable=False),
            Column("due_on", Date, nullable=False), Column("status", String(16), nullable=False), _at("closed_at"),
            Column("closed_event_id", Uuid), Column("renegotiations", Integer, nullable=False),
            Column("version", Integer, nullable=False),
        ),
    )
