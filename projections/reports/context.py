"""What a report is computed from: one connection, the tables to read, the network and the moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from uuid import UUID

from sqlalchemy import Connection, select

from domain.network import DEFAULT_PLAN, EngagementPlan
from domain.privacy import Vault


@dataclass(frozen=True)
class ReportContext:
    connection: Connection
    t: SimpleNamespace
    network_id: UUID
    at: datetime
    vault: Vault

    def network(self):  # noqa: ANN201 - a row of the networks table, or None before the network existed
        return self.connection.execute(select(self.t.networks).where(self.t.networks.c.id == self.network_id)).first()

    def defaults(self) -> EngagementPlan:
        row = self.network()
        return EngagementPlan(**row.default_plan) if row else DEFAULT_PLAN
