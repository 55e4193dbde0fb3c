"""Logging interactions: contacts, information, declines, asks, meetings, introductions, direct contacts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from domain.ask import Ask
from domain.checks import check_choice, check_distinct_ids, check_text, check_texts
from domain.errors import InvalidValue
from domain.interactions import Contact, DirectContact, InformationDeclined, InformationExchange, Introduction
from domain.meeting import Meeting, check_attendees
from domain.vocabulary import (
    AskOutcome, Attendance, Channel, ContactPurpose, Direction, Importance, Limits, MeetingFormat, Party,
    Sensitivity,
)

if TYPE_CHECKING:
    from domain.application import Linkingpin, Written


class InteractionCommands:
    def log_contact(
        self: Linkingpin, network_id: UUID, *, stakeholder_id: UUID, channel: str, initiated_by: str,
        purpose: str, summary: str = "", occurred_at: datetime | None = None, recorded_by: str,
    ) -> Written:
        self.active_stakeholder(network_id, stakeholder_id, action="log a contact with")
        contact = Contact(
            network_id=network_id, stakeholder_id=stakeholder_id,
            channel=check_choice("channel", channel, Channel).value,
            initiated_by=check_choice("initiated_by", initiated_by, Party).value,
            purpose=check_choice("purpose", purpose, ContactPurpose).value,
            summary=self.vault.seal(stakeholder_id, check_text("summary", summary, limit=Limits.LONG_TEXT, required=False)),
            occurred_at=self._moment(occurred_at), recorded_by=recorded_by,
        )
        return self._written(contact)

    def log_information(
        self: Linkingpin, network_id: UUID, *, stakeholder_id: UUID, direction: str, topic: str,
        sensitivity: str, occurred_at: datetime | None = None, recorded_by: str,
    ) -> Written:
        self.active_stakeholder(network_id, stakeholder_id, action="exchange information with")
        exchange = InformationExchange(
            network_id=network_id, stakeholder_id=stakeholder_id,
            direction=check_choice("direction", direction, Direction).value,
            topic=self.vault.seal(stakeholder_id, check_text("topic", topic, limit=Limits.SHORT_TEXT)),
            sensitivity=check_choice("sensitivity", sensitivity, Sensitivity).value,
            occurred_at=self._moment(occurred_at), recorded_by=recorded_by,
        )
        return self._written(exchange)

    def log_information_declined(
        self: Linkingpin, network_id: UUID, *, stakeholder_id: UUID, declined_by: str, reason: str = "",
        occurred_at: datetime | None = None, recorded_by: str,
    ) -> Written:
        self.active_stakeholder(network_id, stakeholder_id, action="log a decline with")
        reason = check_text("reason", reason, limit=Limits.LONG_TEXT, required=False)
        declined = InformationDeclined(
            network_id=network_id, stakeholder_id=stakeholder_id,
            declined_by=check_choice("declined_by", declined_by, Party).value,
            reason=self.vault.seal(stakeholder_id, reason), reason_given=bool(reason),
            occurred_at=self._moment(occurred_at), recorded_by=recorded_by,
        )
        return self._written(declined)

    def make_ask(
        self: Linkingpin, network_id: UUID, *, stakeholder_id: UUID, purpose: str, importance: str = "routine",
        occurred_at: datetime | None = None, recorded_by: str,
    ) -> Written:
        self.active_stakeholder(network_id, stakeholder_id, action="ask something of")
        ask = Ask(
            network_id=network_id, stakeholder_id=stakeholder_id,
            purpose=self.vault.seal(stakeholder_id, check_text("purpose", purpose, limit=Limits.SHORT_TEXT)),
            importance=check_choice("importance", importance, Importance).value,
            occurred_at=self._moment(occurred_at), recorded_by=recorded_by,
        )
        return self._written(ask)

    def ask(self: Linkingpin, network_id: UUID, ask_id: UUID) -> Ask:
        return self._get(Ask, network_id, ask_id)

    def record_ask_outcome(
        self: Linkingpin, network_id: UUID, ask_id: UUID, *, outcome: str, occurred_at: datetime | None = None,
        recorded_by: str,
    ) -> Written:
        ask = self.ask(network_id, ask_id)
        ask.record_outcome(
            outcome=check_choice("outcome", outcome, AskOutcome).value, occurred_at=self._moment(occurred_at),
            recorded_by=recorded_by,
        )
        return self._written(ask)

    def hold_meeting(
        self: Linkingpin, network_id: UUID, *, title: str, format: str, attendees: list[dict],
        themes: list[str] | None = None, group_id: UUID | None = None, takeaways: str = "",
        disseminated_to: list[UUID] | None = None, occurred_at: datetime | None = None, recorded_by: str,
    ) -> Written:
        self.network(network_id)
        clean_attendees = [self._attendee(network_id, i, a) for i, a in enumerate(attendees or [])]
        check_attendees(clean_attendees)
        for stakeholder_id in disseminated_to or []:
            self.stakeholder(network_id, stakeholder_id, field="disseminated_to")
        if group_id is not None:
            self.group(network_id, group_id, field="group_id")
        meeting = Meeting.hold(
            network_id=network_id, title=self.vault.seal(network_id, check_text("title", title, limit=Limits.SHORT_TEXT)),
            format=check_choice("format", format, MeetingFormat).value, themes=check_texts("themes", themes),
            group_id=group_id, attendees=clean_attendees,
            takeaways=self.vault.seal(network_id, check_text("takeaways", takeaways, limit=Limits.LONG_TEXT, required=False)),
            disseminated_to=list(dict.fromkeys(disseminated_to or [])), occurred_at=self._moment(occurred_at),
            recorded_by=recorded_by,
        )
        return self._written(meeting)

    def _attendee(self: Linkingpin, network_id: UUID, index: int, attendee: dict) -> dict:
        field = f"attendees[{index}]"
        if not isinstance(attendee, dict) or "stakeholder_id" not in attendee:
            raise InvalidValue("must name a stakeholder_id and an attendance", field=field)
        stakeholder = self.active_stakeholder(network_id, attendee["stakeholder_id"], action="invite")
        attendance = check_choice(f"{field}.attendance", attendee.get("attendance", "present"), Attendance)
        return {"stakeholder_id": stakeholder.id, "attendance": attendance.value}

    def log_introduction(
        self: Linkingpin, network_id: UUID, *, stakeholder_ids: list[UUID], reason: str = "",
        occurred_at: datetime | None = None, recorded_by: str,
    ) -> Written:
        ids = self._parties(network_id, stakeholder_ids, action="introduce")
        introduction = Introduction(
            network_id=network_id, stakeholder_ids=ids,
            reason=self.vault.seal(network_id, check_text("reason", reason, limit=Limits.LONG_TEXT, required=False)),
            occurred_at=self._moment(occurred_at), recorded_by=recorded_by,
        )
        return self._written(introduction)

    def log_direct_contact(
        self: Linkingpin, network_id: UUID, *, stakeholder_ids: list[UUID], summary: str = "",
        occurred_at: datetime | None = None, recorded_by: str,
    ) -> Written:
        ids = self._parties(network_id, stakeholder_ids, action="log a direct contact of")
        direct = DirectContact(
            network_id=network_id, stakeholder_ids=ids,
            summary=self.vault.seal(network_id, check_text("summary", summary, limit=Limits.LONG_TEXT, required=False)),
            occurred_at=self._moment(occurred_at), recorded_by=recorded_by,
        )
        return self._written(direct)

    def _parties(self: Linkingpin, network_id: UUID, stakeholder_ids: list[UUID], *, action: str) -> list[UUID]:
        ids = check_distinct_ids("stakeholder_ids", stakeholder_ids or [], at_least=2)
        for stakeholder_id in ids:
            self.active_stakeholder(network_id, stakeholder_id, action=action)
        return ids
