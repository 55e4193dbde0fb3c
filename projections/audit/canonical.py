"""What a chain link covers: an event's canonical bytes, and the previous link of its network's chain.

The canonical bytes are the stored row with the at-rest cipher and compression taken off: the
event's position, originator id and version, topic, and the transcoded state (JSON in which
personal fields are still sealed). So turning at-rest encryption on, or rotating its key,
rewrites every stored byte yet keeps every link; and a row whose ciphertext was altered fails
to decrypt, which verify reports like any other change.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper

CHAIN_VERSION = b"linkingpin-audit-chain-v1\n"


class Unreadable(Exception):
    """A stored row that the configured cipher and compressor cannot turn back into an event state."""


def plain_state(mapper: Mapper, stored: bytes) -> bytes:
    """The transcoded state of a stored row (never decrypts personal fields: those are sealed inside)."""
    try:
        if mapper.cipher is not None:
            stored = mapper.cipher.decrypt(stored)
        if mapper.compressor is not None:
            stored = mapper.compressor.decompress(stored)
    except Exception as error:  # noqa: BLE001 - any failure means the bytes are not what was written
        raise Unreadable(str(error)) from None
    return stored


def stored_state(mapper: Mapper, plain: bytes) -> bytes:
    """The inverse of `plain_state` under this store's own at-rest settings."""
    if mapper.compressor is not None:
        plain = mapper.compressor.compress(plain)
    if mapper.cipher is not None:
        plain = mapper.cipher.encrypt(plain)
    return plain


def genesis(network_id: UUID) -> bytes:
    """Where a network's chain starts; binding the network makes chains of two networks differ."""
    return hashlib.sha256(CHAIN_VERSION + str(network_id).encode()).digest()


def link(prev: bytes, *, position: int, originator_id: object, originator_version: int, topic: str,
         state: bytes) -> bytes:
    # The header fields contain no newline, and the state comes last, so the encoding is unambiguous.
    header = f"{position}\n{originator_id}\n{originator_version}\n{topic}\n".encode()
    return hashlib.sha256(prev + header + state).digest()


def parse_state(plain: bytes) -> dict[str, Any]:
    """The state's JSON as written by the library's JSON transcoder (typed values stay tagged)."""
    try:
        found = json.loads(plain)
    except (ValueError, UnicodeDecodeError) as error:
        raise Unreadable(f"state is not JSON: {error}") from None
    if not isinstance(found, dict):
        raise Unreadable("state is not a JSON object")
    return found


def encode_state(state: dict[str, Any]) -> bytes:
    """The exact bytes the library's JSONTranscoder writes for this JSON (same separators and escaping)."""
    return json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def tagged(value: Any) -> Any:
    """A transcoded value ({"_type_": ..., "_data_": ...}) as its plain data, e.g. an ISO time or a UUID hex."""
    if isinstance(value, dict) and len(value) == 2 and "_type_" in value and "_data_" in value:
        return value["_data_"]
    return value


def network_of(state: dict[str, Any], originator_id: object) -> UUID:
    # A network's own events name no network: the network is the originator (as in the event log view).
    found = tagged(state.get("network_id"))
    return UUID(str(found)) if found else UUID(str(originator_id))


def recorded_at(state: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(tagged(state["timestamp"]))
