"""Expectations: agreed, then fulfilled, missed, renegotiated or withdrawn."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from domain.checks import check_choice, check_date, check_text
from domain.expectation import Expectation
from domain.vocabulary import Limits, Party

if TYPE_CHECKING:
    from domain.application import Linkingpin, Written


class ExpectationCommands:
    def agree_expectation(
        self: Linkingpin, network_id: UUID, *, stakeholder_id: UUID, owed_by: str, description: str,
        due_on: date, occurred_at: datetime | None = None, recorded_by: str,
    ) -> Written:
        self.active_stakeholder(network_id, stakeholder_id, action="agree an expectation with")
        expectation = Expectation(
            network_id=network_id, stakeholder_id=stakeholder_id,
            owed_by=check_choice("owed_by", owed_by, Party).value,
            description=self.vault.seal(
                stakeholder_id, check_text("description", description, limit=Limits.LONG_TEXT),
            ),
            due_on=check_date("due_on", due_on), occurred_at=self._moment(occurred_at), recorded_by=recorded_by,
        )
        return self._written(expectation)

    def expectation(self: Linkingpin, network_id: UUID, expectation_id: UUID) -> Expectation:
        return self._get(Expectation, network_id, expectation_id)

    def fulfil_expectation(
        self: Linkingpin, network_id: UUID, expectation_id: UUID, *, recorded_by: str,
        occurred_at: datetime | None = None,
    ) -> Written:
        expectation = self.expectation(network_id, expectation_id)
        expectation.fulfil(occurred_at=self._moment(occurred_at), recorded_by=recorded_by)
        return self._written(expectation)

    def miss_expectation(
        self: Linkingpin, network_id: UUID, expectation_id: UUID, *, recorded_by: str,
        occurred_at: datetime | None = None,
    ) -> Written:
        expectation = self.expectation(network_id, expectation_id)
        expectation.miss(occurred_at=self._moment(occurred_at), recorded_by=recorded_by)
        return self._written(expectation)

    def withdraw_expectation(
        self: Linkingpin, network_id: UUID, expectation_id: UUID, *, recorded_by: str,
        occurred_at: datetime | None = None,
    ) -> Written:
        expectation = self.expectation(network_id, expectation_id)
        expectation.withdraw(occurred_at=self._moment(occurred_at), recorded_by=recorded_by)
        return self._written(expectation)

    def renegotiate_expectation(
        self: Linkingpin, network_id: UUID, expectation_id: UUID, *, due_on: date, reason: str = "",
        recorded_by: str, occurred_at: datetime | None = None,
    ) -> Written:
        expectation = self.expectation(network_id, expectation_id)
        reason = check_text("reason", reason, limit=Limits.LONG_TEXT, required=False)
        expectation.renegotiate(
            due_on=check_date("due_on", due_on), reason=self.vault.seal(expectation.stakeholder_id, reason),
            occurred_at=self._moment(occurred_at), recorded_by=recorded_by,
        )
        return self._written(expectation)
