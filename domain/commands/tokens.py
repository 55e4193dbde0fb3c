"""Issuing, checking and revoking access tokens."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from domain.access import Role, Token, new_token_secret, token_hash, token_id_for
from domain.checks import check_choice, check_text
from domain.vocabulary import Limits

if TYPE_CHECKING:
    from domain.application import Linkingpin, Written


class TokenCommands:
    def issue_token(
        self: Linkingpin, network_id: UUID, *, member: str, role: str, recorded_by: str,
    ) -> tuple[Written, str]:
        """A new token; the secret is returned this once and stored only as a hash."""
        network = self.network(network_id)
        secret = new_token_secret()
        token = Token(
            network_id=network.id, member=check_text("member", member, limit=Limits.NAME),
            role=check_choice("role", role, Role).value, token_hash=token_hash(secret),
            occurred_at=self.clock(), recorded_by=recorded_by,
        )
        network.register_token(token_id=token.id, occurred_at=self.clock(), recorded_by=recorded_by)
        return self._written(token, network), secret

    def authenticate(self: Linkingpin, secret: str) -> Token | None:
        """The active token with this secret, or None."""
        if not isinstance(secret, str) or len(secret) > 200:
            return None
        try:
            token = self.repository.get(token_id_for(secret))
        except AggregateNotFoundError:
            return None
        # The id already matched; compare hashes in constant time all the same.
        if not isinstance(token, Token) or not hmac.compare_digest(token.token_hash, token_hash(secret)):
            return None
        return token if token.is_active else None

    def tokens(self: Linkingpin, network_id: UUID) -> list[Token]:
        network = self.network(network_id)
        return [self.token(network_id, token_id) for token_id in network.token_ids]

    def token(self: Linkingpin, network_id: UUID, token_id: UUID) -> Token:
        return self._get(Token, network_id, token_id)

    def revoke_token(self: Linkingpin, network_id: UUID, token_id: UUID, *, recorded_by: str) -> Written:
        token = self.token(network_id, token_id)
        token.revoke(occurred_at=self.clock(), recorded_by=recorded_by)
        return self._written(token)
