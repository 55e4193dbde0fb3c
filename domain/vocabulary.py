"""The coordinator's vocabularies (see the spec's "Key fields") and size limits."""

from __future__ import annotations

from enum import StrEnum


class Sector(StrEnum):
    EDUCATION = "education"
    POLICE = "police"
    MENTAL_HEALTH = "mental_health"
    SOCIAL_WORK = "social_work"
    YOUTH_WORK = "youth_work"
    HEALTH = "health"
    LOCAL_AUTHORITY = "local_authority"
    JUSTICE = "justice"
    CIVIL_SOCIETY = "civil_society"
    RELIGIOUS_COMMUNITY = "religious_community"
    SPORTS_CLUB = "sports_club"
    COMMUNITY_MEMBER = "community_member"
    BUSINESS = "business"
    MEDIA = "media"
    OTHER = "other"


class Side(StrEnum):
    FORMAL = "formal"
    INFORMAL = "informal"


class Level(StrEnum):
    STRATEGIC = "strategic"
    OPERATIONAL = "operational"


class Party(StrEnum):
    """Who did something, or who owes it: the coordinator's side or the stakeholder's."""

    US = "us"
    THEM = "them"


class Channel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    EMAIL = "email"
    MESSAGE = "message"
    VIDEO = "video"


class ContactPurpose(StrEnum):
    INTRODUCTION = "introduction"
    AWARENESS = "awareness"
    CHECK_IN = "check_in"
    SUPPORT = "support"
    FOLLOW_UP = "follow_up"
    FEEDBACK = "feedback"


class Direction(StrEnum):
    SHARED = "shared"
    RECEIVED = "received"


class Sensitivity(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"


class Importance(StrEnum):
    ROUTINE = "routine"
    IMPORTANT = "important"
    CRITICAL = "critical"


class AskOutcome(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    NO_RESPONSE = "no_response"


class MeetingFormat(StrEnum):
    ONE_TO_ONE = "one_to_one"
    HOMOGENEOUS_GROUP = "homogeneous_group"
    HETEROGENEOUS_GROUP = "heterogeneous_group"
    NETWORK_EVENT = "network_event"
    CASE_CONSULTATION = "case_consultation"
    TRAINING = "training"


class Attendance(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class GroupKind(StrEnum):
    HOMOGENEOUS = "homogeneous"
    HETEROGENEOUS = "heterogeneous"


class StakeholderStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class FeedingStatus(StrEnum):
    """Where a stakeholder stands in the neglect report: past the ideal interval, or past the maximum."""

    DUE = "due"
    NEGLECTED = "neglected"


class ExpectationStatus(StrEnum):
    OPEN = "open"
    FULFILLED = "fulfilled"
    MISSED = "missed"
    WITHDRAWN = "withdrawn"


class Limits:
    """Documented maximum lengths (characters) and counts; the API publishes the same."""

    NAME = 200
    SHORT_TEXT = 200  # function, topic, title, purpose, theme, community, channel-like fields
    LONG_TEXT = 4000  # summaries, mandates, aims, takeaways, reasons, descriptions
    EMAIL = 254
    PHONE = 40
    SLUG = 63
    LIST = 100  # communities, themes, group members added at once
    ATTENDEES = 500
    INTERVAL_DAYS = 3650
    MAX_ASKS = 1000
    FUTURE_TOLERANCE_SECONDS = 300
