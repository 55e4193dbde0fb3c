"""From reports to findings: which rows of the neglect, overuse and expectations reports are alerts.

Neglect alerts fire when a stakeholder is *neglected* (past the maximum contact interval), not
merely due: being due is the daily to-do list, being neglected is what a coordinator must hear
about. Groups that have not met within the network's maximum interval are neglected too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.alert import AlertKind, Finding, SubjectType

NEGLECT_STATUSES = frozenset({"neglected"})
# A stakeholder's or group's id is also the id of the event that registered or formed them.
Evidence = Callable[[dict[str, Any]], list[UUID]]


def plain(value: Any) -> Any:
    """Values kept in an alert's thresholds and observations: JSON numbers and text."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def neglect(report: dict[str, Any], evidence: Evidence) -> list[Finding]:
    findings = [
        Finding(
            kind=AlertKind.NEGLECT.value, subject_type=SubjectType.STAKEHOLDER.value, subject_id=item["stakeholder_id"],
            rule="max_contact_interval",
            thresholds={"ideal_interval_days": item["ideal_interval_days"],
                        "max_interval_days": item["max_interval_days"]},
            observed={"days_since_fed": item["days_since_fed"], "last_fed_at": plain(item["last_fed_at"])},
            evidence=list(item.get("event_ids") or evidence(item)),
        )
        for item in report.get("items", []) if item["status"] in NEGLECT_STATUSES
    ]
    findings += [
        Finding(
            kind=AlertKind.NEGLECT.value, subject_type=SubjectType.GROUP.value, subject_id=group["group_id"],
            rule="group_max_interval", thresholds={"max_interval_days": group["max_interval_days"]},
            observed={"days_since_met": group["days_since_met"], "last_met_at": plain(group.get("last_met_at"))},
            evidence=list(group.get("event_ids") or [group["group_id"]]),
        )
        for group in report.get("groups", [])
    ]
    return findings


def overuse(report: dict[str, Any], evidence: Evidence) -> list[Finding]:
    findings = []
    for item in report.get("items", []):
        reasons = item.get("reasons") or []
        if not reasons:
            continue
        findings.append(Finding(
            kind=AlertKind.OVERUSE.value, subject_type=SubjectType.STAKEHOLDER.value, subject_id=item["stakeholder_id"],
            rule=", ".join(r["code"] for r in reasons),
            thresholds={"max_asks": item.get("max_asks"), "window_days": item.get("window_days")},
            observed={"asks_in_window": item.get("asks_in_window"), "reasons": [r["code"] for r in reasons]},
            evidence=[event_id for r in reasons for event_id in r.get("event_ids", [])],
        ))
    return findings


def overdue_expectations(report: dict[str, Any], evidence: Evidence) -> list[Finding]:
    # One alert per overdue promise: a stakeholder may owe, or be owed, several.
    return [
        Finding(
            kind=AlertKind.EXPECTATION_OVERDUE.value, subject_type=SubjectType.STAKEHOLDER.value,
            subject_id=item["stakeholder_id"], concern_id=item["id"], rule="past_due_date",
            thresholds={"due_on": plain(item["due_on"])},
            observed={"days_overdue": item.get("days_overdue"), "owed_by": item.get("owed_by")},
            evidence=[item["id"], *item.get("event_ids", [])],
        )
        for item in report.get("overdue", [])
    ]


# report name -> (alert kind, rule)
RULES: dict[str, tuple[str, Callable[[dict[str, Any], Evidence], list[Finding]]]] = {
    "neglect": (AlertKind.NEGLECT.value, neglect),
    "overuse": (AlertKind.OVERUSE.value, overuse),
    "expectations": (AlertKind.EXPECTATION_OVERDUE.value, overdue_expectations),
}
