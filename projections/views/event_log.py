"""Event log index: every stored event's position, id, network, type and times, for listing and as-of replays."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, String, Table, Uuid

from projections.db import UtcDateTime
from projections.views.base import View, eid


def define(metadata: MetaData, prefix: str) -> SimpleNamespace:
    return SimpleNamespace(
        events=Table(
            f"{prefix}event_log", metadata,
            # On SQLite an INTEGER primary key is the rowid itself: the log appends to one B-tree, not two.
            Column("position", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False),
            Column("id", Uuid, nullable=False, index=True), Column("network_id", Uuid),
            Column("originator_id", Uuid, nullable=False), Column("originator_version", Integer, nullable=False),
            Column("type", String(100), nullable=False),
            Column("occurred_at", UtcDateTime()), Column("recorded_at", UtcDateTime(), nullable=False),
            Column("recorded_by", String(200)),
            # Every reader asks for one network's events in log order (listings, as-of replays).
            Index(f"ix_{prefix}event_log_network_position", "network_id", "position"),
        ),
    )


def type_name(event_class: type) -> str:
    """`Stakeholder.Registered` rather than a module path."""
    return event_class.__qualname__


def short_type(domain_event: object) -> str:
    return type_name(type(domain_event))


def network_of(domain_event: object) -> object:
    # Networks' own events have no network_id: the network is the originator.
    return getattr(domain_event, "network_id", None) or domain_event.originator_id


class EventLogView(View):
    name = "event_log"
    define = staticmethod(define)
    # Auditors and the event log pages read the live log; no report does, so replays skip a row per event.
    read_by_reports = False

    def process_event(self, domain_event: object, tracking: object) -> None:
        self.insert(self.t.events, {
            "position": tracking.notification_id, "id": eid(domain_event), "network_id": network_of(domain_event),
            "originator_id": domain_event.originator_id, "originator_version": domain_event.originator_version,
            "type": short_type(domain_event), "occurred_at": getattr(domain_event, "occurred_at", None),
            "recorded_at": domain_event.timestamp, "recorded_by": getattr(domain_event, "recorded_by", None)})
        self.view.insert_tracking(tracking)
