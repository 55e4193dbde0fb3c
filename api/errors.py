"""RFC 9457 problem details: the one place where every error becomes an answer.

Domain refusals, request validation, HTTP errors and anything unexpected all leave as
`application/problem+json` with `type`, `title`, `status`, `detail` and `errors: [{field, reason}]`.
Inputs are never echoed back (they may hold personal data) and no stack trace reaches a client.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.errors import Conflict, DomainError, InvalidValue, NotAllowed, NotFound
from domain.receipt import AlreadyCarriedOut
from projections.reports.lists import BadCursor
from scheduler.scan import ViewsBehind

PROBLEM = "application/problem+json"
log = logging.getLogger("linkingpin.api")

# status, type slug, title: clients branch on `type`, people read `title`.
DOMAIN_PROBLEMS: dict[type[DomainError], tuple[int, str, str]] = {
    # Before Conflict, its base: a retry after a crash finds the write it is retrying already done.
    AlreadyCarriedOut: (409, "already-carried-out", "This request was already carried out"),
    InvalidValue: (422, "invalid-value", "A value is invalid"),
    NotFound: (404, "not-found", "Not found"),
    NotAllowed: (409, "not-allowed", "Not allowed in the object's current state"),
    Conflict: (409, "conflict", "Conflict"),
}
# A scan already waited for the views; by the time a client retries they have usually caught up.
VIEWS_BEHIND_RETRY_SECONDS = 10
HTTP_TITLES = {
    400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
    409: "Conflict", 410: "Gone", 413: "Request body too large", 422: "Invalid request", 429: "Too many requests",
    500: "Internal server error", 501: "Not implemented", 503: "Service unavailable",
}


def problem_type(slug: str) -> str:
    return f"urn:linkingpin:problem:{slug}"


class ProblemError(Exception):
    """An HTTP-level refusal raised by API code (authentication, idempotency, limits)."""

    def __init__(
        self, status: int, detail: str, *, slug: str, errors: Sequence[dict[str, Any]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.slug = status, detail, slug
        self.errors, self.headers = list(errors), headers


def problem_response(
    status: int, detail: str, *, slug: str, errors: Iterable[dict[str, Any]] = (), title: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {
        "type": problem_type(slug), "title": title or HTTP_TITLES.get(status, "Error"), "status": status,
        "detail": detail, "errors": list(errors),
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def field_path(loc: Sequence[str | int]) -> str:
    """('body', 'attendees', 0, 'attendance') -> 'attendees[0].attendance', the domain's own spelling."""
    parts = list(loc[1:]) if loc and loc[0] in ("body", "query", "path", "header", "cookie") else list(loc)
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or (str(loc[0]) if loc else "body")


def validation_errors(errors: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"field": field_path(error.get("loc", ())), "reason": str(error.get("msg", "is invalid"))}
            for error in errors]


async def _on_domain_error(_: Request, error: DomainError) -> JSONResponse:
    status, slug, title = next(v for k, v in DOMAIN_PROBLEMS.items() if isinstance(error, k))
    response = problem_response(status, str(error), slug=slug, title=title,
                                errors=[{"field": error.field, "reason": error.reason}])
    if isinstance(error, AlreadyCarriedOut):
        # The first answer was lost with its process; the object it wrote is what the client needs.
        body = json.loads(response.body)
        response = JSONResponse({**body, "id": str(error.object_id)}, status_code=status, media_type=PROBLEM)
    return response


async def _on_validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
    errors = validation_errors(error.errors())
    detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors[:5])
    return problem_response(422, detail, slug="validation", errors=errors)


async def _on_http_error(_: Request, error: StarletteHTTPException) -> JSONResponse:
    detail = error.detail if isinstance(error.detail, str) else HTTP_TITLES.get(error.status_code, "Error")
    return problem_response(error.status_code, detail, slug=f"http-{error.status_code}", headers=error.headers)


async def _on_not_implemented(_: Request, __: NotImplementedError) -> JSONResponse:
    return problem_response(501, "This part of linkingpin is not available yet.", slug="not-implemented")


async def _on_views_behind(_: Request, __: ViewsBehind) -> JSONResponse:
    return problem_response(503, "The read models are still catching up with the event log; try again shortly.",
                            slug="views-behind", headers={"Retry-After": str(VIEWS_BEHIND_RETRY_SECONDS)})


async def _on_bad_cursor(_: Request, __: BadCursor) -> JSONResponse:
    return problem_response(422, "The cursor is not one this server handed out.", slug="validation",
                            errors=[{"field": "cursor", "reason": "is not a cursor this server handed out"}])


async def _on_problem(_: Request, error: ProblemError) -> JSONResponse:
    return problem_response(error.status, error.detail, slug=error.slug, errors=error.errors, headers=error.headers)


class CatchAll:
    """Answers a generic 500 problem for anything unexpected; logs the stack, never the message.

    Exception messages can quote inputs (personal data), so only the type and frames are logged.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:  # noqa: BLE001 - this is the last line of defence
            route = getattr(scope.get("route"), "path", "unmatched")
            log.error("unhandled %s on %s %s\n%s", type(error).__name__, scope.get("method"), route,
                      "".join(traceback.format_tb(error.__traceback__)))
            if not started:
                response = problem_response(500, "Something went wrong on our side.", slug="internal")
                await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _on_domain_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(NotImplementedError, _on_not_implemented)
    app.add_exception_handler(ViewsBehind, _on_views_behind)
    app.add_exception_handler(BadCursor, _on_bad_cursor)
