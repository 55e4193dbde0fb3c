"""Standard Webhooks signatures: `v1,` + base64 HMAC-SHA256 over "id.timestamp.body", keyed with
the bytes of the `whsec_` secret (base64 after the prefix)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from uuid import UUID, uuid5

from domain.webhook import SECRET_PREFIX


def message_id(alert_id: UUID, channel: str) -> str:
    """The same for every attempt of one message, so receivers can drop repeats."""
    return f"msg_{uuid5(alert_id, channel).hex}"


def signature(secret: str, *, msg_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")


def signed_headers(secret: str, *, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, msg_id=msg_id, timestamp=timestamp, body=body),
    }
