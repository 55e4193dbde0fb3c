"""Directory: networks, organisations and stakeholders as they stand (profile, plan, status)."""

from __future__ import annotations

from types import SimpleNamespace

from eventsourcing.dispatch import singledispatchmethod
from sqlalchemy import JSON, Boolean, Column, Integer, MetaData, String, Table, Text, Uuid

from domain.network import Network
from domain.organisation import Organisation
from domain.stakeholder import Stakeholder
from projections.db import UtcDateTime
from projections.views.base import View, eid

PLAN_COLUMNS = ("ideal_interval_days", "max_interval_days", "max_asks", "window_days")


def define(metadata: MetaData, prefix: str) -> SimpleNamespace:
    return SimpleNamespace(
        networks=Table(
            f"{prefix}networks", metadata,
            Column("id", Uuid, primary_key=True), Column("slug", String(63), nullable=False),
            Column("name", String(200), nullable=False), Column("timezone", String(64), nullable=False),
            Column("default_plan", JSON, nullable=False), Column("alert_schedule", String(100), nullable=False),
            Column("version", Integer, nullable=False),
        ),
        organisations=Table(
            f"{prefix}organisations", metadata,
            Column("id", Uuid, primary_key=True), Column("network_id", Uuid, nullable=False, index=True),
            Column("name", String(200), nullable=False), Column("sector", String(32), nullable=False),
            Column("side", String(16), nullable=False), Column("mandate", Text, nullable=False),
            Column("aims", Text, nullable=False), Column("occurred_at", UtcDateTime(), nullable=False),
            Column("version", Integer, nullable=False),
        ),
        stakeholders=Table(
            f"{prefix}stakeholders", metadata,
            Column("id", Uuid, primary_key=True), Column("network_id", Uuid, nullable=False, index=True),
            Column("name", Text, nullable=False), Column("organisation_id", Uuid),
            Column("function", String(200), nullable=False), Column("sector", String(32), nullable=False),
            Column("side", String(16), nullable=False), Column("level", String(16), nullable=False),
            Column("communities", JSON, nullable=False), Column("contact", Text, nullable=False),
            Column("introduced_by", Uuid), *(Column(c, Integer) for c in PLAN_COLUMNS),
            Column("status", String(16), nullable=False), Column("successor_id", Uuid),
            Column("erased", Boolean, nullable=False), Column("occurred_at", UtcDateTime(), nullable=False),
            Column("recorded_at", UtcDateTime(), nullable=False), Column("version", Integer, nullable=False),
        ),
        communities=Table(
            f"{prefix}stakeholder_communities", metadata,
            Column("stakeholder_id", Uuid, primary_key=True), Column("community", String(200), primary_key=True),
            Column("network_id", Uuid, nullable=False, index=True),
        ),
        # Each archiving, hand-over, erasure and reactivation, so reports know when someone was active
        # (no neglect while archived) and who handed over to whom (trust carries on to the successor).
        status_changes=Table(
            f"{prefix}stakeholder_status_changes", metadata,
            Column("event_id", Uuid, primary_key=True), Column("stakeholder_id", Uuid, nullable=False, index=True),
            Column("network_id", Uuid, nullable=False), Column("status", String(16), nullable=False),
            Column("successor_id", Uuid, index=True), Column("occurred_at", UtcDateTime(), nullable=False),
        ),
    )


def plan_values(plan: dict) -> dict:
    return {c: plan.get(c) for c in PLAN_COLUMNS}


class DirectoryView(View):
    name = "directory"
    define = staticmethod(define)

    @singledispatchmethod
    def apply(self, e: object) -> None:
        pass

    @apply.register
    def _(self, e: Network.Created) -> None:
        self.insert(self.t.networks, {
            "id": e.originator_id, "slug": e.slug, "name": e.name, "timezone": e.timezone,
            "default_plan": e.default_plan, "alert_schedule": e.alert_schedule, "version": e.originator_version})

    @apply.register
    def _(self, e: Network.SettingsUpdated) -> None:
        self.update(self.t.networks, e.originator_id, name=e.name, timezone=e.timezone, default_plan=e.default_plan,
                    alert_schedule=e.alert_schedule, version=e.originator_version)

    @apply.register
    def _(self, e: Organisation.Registered) -> None:
        self.insert(self.t.organisations, {
            "id": e.originator_id, "network_id": e.network_id, "name": e.name, "sector": e.sector, "side": e.side,
            "mandate": e.mandate, "aims": e.aims, "occurred_at": e.occurred_at, "version": e.originator_version})

    @apply.register
    def _(self, e: Organisation.Updated) -> None:
        self.update(self.t.organisations, e.originator_id, **e.changes, version=e.originator_version)

    @apply.register
    def _(self, e: Stakeholder.Registered) -> None:
        self.insert(self.t.stakeholders, {
            "id": e.originator_id, "network_id": e.network_id, "name": e.name, "organisation_id": e.organisation_id,
            "function": e.function, "sector": e.sector, "side": e.side, "level": e.level,
            "communities": e.communities, "contact": e.contact, "introduced_by": e.introduced_by,
            **plan_values(e.plan), "status": "active", "successor_id": None, "erased": False,
            "occurred_at": e.occurred_at, "recorded_at": e.timestamp, "version": e.originator_version})
        self._communities(e, e.communities)

    @apply.register
    def _(self, e: Stakeholder.ProfileUpdated) -> None:
        self._update(e, **e.changes)
        if "communities" in e.changes:
            self.delete(self.t.communities, stakeholder_id=e.originator_id)
            self._communities(e, e.changes["communities"])

    @apply.register
    def _(self, e: Stakeholder.EngagementPlanSet) -> None:
        self._update(e, **plan_values(e.plan))

    @apply.register
    def _(self, e: Stakeholder.HandedOver) -> None:
        self._update(e, status="archived", successor_id=e.successor_id)
        self._status_changed(e, "archived", successor_id=e.successor_id)

    @apply.register
    def _(self, e: Stakeholder.Archived) -> None:
        self._update(e, status="archived")
        self._status_changed(e, "archived")

    @apply.register
    def _(self, e: Stakeholder.Reactivated) -> None:
        self._update(e, status="active", successor_id=None)
        self._status_changed(e, "active")

    @apply.register
    def _(self, e: Stakeholder.PersonalDataErased) -> None:
        # The key is gone already; the view drops even the sealed copies.
        self._update(e, status="archived", erased=True, name="", contact="")
        self._status_changed(e, "archived")

    def _status_changed(self, e: Stakeholder.Event, status: str, successor_id: object = None) -> None:
        self.insert(self.t.status_changes, {
            "event_id": eid(e), "stakeholder_id": e.originator_id, "network_id": e.network_id, "status": status,
            "successor_id": successor_id, "occurred_at": e.occurred_at})

    def _update(self, e: Stakeholder.Event, **values: object) -> None:
        self.update(self.t.stakeholders, e.originator_id, **values, version=e.originator_version)

    def _communities(self, e: Stakeholder.Event, communities: list[str]) -> None:
        for community in communities:
            self.insert(self.t.communities,
                        {"stakeholder_id": e.originator_id, "community": community, "network_id": e.network_id})
