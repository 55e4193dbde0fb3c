"""`Audit`: what the API and the command line ask of the audit chain."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from sqlalchemy import Engine, select, update

from projections.audit import export, signing, tables
from projections.audit.chain import Chain, ChainStuck, lock_position, utc_now
from projections.audit.importer import import_lines
from projections.audit.rawstore import StoreNotEmpty
from projections.audit.rekey import rekey
from projections.audit.verify import Verification
from projections.db import writer


class ResignRefused(Exception):
    pass


class Audit:
    def __init__(self, *, app: Application, engine: Engine, signer: signing.Signer, every: int = 1000,
                 clock: Callable[[], datetime] = utc_now) -> None:
        tables.create(engine)
        self.app, self.engine, self.signer = app, engine, signer
        self.chain = Chain(app, engine, signer, every=every, clock=clock)

    def catch_up(self) -> int:
        """Chain every stored event; raises ChainStuck at a row that cannot be read."""
        return self.chain.catch_up()

    def verify(self, network_id: UUID | None = None, *, also_trust: Iterable[str] = ()) -> dict[str, Any]:
        """ok, checked, first_bad_position, plus problems (position, kind, detail) and counts.

        One network's verify reports only that network's problems (and rows whose network cannot be told).
        """
        stuck = None
        try:
            self.catch_up()
        except ChainStuck as error:
            stuck = error.position
        also_trust = list(also_trust)
        trusted = lambda: signing.trusted(self.signer.public_key, *also_trust)  # noqa: E731
        return Verification(self.app, self.engine, trusted=trusted, network_id=network_id,
                            chained_to=self.chain.position()).run(stuck_at=stuck)

    def events(self, network_id: UUID, *, after: int = 0, limit: int = 50) -> dict[str, Any]:
        """GET /v1/events: {"items": [position, id, type, occurred_at, recorded_at, recorded_by, data, hash],
        "next_after": position to continue after, or None}."""
        self._catch_up_quietly()
        return export.page(self.app, self.engine, network_id, after=after, limit=limit)

    def export(self, *, network_id: UUID | None = None, since: datetime | None = None,
               until: datetime | None = None) -> Iterator[str]:
        """JSON Lines, streamed; `since`/`until` bound when events were recorded (inclusive)."""
        self._catch_up_quietly()
        yield from export.lines(self.app, self.engine, network_id=network_id, since=since, until=until)

    def import_lines(self, lines: Iterable[str]) -> int:
        """Into an empty store only; the chain is then rebuilt from the imported rows."""
        if self.chain.position():
            raise StoreNotEmpty("the audit chain is not empty: import into a new database")
        count = import_lines(self.app, lines)
        self.catch_up()
        return count

    def checkpoints(self, network_id: UUID, *, after_seq: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
        """GET /v1/audit/checkpoints: network_id, seq, position, link, signed_at, key_id, signature."""
        query = (select(tables.checkpoints).where(tables.checkpoints.c.network_id == network_id,
                                                  tables.checkpoints.c.seq > after_seq)
                 .order_by(tables.checkpoints.c.seq).limit(limit))
        with self.engine.connect() as connection:
            return [_json_ready(dict(row._mapping)) for row in connection.execute(query)]

    def checkpoint_now(self, network_id: UUID | None = None) -> list[dict[str, Any]]:
        self.catch_up()
        return [_json_ready(c) for c in self.chain.checkpoint_now(network_id)]

    def public_key(self) -> dict[str, str]:
        return {"algorithm": "Ed25519", "public_key": self.signer.public_key, "key_id": self.signer.key_id}

    def resign(self, previous_public_key: str) -> int:
        """After a signing key rotation: check everything with the previous key, then sign it again with ours."""
        report = self.verify(also_trust=[previous_public_key])
        if not report["ok"]:
            raise ResignRefused(f"verify fails at position {report['first_bad_position']}; nothing re-signed")
        with writer(self.engine).begin() as connection:
            lock_position(connection)
            c = tables.checkpoints.c
            rows = [dict(r._mapping) for r in connection.execute(
                select(tables.checkpoints).where(c.key_id != self.signer.key_id))]
            for row in rows:
                again = self.signer.sign({k: row[k] for k in ("network_id", "seq", "position", "link", "signed_at")})
                connection.execute(update(tables.checkpoints).where(c.network_id == row["network_id"], c.seq == row["seq"])
                                   .values(key_id=again["key_id"], signature=again["signature"]))
        return len(rows)

    def networks(self) -> list[UUID]:
        """Every network with at least one chained event."""
        query = select(tables.links.c.network_id).where(tables.links.c.seq == 1).order_by(tables.links.c.position)
        with self.engine.connect() as connection:
            return list(connection.execute(query).scalars())

    def rekey(self, *, old_cipher_key: str | None = None) -> dict[str, int]:
        return rekey(self.app, old_cipher_key=old_cipher_key)

    def _catch_up_quietly(self) -> None:
        try:
            self.catch_up()
        except ChainStuck:
            pass  # what is chained can still be read; verify names the unreadable row


def _json_ready(checkpoint: dict[str, Any]) -> dict[str, Any]:
    return {**checkpoint, "network_id": str(checkpoint["network_id"])}
