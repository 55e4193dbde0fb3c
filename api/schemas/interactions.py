"""Interactions: one POST body, a union discriminated on `type`, and the matching answers."""

from __future__ import annotations

from typing import Annotated, Literal, Union
from uuid import UUID

from pydantic import ConfigDict, Field

from api.schemas.common import In, Long, Moment, Short, ShortList
from domain.vocabulary import (
    AskOutcome, Attendance, Channel, ContactPurpose, Direction, Importance, Limits, MeetingFormat, Party,
    Sensitivity,
)

Parties = Annotated[list[UUID], Field(min_length=2, max_length=Limits.ATTENDEES)]


def _example(**fields: object) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [{**fields, "occurred_at": "2026-03-02T14:00:00+01:00"}]})


_ONE = "3f2a7b1e-8c1d-4a51-9a0e-2a4d6f1b0c11"
_TWO = "7c9e6679-7425-40de-944b-e07fc1f90ae7"


class ContactIn(In):
    type: Literal["contact"]
    stakeholder_id: UUID
    channel: Channel
    initiated_by: Party
    purpose: ContactPurpose
    summary: Long = ""
    occurred_at: Moment | None = None

    model_config = _example(type="contact", stakeholder_id=_ONE, channel="in_person", initiated_by="us",
                            purpose="check_in", summary="Coffee at school; pupil care team is overloaded.")


class InformationIn(In):
    type: Literal["information"]
    stakeholder_id: UUID
    direction: Direction
    topic: Short
    sensitivity: Sensitivity
    occurred_at: Moment | None = None

    model_config = _example(type="information", stakeholder_id=_ONE, direction="shared",
                            topic="Youth work summer programme", sensitivity="public")


class InformationDeclinedIn(In):
    type: Literal["information_declined"]
    stakeholder_id: UUID
    declined_by: Party
    reason: Long = Field("", description="May be empty; whether a reason was given is kept after erasure.")
    occurred_at: Moment | None = None

    model_config = _example(type="information_declined", stakeholder_id=_ONE, declined_by="them",
                            reason="Professional secrecy in an open case.")


class AskIn(In):
    type: Literal["ask"]
    stakeholder_id: UUID
    purpose: Short
    importance: Importance = Importance.ROUTINE
    occurred_at: Moment | None = None

    model_config = _example(type="ask", stakeholder_id=_ONE, purpose="Present at the parents' evening",
                            importance="important")


class AttendeeIn(In):
    stakeholder_id: UUID
    attendance: Attendance = Attendance.PRESENT


class MeetingIn(In):
    type: Literal["meeting"]
    title: Short
    format: MeetingFormat
    attendees: Annotated[list[AttendeeIn], Field(min_length=1, max_length=Limits.ATTENDEES)]
    themes: ShortList = []
    takeaways: Long = ""
    disseminated_to: Annotated[list[UUID], Field(max_length=Limits.ATTENDEES)] = []
    group_id: UUID | None = None
    occurred_at: Moment | None = None

    model_config = _example(type="meeting", title="Case consultation", format="case_consultation",
                            attendees=[{"stakeholder_id": _ONE, "attendance": "present"},
                                       {"stakeholder_id": _TWO, "attendance": "excused"}],
                            themes=["school drop-out"], takeaways="Street worker follows up.", disseminated_to=[_TWO])


class IntroductionIn(In):
    type: Literal["introduction"]
    stakeholder_ids: Parties
    reason: Long = ""
    occurred_at: Moment | None = None

    model_config = _example(type="introduction", stakeholder_ids=[_ONE, _TWO],
                            reason="Both work with the same families.")


class DirectContactIn(In):
    type: Literal["direct_contact"]
    stakeholder_ids: Parties
    summary: Long = ""
    occurred_at: Moment | None = None

    model_config = _example(type="direct_contact", stakeholder_ids=[_ONE, _TWO], summary="Joint home visit.")


InteractionIn = Annotated[
    Union[ContactIn, InformationIn, InformationDeclinedIn, AskIn, MeetingIn, IntroductionIn, DirectContactIn],
    Field(discriminator="type"),
]
INTERACTION_TYPES = ("contact", "information", "information_declined", "ask", "meeting", "introduction",
                     "direct_contact")
InteractionType = Literal["contact", "information", "information_declined", "ask", "meeting", "introduction",
                          "direct_contact"]


class AskOutcomeIn(In):
    outcome: AskOutcome
    occurred_at: Moment | None = None

    model_config = ConfigDict(json_schema_extra={"examples": [{"outcome": "accepted",
                                                               "occurred_at": "2026-03-04T09:00:00+01:00"}]})
