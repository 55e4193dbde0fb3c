"""Domain errors: every refusal says which field (if any) and why, in plain words."""

from __future__ import annotations


class DomainError(Exception):
    """Base for every rule the domain refuses to break."""

    def __init__(self, reason: str, *, field: str | None = None) -> None:
        super().__init__(reason if field is None else f"{field}: {reason}")
        self.reason = reason
        self.field = field


class InvalidValue(DomainError):
    """A value is missing, malformed, out of range or outside its vocabulary."""


class NotFound(DomainError):
    """No such object in this network (other networks' objects are never visible)."""


class NotAllowed(DomainError):
    """The object exists but its state forbids the command (an impossible transition)."""


class Conflict(DomainError):
    """Someone else changed the object first (optimistic concurrency), or it exists already."""
