"""Expectations: agreed, then fulfilled, missed, renegotiated or withdrawn."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Body

from api.auth import Reader, Writer
from api.deps import Paging, ServicesDep, page, settle
from api.presenters import expectation as present
from api.routing import new_router
from api.schemas.commitments import Expectation, ExpectationIn, RenegotiateIn
from api.schemas.common import Occurred, Page
from domain.vocabulary import ExpectationStatus, Party

router = new_router("expectations")
OptionalOccurred = Annotated[Occurred | None, Body()]


def _answer(services: ServicesDep, network_id: UUID, expectation_id: UUID) -> dict:
    return present(services.app, services.app.expectation(network_id, expectation_id))


@router.post("/v1/expectations", status_code=201, response_model=Expectation)
def agree_expectation(body: ExpectationIn, caller: Writer, services: ServicesDep) -> dict:
    written = settle(services, services.app.agree_expectation(
        caller.network_id, stakeholder_id=body.stakeholder_id, owed_by=body.owed_by, description=body.description,
        due_on=body.due_on, occurred_at=body.agreed_at, recorded_by=caller.member))
    return _answer(services, caller.network_id, written.id)


@router.get("/v1/expectations", response_model=Page, responses={503: {"description": "Read models not running"}})
def list_expectations(caller: Reader, services: ServicesDep, paging: Paging, status: ExpectationStatus | None = None,
                      owed_by: Party | None = None, stakeholder_id: UUID | None = None) -> dict:
    filters = {"status": status, "owed_by": owed_by, "stakeholder_id": stakeholder_id}
    return page(services, "expectations", caller.network_id, paging, filters)


@router.post("/v1/expectations/{expectation_id}/fulfil", response_model=Expectation)
def fulfil(expectation_id: UUID, caller: Writer, services: ServicesDep, body: OptionalOccurred = None) -> dict:
    settle(services, services.app.fulfil_expectation(
        caller.network_id, expectation_id, occurred_at=body and body.occurred_at, recorded_by=caller.member))
    return _answer(services, caller.network_id, expectation_id)


@router.post("/v1/expectations/{expectation_id}/miss", response_model=Expectation)
def miss(expectation_id: UUID, caller: Writer, services: ServicesDep, body: OptionalOccurred = None) -> dict:
    settle(services, services.app.miss_expectation(
        caller.network_id, expectation_id, occurred_at=body and body.occurred_at, recorded_by=caller.member))
    return _answer(services, caller.network_id, expectation_id)


@router.post("/v1/expectations/{expectation_id}/withdraw", response_model=Expectation)
def withdraw(expectation_id: UUID, caller: Writer, services: ServicesDep, body: OptionalOccurred = None) -> dict:
    settle(services, services.app.withdraw_expectation(
        caller.network_id, expectation_id, occurred_at=body and body.occurred_at, recorded_by=caller.member))
    return _answer(services, caller.network_id, expectation_id)


@router.post("/v1/expectations/{expectation_id}/renegotiate", response_model=Expectation)
def renegotiate(expectation_id: UUID, body: RenegotiateIn, caller: Writer, services: ServicesDep) -> dict:
    settle(services, services.app.renegotiate_expectation(
        caller.network_id, expectation_id, due_on=body.due_on, reason=body.reason, occurred_at=body.occurred_at,
        recorded_by=caller.member))
    return _answer(services, caller.network_id, expectation_id)
