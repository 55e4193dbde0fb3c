"""One-off interactions with stakeholders. Each is a fact of its own and never changes.

Free text is sealed by the application: with the stakeholder's key where one person is
concerned, with the network's key where several are.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import NetworkAggregate


class Contact(NetworkAggregate):
    """A conversation, visit, call or message with one stakeholder: it feeds them."""

    @event("Logged")
    def __init__(
        self, *, network_id: UUID, stakeholder_id: UUID, channel: str, initiated_by: str, purpose: str,
        summary: str, occurred_at: datetime, recorded_by: str,
    ) -> None:
        self.network_id = network_id
        self.stakeholder_id = stakeholder_id
        self.channel = channel
        self.initiated_by = initiated_by
        self.purpose = purpose
        self.summary = summary
        self.occurred_at = occurred_at


class InformationExchange(NetworkAggregate):
    """Information shared with a stakeholder (it feeds them) or received from them."""

    @event("Logged")
    def __init__(
        self, *, network_id: UUID, stakeholder_id: UUID, direction: str, topic: str, sensitivity: str,
        occurred_at: datetime, recorded_by: str,
    ) -> None:
        self.network_id = network_id
        self.stakeholder_id = stakeholder_id
        self.direction = direction
        self.topic = topic
        self.sensitivity = sensitivity
        self.occurred_at = occurred_at


class InformationDeclined(NetworkAggregate):
    """A request for information declined by us or by them; `reason_given` survives erasure."""

    @event("Logged")
    def __init__(
        self, *, network_id: UUID, stakeholder_id: UUID, declined_by: str, reason: str, reason_given: bool,
        occurred_at: datetime, recorded_by: str,
    ) -> None:
        self.network_id = network_id
        self.stakeholder_id = stakeholder_id
        self.declined_by = declined_by
        self.reason = reason
        self.reason_given = reason_given
        self.occurred_at = occurred_at


class Introduction(NetworkAggregate):
    """The coordinator, acting as a broker, introduced stakeholders to each other."""

    @event("Logged")
    def __init__(
        self, *, network_id: UUID, stakeholder_ids: list[UUID], reason: str, occurred_at: datetime,
        recorded_by: str,
    ) -> None:
        self.network_id = network_id
        self.stakeholder_ids = stakeholder_ids
        self.reason = reason
        self.occurred_at = occurred_at


class DirectContact(NetworkAggregate):
    """Stakeholders report they worked together without the coordinator: the network works on its own."""

    @event("Logged")
    def __init__(
        self, *, network_id: UUID, stakeholder_ids: list[UUID], summary: str, occurred_at: datetime,
        recorded_by: str,
    ) -> None:
        self.network_id = network_id
        self.stakeholder_ids = stakeholder_ids
        self.summary = summary
        self.occurred_at = occurred_at
