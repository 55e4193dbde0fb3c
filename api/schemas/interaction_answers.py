"""Interactions as the API answers them: personal free text opened, or null once erased."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Union
from uuid import UUID

from pydantic import BaseModel, Field

from domain.vocabulary import (
    AskOutcome, Attendance, Channel, ContactPurpose, Direction, Importance, MeetingFormat, Party, Sensitivity,
)


class _Out(BaseModel):
    id: UUID
    occurred_at: datetime
    erased: bool = Field(False, description="True when personal fields were erased; they read as null.")
    version: int


class Contact(_Out):
    type: Literal["contact"]
    stakeholder_id: UUID
    channel: Channel
    initiated_by: Party
    purpose: ContactPurpose
    summary: str | None


class Information(_Out):
    type: Literal["information"]
    stakeholder_id: UUID
    direction: Direction
    topic: str | None
    sensitivity: Sensitivity


class InformationDeclined(_Out):
    type: Literal["information_declined"]
    stakeholder_id: UUID
    declined_by: Party
    reason: str | None
    reason_given: bool


class Ask(_Out):
    type: Literal["ask"]
    stakeholder_id: UUID
    purpose: str | None
    importance: Importance
    outcome: AskOutcome | None
    answered_at: datetime | None


class Attendee(BaseModel):
    stakeholder_id: UUID
    attendance: Attendance


class Meeting(_Out):
    type: Literal["meeting"]
    title: str | None
    format: MeetingFormat
    themes: list[str]
    attendees: list[Attendee]
    takeaways: str | None
    disseminated_to: list[UUID]
    group_id: UUID | None


class Introduction(_Out):
    type: Literal["introduction"]
    stakeholder_ids: list[UUID]
    reason: str | None


class DirectContact(_Out):
    type: Literal["direct_contact"]
    stakeholder_ids: list[UUID]
    summary: str | None


Interaction = Annotated[
    Union[Contact, Information, InformationDeclined, Ask, Meeting, Introduction, DirectContact],
    Field(discriminator="type"),
]
