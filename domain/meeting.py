"""A meeting: who attended, what was taken away, and to whom it was disseminated."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import NetworkAggregate
from domain.errors import InvalidValue


class Meeting(NetworkAggregate):
    @classmethod
    def hold(cls, *, attendees: list[dict], disseminated_to: list[UUID], **fields: object) -> Meeting:
        check_attendees(attendees)
        return cls(attendees=attendees, disseminated_to=disseminated_to, **fields)

    @event("Held")
    def __init__(
        self, *, network_id: UUID, title: str, format: str, themes: list[str], group_id: UUID | None,
        attendees: list[dict], takeaways: str, disseminated_to: list[UUID], occurred_at: datetime,
        recorded_by: str,
    ) -> None:
        self.network_id = network_id
        self.title = title
        self.format = format
        self.themes = themes
        self.group_id = group_id
        self.attendees = attendees
        self.takeaways = takeaways
        self.disseminated_to = disseminated_to
        self.occurred_at = occurred_at

    @property
    def present(self) -> list[UUID]:
        return [a["stakeholder_id"] for a in self.attendees if a["attendance"] == "present"]


def check_attendees(attendees: list[dict]) -> None:
    if not attendees:
        raise InvalidValue("a meeting needs at least one attendee", field="attendees")
    ids = [a["stakeholder_id"] for a in attendees]
    if len(set(ids)) != len(ids):
        raise InvalidValue("must not name the same stakeholder twice", field="attendees")
