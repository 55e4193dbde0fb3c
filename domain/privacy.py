"""Crypto-shredding: personal data is sealed with a key per subject, and erasure destroys the key.

Subjects are stakeholders (their names, contact details and free text) and networks (free
text tied to no single person). Keys live in a KeyStore apart from the events, wrapped with
a master key, so neither a copy of the event log nor a copy of the key table alone reveals
anything. Once a key is destroyed its sealed fields read as erased, in every copy.
"""

from __future__ import annotations

import base64
import threading
import time
from typing import Protocol
from uuid import UUID

from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment

SEALED_PREFIX = "pd1:"


class KeyStore(Protocol):
    def get_many(self, subject_ids: list[UUID]) -> dict[UUID, bytes]:
        """Wrapped keys of the subjects that still have one."""

    def put_if_absent(self, subject_id: UUID, wrapped_key: bytes) -> bytes:
        """Store a key unless one exists; return the stored one (first writer wins)."""

    def destroy(self, subject_id: UUID) -> None:
        """Forget the subject's key for good."""


class InMemoryKeyStore:
    def __init__(self) -> None:
        self._keys: dict[UUID, bytes] = {}
        self._lock = threading.Lock()

    def get_many(self, subject_ids: list[UUID]) -> dict[UUID, bytes]:
        return {s: self._keys[s] for s in subject_ids if s in self._keys}

    def put_if_absent(self, subject_id: UUID, wrapped_key: bytes) -> bytes:
        with self._lock:
            return self._keys.setdefault(subject_id, wrapped_key)

    def destroy(self, subject_id: UUID) -> None:
        self._keys.pop(subject_id, None)


def _cipher(key_b64: str) -> AESCipher:
    return AESCipher(Environment(env={AESCipher.CIPHER_KEY: key_b64}))


class Vault:
    """Seals and opens personal text; `open` answers None once the subject was erased."""

    def __init__(self, keys: KeyStore, *, master_key: str, cache_seconds: float = 30.0) -> None:
        self._keys = keys
        self._master = _cipher(master_key)
        self._cache: dict[UUID, tuple[float, AESCipher | None]] = {}
        self._cache_seconds = cache_seconds

    @staticmethod
    def new_master_key() -> str:
        return AESCipher.create_key(32)

    def seal(self, subject_id: UUID, text: str) -> str:
        if not text:
            return ""
        cipher = self._cipher_for(subject_id, create=True)
        assert cipher is not None
        token = base64.b64encode(cipher.encrypt(text.encode("utf-8"))).decode("ascii")
        return SEALED_PREFIX + token

    def open(self, subject_id: UUID, sealed: str) -> str | None:
        return self.open_many({subject_id: [sealed]})[subject_id][0]

    def open_many(self, sealed_by_subject: dict[UUID, list[str]]) -> dict[UUID, list[str | None]]:
        """Open many fields with one key look-up per batch, not one per field."""
        self._load([s for s in sealed_by_subject if not self._is_fresh(s)])
        opened: dict[UUID, list[str | None]] = {}
        for subject_id, tokens in sealed_by_subject.items():
            cipher = self._cache.get(subject_id, (0.0, None))[1]
            opened[subject_id] = [self._open_one(cipher, token) for token in tokens]
        return opened

    def shred(self, subject_id: UUID) -> None:
        self._keys.destroy(subject_id)
        self._cache[subject_id] = (time.monotonic(), None)

    def has_key(self, subject_id: UUID) -> bool:
        return bool(self._keys.get_many([subject_id]))

    @staticmethod
    def _open_one(cipher: AESCipher | None, token: str) -> str | None:
        if not token:
            return ""
        if cipher is None or not token.startswith(SEALED_PREFIX):
            return None
        return cipher.decrypt(base64.b64decode(token[len(SEALED_PREFIX):])).decode("utf-8")

    def _cipher_for(self, subject_id: UUID, *, create: bool) -> AESCipher | None:
        if not self._is_fresh(subject_id):
            self._load([subject_id])
        cipher = self._cache[subject_id][1]
        if cipher is None and create:
            wrapped = self._master.encrypt(AESCipher.create_key(32).encode("ascii"))
            stored = self._keys.put_if_absent(subject_id, wrapped)
            cipher = _cipher(self._master.decrypt(stored).decode("ascii"))
            self._cache[subject_id] = (time.monotonic(), cipher)
        return cipher

    def _is_fresh(self, subject_id: UUID) -> bool:
        # Another process may erase a subject: a cached key is trusted only briefly.
        at = self._cache.get(subject_id, (float("-inf"), None))[0]
        return time.monotonic() - at < self._cache_seconds

    def _load(self, subject_ids: list[UUID]) -> None:
        if not subject_ids:
            return
        found = self._keys.get_many(subject_ids)
        now = time.monotonic()
        for subject_id in subject_ids:
            wrapped = found.get(subject_id)
            cipher = _cipher(self._master.decrypt(wrapped).decode("ascii")) if wrapped else None
            self._cache[subject_id] = (now, cipher)
