"""The event log, its verification and signed checkpoints, as auditors read them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Event(BaseModel):
    position: int = Field(description="The event's place in the store's log; increases along the log.")
    id: str
    type: str = Field(description="Aggregate and event, such as `Stakeholder.Registered`.")
    occurred_at: str | None
    recorded_at: str | None
    recorded_by: str | None
    data: dict[str, Any] = Field(description="The stored event: originator, version, topic and its state as stored; "
                                             "personal fields stay sealed.")
    hash: str = Field(description="The event's link in the network's hash chain (SHA-256, hex).")


class EventPage(BaseModel):
    items: list[Event]
    next_after: int | None = Field(None, description="Pass as `after` to read the next page; null at the end.")
    next_cursor: str | None = Field(None, description="The same place as `next_after`, for the `cursor` parameter.")


class VerifyProblem(BaseModel):
    position: int
    kind: str = Field(description="changed, deleted, inserted, missing_link, unreadable or checkpoint.")
    detail: str


class Verification(BaseModel):
    ok: bool
    checked: int = Field(description="Events compared with their links.")
    first_bad_position: int | None
    problems: list[VerifyProblem]
    checkpoints_checked: int
    chained_to: int = Field(description="The log position the chain has reached.")
    unchained: int = Field(description="Events written after the chain's last step.")


class Checkpoint(BaseModel):
    network_id: str
    seq: int = Field(description="The number of the network's events the checkpoint covers.")
    position: int
    link: str
    signed_at: str = Field(description="Exactly as signed: the text is part of the signed message.")
    key_id: str
    signature: str = Field(description="Ed25519, base64.")


class CheckpointList(BaseModel):
    items: list[Checkpoint]
    next_cursor: str | None = None


class PublicKey(BaseModel):
    algorithm: str
    public_key: str = Field(description="The raw 32-byte Ed25519 public key, base64.")
    key_id: str
