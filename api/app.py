"""The FastAPI application, built around the Services the composition root hands it."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.auth import BadTokenLimiter
from api.composition import Services
from api.errors import PROBLEM, CatchAll, install_error_handlers
from api.faults import install_fault_handlers
from api.headers import SafeHeaders
from api.idempotency import IdempotencyStore
from api.limits import MAX_BODY_BYTES, BodyLimit
from api.metrics import Metrics, MetricsMiddleware
from api.routes import (
    alerts, audit, expectations, groups, interactions, network, operations, organisations, reports, stakeholders,
    webhooks,
)
from api.routing import HEADER
from api.web import router as dashboard

ROUTERS = (organisations, stakeholders, interactions, expectations, groups, network, reports, alerts, webhooks, audit,
           operations)
DESCRIPTION = """Feed your prevention network, pick your battles.

Authenticate with `Authorization: Bearer <token>`. Errors are RFC 9457 problem details
(`application/problem+json`) naming the field and the reason. Every POST accepts an
`Idempotency-Key`: a retry with the same key and body returns the first answer and writes nothing."""


def create_app(
    services: Services, *, max_body_bytes: int = MAX_BODY_BYTES, bad_tokens: BadTokenLimiter | None = None,
) -> FastAPI:
    app = FastAPI(title="linkingpin", version="1", description=DESCRIPTION, openapi_url="/openapi.json")
    app.state.services = services
    app.state.bad_tokens = bad_tokens or BadTokenLimiter()
    app.state.idempotency = IdempotencyStore(services.engine, services.app.vault)
    views = getattr(services, "views", None)
    app.state.metrics = Metrics(lambda: _views_lag(services), getattr(views, "event_counts", None))
    for module in ROUTERS:
        app.include_router(module.router)
    app.include_router(dashboard)  # the coordinator's pages (api/web)
    install_error_handlers(app)
    install_fault_handlers(app)  # database faults: 503 with Retry-After, never a 500
    # Added innermost first: metrics see every answer, including the catch-all's 500s and 413s.
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(CatchAll)
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    app.add_middleware(SafeHeaders)  # outermost: the catch-all's answers carry them too
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _views_lag(services: Services) -> Any:
    lag = getattr(getattr(services, "views", None), "lag", None)
    return lag() if lag is not None else None


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, with problems under their real media type and the Idempotency-Key on every POST."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                _problem_media_types(operation)
                if method == "post":
                    operation.setdefault("parameters", []).append(IDEMPOTENCY_PARAMETER)
        app.openapi_schema = schema
    return app.openapi_schema


def _problem_media_types(operation: dict[str, Any]) -> None:
    for status, response in operation.get("responses", {}).items():
        content = response.get("content", {})
        if status.isdigit() and int(status) >= 400 and "Problem" in str(content.get("application/json", "")):
            content[PROBLEM] = content.pop("application/json")


IDEMPOTENCY_PARAMETER = {
    "name": HEADER, "in": "header", "required": False,
    "description": "Makes a retry safe: the same key and body replay the first answer and write nothing; "
                   "the same key with another body answers 422; while the first is in flight, 409.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[\\x21-\\x7e]+$"},
}
