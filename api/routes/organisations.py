"""Organisations: registered with their mandate and aims, then updated."""

from __future__ import annotations

from uuid import UUID

from api.auth import Reader, Writer
from api.deps import Paging, ServicesDep, page, settle
from api.presenters import organisation as present
from api.routing import new_router
from api.schemas.common import Page
from api.schemas.organisations import Organisation, OrganisationIn, OrganisationPatch
from domain.vocabulary import Sector, Side

router = new_router("organisations")


@router.post("/v1/organisations", status_code=201, response_model=Organisation)
def register_organisation(body: OrganisationIn, caller: Writer, services: ServicesDep) -> dict:
    written = settle(services, services.app.register_organisation(
        caller.network_id, **body.model_dump(), recorded_by=caller.member))
    return present(services.app, services.app.organisation(caller.network_id, written.id))


@router.get("/v1/organisations", response_model=Page, responses={503: {"description": "Read models not running"}})
def list_organisations(caller: Reader, services: ServicesDep, paging: Paging, sector: Sector | None = None,
                       side: Side | None = None) -> dict:
    return page(services, "organisations", caller.network_id, paging, {"sector": sector, "side": side})


@router.get("/v1/organisations/{organisation_id}", response_model=Organisation)
def get_organisation(organisation_id: UUID, caller: Reader, services: ServicesDep) -> dict:
    return present(services.app, services.app.organisation(caller.network_id, organisation_id))


@router.patch("/v1/organisations/{organisation_id}", response_model=Organisation)
def update_organisation(organisation_id: UUID, body: OrganisationPatch, caller: Writer, services: ServicesDep) -> dict:
    changes = body.model_dump(exclude_unset=True, exclude={"version", "occurred_at"})
    settle(services, services.app.update_organisation(
        caller.network_id, organisation_id, changes=changes, expected_version=body.version,
        occurred_at=body.occurred_at, recorded_by=caller.member))
    return present(services.app, services.app.organisation(caller.network_id, organisation_id))
