"""Organisations and groups as the API contract names them."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from api.schemas.common import In, Long, Moment, Name, Short
from domain.vocabulary import GroupKind, Limits, Sector, Side


class OrganisationIn(In):
    name: Name
    sector: Sector
    side: Side
    mandate: Long = ""
    aims: Long = ""
    occurred_at: Moment | None = None

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "name": "Police zone Vilvoorde-Machelen", "sector": "police", "side": "formal",
        "mandate": "Local policing and neighbourhood officers.", "aims": "Early signals reach the right partner.",
    }]})


class OrganisationPatch(In):
    name: Name | None = None
    sector: Sector | None = None
    side: Side | None = None
    mandate: Long | None = None
    aims: Long | None = None
    version: StrictInt | None = Field(None, description="The version you read; a stale one answers 409.")
    occurred_at: Moment | None = None

    model_config = ConfigDict(json_schema_extra={"examples": [{"mandate": "Local policing.", "version": 1}]})


class Organisation(BaseModel):
    id: UUID
    occurred_at: datetime
    name: str
    sector: Sector
    side: Side
    mandate: str
    aims: str
    version: int


class GroupIn(In):
    name: Name
    kind: GroupKind
    theme: Short = ""
    sector: Sector | None = None
    members: list[UUID] = Field([], max_length=Limits.LIST)
    occurred_at: Moment | None = None

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "name": "Pupil care coordinators", "kind": "homogeneous", "theme": "early signals at school",
        "sector": "education", "members": [],
    }]})


class MemberIn(In):
    stakeholder_id: UUID
    occurred_at: Moment | None = None


class Group(BaseModel):
    id: UUID
    occurred_at: datetime
    name: str
    kind: GroupKind
    theme: str
    sector: Sector | None
    members: list[UUID]
    version: int
