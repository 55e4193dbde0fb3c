"""Expectations, the network's settings and access tokens."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from api.schemas.common import Day, Days, In, Long, MaxAsks, Moment, Name, text
from domain.access import Role
from domain.vocabulary import ExpectationStatus, Party

Zone = text(64)
Cron = text(100)


class ExpectationIn(In):
    stakeholder_id: UUID
    owed_by: Party
    description: Long
    due_on: Day
    agreed_at: Moment | None = Field(None, description="When it was agreed; omitted means now.")

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "stakeholder_id": "3f2a7b1e-8c1d-4a51-9a0e-2a4d6f1b0c11", "owed_by": "us",
        "description": "Send the overview of youth services", "due_on": "2026-04-01",
        "agreed_at": "2026-03-02T14:00:00+01:00",
    }]})


class RenegotiateIn(In):
    due_on: Day
    reason: Long = ""
    occurred_at: Moment | None = None

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "due_on": "2026-05-01", "reason": "Waiting for the new budget.", "occurred_at": "2026-03-20T10:00:00+01:00",
    }]})


class Expectation(BaseModel):
    id: UUID
    stakeholder_id: UUID
    owed_by: Party
    description: str | None
    agreed_at: datetime
    due_on: date
    status: ExpectationStatus
    closed_at: datetime | None
    erased: bool = False
    version: int


class Plan(BaseModel):
    ideal_interval_days: int
    max_interval_days: int
    max_asks: int
    window_days: int


class PlanPatch(In):
    ideal_interval_days: Days | None = None
    max_interval_days: Days | None = None
    max_asks: MaxAsks | None = None
    window_days: Days | None = None


class Network(BaseModel):
    id: UUID
    slug: str
    name: str
    timezone: str
    default_plan: Plan
    alert_schedule: str = Field(description="Cron (minute hour day month weekday) in the network's time zone.")
    version: int


class NetworkPatch(In):
    name: Name | None = None
    timezone: Zone | None = None
    default_plan: PlanPatch | None = None
    alert_schedule: Cron | None = None
    version: StrictInt | None = Field(None, description="The version you read; a stale one answers 409.")

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "timezone": "Europe/Brussels", "default_plan": {"ideal_interval_days": 30, "max_interval_days": 60},
        "alert_schedule": "0 7 * * 1-5",
    }]})


class TokenIn(In):
    member: Name
    role: Role

    model_config = ConfigDict(json_schema_extra={"examples": [{"member": "Inès Dupont", "role": "coordinator"}]})


class Token(BaseModel):
    id: UUID
    member: str
    role: Role
    issued_at: datetime
    revoked_at: datetime | None
    secret: str | None = Field(None, description="Only in the answer that created the token; never stored.")


class TokenList(BaseModel):
    items: list[Token]
    next_cursor: str | None = None
