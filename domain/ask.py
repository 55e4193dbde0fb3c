"""An ask: the coordinator asks a stakeholder to act. It takes; it does not feed."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import NetworkAggregate, check_not_before
from domain.errors import NotAllowed


class Ask(NetworkAggregate):
    @event("Made")
    def __init__(
        self, *, network_id: UUID, stakeholder_id: UUID, purpose: str, importance: str,
        occurred_at: datetime, recorded_by: str,
    ) -> None:
        self.network_id = network_id
        self.stakeholder_id = stakeholder_id
        self.purpose = purpose
        self.importance = importance
        self.occurred_at = occurred_at
        self.outcome: str | None = None
        self.answered_at: datetime | None = None

    def record_outcome(self, *, outcome: str, occurred_at: datetime, recorded_by: str) -> None:
        if self.outcome is not None:
            raise NotAllowed(f"the ask already has the outcome {self.outcome}", field="outcome")
        check_not_before("an outcome", occurred_at, self.occurred_at)
        self._outcome_recorded(outcome=outcome, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("OutcomeRecorded")
    def _outcome_recorded(self, *, outcome: str, occurred_at: datetime, recorded_by: str) -> None:
        self.outcome = outcome
        self.answered_at = occurred_at
