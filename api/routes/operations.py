"""Liveness, readiness and metrics for operators; no token needed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.deps import ServicesDep
from api.metrics import lag_by_view

router = APIRouter(tags=["operations"])
# Readiness fails when a read model is this many events behind the log.
MAX_READY_LAG = 1000


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    store: str
    projection_lag: dict[str, float] | None = None


@router.get("/healthz", response_model=Health)
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness, "description": "Not ready"}})
def readyz(services: ServicesDep) -> JSONResponse:
    """The store answers and the read models are close enough to the log."""
    report: dict[str, Any] = {"status": "ready", "store": "ok", "projection_lag": None}
    try:
        services.app.recorder.max_notification_id()
    except Exception:  # noqa: BLE001 - any failure means the same: not ready
        report.update(status="not ready", store="unreachable")
    lag = getattr(getattr(services, "views", None), "lag", None)
    if lag is not None:
        try:
            report["projection_lag"] = lag_by_view(lag())
        except Exception:  # noqa: BLE001
            report["status"] = "not ready"
        if any(value > MAX_READY_LAG for value in (report["projection_lag"] or {}).values()):
            report["status"] = "not ready"
    return JSONResponse(report, status_code=200 if report["status"] == "ready" else 503)


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
async def metrics(request: Request) -> Response:
    """Prometheus text: requests and latencies per route, projection lag."""
    body = await run_in_threadpool(generate_latest, request.app.state.metrics.registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
