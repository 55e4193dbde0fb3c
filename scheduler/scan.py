"""One scan of one network: read the reports, record the findings as alerts.

`scan` is what the scheduled job, `linkingpin alerts scan` and `POST /v1/alerts/scan` run.
It answers how many alerts it raised and resolved. Scanning twice raises nothing new.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy import select
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_random

from domain.alert import Finding
from domain.errors import Conflict
from projections.reports import registry as reports
from scheduler import registry
from scheduler.findings import RULES

log = logging.getLogger("linkingpin.scheduler")

FRESH_TIMEOUT = 30.0
# Within this distance of the wall clock "now" reads the live views; further away (a test clock,
# or an explicit moment) replays the network as of that moment.
LIVE_TOLERANCE = timedelta(minutes=1)


class ViewsBehind(RuntimeError):
    """The views have not caught up with the event log: scanning now could raise false alerts."""


class HasViews(Protocol):
    app: Any
    views: Any


def scan(source: HasViews, network_id: UUID, *, at: datetime | None = None,
         recorded_by: str = "scheduler") -> dict[str, int]:
    """Scan `network_id` now (or as of `at`): {"raised": n, "resolved": n}. `source` is anything
    with `.app` and `.views` (the API's Services, or the scheduler's AlertRuntime)."""
    app, views = source.app, source.views
    moment = at or app.clock()
    if not views.wait_for(views.runner.head(), timeout=FRESH_TIMEOUT):
        raise ViewsBehind("the views are still catching up with the event log; try again shortly")
    as_of = None if at is None and abs(moment - datetime.now(timezone.utc)) < LIVE_TOLERANCE else moment
    findings, kinds = collect(views, network_id, as_of=as_of)
    # Another scan of the same network (a click during the scheduled run) makes ours conflict: redo it.
    for attempt in Retrying(retry=retry_if_exception_type(Conflict), stop=stop_after_attempt(3),
                            wait=wait_random(0, 0.2), reraise=True):
        with attempt:
            outcome = app.record_scan(network_id, findings=findings, kinds=kinds, occurred_at=at,
                                      recorded_by=recorded_by)
    counts = {"raised": len(outcome["raised"]), "resolved": len(outcome["resolved"])}
    log.info("alert scan of network %s: %s (kinds %s)", network_id, counts, ", ".join(kinds))
    if counts["raised"]:
        registry.nudge(app)
    return counts


def collect(views: Any, network_id: UUID, *, as_of: datetime | None) -> tuple[list[Finding], list[str]]:
    """Findings from every report that exists, and the alert kinds that were scanned.

    A kind whose report is missing is not scanned at all, so its open alerts are not resolved."""
    findings: list[Finding] = []
    kinds: list[str] = []
    for name, (kind, rule) in RULES.items():
        if name not in reports.REPORTS:
            log.info("no %s report yet: %s alerts are not scanned", name, kind)
            continue
        report = views.report(name, network_id, as_of=as_of)
        findings += rule(report, lambda item: feeding_evidence(views, network_id, item=item))
        kinds.append(kind)
    return findings, kinds


def feeding_evidence(views: Any, network_id: UUID, *, item: dict[str, Any]) -> list[UUID]:
    """The neglect's evidence: the last feeding event, or the registration if never fed."""
    stakeholder_id, last = item["stakeholder_id"], item.get("last_fed_at")
    if last is None:
        return [stakeholder_id]
    with views.engine.connect() as connection:
        feedings = views.catalog.live(connection).feedings
        query = select(feedings.c.event_id).where(
            feedings.c.network_id == network_id, feedings.c.stakeholder_id == stakeholder_id,
            feedings.c.occurred_at == last)
        return [row.event_id for row in connection.execute(query)] or [stakeholder_id]


def network_ids(views: Any) -> list[UUID]:
    """Every network the directory knows, for jobs and passes that cover them all."""
    with views.engine.connect() as connection:
        networks = views.catalog.live(connection).networks
        return [row.id for row in connection.execute(select(networks.c.id).order_by(networks.c.slug))]
