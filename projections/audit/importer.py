"""Import an export into an empty store: the same rows at the same positions, so the same chain.

Every line must be exactly what export writes for its event and every hash must follow from the
lines before it, so an altered, truncated or reordered file is refused before anything is
committed (the whole import is one transaction). Each network's events must start at the
beginning of its chain: a file exported with --from cannot be checked, and is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from projections.audit import canonical
from projections.audit.export import item, line
from projections.audit.rawstore import raw_store

BATCH = 1000


class ImportRefused(Exception):
    def __init__(self, number: int, reason: str) -> None:
        super().__init__(f"line {number}: {reason}")
        self.number = number


def import_lines(app: Application, lines: Iterable[str]) -> int:
    """Write every line's event; answer how many. Raises ImportRefused or StoreNotEmpty and writes nothing."""
    heads: dict[UUID, bytes] = {}
    last, count, pending = 0, 0, []
    with raw_store(app.recorder).importing() as add:
        for number, text in enumerate(lines, 1):
            if not text.strip():
                continue
            found, plain = _parse(number, text)
            n = found["notification"]
            if n.id <= last:
                raise ImportRefused(number, f"position {n.id} does not follow position {last}")
            network_id = canonical.network_of(found["state"], n.originator_id)
            prev = heads.get(network_id, canonical.genesis(network_id))
            expected = canonical.link(prev, position=n.id, originator_id=n.originator_id,
                                      originator_version=n.originator_version, topic=n.topic, state=plain)
            if expected.hex() != found["hash"]:
                raise ImportRefused(number, f"the hash at position {n.id} does not follow from the events before it "
                                            "(the file was altered, or does not start at the beginning of the chain)")
            heads[network_id], last, count = expected, n.id, count + 1
            pending.append((n.id, n.originator_id, n.originator_version, n.topic,
                            canonical.stored_state(app.mapper, plain)))
            if len(pending) >= BATCH:
                add(pending)
                pending = []
        if pending:
            add(pending)
    return count


def _parse(number: int, text: str) -> tuple[dict[str, Any], bytes]:
    try:
        parsed = json.loads(text)
        data = parsed["data"]
        state = data["state"]
        notification = SimpleNamespace(id=int(parsed["position"]), originator_id=UUID(data["originator_id"]),
                                       originator_version=int(data["originator_version"]), topic=str(data["topic"]))
        if not isinstance(state, dict):
            raise TypeError("state is not an object")
        again = item(notification, state, parsed["hash"])
    except (ValueError, KeyError, TypeError) as error:
        raise ImportRefused(number, f"not an audit export line ({error})") from None
    # What export would write for this event, byte for byte; anything else was edited by hand.
    if line(again) != text.rstrip("\r\n") + "\n":
        raise ImportRefused(number, "the line is not exactly what export writes for its event")
    return {"notification": notification, "state": state, "hash": parsed["hash"]}, canonical.encode_state(state)
