"""Groups: mini-networks formed, members added and removed."""

from __future__ import annotations

from uuid import UUID

from api.auth import Reader, Writer
from api.deps import Paging, ServicesDep, page, settle
from api.presenters import group as present
from api.routing import new_router
from api.schemas.common import Page
from api.schemas.organisations import Group, GroupIn, MemberIn
from domain.vocabulary import GroupKind

router = new_router("groups")


@router.post("/v1/groups", status_code=201, response_model=Group)
def form_group(body: GroupIn, caller: Writer, services: ServicesDep) -> dict:
    written = settle(services, services.app.form_group(caller.network_id, **body.model_dump(),
                                                       recorded_by=caller.member))
    return present(services.app, services.app.group(caller.network_id, written.id))


@router.get("/v1/groups", response_model=Page, responses={503: {"description": "Read models not running"}})
def list_groups(caller: Reader, services: ServicesDep, paging: Paging, kind: GroupKind | None = None) -> dict:
    return page(services, "groups", caller.network_id, paging, {"kind": kind})


@router.get("/v1/groups/{group_id}", response_model=Group)
def get_group(group_id: UUID, caller: Reader, services: ServicesDep) -> dict:
    return present(services.app, services.app.group(caller.network_id, group_id))


@router.post("/v1/groups/{group_id}/members", response_model=Group)
def add_member(group_id: UUID, body: MemberIn, caller: Writer, services: ServicesDep) -> dict:
    settle(services, services.app.add_group_member(
        caller.network_id, group_id, stakeholder_id=body.stakeholder_id, occurred_at=body.occurred_at,
        recorded_by=caller.member))
    return present(services.app, services.app.group(caller.network_id, group_id))


@router.delete("/v1/groups/{group_id}/members/{stakeholder_id}", response_model=Group)
def remove_member(group_id: UUID, stakeholder_id: UUID, caller: Writer, services: ServicesDep) -> dict:
    settle(services, services.app.remove_group_member(
        caller.network_id, group_id, stakeholder_id=stakeholder_id, recorded_by=caller.member))
    return present(services.app, services.app.group(caller.network_id, group_id))
