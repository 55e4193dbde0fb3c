"""Stakeholders: registered, updated, archived, reactivated, handed over, erased; and their trust history."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Body, Query

from api.auth import Admin, Reader, Writer
from api.deps import AsOf, KnownAt, Paging, ServicesDep, page, settle, views_of
from api.presenters import stakeholder as present
from api.routing import new_router
from api.schemas.common import Occurred, Page, Short
from api.schemas.stakeholders import HandOver, Stakeholder, StakeholderIn, StakeholderPatch
from domain.vocabulary import Level, Sector, Side, StakeholderStatus

router = new_router("stakeholders")
PLAN_FIELDS = ("ideal_interval_days", "max_interval_days")
PROFILE_FIELDS = ("name", "organisation_id", "function", "sector", "side", "level", "communities", "contact",
                  "introduced_by")
OptionalOccurred = Annotated[Occurred | None, Body()]


def plan_of(fields: dict[str, Any]) -> dict[str, Any]:
    """The domain's flat plan from the contract's fields (`ask_capacity` is one object)."""
    plan = {name: fields[name] for name in PLAN_FIELDS if name in fields}
    if "ask_capacity" in fields:
        capacity = fields["ask_capacity"] or {}
        plan.update(max_asks=capacity.get("max_asks"), window_days=capacity.get("window_days"))
    return plan


def _answer(services: ServicesDep, caller: Any, stakeholder_id: UUID) -> dict:
    return present(services.app, services.app.stakeholder(caller.network_id, stakeholder_id))


@router.post("/v1/stakeholders", status_code=201, response_model=Stakeholder)
def register_stakeholder(body: StakeholderIn, caller: Writer, services: ServicesDep) -> dict:
    fields = body.model_dump(exclude={"contact", "ask_capacity", *PLAN_FIELDS})
    contact = body.contact.model_dump() if body.contact else {}
    written = settle(services, services.app.register_stakeholder(
        caller.network_id, **fields, **contact, plan=plan_of(body.model_dump(exclude_none=True)),
        recorded_by=caller.member))
    return _answer(services, caller, written.id)


@router.get("/v1/stakeholders", response_model=Page, responses={503: {"description": "Read models not running"}})
def list_stakeholders(
    caller: Reader, services: ServicesDep, paging: Paging, sector: Sector | None = None, side: Side | None = None,
    level: Level | None = None, status: StakeholderStatus | None = None, organisation_id: UUID | None = None,
    community: Annotated[Short | None, Query()] = None,
    q: Annotated[Short | None, Query(description="Words the name must contain.")] = None,
    as_of: AsOf = None, known_at: KnownAt = None,
) -> dict:
    """The directory: profiles with their engagement summary (as they stood at `as_of`, as known at `known_at`)."""
    filters = {"sector": sector, "side": side, "level": level, "status": status, "organisation_id": organisation_id,
               "community": community, "q": q}
    return page(services, "stakeholders", caller.network_id, paging, filters, as_of=as_of, known_at=known_at)


@router.get("/v1/stakeholders/{stakeholder_id}", response_model=Stakeholder)
def get_stakeholder(stakeholder_id: UUID, caller: Reader, services: ServicesDep) -> dict:
    return _answer(services, caller, stakeholder_id)


@router.patch("/v1/stakeholders/{stakeholder_id}", response_model=Stakeholder)
def update_stakeholder(stakeholder_id: UUID, body: StakeholderPatch, caller: Writer, services: ServicesDep) -> dict:
    given = body.model_dump(exclude_unset=True, exclude={"version", "occurred_at"})
    changes = {name: value for name, value in given.items() if name in PROFILE_FIELDS}
    plan = plan_of(given)
    if plan:  # plan fields left out keep their value, so merge with the current plan
        current = services.app.stakeholder(caller.network_id, stakeholder_id).plan
        changes["plan"] = {**current, **plan}
    settle(services, services.app.update_stakeholder(
        caller.network_id, stakeholder_id, changes=changes, expected_version=body.version,
        occurred_at=body.occurred_at, recorded_by=caller.member))
    return _answer(services, caller, stakeholder_id)


@router.post("/v1/stakeholders/{stakeholder_id}/archive", response_model=Stakeholder)
def archive_stakeholder(stakeholder_id: UUID, caller: Writer, services: ServicesDep,
                        body: OptionalOccurred = None) -> dict:
    settle(services, services.app.archive_stakeholder(
        caller.network_id, stakeholder_id, occurred_at=body and body.occurred_at, recorded_by=caller.member))
    return _answer(services, caller, stakeholder_id)


@router.post("/v1/stakeholders/{stakeholder_id}/reactivate", response_model=Stakeholder)
def reactivate_stakeholder(stakeholder_id: UUID, caller: Writer, services: ServicesDep,
                           body: OptionalOccurred = None) -> dict:
    settle(services, services.app.reactivate_stakeholder(
        caller.network_id, stakeholder_id, occurred_at=body and body.occurred_at, recorded_by=caller.member))
    return _answer(services, caller, stakeholder_id)


@router.post("/v1/stakeholders/{stakeholder_id}/hand-over", response_model=Stakeholder)
def hand_over(stakeholder_id: UUID, body: HandOver, caller: Writer, services: ServicesDep) -> dict:
    settle(services, services.app.hand_over(
        caller.network_id, stakeholder_id, successor_id=body.successor_id, occurred_at=body.occurred_at,
        recorded_by=caller.member))
    return _answer(services, caller, stakeholder_id)


@router.post("/v1/stakeholders/{stakeholder_id}/erase", response_model=Stakeholder)
def erase_stakeholder(stakeholder_id: UUID, caller: Admin, services: ServicesDep) -> dict:
    """Crypto-shred the stakeholder's personal data (admin): history keeps its shape, personal fields read null."""
    settle(services, services.app.erase_stakeholder(caller.network_id, stakeholder_id, recorded_by=caller.member))
    return _answer(services, caller, stakeholder_id)


@router.get("/v1/stakeholders/{stakeholder_id}/trust", response_model=dict[str, Any],
            responses={503: {"description": "Read models not running"}})
def trust(stakeholder_id: UUID, caller: Reader, services: ServicesDep,
          as_of: AsOf = None, known_at: KnownAt = None) -> dict:
    """Trust history: `stakeholder_id`, `score` (0 to 100), `history` (`at`, `score`, `event_ids`)."""
    services.app.stakeholder(caller.network_id, stakeholder_id)  # another network's stakeholder answers 404
    return views_of(services).trust(caller.network_id, stakeholder_id, as_of=as_of, known_at=known_at)
