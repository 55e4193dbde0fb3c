"""Alerts: the list, one alert with its note and snooze, acknowledging, snoozing, and scanning now."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from api.deps import READ_YOUR_WRITES_SECONDS
from api.web import alert_index, parse
from api.web.alert_cards import card, cards
from api.web.alert_index import Listed
from api.web.forms import Form, attempt, local_path, with_notice
from api.web.members import Member, SignedIn, WriterForm
from api.web.people import group_names, named
from api.web.render import render
from api.web.routing import PageError, new_router, object_id
from domain.alert import AlertKind, AlertStatus
from scheduler.scan import ViewsBehind, scan

router = new_router()
STATUSES = [s.value for s in AlertStatus]
KINDS = [k.value for k in AlertKind]


def _names(request: Request, member: Member, alerts: list[Listed]) -> tuple[Any, dict]:
    """Names of the people the cards are about, and of the network's groups."""
    services = request.app.state.services
    groups = group_names(services, member.network_id)
    return named(services, member.network_id, [a.subject_id for a in alerts]), groups


@router.get("/alerts")
def alert_list(request: Request, member: SignedIn, status: str = "open", kind: str = "",
               before: int | None = None) -> Response:
    services = request.app.state.services
    chosen, kind = status if status in STATUSES else "all", kind if kind in KINDS else ""
    found = alert_index.listing(services, member.network_id, status=None if chosen == "all" else chosen,
                                kind=kind or None, before=before)
    people, groups = _names(request, member, found["items"])
    more = urlencode({"status": chosen, "kind": kind, "before": found["before"]}) if found["before"] else None
    return render(request, "alerts.html", member=member, title="Alerts", total=found["total"], more=more,
                  alerts=cards(services.app, found["items"], people, groups), chosen=chosen, kind=kind,
                  statuses=STATUSES, kinds=KINDS)


@router.get("/alerts/{alert_id}")
def alert_page(request: Request, member: SignedIn, alert_id: str) -> Response:
    return _alert_page(request, member, alert_id, Form({"until": _in_a_week(member)}))


def _alert_page(request: Request, member: Member, alert_id: str, form: Form) -> Response:
    app = request.app.state.services.app
    aggregate = app.alert(member.network_id, object_id(alert_id))
    alert = Listed.of(aggregate)
    people, groups = _names(request, member, [alert])
    record = app.alert_record(aggregate)
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
    services = request.app.state.services
    try:
        scan(services, posted.member.network_id, recorded_by=posted.member.name)
    except ViewsBehind:
        raise PageError(503, "The views are still catching up with the latest facts; try again in a moment.") \
            from None
    # The alert list reads the event log index: let it include what the scan wrote (read-your-writes).
    services.views.wait_for(services.views.runner.head(), timeout=READ_YOUR_WRITES_SECONDS)
    return RedirectResponse("/alerts?done=scanned", status_code=303)


def _in_a_week(member: Member) -> str:
    return (datetime.now(member.zone) + timedelta(days=7)).date().isoformat()
