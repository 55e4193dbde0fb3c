"""Durable `Idempotency-Key` records: claimed by INSERT first, completed with the first response.

Claiming inserts the row before the request runs (ON CONFLICT DO NOTHING), so of two
concurrent requests with one key exactly one runs; the other sees the row and answers 409
(still in flight), 422 (another body) or the stored response. Only successful responses are
kept: a failed request wrote nothing, so a retry simply runs again.

Stored bodies may hold personal data. Each is sealed under the network's key and then under
every stakeholder whose data it revealed (api.reveal), so erasing a stakeholder makes the stored
copy unreadable as well; fields named `secret` (new tokens) are never stored at all.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from uuid import UUID, uuid4

from sqlalchemy import Column, Engine, Float, Integer, MetaData, String, Table, Text, delete, select, update

from domain.privacy import Vault
from projections.db import upsert_ignore, writer

TTL_SECONDS = 24 * 3600
# A claim older than this belongs to a request that died mid-way; a retry may take it over.
LEASE_SECONDS = 120.0
CLEANUP_EVERY_SECONDS = 600.0

metadata = MetaData()
keys = Table(
    "idempotency_keys", metadata,
    Column("scope_key", String(64), primary_key=True),  # sha256 of network, member and the client's key
    Column("fingerprint", String(64), nullable=False),  # sha256 of method, path, caller and canonical body
    Column("claim", String(32), nullable=False),  # empty once released: the next request may take the key
    # Survives failures and take-overs, renewed only when the key expires: names the request's receipt.
    Column("generation", String(32), nullable=False),
    Column("claimed_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
    Column("status", Integer, nullable=True),  # null while in flight
    Column("headers", Text, nullable=True),
    Column("body", Text, nullable=True),
    Column("subjects", Text, nullable=True),  # JSON list of the subjects the body is sealed under, inner first
)


@dataclass(frozen=True)
class Claim:
    outcome: str  # "run", "replay", "mismatch" or "in_flight"
    token: str = ""
    generation: str = ""
    status: int = 0
    headers: dict[str, str] | None = None
    body: bytes | None = None  # None on a replay whose subject was erased


class IdempotencyStore:
    def __init__(self, engine: Engine, vault: Vault) -> None:
        self.engine, self.vault = engine, vault
        self._next_cleanup = 0.0
        metadata.create_all(writer(engine))  # BEGIN IMMEDIATE: the projection feed may be writing

    def claim(self, scope_key: str, fingerprint: str) -> Claim:
        now, mine = time.time(), uuid4().hex
        self._cleanup_now_and_then(now)
        with writer(self.engine).begin() as connection:
            connection.execute(delete(keys).where(keys.c.scope_key == scope_key, keys.c.expires_at < now))
            connection.execute(upsert_ignore(keys, self.engine), {
                "scope_key": scope_key, "fingerprint": fingerprint, "claim": mine, "generation": uuid4().hex,
                "claimed_at": now, "expires_at": now + TTL_SECONDS,
            })
            row = connection.execute(select(keys).where(keys.c.scope_key == scope_key)).one()
            if row.claim == mine:
                return Claim("run", token=mine, generation=row.generation)
            if row.claim == "" and row.status is None:  # released by a failed request: a retry (any body) runs
                connection.execute(update(keys).where(keys.c.scope_key == scope_key, keys.c.claim == "")
                                   .values(claim=mine, claimed_at=now, fingerprint=fingerprint))
                return Claim("run", token=mine, generation=row.generation)
            if row.fingerprint != fingerprint:
                return Claim("mismatch")
            if row.status is not None:
                return Claim("replay", status=row.status, headers=json.loads(row.headers),
                             body=self._open(row.body, json.loads(row.subjects)))
            taken = connection.execute(update(keys).where(
                keys.c.scope_key == scope_key, keys.c.claim == row.claim, keys.c.claimed_at < now - LEASE_SECONDS,
            ).values(claim=mine, claimed_at=now))
            return Claim("run", token=mine, generation=row.generation) if taken.rowcount == 1 else Claim("in_flight")

    def complete(self, scope_key: str, token: str, *, status: int, headers: dict[str, str], body: bytes,
                 subjects: list[UUID]) -> None:
        sealed = body.decode("utf-8")
        for subject in subjects:
            sealed = self.vault.seal(subject, sealed)
        with writer(self.engine).begin() as connection:
            connection.execute(update(keys).where(keys.c.scope_key == scope_key, keys.c.claim == token).values(
                status=status, headers=json.dumps(headers), body=sealed,
                subjects=json.dumps([str(s) for s in subjects]),
            ))

    def release(self, scope_key: str, token: str) -> None:
        """A failed request stored nothing: free the key for a retry, but keep its generation, since a
        failure after the write (a lost connection) must still find the write's receipt."""
        with writer(self.engine).begin() as connection:
            connection.execute(update(keys).where(keys.c.scope_key == scope_key, keys.c.claim == token)
                               .values(claim=""))

    def cleanup(self, now: float | None = None) -> int:
        with writer(self.engine).begin() as connection:
            return connection.execute(delete(keys).where(keys.c.expires_at < (now or time.time()))).rowcount

    def _cleanup_now_and_then(self, now: float) -> None:
        if now >= self._next_cleanup:
            self._next_cleanup = now + CLEANUP_EVERY_SECONDS
            self.cleanup(now)

    def _open(self, sealed: str, subjects: list[str]) -> bytes | None:
        text: str | None = sealed
        for subject in reversed(subjects):
            text = self.vault.open(UUID(subject), text) if text is not None else None
        return None if text is None else text.encode("utf-8")
