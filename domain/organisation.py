"""An organisation: a school, the police zone, a mosque association; known by its mandate and aims."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import NetworkAggregate, check_not_before
from domain.errors import InvalidValue

ORGANISATION_FIELDS = ("name", "sector", "side", "mandate", "aims")


class Organisation(NetworkAggregate):
    @event("Registered")
    def __init__(
        self, *, network_id: UUID, name: str, sector: str, side: str, mandate: str, aims: str,
        occurred_at: datetime, recorded_by: str,
    ) -> None:
        self.network_id = network_id
        self.name = name
        self.sector = sector
        self.side = side
        self.mandate = mandate
        self.aims = aims
        self.registered_at = occurred_at

    def update(self, *, changes: dict, occurred_at: datetime, recorded_by: str) -> None:
        unknown = set(changes) - set(ORGANISATION_FIELDS)
        if unknown:
            raise InvalidValue("is not an organisation field", field=sorted(unknown)[0])
        check_not_before("an update", occurred_at, self.registered_at)
        self._updated(changes=changes, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("Updated")
    def _updated(self, *, changes: dict, occurred_at: datetime, recorded_by: str) -> None:
        for field, value in changes.items():
            setattr(self, field, value)
