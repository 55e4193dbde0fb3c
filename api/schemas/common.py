"""Shared field types and models: moments with an offset, exact dates, bounded clean text, pages, problems."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StringConstraints,
)

from domain.vocabulary import Limits

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_text(value: object) -> object:
    # ISO 8601 only: no Unix timestamps, which pydantic would otherwise read as UTC moments.
    if isinstance(value, (int, float)) or isinstance(value, bool):
        raise ValueError("must be an ISO 8601 date and time with an offset, such as 2026-03-01T09:30:00+01:00")
    return value


def _iso_day(value: object) -> object:
    if isinstance(value, str) and not _DAY.match(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    if not isinstance(value, (str, date)) or isinstance(value, datetime):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


def _storable(text: str) -> str:
    # Lone surrogates cannot be encoded (sealing and storing would fail); NUL is refused everywhere.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    if "\x00" in text:
        raise ValueError("must not contain NUL characters")
    return text


Moment = Annotated[AwareDatetime, BeforeValidator(_iso_text)]
Day = Annotated[date, BeforeValidator(_iso_day)]
Days = Annotated[StrictInt, Field(ge=1, le=Limits.INTERVAL_DAYS)]
MaxAsks = Annotated[StrictInt, Field(ge=1, le=Limits.MAX_ASKS)]


def text(limit: int) -> Any:
    """Free text up to `limit` characters (the domain trims and may also require it non-blank)."""
    return Annotated[str, StringConstraints(max_length=limit), AfterValidator(_storable)]


Name = text(Limits.NAME)
Short = text(Limits.SHORT_TEXT)
Long = text(Limits.LONG_TEXT)
ShortList = Annotated[list[Short], Field(max_length=Limits.LIST)]
Email = text(Limits.EMAIL)
Phone = text(Limits.PHONE)


class In(BaseModel):
    """A request body: unknown fields are refused so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid")


class Occurred(In):
    """When it happened; omitted means now."""

    occurred_at: Moment | None = None

    model_config = ConfigDict(json_schema_extra={"examples": [{"occurred_at": "2026-03-02T14:00:00+01:00"}]})


class Page(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None = None


class FieldError(BaseModel):
    field: str | None
    reason: str


class Problem(BaseModel):
    """RFC 9457 problem details, sent as application/problem+json."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": description} for status, description in {
        400: "The body could not be read", 401: "No valid bearer token", 403: "The token's role cannot do this",
        404: "No such object in your network", 409: "A conflict with the object's state or a concurrent change",
        413: "The request body is too large", 422: "Invalid input, with the field and the reason",
        429: "Too many invalid tokens from this address",
    }.items()
}
