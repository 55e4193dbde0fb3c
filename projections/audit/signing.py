"""Ed25519 signatures over checkpoints. Keys travel as base64 of their raw 32 bytes."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

MESSAGE_VERSION = b"linkingpin-audit-checkpoint-v1\n"


def new_private_key() -> str:
    raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode("ascii")


def key_id(public_key_b64: str) -> str:
    """A short name for a public key, stored with each checkpoint so rotations are visible."""
    return hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest()[:16]


def message(checkpoint: dict[str, Any]) -> bytes:
    """The signed bytes: every field of the checkpoint except the signature and key name."""
    fields = {k: str(checkpoint[k]) if k == "network_id" else checkpoint[k]
              for k in ("network_id", "seq", "position", "link", "signed_at")}
    return MESSAGE_VERSION + json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


class Signer:
    """Signs with a private key given as base64, or by a function that loads (or first creates) it.

    Loading waits for the first signature or public-key request, so a store that never signs
    never creates a key file.
    """

    def __init__(self, private_key: str | Callable[[], str]) -> None:
        self._source = private_key
        self._key: Ed25519PrivateKey | None = None

    def _loaded(self) -> Ed25519PrivateKey:
        if self._key is None:
            source = self._source() if callable(self._source) else self._source
            raw = base64.b64decode(source)
            if len(raw) != 32:
                raise ValueError("the audit signing key must be base64 of a raw 32-byte Ed25519 private key")
            self._key = Ed25519PrivateKey.from_private_bytes(raw)
        return self._key

    @property
    def public_key(self) -> str:
        public = self._loaded().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(public).decode("ascii")

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)

    def sign(self, checkpoint: dict[str, Any]) -> dict[str, Any]:
        signature = self._loaded().sign(message(checkpoint))
        return {**checkpoint, "key_id": self.key_id, "signature": base64.b64encode(signature).decode("ascii")}


def verify_signature(checkpoint: dict[str, Any], public_keys: dict[str, str]) -> str | None:
    """None when a trusted key signed it; otherwise why not."""
    public = public_keys.get(checkpoint["key_id"])
    if public is None:
        return f"signed by key {checkpoint['key_id']}, which is not trusted"
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public)).verify(
            base64.b64decode(checkpoint["signature"]), message(checkpoint))
    except (InvalidSignature, ValueError):
        return "signature does not match"
    return None


def trusted(*public_keys_b64: str) -> dict[str, str]:
    return {key_id(k): k for k in public_keys_b64}
