"""Alerts as the dashboard shows them: who, what, since when, and where to act on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from api.web.alert_index import Listed
from api.web.people import Person, name_of
from domain.alert import SubjectType
from scheduler.digest import HEADINGS


@dataclass(frozen=True)
class AlertCard:
    id: UUID
    kind: str
    heading: str
    who: str
    link: str
    what: str
    status: str
    raised_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    snoozed_until: datetime | None
    resolved_at: datetime | None
    act: tuple[str, str] | None  # (words, path): the one click that deals with the cause


def card(app: Any, alert: Listed, people: dict[UUID, Person], groups: dict[UUID, str]) -> AlertCard:
    is_group = alert.subject_type == SubjectType.GROUP
    who = groups.get(alert.subject_id, "(a group)") if is_group else name_of(people, alert.subject_id)
    link = f"/groups/{alert.subject_id}" if is_group else f"/stakeholders/{alert.subject_id}"
    return AlertCard(
        id=alert.id, kind=alert.kind, heading=HEADINGS.get(alert.kind, alert.kind), who=who, link=link,
        what=alert.what, status=alert.status_at(app.clock()), raised_at=alert.raised_at,
        acknowledged_at=alert.acknowledged_at, acknowledged_by=alert.acknowledged_by,
        snoozed_until=alert.snoozed_until, resolved_at=alert.resolved_at, act=remedy(alert, is_group=is_group),
    )


def remedy(alert: Listed, *, is_group: bool) -> tuple[str, str] | None:
    back = "&next=/alerts"
    if alert.kind == "neglect" and is_group:
        return "Log a meeting of the group", f"/log/meeting?group_id={alert.subject_id}{back}"
    if alert.kind == "neglect":
        return "Log a contact", f"/log/contact?stakeholder_id={alert.subject_id}{back}"
    if alert.kind == "overuse":
        return "Give back: share information", f"/log/information?stakeholder_id={alert.subject_id}{back}"
    if alert.kind == "expectation_overdue" and alert.concern_id:
        return "Record the outcome", f"/expectations/{alert.concern_id}/outcome?next=/alerts"
    return None


def cards(app: Any, alerts: list[Listed], people: dict[UUID, Person], groups: dict[UUID, str]) -> list[AlertCard]:
    return [card(app, alert, people, groups) for alert in alerts]
