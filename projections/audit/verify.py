"""Verify: recompute every link from the stored rows, compare with the chain, check every checkpoint.

Walking store and chain side by side by position catches each kind of tampering: a changed,
swapped or renumbered row no longer yields its link (the position is hashed too); a deleted
row leaves a link without a row; an inserted one a row without a link. Links are compared one
by one (each from the chain's previous link), so a single change is named at its own position
and does not hide later ones. Signed checkpoints guard the chain table itself: whoever rewrites
rows and links together still cannot sign the new links.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from sqlalchemy import Engine, select

from projections.audit import canonical
from projections.audit.reading import UuidCache, chain_rows, side_by_side, stored_rows
from projections.audit.signing import verify_signature
from projections.audit.tables import checkpoints, links

MAX_PROBLEMS = 1000


class Verification:
    def __init__(self, app: Application, engine: Engine, *, trusted: Callable[[], dict[str, str]],
                 network_id: UUID | None, chained_to: int) -> None:
        """`trusted` answers the trusted public keys by id; asked only when there are checkpoints to check,
        so verifying a store that never signed creates no signing key."""
        self.app, self.engine, self.trusted = app, engine, trusted
        self.network_id, self.chained_to = network_id, chained_to
        self.problems: list[dict[str, Any]] = []
        self.checked = 0
        self.unchained = 0
        self.prev: dict[UUID, tuple[int, bytes]] = {}
        self.at_checkpoints: dict[int, Any] = {}
        self.vouched: dict[UUID, int] = {}  # per network, the last checkpoint that still holds
        self.uuid = UuidCache()

    def run(self, *, stuck_at: int | None = None) -> dict[str, Any]:
        signed = self._checkpoints()
        wanted = {c["position"] for c in signed}
        for position, stored, chained in side_by_side(stored_rows(self.app.recorder), chain_rows(self.engine)):
            if chained is None:
                self._unchained(position, stored, stuck_at)
                continue
            network_id = self.uuid[chained.network_id]
            if position in wanted:
                self.at_checkpoints[position] = (network_id, chained.seq, chained.link)
            if self.network_id is None or network_id == self.network_id:
                self._compare(position, stored, chained, network_id)
        keys = self.trusted() if signed else {}
        for checkpoint in signed:
            self._check(checkpoint, keys)
        return self._verdict(len(signed))

    def _problem(self, position: int, kind: str, detail: str) -> None:
        # Found in position order, so the first ones kept include the first bad position; a wholesale
        # rewrite must not fill memory with a problem per event.
        if len(self.problems) < MAX_PROBLEMS or kind == "checkpoint":
            self.problems.append({"position": position, "kind": kind, "detail": detail})

    def _unchained(self, position: int, stored: Any, stuck_at: int | None) -> None:
        if stuck_at is not None and position == stuck_at:
            self._problem(position, "unreadable", "the stored bytes cannot be decrypted or parsed")
        elif position > self.chained_to:
            self.unchained += 1  # written after the chain's last step, or after an unreadable row
        elif self._concerns(stored):
            self._problem(position, "inserted", "a stored event the chain never saw")

    def _concerns(self, stored: Any) -> bool:
        """Whether a row with no link belongs to the network being verified (if it cannot be told: yes)."""
        if self.network_id is None:
            return True
        try:
            state = canonical.parse_state(canonical.plain_state(self.app.mapper, stored.state))
            return canonical.network_of(state, stored.originator_id) == self.network_id
        except (canonical.Unreadable, ValueError, TypeError):
            return True

    def _compare(self, position: int, stored: Any, chained: Any, network_id: UUID) -> None:
        seq, prev = self.prev.get(network_id) or (0, canonical.genesis(network_id))
        self.prev[network_id] = (chained.seq, bytes.fromhex(chained.link))
        if stored is None:
            self._problem(position, "deleted", "the chain has a link for a stored event that is gone")
            return
        self.checked += 1
        if chained.seq != seq + 1:
            self._problem(position, "missing_link", f"the chain jumps from link {seq} to {chained.seq}")
            return
        try:
            plain = canonical.plain_state(self.app.mapper, stored.state)
        except canonical.Unreadable:
            self._problem(position, "unreadable", "the stored bytes cannot be decrypted")
            return
        found = canonical.link(prev, position=position, originator_id=stored.originator_id,
                               originator_version=stored.originator_version, topic=stored.topic, state=plain)
        if found.hex() != chained.link:
            self._problem(position, "changed", "the stored event no longer yields its link")

    def _checkpoints(self) -> list[dict[str, Any]]:
        query = select(checkpoints).order_by(checkpoints.c.network_id, checkpoints.c.seq)
        if self.network_id is not None:
            query = query.where(checkpoints.c.network_id == self.network_id)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def _check(self, checkpoint: dict[str, Any], keys: dict[str, str]) -> None:
        why = verify_signature(checkpoint, keys)
        if why:
            self._problem(checkpoint["position"], "checkpoint", f"checkpoint {checkpoint['seq']}: {why}")
            return
        if self.at_checkpoints.get(checkpoint["position"]) != (
                checkpoint["network_id"], checkpoint["seq"], checkpoint["link"]):
            self._problem(self._first_unvouched(checkpoint), "checkpoint",
                          f"the chain no longer matches signed checkpoint {checkpoint['seq']} "
                          f"(position {checkpoint['position']})")
        else:
            self.vouched[checkpoint["network_id"]] = checkpoint["seq"]

    def _first_unvouched(self, checkpoint: dict[str, Any]) -> int:
        """The chain table itself was rewritten: the change lies after the last checkpoint that still holds."""
        after = self.vouched.get(checkpoint["network_id"], 0)
        query = select(links.c.position).where(links.c.network_id == checkpoint["network_id"],
                                               links.c.seq > after).order_by(links.c.seq).limit(1)
        with self.engine.connect() as connection:
            found = connection.execute(query).scalar()
        return min(found, checkpoint["position"]) if found is not None else checkpoint["position"]

    def _verdict(self, signed: int) -> dict[str, Any]:
        self.problems.sort(key=lambda p: (p["position"], p["kind"]))
        return {"ok": not self.problems, "checked": self.checked,
                "first_bad_position": self.problems[0]["position"] if self.problems else None,
                "problems": self.problems[:100], "checkpoints_checked": signed, "chained_to": self.chained_to,
                "unchained": self.unchained}
