"""Alerts, the webhooks that hear about them and their delivery attempts, as the API contract names them."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError

from api.schemas.common import In, Long, Moment, text
from domain.alert import AlertKind, AlertStatus, DeliveryResult
from domain.vocabulary import Limits
from domain.webhook import URL_LIMIT

Url = text(URL_LIMIT)
Kinds = Annotated[list[AlertKind], Field(min_length=1, max_length=Limits.LIST)]
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT = TypeAdapter(Moment)


def _day_or_moment(value: object) -> date | datetime:
    # Parsed here rather than as a union so that a refusal names `until` once, not each member of the union.
    try:
        if isinstance(value, str) and _DAY.match(value):
            return date.fromisoformat(value)
        return _MOMENT.validate_python(value)
    except (ValueError, ValidationError):
        raise ValueError("must be a date (YYYY-MM-DD) or a date and time with an offset, "
                         "such as 2026-04-01T09:00:00+02:00") from None


DayOrMoment = Annotated[datetime | date, BeforeValidator(_day_or_moment)]


class AcknowledgeIn(In):
    note: Long = ""

    model_config = ConfigDict(json_schema_extra={"examples": [{"note": "Called her; a visit is planned."}]})


class SnoozeIn(In):
    until: DayOrMoment = Field(description="A date (the start of that day in the network's time zone) or a moment "
                                            "with an offset; in the future and at most a year ahead.")
    reason: Long = ""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "until": "2026-04-01", "reason": "On leave until the end of March."}]})


class Alert(BaseModel):
    id: UUID
    kind: AlertKind
    status: AlertStatus
    stakeholder_id: UUID | None
    group_id: UUID | None
    expectation_id: UUID | None
    raised_at: datetime
    evidence: list[UUID] = Field(description="The events that caused the alert.")
    rule: str
    thresholds: dict[str, Any]
    observed: dict[str, Any]
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    note: str | None = Field(description="null once the stakeholder's personal data was erased.")
    snoozed_until: datetime | None
    snooze_reason: str | None
    resolved_at: datetime | None
    resolution: str
    version: int


class AlertList(BaseModel):
    items: list[Alert]
    next_cursor: str | None = None


class ScanResult(BaseModel):
    raised: int = Field(description="Alerts this scan raised (a condition already alerted raises nothing).")
    resolved: int = Field(description="Open alerts whose condition has cleared.")


class WebhookIn(In):
    url: Url
    kinds: Kinds | None = Field(None, description="Alert kinds to deliver; all when left out.")

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "url": "https://hooks.example.org/linkingpin", "kinds": ["neglect", "expectation_overdue"]}]})


class Webhook(BaseModel):
    id: UUID
    url: str
    kinds: list[AlertKind]
    is_active: bool
    created_at: datetime
    disabled_at: datetime | None
    disabled_reason: str
    secret: str | None = Field(None, description="`whsec_...`: only in the answer that created the webhook; "
                                                 "an idempotent replay shows null.")


class WebhookList(BaseModel):
    items: list[Webhook]
    next_cursor: str | None = None


class Delivery(BaseModel):
    alert_id: UUID
    kind: AlertKind
    attempt: int
    result: DeliveryResult
    detail: str
    at: datetime


class DeliveryList(BaseModel):
    items: list[Delivery]
    next_cursor: str | None = None
