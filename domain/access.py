"""Access tokens: one member of one network with one role. Only a hash of the token is stored.

A token's aggregate id is derived from its hash, so authenticating is one lookup by id and
needs no read model; the plaintext exists only in the answer to whoever created it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.base import NetworkAggregate
from domain.errors import NotAllowed

TOKEN_PREFIX = "lp_"


class Role(StrEnum):
    VIEWER = "viewer"
    COORDINATOR = "coordinator"
    AUDITOR = "auditor"
    ADMIN = "admin"


def new_token_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_id_for(secret: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"linkingpin:token:{token_hash(secret)}")


class Token(NetworkAggregate):
    @staticmethod
    def create_id(token_hash: str, **_: object) -> UUID:
        return uuid5(NAMESPACE_URL, f"linkingpin:token:{token_hash}")

    @event("Issued")
    def __init__(
        self, *, network_id: UUID, member: str, role: str, token_hash: str, occurred_at: datetime,
        recorded_by: str,
    ) -> None:
        self.network_id = network_id
        self.member = member
        self.role = role
        self.token_hash = token_hash
        self.issued_at = occurred_at
        self.revoked_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self, *, occurred_at: datetime, recorded_by: str) -> None:
        if not self.is_active:
            raise NotAllowed("the token is already revoked", field="id")
        self._revoked(occurred_at=occurred_at, recorded_by=recorded_by)

    @event("Revoked")
    def _revoked(self, *, occurred_at: datetime, recorded_by: str) -> None:
        self.revoked_at = occurred_at
