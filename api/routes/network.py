"""The caller's network (settings) and its members' tokens."""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from api.auth import Admin, Reader
from api.deps import Paging, ServicesDep, settle
from api.paging import keyset_page
from api.presenters import network as present_network
from api.presenters import token as present_token
from api.routing import new_router
from api.schemas.commitments import Network, NetworkPatch, Token, TokenIn, TokenList

router = new_router("network")


@router.get("/v1/network", response_model=Network)
def get_network(caller: Reader, services: ServicesDep) -> dict:
    return present_network(services.app, services.app.network(caller.network_id))


@router.patch("/v1/network", response_model=Network)
def update_network(body: NetworkPatch, caller: Admin, services: ServicesDep) -> dict:
    """Name, time zone, default engagement plan (fields left out keep their value) and alert schedule (admin)."""
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    if changes.get("default_plan") is not None:
        changes["default_plan"] = body.default_plan.model_dump(exclude_none=True)
    settle(services, services.app.update_network(
        caller.network_id, changes=changes, expected_version=body.version, recorded_by=caller.member))
    return present_network(services.app, services.app.network(caller.network_id))


@router.post("/v1/tokens", status_code=201, response_model=Token, tags=["tokens"])
def issue_token(body: TokenIn, caller: Admin, services: ServicesDep) -> dict:
    """A new token for a member; its secret is in this answer only (an idempotent replay shows it as null)."""
    written, secret = services.app.issue_token(caller.network_id, member=body.member, role=body.role,
                                               recorded_by=caller.member)
    settle(services, written)
    return present_token(services.app, services.app.token(caller.network_id, written.id), secret)


@router.get("/v1/tokens", response_model=TokenList, tags=["tokens"])
def list_tokens(caller: Admin, services: ServicesDep, paging: Paging) -> dict:
    """The network's members and their tokens (revoked ones too, to audit), newest first, without secrets."""
    found = services.app.tokens(caller.network_id)
    listed = keyset_page(found, key=lambda t: (t.issued_at.timestamp(), str(t.id)), paging=paging)
    return {**listed, "items": [present_token(services.app, t) for t in listed["items"]]}


@router.delete("/v1/tokens/{token_id}", status_code=204, response_class=Response, tags=["tokens"])
def revoke_token(token_id: UUID, caller: Admin, services: ServicesDep) -> Response:
    settle(services, services.app.revoke_token(caller.network_id, token_id, recorded_by=caller.member))
    return Response(status_code=204)
