"""Alerts: listed, acknowledged, snoozed, and a scan run on demand."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Body

from api.auth import Reader, Writer
from api.deps import READ_YOUR_WRITES_SECONDS, Paging, ServicesDep, settle, views_of
from api.paging import keyset_page
from api.reveal import reveal
from api.routing import new_router
from api.schemas.alerts import AcknowledgeIn, Alert, AlertList, ScanResult, SnoozeIn
from domain.alert import AlertKind, AlertStatus, SubjectType
from scheduler.scan import scan

router = new_router("alerts")
OptionalAcknowledge = Annotated[AcknowledgeIn | None, Body()]
VIEWS_BEHIND = {503: {"description": "The read models are catching up; retry after `Retry-After` seconds"}}


def _answer(services: ServicesDep, network_id: UUID, alert_id: UUID) -> dict:
    return present(services, services.app.alert(network_id, alert_id))


def present(services: ServicesDep, alert: Any) -> dict:
    if alert.subject_type == SubjectType.STAKEHOLDER:
        # Notes about a person are sealed under their key: an idempotent replay of this answer
        # must be sealed under it too, so that erasing the person erases the stored copy.
        for sealed in (alert.note, alert.snooze_reason):
            reveal(services.app.vault, alert.subject_id, sealed)
    return services.app.alert_record(alert)


@router.get("/v1/alerts", response_model=AlertList)
def list_alerts(caller: Reader, services: ServicesDep, paging: Paging, status: AlertStatus | None = None,
                kind: AlertKind | None = None) -> dict:
    """The network's alerts, newest first; `status` is as of now (a snooze that has ended is open again)."""
    found = services.app.alerts(caller.network_id, status=status, kind=kind)
    listed = keyset_page(found, key=lambda a: (a.raised_at.timestamp(), str(a.id)), paging=paging)
    return {**listed, "items": [present(services, alert) for alert in listed["items"]]}


@router.post("/v1/alerts/scan", response_model=ScanResult, responses=VIEWS_BEHIND)
def scan_now(caller: Writer, services: ServicesDep) -> dict:
    """Run the neglect, overuse and overdue-expectation scans now; answers when they are recorded."""
    views = views_of(services)
    counts = scan(services, caller.network_id, recorded_by=caller.member)
    # The scan does not say where its events landed; the head of the log is at or after them.
    views.wait_for(views.runner.head(), timeout=READ_YOUR_WRITES_SECONDS)
    return counts


@router.post("/v1/alerts/{alert_id}/acknowledge", response_model=Alert)
def acknowledge(alert_id: UUID, caller: Writer, services: ServicesDep, body: OptionalAcknowledge = None) -> dict:
    settle(services, services.app.acknowledge_alert(
        caller.network_id, alert_id, note=body.note if body else "", recorded_by=caller.member))
    return _answer(services, caller.network_id, alert_id)


@router.post("/v1/alerts/{alert_id}/snooze", response_model=Alert)
def snooze(alert_id: UUID, body: SnoozeIn, caller: Writer, services: ServicesDep) -> dict:
    """Quiet until `until`; then the alert is open again, unless its condition has cleared."""
    settle(services, services.app.snooze_alert(
        caller.network_id, alert_id, until=body.until, reason=body.reason, recorded_by=caller.member))
    return _answer(services, caller.network_id, alert_id)
