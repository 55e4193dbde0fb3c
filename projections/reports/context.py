"""What a report is computed from: one connection, the tables to read, the network and the moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select

from domain.network import DEFAULT_PLAN, EngagementPlan
from domain.privacy import Vault

DEFAULT_ZONE = "Europe/Brussels"


@dataclass(frozen=True)
class ReportContext:
    connection: Connection
    t: SimpleNamespace
    network_id: UUID
    at: datetime
    vault: Vault
    # A `TrustWeights` for this call; None uses the process default (see projections.reports.trust_weights).
    trust_weights: Any = None

    def network(self):  # noqa: ANN201 - a row of the networks table, or None before the network existed
        return self.connection.execute(select(self.t.networks).where(self.t.networks.c.id == self.network_id)).first()

    def defaults(self) -> EngagementPlan:
        row = self.network()
        return EngagementPlan(**row.default_plan) if row else DEFAULT_PLAN

    def zone(self) -> ZoneInfo:
        row = self.network()
        return ZoneInfo(row.timezone if row else DEFAULT_ZONE)

    def today(self) -> date:
        """The date at T where the network is: due dates are dates on the coordinator's calendar."""
        return self.at.astimezone(self.zone()).date()
