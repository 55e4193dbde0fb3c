"""Words for the vocabularies, as a coordinator would say them, and choices for the forms."""

from __future__ import annotations

from enum import StrEnum

from domain.vocabulary import (
    AskOutcome, Attendance, Channel, ContactPurpose, Direction, Importance, Level, MeetingFormat, Party,
    Sensitivity, Sector, Side,
)

WORDS = {
    "us": "us (the city)", "them": "them", "mental_health": "Mental health", "social_work": "Social work",
    "youth_work": "Youth work", "local_authority": "Local authority", "civil_society": "Civil society",
    "religious_community": "Religious community", "sports_club": "Sports club",
    "community_member": "Community member", "in_person": "In person", "check_in": "Check-in",
    "follow_up": "Follow-up", "one_to_one": "One-to-one", "homogeneous_group": "Homogeneous group (similar people)",
    "heterogeneous_group": "Heterogeneous group (same goals)", "network_event": "Network event",
    "case_consultation": "Case consultation", "no_response": "No response", "information": "Information exchange",
    "information_declined": "Information declined", "direct_contact": "Direct contact",
    "expectation_overdue": "Overdue expectation", "ok": "On track", "neglect": "Not fed for too long", "overuse": "Asked too often",
}

EVENT_WORDS = {
    "contact": "Contact", "information": "Information", "information_declined": "Decline", "ask": "Ask",
    "meeting": "Meeting", "introduction": "Introduction", "direct_contact": "Direct contact",
}

TRUST_WORDS = {
    "start": "Relationship started", "neglect_decay": "Not fed for too long",
    "kept_on_time_by_us": "We kept a promise on time", "kept_late_by_us": "We kept a promise late",
    "missed_by_us": "We missed a promise", "kept_on_time_by_them": "They kept a promise on time",
    "kept_late_by_them": "They kept a promise late", "missed_by_them": "They missed a promise",
    "information_reciprocal": "Information exchanged, give and take even",
    "information_one_sided": "Information exchanged, one-sided",
    "declined_by_us_with_reason": "We declined and said why", "declined_by_us_silently": "We declined without a reason",
    "declined_by_them_with_reason": "They declined and said why",
    "declined_by_them_silently": "They declined without a reason", "ask_accepted": "Accepted an ask",
    "ask_declined": "Declined an ask", "ask_no_response": "Did not answer an ask",
    "attended_present": "Attended a meeting", "attended_absent": "Absent from a meeting",
    "attended_excused": "Excused from a meeting", "handed_over": "Carried over from their predecessor",
}


def label(value: object) -> str:
    if value is None:
        return ""
    text = str(getattr(value, "value", value))
    return WORDS.get(text) or text.replace("_", " ").capitalize()


def trust_reason(code: str) -> str:
    return TRUST_WORDS.get(code) or label(code)


def choices(vocabulary: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, label(member.value)) for member in vocabulary]


CHOICES = {
    "sector": choices(Sector), "side": choices(Side), "level": choices(Level), "channel": choices(Channel),
    "initiated_by": choices(Party), "purpose": choices(ContactPurpose), "direction": choices(Direction),
    "sensitivity": choices(Sensitivity), "declined_by": choices(Party), "importance": choices(Importance),
    "outcome": choices(AskOutcome), "format": choices(MeetingFormat), "attendance": choices(Attendance),
    "owed_by": choices(Party),
}
