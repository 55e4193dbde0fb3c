"""Small check_* helpers: each returns the clean value or raises InvalidValue naming the field."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.errors import InvalidValue
from domain.vocabulary import Limits

E = TypeVar("E", bound=StrEnum)

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{3,}$")
# The earliest date a back-dated fact may carry: older than any prevention network.
EARLIEST = datetime(1970, 1, 1).astimezone()


def check_text(field: str, value: object, *, limit: int, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue("must be text", field=field)
    text = value.strip()
    if required and not text:
        raise InvalidValue("must not be empty", field=field)
    if len(text) > limit:
        raise InvalidValue(f"must be at most {limit} characters", field=field)
    if "\x00" in text:
        raise InvalidValue("must not contain NUL characters", field=field)
    return text


def check_choice(field: str, value: object, vocabulary: type[E]) -> E:
    try:
        return vocabulary(value)
    except ValueError:
        allowed = ", ".join(member.value for member in vocabulary)
        raise InvalidValue(f"must be one of {allowed}", field=field) from None


def check_texts(field: str, values: Iterable[object] | None, *, limit: int = Limits.SHORT_TEXT) -> list[str]:
    items = list(values or [])
    if len(items) > Limits.LIST:
        raise InvalidValue(f"must have at most {Limits.LIST} entries", field=field)
    clean = [check_text(f"{field}[{i}]", item, limit=limit) for i, item in enumerate(items)]
    return list(dict.fromkeys(clean))  # keep order, drop repeats


def check_moment(field: str, value: object, *, now: datetime) -> datetime:
    """A moment when something happened: timezone-aware, not in the future beyond a small tolerance."""
    if not isinstance(value, datetime):
        raise InvalidValue("must be a date and time with a UTC offset", field=field)
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue("must carry a UTC offset (for example +01:00 or Z)", field=field)
    if value > now + timedelta(seconds=Limits.FUTURE_TOLERANCE_SECONDS):
        raise InvalidValue("must not lie in the future", field=field)
    if value < EARLIEST:
        raise InvalidValue("must not lie before 1970", field=field)
    return value


def check_date(field: str, value: object) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidValue("must be a date (YYYY-MM-DD)", field=field)
    if not 1970 <= value.year <= 2200:
        raise InvalidValue("must lie between 1970 and 2200", field=field)
    return value


def check_days(field: str, value: object, *, upper: int = Limits.INTERVAL_DAYS) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue("must be a whole number of days", field=field)
    if not 1 <= value <= upper:
        raise InvalidValue(f"must be between 1 and {upper}", field=field)
    return value


def check_intervals(ideal: int | None, maximum: int | None) -> None:
    if ideal is not None and maximum is not None and maximum < ideal:
        raise InvalidValue("must not be below ideal_interval_days", field="max_interval_days")


def check_timezone(field: str, value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > 64:
        raise InvalidValue("must be an IANA time zone such as Europe/Brussels", field=field)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValue(f"unknown time zone {value!r}", field=field) from None
    return value


def check_slug(field: str, value: object) -> str:
    if not isinstance(value, str) or len(value) > Limits.SLUG or not _SLUG.match(value):
        raise InvalidValue("must be lowercase letters, digits and hyphens (at most 63)", field=field)
    return value


def check_email(field: str, value: object) -> str:
    text = check_text(field, value, limit=Limits.EMAIL, required=False)
    if text and not _EMAIL.match(text):
        raise InvalidValue("must be an email address", field=field)
    return text


def check_phone(field: str, value: object) -> str:
    text = check_text(field, value, limit=Limits.PHONE, required=False)
    if text and not _PHONE.match(text):
        raise InvalidValue("must be a phone number (digits, spaces, + ( ) . / -)", field=field)
    return text


def check_distinct_ids(field: str, values: Iterable[UUID], *, at_least: int) -> list[UUID]:
    ids = list(values)
    if len(set(ids)) != len(ids):
        raise InvalidValue("must not name the same stakeholder twice", field=field)
    if len(ids) < at_least:
        raise InvalidValue(f"must name at least {at_least} stakeholders", field=field)
    if len(ids) > Limits.ATTENDEES:
        raise InvalidValue(f"must name at most {Limits.ATTENDEES} stakeholders", field=field)
    return ids
