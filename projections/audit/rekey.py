"""Re-encode every stored row under the store's current at-rest settings (cipher key, compression).

This is how encryption at rest is switched on or off and how its key is rotated. Each row is
tried under the current settings first and left alone if it reads, so an interrupted run can
simply be repeated. The chain covers the rows without their at-rest encoding, so every link
and checkpoint stays valid.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.application import Application
from eventsourcing.compressor import ZlibCompressor
from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment

from projections.audit import canonical
from projections.audit.rawstore import raw_store
from projections.audit.reading import PAGE, stored_rows


class RekeyFailed(Exception):
    pass


def _open(encoding: tuple[Any, Any], stored: bytes) -> bytes | None:
    cipher, compressor = encoding
    try:
        plain = cipher.decrypt(stored) if cipher else stored
        plain = compressor.decompress(plain) if compressor else plain
        canonical.parse_state(plain)
    except Exception:  # noqa: BLE001 - not under this encoding; the next one is tried
        return None
    return plain


def former_encodings(old_cipher_key: str | None) -> list[tuple[Any, Any]]:
    """What rows may have been written with: the old key (if given) or none, compressed or not."""
    ciphers = [AESCipher(Environment(env={AESCipher.CIPHER_KEY: old_cipher_key}))] if old_cipher_key else []
    return [(c, z) for c in [*ciphers, None] for z in (ZlibCompressor(), None)]


def rekey(app: Application, *, old_cipher_key: str | None = None) -> dict[str, int]:
    """Rewrite the rows not readable under the current settings; answer counts of rewritten and current rows."""
    store = raw_store(app.recorder)
    current = (app.mapper.cipher, app.mapper.compressor)
    former = former_encodings(old_cipher_key)
    counts = {"rewritten": 0, "current": 0}
    updates: list[tuple[int, bytes]] = []

    def flush() -> None:
        if not updates:
            return
        store.update_states(updates)
        counts["rewritten"] += len(updates)
        updates.clear()

    for row in stored_rows(app.recorder):
        if _open(current, row.state) is not None:
            counts["current"] += 1
            continue
        plain = next((p for p in (_open(e, row.state) for e in former) if p is not None), None)
        if plain is None:
            flush()
            raise RekeyFailed(f"position {row.id} reads under neither the current nor the former settings "
                              "(wrong old key?); rows before it were re-encoded, the rest are unchanged")
        updates.append((row.id, canonical.stored_state(app.mapper, plain)))
        if len(updates) >= PAGE:
            flush()
    flush()
    return counts
