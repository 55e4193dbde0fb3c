"""What every fact in a network shares: its network, when it happened and who recorded it.

`recorded_at` is the library's own event `timestamp`, set when the event is created for storage.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, CanMutateAggregate

from domain.errors import NotAllowed


def _wall_clock() -> datetime:
    return datetime.now(timezone.utc)


# When facts are recorded. One clock per process: the wall clock in production; tests move it.
_recording_clock: list[Callable[[], datetime]] = [_wall_clock]


def set_recording_clock(clock: Callable[[], datetime] | None) -> None:
    _recording_clock[0] = clock or _wall_clock


class RecordedEvent(Aggregate.Event):
    @staticmethod
    def create_timestamp() -> datetime:
        return _recording_clock[0]()


class NetworkAggregate(Aggregate):
    """An aggregate that belongs to exactly one network (tenant)."""

    network_id: UUID

    class Event(RecordedEvent):
        network_id: UUID
        occurred_at: datetime
        recorded_by: str

        @property
        def recorded_at(self) -> datetime:
            return self.timestamp

    def trigger_event(self, event_class: type[CanMutateAggregate[UUID]], **kwargs: Any) -> None:
        # Stamp every later event with the aggregate's network, so each fact names its tenant.
        kwargs.setdefault("network_id", self.network_id)
        super().trigger_event(event_class, **kwargs)


def check_not_before(event_name: str, occurred_at: datetime, earlier: datetime) -> None:
    """A later fact about an object cannot have happened before the object existed."""
    if occurred_at < earlier:
        raise NotAllowed(f"{event_name} cannot happen before {earlier.isoformat()}", field="occurred_at")


def event_id(originator_id: UUID, originator_version: int) -> UUID:
    """A stable id for one stored event: the object's id for its first event, derived for later ones.

    So the id of a logged contact is also the id of the event that logged it.
    """
    return originator_id if originator_version == 1 else uuid5(originator_id, f"v{originator_version}")
