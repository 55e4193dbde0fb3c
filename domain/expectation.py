"""An expectation agreed between the coordinator and a stakeholder, owed by us or by them.

"Manage expectations. Be clear what they can expect from the city and what not."
Open expectations can be fulfilled, missed, renegotiated (stays open with a new due date)
or withdrawn; every other transition is refused.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import NetworkAggregate, check_not_before
from domain.errors import NotAllowed
from domain.vocabulary import ExpectationStatus

OPEN = ExpectationStatus.OPEN.value


class Expectation(NetworkAggregate):
    @event("Agreed")
    def __init__(
        self, *, network_id: UUID, stakeholder_id: UUID, owed_by: str, description: str, due_on: date,
        occurred_at: datetime, recorded_by: str,
    ) -> None:
        self.network_id = network_id
        self.stakeholder_id = stakeholder_id
        self.owed_by = owed_by
        self.description = description
        self.due_on = due_on
        self.agreed_at = occurred_at
        self.status = OPEN
        self.closed_at: datetime | None = None

    def fulfil(self, *, occurred_at: datetime, recorded_by: str) -> None:
        self.check_open("fulfil", occurred_at)
        self._fulfilled(occurred_at=occurred_at, recorded_by=recorded_by)

    @event("Fulfilled")
    def _fulfilled(self, *, occurred_at: datetime, recorded_by: str) -> None:
        self._close(ExpectationStatus.FULFILLED, occurred_at)

    def miss(self, *, occurred_at: datetime, recorded_by: str) -> None:
        self.check_open("mark as missed", occurred_at)
        self._missed(occurred_at=occurred_at, recorded_by=recorded_by)

    @event("Missed")
    def _missed(self, *, occurred_at: datetime, recorded_by: str) -> None:
        self._close(ExpectationStatus.MISSED, occurred_at)

    def withdraw(self, *, occurred_at: datetime, recorded_by: str) -> None:
        self.check_open("withdraw", occurred_at)
        self._withdrawn(occurred_at=occurred_at, recorded_by=recorded_by)

    @event("Withdrawn")
    def _withdrawn(self, *, occurred_at: datetime, recorded_by: str) -> None:
        self._close(ExpectationStatus.WITHDRAWN, occurred_at)

    def renegotiate(self, *, due_on: date, reason: str, occurred_at: datetime, recorded_by: str) -> None:
        self.check_open("renegotiate", occurred_at)
        self._renegotiated(due_on=due_on, reason=reason, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("Renegotiated")
    def _renegotiated(self, *, due_on: date, reason: str, occurred_at: datetime, recorded_by: str) -> None:
        self.due_on = due_on

    def _close(self, status: ExpectationStatus, occurred_at: datetime) -> None:
        self.status = status.value
        self.closed_at = occurred_at

    def check_open(self, action: str, occurred_at: datetime) -> None:
        if self.status != OPEN:
            raise NotAllowed(f"cannot {action} an expectation that is {self.status}", field="status")
        check_not_before(action, occurred_at, self.agreed_at)
