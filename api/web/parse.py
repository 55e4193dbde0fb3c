"""Form text to command arguments.

Parsing refuses with the domain's own `InvalidValue`, so a date typed wrong and a name left
empty reach the page the same way: a message next to the field, and everything typed kept.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import Request

from api.web.forms import Form
from domain.errors import InvalidValue


def text(form: Form, name: str) -> str:
    return form.value(name).strip()


def optional_id(form: Form, name: str) -> UUID | None:
    raw = text(form, name)
    if not raw:
        return None
    try:
        return UUID(raw)
    except ValueError:
        raise InvalidValue("is not one of the choices", field=name) from None


def required_id(form: Form, name: str, *, what: str = "a stakeholder") -> UUID:
    found = optional_id(form, name)
    if found is None:
        raise InvalidValue(f"choose {what}", field=name)
    return found


def ids(values: list[str], name: str) -> list[UUID]:
    try:
        return list(dict.fromkeys(UUID(v) for v in values if v))
    except ValueError:
        raise InvalidValue("is not one of the choices", field=name) from None


def moment(form: Form, name: str, zone: ZoneInfo) -> datetime | None:
    """A `datetime-local` value, read on the network's clock; empty means now."""
    raw = text(form, name)
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidValue("must be a date and time, for example 2026-03-01T09:30", field=name) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def day(form: Form, name: str, *, required: bool = True) -> date | None:
    raw = text(form, name)
    if not raw:
        if required:
            raise InvalidValue("enter a date", field=name)
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidValue("must be a date, for example 2026-03-01", field=name) from None


def whole(form: Form, name: str) -> int | None:
    raw = text(form, name)
    if not raw:
        return None
    if not re.fullmatch(r"\d{1,6}", raw):
        raise InvalidValue("must be a whole number", field=name)
    return int(raw)


def words(form: Form, name: str) -> list[str]:
    """A comma-separated list ("Muslim community, Far-West")."""
    return [part.strip() for part in text(form, name).split(",") if part.strip()]


def now_local(zone: ZoneInfo) -> str:
    return datetime.now(zone).strftime("%Y-%m-%dT%H:%M")


def now_and_back(request: Request, zone: ZoneInfo) -> dict[str, str]:
    """A new form's first values: the moment now on the network's clock, and the page to return to after it."""
    return {"occurred_at": now_local(zone), "next": request.query_params.get("next", "")}
