"""Receipts: a request made under an Idempotency-Key was carried out.

A receipt is saved in the same transaction as the request's first write, with an id derived
from the key. So a retry after a crash (the write committed, the answer was lost) finds the
receipt and writes nothing again, whatever happened to the answer.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.base import NetworkAggregate
from domain.errors import Conflict


def receipt_id(scope: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"linkingpin:receipt:{scope}")


class Receipt(NetworkAggregate):
    @staticmethod
    def create_id(scope: str, **_: object) -> UUID:
        return receipt_id(scope)

    @event("Issued")
    def __init__(self, *, network_id: UUID, scope: str, object_id: UUID, occurred_at: datetime,
                 recorded_by: str) -> None:
        self.network_id = network_id
        self.scope = scope
        self.object_id = object_id


class AlreadyCarriedOut(Conflict):
    """The request under this key was carried out before (its answer was lost); nothing was written again."""

    def __init__(self, object_id: UUID) -> None:
        super().__init__(f"was used for a request already carried out (object {object_id}); nothing was written "
                         "again", field="Idempotency-Key")
        self.object_id = object_id


@dataclass
class Once:
    """The request being carried out in this context, and whether its receipt is saved yet."""

    network_id: UUID
    scope: str
    member: str
    saved: bool = False


current: ContextVar[Once | None] = ContextVar("linkingpin_once", default=None)
