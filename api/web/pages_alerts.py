"""Alerts: the list, one alert with its note and snooze, acknowledging, snoozing, and scanning now."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from api.web import parse
from api.web.alert_cards import card, cards
from api.web.forms import Form, attempt, local_path, with_notice
from api.web.members import Member, SignedIn, WriterForm
from api.web.people import everything, roster
from api.web.render import render
from api.web.routing import PageError, new_router, object_id
from domain.alert import AlertKind, AlertStatus
from scheduler.scan import ViewsBehind, scan

router = new_router()
STATUSES = [s.value for s in AlertStatus]
KINDS = [k.value for k in AlertKind]


def _names(request: Request, member: Member) -> tuple[Any, dict]:
    services = request.app.state.services
    groups = {g["id"]: g["name"] for g in everything(services, "groups", member.network_id)}
    return roster(services, member.network_id), groups


@router.get("/alerts")
def alert_list(request: Request, member: SignedIn, status: str = "open", kind: str = "") -> Response:
    app = request.app.state.services.app
    found = app.alerts(member.network_id, status=status if status in STATUSES else None,
                       kind=kind if kind in KINDS else None)
    people, groups = _names(request, member)
    return render(request, "alerts.html", member=member, title="Alerts", alerts=cards(app, found, people, groups),
                  chosen=status if status in STATUSES else "all", kind=kind if kind in KINDS else "",
                  statuses=STATUSES, kinds=KINDS)


@router.get("/alerts/{alert_id}")
def alert_page(request: Request, member: SignedIn, alert_id: str) -> Response:
    return _alert_page(request, member, alert_id, Form({"until": _in_a_week(member)}))


def _alert_page(request: Request, member: Member, alert_id: str, form: Form) -> Response:
    app = request.app.state.services.app
    alert = app.alert(member.network_id, object_id(alert_id))
    people, groups = _names(request, member)
    record = app.alert_record(alert)
    return render(request, "alert.html", member=member, title="Alert", alert=card(app, alert, people, groups),
                  record=record, form=form)


@router.post("/alerts/{alert_id}/acknowledge")
def acknowledge(request: Request, posted: WriterForm, alert_id: str) -> Response:
    member, form = posted.member, Form.posted(posted)
    back = local_path(form.value("next"), f"/alerts/{alert_id}")
    return attempt(request, form, lambda: request.app.state.services.app.acknowledge_alert(
        member.network_id, object_id(alert_id), note=parse.text(form, "note"), recorded_by=member.name),
        done=with_notice(back, "acknowledged"), again=lambda f: _alert_page(request, member, alert_id, f))


@router.post("/alerts/{alert_id}/snooze")
def snooze(request: Request, posted: WriterForm, alert_id: str) -> Response:
    member, form = posted.member, Form.posted(posted)
    return attempt(request, form, lambda: request.app.state.services.app.snooze_alert(
        member.network_id, object_id(alert_id), until=parse.day(form, "until"), reason=parse.text(form, "reason"),
        recorded_by=member.name),
        done=with_notice("/alerts", "snoozed"), again=lambda f: _alert_page(request, member, alert_id, f))


@router.post("/alerts/scan")
def scan_now(request: Request, posted: WriterForm) -> Response:
    """The scheduler scans daily; a coordinator who just caught up on their network need not wait."""
    try:
        scan(request.app.state.services, posted.member.network_id, recorded_by=posted.member.name)
    except ViewsBehind:
        raise PageError(503, "The views are still catching up with the latest facts; try again in a moment.") \
            from None
    return RedirectResponse("/alerts?done=scanned", status_code=303)


def _in_a_week(member: Member) -> str:
    return (datetime.now(member.zone) + timedelta(days=7)).date().isoformat()
