"""A group: a mini-network of similar (homogeneous) or like-minded (heterogeneous) stakeholders."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import NetworkAggregate, check_not_before
from domain.errors import NotAllowed


class Group(NetworkAggregate):
    @event("Formed")
    def __init__(
        self, *, network_id: UUID, name: str, kind: str, theme: str, sector: str | None,
        occurred_at: datetime, recorded_by: str,
    ) -> None:
        self.network_id = network_id
        self.name = name
        self.kind = kind
        self.theme = theme
        self.sector = sector
        self.members: list[UUID] = []
        self.formed_at = occurred_at

    def add_member(self, *, stakeholder_id: UUID, occurred_at: datetime, recorded_by: str) -> None:
        if stakeholder_id in self.members:
            raise NotAllowed("the stakeholder is already a member", field="stakeholder_id")
        check_not_before("adding a member", occurred_at, self.formed_at)
        self._member_added(stakeholder_id=stakeholder_id, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("MemberAdded")
    def _member_added(self, *, stakeholder_id: UUID, occurred_at: datetime, recorded_by: str) -> None:
        self.members.append(stakeholder_id)

    def remove_member(self, *, stakeholder_id: UUID, occurred_at: datetime, recorded_by: str) -> None:
        if stakeholder_id not in self.members:
            raise NotAllowed("the stakeholder is not a member", field="stakeholder_id")
        check_not_before("removing a member", occurred_at, self.formed_at)
        self._member_removed(stakeholder_id=stakeholder_id, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("MemberRemoved")
    def _member_removed(self, *, stakeholder_id: UUID, occurred_at: datetime, recorded_by: str) -> None:
        self.members.remove(stakeholder_id)
