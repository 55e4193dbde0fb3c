"""A network (tenant): one municipality's prevention network and its default engagement plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.base import RecordedEvent


@dataclass(frozen=True)
class EngagementPlan:
    """How often a stakeholder should be fed, and how many asks they can carry."""

    ideal_interval_days: int | None = None
    max_interval_days: int | None = None
    max_asks: int | None = None
    window_days: int | None = None

    def over(self, defaults: EngagementPlan) -> EngagementPlan:
        """This plan with gaps filled from the network's defaults."""
        return EngagementPlan(
            ideal_interval_days=self.ideal_interval_days or defaults.ideal_interval_days,
            max_interval_days=self.max_interval_days or defaults.max_interval_days,
            max_asks=self.max_asks or defaults.max_asks,
            window_days=self.window_days or defaults.window_days,
        )


DEFAULT_PLAN = EngagementPlan(ideal_interval_days=30, max_interval_days=60, max_asks=3, window_days=30)
DEFAULT_ALERT_SCHEDULE = "0 7 * * *"


def network_id_for(slug: str) -> UUID:
    """Networks are found by slug without a read model: their id is derived from it."""
    return uuid5(NAMESPACE_URL, f"linkingpin:network:{slug}")


class Network(Aggregate):
    class Event(RecordedEvent):
        pass

    @staticmethod
    def create_id(slug: str, **_: object) -> UUID:
        return network_id_for(slug)

    @event("Created")
    def __init__(
        self, *, slug: str, name: str, timezone: str, default_plan: dict, alert_schedule: str,
        occurred_at: datetime, recorded_by: str,
    ) -> None:
        self.slug = slug
        self.name = name
        self.timezone = timezone
        self.default_plan = default_plan
        self.alert_schedule = alert_schedule
        self.created_at = occurred_at
        self.token_ids: list[UUID] = []

    @property
    def defaults(self) -> EngagementPlan:
        return EngagementPlan(**self.default_plan)

    @event("SettingsUpdated")
    def update_settings(
        self, *, name: str, timezone: str, default_plan: dict, alert_schedule: str,
        occurred_at: datetime, recorded_by: str,
    ) -> None:
        self.name = name
        self.timezone = timezone
        self.default_plan = default_plan
        self.alert_schedule = alert_schedule

    @event("TokenRegistered")
    def register_token(self, *, token_id: UUID, occurred_at: datetime, recorded_by: str) -> None:
        # The network lists its tokens so admins can see and revoke them without a read model.
        self.token_ids.append(token_id)
