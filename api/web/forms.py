"""What was typed into a form, what was wrong with it, and the POST/redirect/GET round trip.

A refusal keeps everything typed and puts the message next to its field (see `attempt`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from api.deps import settle
from api.web.members import Posted
from domain.application import Written
from domain.errors import DomainError

# Domain field paths that name a part of one form field.
_INDEXED = re.compile(r"^([a-z_]+)\[\d+\](?:\..*)?$")
# A path on this site: not `//host` or `/\\host`, no spaces or control characters (browsers drop some).
_LOCAL = re.compile(r"^/(?![/\\])[^\s\\\x00-\x1f]*$")
ALIASES = {"contact.email": "email", "contact.phone": "phone", "version": "form"}
# How the error summary names a field; the rest read well enough from their own names.
FIELD_WORDS = {
    "stakeholder_id": "Stakeholder", "stakeholder_ids": "Who you introduced", "occurred_at": "When",
    "organisation_id": "Organisation", "introduced_by": "Introduced by", "due_on": "Due on",
    "owed_by": "Who owes it", "initiated_by": "Who started it", "declined_by": "Who declined",
    "ideal_interval_days": "Ideal interval", "max_interval_days": "Maximum interval", "max_asks": "Asks they can carry",
    "window_days": "Window", "until": "Quiet until", "disseminated_to": "Takeaways shared with",
    "group_id": "Group", "attendees": "Attendance",
}


class Form:
    """Values as typed (lists for multi-choice fields) and an error per field."""

    def __init__(self, values: Mapping[str, Any] | None = None, multi: Mapping[str, list[str]] | None = None) -> None:
        self.values = dict(values or {})
        self.multi = {k: list(v) for k, v in (multi or {}).items()}
        self.errors: dict[str, str] = {}

    @classmethod
    def posted(cls, posted: Posted, *, multi: tuple[str, ...] = ()) -> Form:
        single = {k: posted.get(k) for k in posted.form.keys() if k not in multi and k != "csrf"}
        return cls(single, {name: posted.getlist(name) for name in multi})

    def value(self, name: str, default: str = "") -> str:
        value = self.values.get(name)
        return default if value is None else str(value)

    def chosen(self, name: str) -> list[str]:
        return self.multi.get(name, [])

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    def summary(self, name: str) -> str:
        """The line in the error summary: which field, and what is wrong with it."""
        words = FIELD_WORDS.get(name) or name.replace("_", " ").capitalize()
        message = self.errors[name]
        if name == "form":  # about the whole form, not one field
            return message
        return f"{words}: {message[:1].lower()}{message[1:]}"

    def fail(self, error: DomainError) -> None:
        self.errors[field_name(error.field)] = sentence(error.reason)


def field_name(domain_field: str | None) -> str:
    if not domain_field:
        return "form"
    if domain_field in ALIASES:
        return ALIASES[domain_field]
    indexed = _INDEXED.match(domain_field)
    return indexed.group(1) if indexed else domain_field


def sentence(reason: str) -> str:
    return reason[:1].upper() + reason[1:] + ("" if reason.endswith((".", "!", "?")) else ".")


def local_path(value: str | None, default: str) -> str:
    """Where to go after a form: only a path on this site, never another host (`//host`, `/\\host`)."""
    return value if value and _LOCAL.match(value) else default


def attempt(request: Request, form: Form, command: Callable[[], Any], *, done: str | Callable[[Any], str],
            again: Callable[[Form], Response]) -> Response:
    """Run the command; on a refusal show the form again with the message, else wait for the
    views to include the write (read-your-writes) and redirect (POST/redirect/GET).
    `done` is where to go next, or a function of what the command wrote."""
    try:
        written = command()
    except DomainError as error:
        form.fail(error)
        response = again(form)
        response.status_code = 422
        return response
    if isinstance(written, Written):
        settle(request.app.state.services, written)
    return RedirectResponse(done(written) if callable(done) else done, status_code=303)


def with_notice(path: str, notice: str) -> str:
    anchor = ""
    if "#" in path:
        path, anchor = path.split("#", 1)
        anchor = "#" + anchor
    return f"{path}{'&' if '?' in path else '?'}done={notice}{anchor}"
