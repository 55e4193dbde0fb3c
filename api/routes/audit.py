"""For auditors: the network's immutable event log, its verification, signed checkpoints and the public key."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from api.auth import Auditor, Reader
from api.deps import ServicesDep
from api.routing import new_router
from api.schemas.audit import CheckpointList, EventPage, PublicKey, Verification

router = new_router("audit")
# Positions are 64-bit in the store, checkpoint numbers 32-bit: larger values cannot name anything.
MAX_POSITION = 2**63 - 1
Limit = Annotated[int, Query(ge=1, le=1000)]


@router.get("/v1/events", response_model=EventPage)
def list_events(
    caller: Auditor, services: ServicesDep, after: Annotated[int, Query(ge=0, le=MAX_POSITION)] = 0,
    cursor: Annotated[str | None, Query(pattern=r"^[0-9]{1,18}$",
                                        description="From the previous page's next_cursor; replaces `after`.")] = None,
    limit: Limit = 50,
) -> dict:
    """The network's events in log order from `after` (exclusive), each with its link in the hash chain.
    Personal fields stay sealed."""
    found = services.audit.events(caller.network_id, after=int(cursor) if cursor else after, limit=limit)
    return {**found, "next_cursor": None if found["next_after"] is None else str(found["next_after"])}


@router.get("/v1/audit/verify", response_model=Verification)
def verify(caller: Auditor, services: ServicesDep) -> dict:
    """Recompute the network's hash chain from the stored events and check every signed checkpoint."""
    return services.audit.verify(caller.network_id)


@router.get("/v1/audit/checkpoints", response_model=CheckpointList)
def list_checkpoints(
    caller: Auditor, services: ServicesDep, limit: Limit = 50,
    cursor: Annotated[str | None, Query(pattern=r"^[0-9]{1,9}$",
                                        description="From the previous page's next_cursor.")] = None,
) -> dict:
    """The network's signed checkpoints, oldest first; check them with the key from /v1/audit/pubkey."""
    # One more than asked tells whether another page follows.
    found = services.audit.checkpoints(caller.network_id, after_seq=int(cursor or 0), limit=limit + 1)
    items = found[:limit]
    return {"items": items, "next_cursor": str(items[-1]["seq"]) if len(found) > limit else None}


@router.get("/v1/audit/pubkey", response_model=PublicKey)
def public_key(caller: Reader, services: ServicesDep) -> dict:
    """The Ed25519 key that signs checkpoints, for anyone who wants to check them outside linkingpin."""
    return services.audit.public_key()
