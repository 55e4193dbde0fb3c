"""Networks (tenants): one per municipality, with a time zone and default engagement plan."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from domain.checks import check_days, check_intervals, check_slug, check_text, check_timezone
from domain.errors import Conflict, InvalidValue
from domain.network import DEFAULT_ALERT_SCHEDULE, DEFAULT_PLAN, EngagementPlan, Network, network_id_for
from domain.vocabulary import Limits

if TYPE_CHECKING:
    from domain.application import Linkingpin, Written

_CRON_FIELD = re.compile(r"^[0-9*/,\-A-Za-z]+$")


def check_plan(plan: dict, *, partial: bool) -> dict:
    """An engagement plan: intervals in days and an ask capacity; a partial one defers to defaults."""
    known = {"ideal_interval_days", "max_interval_days", "max_asks", "window_days"}
    unknown = set(plan) - known
    if unknown:
        raise InvalidValue("is not an engagement plan field", field=sorted(unknown)[0])
    clean = {}
    for field in sorted(known):
        value = plan.get(field)
        if value is None:
            if not partial:
                raise InvalidValue("is required in the network's default plan", field=field)
            continue
        upper = Limits.MAX_ASKS if field == "max_asks" else Limits.INTERVAL_DAYS
        clean[field] = check_days(field, value, upper=upper)
    check_intervals(clean.get("ideal_interval_days"), clean.get("max_interval_days"))
    return clean


def check_cron(field: str, value: object) -> str:
    """Five cron fields (minute hour day month weekday); the scheduler checks the values themselves."""
    if not isinstance(value, str) or len(value) > 100:
        raise InvalidValue("must be a cron expression such as '0 7 * * *'", field=field)
    parts = value.split()
    if len(parts) != 5 or not all(_CRON_FIELD.match(p) for p in parts):
        raise InvalidValue("must have five fields: minute hour day month weekday", field=field)
    return " ".join(parts)


class NetworkCommands:
    def create_network(
        self: Linkingpin, *, slug: str, name: str, timezone: str = "Europe/Brussels",
        default_plan: dict | None = None, alert_schedule: str = DEFAULT_ALERT_SCHEDULE, recorded_by: str = "system",
    ) -> Written:
        network = Network(
            slug=check_slug("slug", slug),
            name=check_text("name", name, limit=Limits.NAME),
            timezone=check_timezone("timezone", timezone),
            default_plan=check_plan({**DEFAULT_PLAN.__dict__, **(default_plan or {})}, partial=False),
            alert_schedule=check_cron("alert_schedule", alert_schedule),
            occurred_at=self.clock(),
            recorded_by=recorded_by,
        )
        try:
            return self._written(network)
        except Conflict:
            raise Conflict(f"a network with the slug {slug!r} exists already", field="slug") from None

    def network(self: Linkingpin, network_id: UUID) -> Network:
        return self._get(Network, network_id, network_id, field="network")

    def network_by_slug(self: Linkingpin, slug: str) -> Network:
        return self.network(network_id_for(check_slug("slug", slug)))

    def update_network(
        self: Linkingpin, network_id: UUID, *, changes: dict, recorded_by: str,
        expected_version: int | None = None, occurred_at: datetime | None = None,
    ) -> Written:
        network = self.network(network_id)
        self._check_version(network, expected_version)
        unknown = set(changes) - {"name", "timezone", "default_plan", "alert_schedule"}
        if unknown:
            raise InvalidValue("is not a network setting", field=sorted(unknown)[0])
        plan = {**network.default_plan, **(changes.get("default_plan") or {})}
        network.update_settings(
            name=check_text("name", changes.get("name", network.name), limit=Limits.NAME),
            timezone=check_timezone("timezone", changes.get("timezone", network.timezone)),
            default_plan=check_plan(plan, partial=False),
            alert_schedule=check_cron("alert_schedule", changes.get("alert_schedule", network.alert_schedule)),
            occurred_at=self._moment(occurred_at),
            recorded_by=recorded_by,
        )
        return self._written(network)

    def effective_plan(self: Linkingpin, network_id: UUID, plan: dict) -> EngagementPlan:
        return EngagementPlan(**plan).over(self.network(network_id).defaults)
