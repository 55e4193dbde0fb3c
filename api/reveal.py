"""Opening sealed personal fields for an answer, and remembering whose data an answer holds.

The idempotency store keeps first responses for a day; it seals each one under every subject
whose personal data it revealed, so erasing that subject makes the stored copy unreadable too.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator
from uuid import UUID

from domain.privacy import Vault

_revealed: ContextVar[set[UUID] | None] = ContextVar("linkingpin_revealed_subjects", default=None)


@contextmanager
def tracking() -> Iterator[set[UUID]]:
    """Collect the subjects revealed while the block runs (worker threads share the same set)."""
    subjects: set[UUID] = set()
    token = _revealed.set(subjects)
    try:
        yield subjects
    finally:
        _revealed.reset(token)


def reveal(vault: Vault, subject_id: UUID, sealed: str) -> str | None:
    """The plain text, "" when empty, or None once the subject was erased."""
    text = vault.open(subject_id, sealed)
    subjects = _revealed.get()
    if text and subjects is not None:
        subjects.add(subject_id)
    return text
