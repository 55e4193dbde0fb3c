"""Groups, their members and meetings: the three steps' groups, and when each last met (neglect's quiet groups)."""

from __future__ import annotations

from types import SimpleNamespace

from eventsourcing.dispatch import singledispatchmethod
from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Uuid

from domain.group import Group
from domain.meeting import Meeting
from projections.db import UtcDateTime
from projections.views.base import View


def define(metadata: MetaData, prefix: str) -> SimpleNamespace:
    return SimpleNamespace(
        groups=Table(
            f"{prefix}groups", metadata,
            Column("id", Uuid, primary_key=True), Column("network_id", Uuid, nullable=False, index=True),
            Column("name", String(200), nullable=False), Column("kind", String(16), nullable=False),
            Column("theme", String(200), nullable=False), Column("sector", String(32)),
            Column("occurred_at", UtcDateTime(), nullable=False), Column("version", Integer, nullable=False),
        ),
        members=Table(
            f"{prefix}group_members", metadata,
            Column("group_id", Uuid, primary_key=True), Column("stakeholder_id", Uuid, primary_key=True),
            Column("network_id", Uuid, nullable=False), Column("added_at", UtcDateTime(), nullable=False),
        ),
        meetings=Table(
            f"{prefix}meetings", metadata,
            Column("id", Uuid, primary_key=True), Column("network_id", Uuid, nullable=False),
            Column("group_id", Uuid), Column("format", String(32), nullable=False),
            Column("present", Integer, nullable=False), Column("occurred_at", UtcDateTime(), nullable=False),
            # From the indexes alone: the network's meetings in a stretch of time (how many brought people
            # together); the meetings per group and format, counted in the index's order without sorting
            # (a third of the time at 20,000 meetings); when each group last met, one seek per group.
            Index(f"ix_{prefix}meetings_network_occurred", "network_id", "occurred_at", "present"),
            Index(f"ix_{prefix}meetings_network_group", "network_id", "group_id", "format", "occurred_at"),
            Index(f"ix_{prefix}meetings_group_occurred", "group_id", "occurred_at"),
        ),
    )


class GroupsView(View):
    name = "groups"
    define = staticmethod(define)

    @singledispatchmethod
    def apply(self, e: object) -> None:
        pass

    @apply.register
    def _(self, e: Group.Formed) -> None:
        self.insert(self.t.groups, {
            "id": e.originator_id, "network_id": e.network_id, "name": e.name, "kind": e.kind, "theme": e.theme,
            "sector": e.sector, "occurred_at": e.occurred_at, "version": e.originator_version})

    @apply.register
    def _(self, e: Group.MemberAdded) -> None:
        self.insert(self.t.members, {"group_id": e.originator_id, "stakeholder_id": e.stakeholder_id,
                                     "network_id": e.network_id, "added_at": e.occurred_at})
        self.update(self.t.groups, e.originator_id, version=e.originator_version)

    @apply.register
    def _(self, e: Group.MemberRemoved) -> None:
        self.delete(self.t.members, group_id=e.originator_id, stakeholder_id=e.stakeholder_id)
        self.update(self.t.groups, e.originator_id, version=e.originator_version)

    @apply.register
    def _(self, e: Meeting.Held) -> None:
        present = {a["stakeholder_id"] for a in e.attendees if a["attendance"] == "present"}
        self.insert(self.t.meetings, {"id": e.originator_id, "network_id": e.network_id, "group_id": e.group_id,
                                      "format": e.format, "present": len(present), "occurred_at": e.occurred_at})
