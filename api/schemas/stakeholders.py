"""Stakeholders as the API contract names them."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from api.schemas.common import Days, Email, In, MaxAsks, Moment, Name, Phone, Short, ShortList
from domain.vocabulary import Level, Sector, Side, StakeholderStatus


class ContactDetails(In):
    email: Email = ""
    phone: Phone = ""


class AskCapacity(In):
    max_asks: MaxAsks | None = None
    window_days: Days | None = None


class StakeholderIn(In):
    name: Name
    sector: Sector
    side: Side
    level: Level
    organisation_id: UUID | None = None
    function: Short = ""
    communities: ShortList = []
    contact: ContactDetails | None = None
    introduced_by: UUID | None = None
    ideal_interval_days: Days | None = None
    max_interval_days: Days | None = None
    ask_capacity: AskCapacity | None = None
    occurred_at: Moment | None = Field(None, description="When the relationship started; may be back-dated.")

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "name": "Samira El Idrissi", "sector": "education", "side": "formal", "level": "operational",
        "function": "Pupil care coordinator", "communities": ["Far-West"],
        "contact": {"email": "s.elidrissi@school.example", "phone": "+32 2 123 45 67"},
        "ideal_interval_days": 21, "max_interval_days": 45, "ask_capacity": {"max_asks": 2, "window_days": 30},
        "occurred_at": "2026-01-12T10:00:00+01:00",
    }]})


class StakeholderPatch(In):
    """Fields left out stay as they are; `contact`, `communities` and `ask_capacity` are replaced whole.

    A plan field set to null falls back to the network's default.
    """

    name: Name | None = None
    sector: Sector | None = None
    side: Side | None = None
    level: Level | None = None
    organisation_id: UUID | None = None
    function: Short | None = None
    communities: ShortList | None = None
    contact: ContactDetails | None = None
    introduced_by: UUID | None = None
    ideal_interval_days: Days | None = None
    max_interval_days: Days | None = None
    ask_capacity: AskCapacity | None = None
    version: StrictInt | None = Field(None, description="The version you read; a stale one answers 409.")
    occurred_at: Moment | None = None

    model_config = ConfigDict(json_schema_extra={"examples": [{"function": "Deputy principal", "version": 1}]})


class Contact(BaseModel):
    email: str = Field(description="Empty when unknown.")
    phone: str = Field(description="Empty when unknown.")


class Capacity(BaseModel):
    max_asks: int
    window_days: int


class Stakeholder(BaseModel):
    id: UUID
    occurred_at: datetime
    name: str | None
    organisation_id: UUID | None
    function: str
    sector: Sector
    side: Side
    level: Level
    communities: list[str]
    contact: Contact | None
    introduced_by: UUID | None
    ideal_interval_days: int = Field(description="In effect: the stakeholder's own plan, else the network's default.")
    max_interval_days: int = Field(description="In effect: the stakeholder's own plan, else the network's default.")
    ask_capacity: Capacity
    status: StakeholderStatus
    successor_id: UUID | None = None
    erased: bool = Field(False, description="True once personal data was erased; name and contact read null.")
    version: int


class HandOver(In):
    successor_id: UUID
    occurred_at: Moment | None = None
