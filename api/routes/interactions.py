"""Interactions: one POST for the seven types, the timeline list, and ask outcomes."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Query, Request, Response
from fastapi.exceptions import RequestValidationError

from api.auth import Reader, Writer
from api.deps import AsOf, KnownAt, Paging, ServicesDep, page, settle
from api.presenters import interaction as present
from api.routing import ApiRoute, Handler
from api.schemas.common import PROBLEM_RESPONSES, Moment, Page
from api.schemas.interaction_answers import Interaction
from api.schemas.interactions import INTERACTION_TYPES, AskOutcomeIn, InteractionIn, InteractionType


def _untag(error: dict[str, Any]) -> dict[str, Any]:
    """Pydantic puts the union's tag in error paths ('body', 'contact', 'channel'): clients sent `channel`."""
    loc = tuple(error.get("loc", ()))
    if error.get("type", "").startswith("union_tag"):
        return {**error, "loc": ("body", "type")}
    if len(loc) >= 3 and loc[0] == "body" and loc[1] in INTERACTION_TYPES:
        return {**error, "loc": ("body", *loc[2:])}
    return error


class UnionBodyRoute(ApiRoute):
    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()

        async def untagged(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as error:
                raise RequestValidationError([_untag(e) for e in error.errors()]) from None

        return untagged


router = APIRouter(route_class=UnionBodyRoute, tags=["interactions"], responses=PROBLEM_RESPONSES)
COMMANDS = {
    "contact": "log_contact", "information": "log_information", "information_declined": "log_information_declined",
    "ask": "make_ask", "meeting": "hold_meeting", "introduction": "log_introduction",
    "direct_contact": "log_direct_contact",
}


@router.post("/v1/interactions", status_code=201, response_model=Interaction)
def log_interaction(body: Annotated[InteractionIn, Body()], caller: Writer, services: ServicesDep) -> dict:
    """Log a contact, information exchange, decline, ask, meeting, introduction or direct contact."""
    command = getattr(services.app, COMMANDS[body.type])
    written = settle(services, command(caller.network_id, **body.model_dump(exclude={"type"}),
                                       recorded_by=caller.member))
    return present(services.app, services.app.aggregate(caller.network_id, written.id))


@router.get("/v1/interactions", response_model=Page, responses={503: {"description": "Read models not running"}})
def list_interactions(
    caller: Reader, services: ServicesDep, paging: Paging,
    stakeholder_id: UUID | None = None,
    type: InteractionType | None = None,
    from_: Annotated[Moment | None, Query(alias="from")] = None,
    to: Annotated[Moment | None, Query()] = None,
    as_of: AsOf = None, known_at: KnownAt = None,
) -> dict:
    """The timeline, newest first (what had occurred by `as_of`, as known at `known_at`)."""
    filters = {"stakeholder_id": stakeholder_id, "type": type, "from": from_, "to": to}
    return page(services, "interactions", caller.network_id, paging, filters, as_of=as_of, known_at=known_at)


@router.post("/v1/asks/{ask_id}/outcome", response_model=Interaction)
def record_ask_outcome(ask_id: UUID, body: AskOutcomeIn, caller: Writer, services: ServicesDep) -> dict:
    settle(services, services.app.record_ask_outcome(
        caller.network_id, ask_id, outcome=body.outcome, occurred_at=body.occurred_at, recorded_by=caller.member))
    return present(services.app, services.app.ask(caller.network_id, ask_id))
