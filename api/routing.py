"""The route class every router uses: it makes each POST idempotent under an `Idempotency-Key`.

Routes stay thin: the key, the fingerprint, the claim and the replay all happen here, around
the route's own handler, so no route can forget them.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Callable, Coroutine

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from api.auth import Caller, identify
from api.errors import ProblemError
from api.idempotency import Claim, IdempotencyStore
from api.reveal import tracking
from api.schemas.common import PROBLEM_RESPONSES

HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def fingerprint(request: Request, caller: Caller, body: bytes) -> str:
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except (ValueError, RecursionError):  # not JSON, or nested too deep to read: the route answers 400
        canonical = body.hex()
    parts = [request.method, request.url.path, str(caller.network_id), caller.member, canonical]
    return hashlib.sha256(json.dumps(parts).encode("utf-8", "surrogatepass")).hexdigest()


def scope_key(caller: Caller, key: str) -> str:
    # Keys belong to one member of one network: two clients choosing the same key never collide.
    return hashlib.sha256(json.dumps([str(caller.network_id), caller.member, key]).encode()).hexdigest()


def _without_secrets(body: bytes) -> bytes:
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if isinstance(data, dict) and data.get("secret") is not None:
        return json.dumps({**data, "secret": None}, separators=(",", ":")).encode("utf-8")
    return body


def _replay(claim: Claim) -> Response:
    if claim.outcome == "mismatch":
        raise ProblemError(422, f"This {HEADER} was used with another request body.", slug="idempotency-mismatch",
                           errors=[{"field": HEADER, "reason": "was used with another request body"}])
    if claim.outcome == "in_flight":
        raise ProblemError(409, f"A request with this {HEADER} is still in flight.", slug="idempotency-in-flight",
                           errors=[{"field": HEADER, "reason": "a request with this key is still in flight"}])
    if claim.body is None:
        raise ProblemError(410, "The first response held personal data that has since been erased.",
                           slug="idempotency-erased")
    headers = {**(claim.headers or {}), "Idempotent-Replayed": "true"}
    return Response(claim.body, status_code=claim.status, headers=headers)


class ApiRoute(APIRoute):
    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()

        async def idempotent(request: Request) -> Response:
            key = request.headers.get(HEADER)
            if request.method != "POST" or key is None:
                return await handler(request)
            if not _KEY.match(key):
                raise ProblemError(422, f"{HEADER} must be 1 to 255 visible ASCII characters.", slug="validation",
                                   errors=[{"field": HEADER, "reason": "must be 1 to 255 visible ASCII characters"}])
            try:
                caller = await run_in_threadpool(identify, request)
            except ProblemError:
                return await handler(request)  # the route's own dependency answers 401/429 the usual way
            return await _run_once(request, caller, key, handler)

        return idempotent


async def _run_once(request: Request, caller: Caller, key: str, handler: Handler) -> Response:
    store: IdempotencyStore = request.app.state.idempotency
    scope, body = scope_key(caller, key), await request.body()
    claim = await run_in_threadpool(store.claim, scope, fingerprint(request, caller, body))
    if claim.outcome != "run":
        return _replay(claim)
    try:
        # The application saves a receipt with the request's first write, so a retry after a crash writes nothing.
        application = request.app.state.services.app
        with tracking() as revealed, application.once(caller.network_id, scope=f"{scope}:{claim.generation}",
                                                      member=caller.member):
            response = await handler(request)
    except BaseException:
        await run_in_threadpool(store.release, scope, claim.token)
        raise
    if not 200 <= response.status_code < 300 or not isinstance(response.body, bytes):
        await run_in_threadpool(store.release, scope, claim.token)
        return response
    headers = {name: value for name, value in response.headers.items() if name in ("content-type", "location")}
    subjects = [caller.network_id, *sorted(revealed - {caller.network_id})]
    await run_in_threadpool(lambda: store.complete(
        scope, claim.token, status=response.status_code, headers=headers, body=_without_secrets(response.body),
        subjects=subjects,
    ))
    return response


def new_router(tag: str) -> APIRouter:
    """A router whose routes are idempotent and document every problem they can answer."""
    return APIRouter(route_class=ApiRoute, tags=[tag], responses=PROBLEM_RESPONSES)
