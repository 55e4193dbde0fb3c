"""A network's alerts as pages list them, without loading every alert it ever had on every request.

The domain answers a list of alerts by loading each one (`Linkingpin.alerts`), and a large network
has thousands, most long resolved. This keeps a small record per alert in memory and, on each
request, reloads only the alerts whose events the event log index shows arrived since the last one:
one range query on the index's (network, position) key. Records hold no personal data (names are
looked up per request), and status is computed per request, so a snooze still ends by itself.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select

from api.web.log_state import PerNetwork, head
from domain.alert import Alert
from scheduler.digest import describe

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class Listed:
    """What a card shows of one alert; `order` is where it was raised in the log (newest first)."""

    id: UUID
    order: int
    kind: str
    subject_type: str
    subject_id: UUID
    concern_id: UUID | None
    what: str
    raised_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    snoozed_until: datetime | None
    resolved_at: datetime | None

    @classmethod
    def of(cls, alert: Alert, order: int = 0) -> Listed:
        return cls(id=alert.id, order=order, kind=alert.kind, subject_type=alert.subject_type,
                   subject_id=alert.subject_id, concern_id=alert.concern_id, what=describe(alert),
                   raised_at=alert.raised_at, acknowledged_at=alert.acknowledged_at,
                   acknowledged_by=alert.acknowledged_by, snoozed_until=alert.snoozed_until,
                   resolved_at=alert.resolved_at)

    def status_at(self, moment: datetime) -> str:
        # The domain's own rule, applied to these fields (they bear the same names), so the two never differ.
        return Alert.status_at(self, moment)  # type: ignore[arg-type]


class NetworkAlerts:
    """One network's records and the log position they are complete up to."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.position = 0
        self.listed: dict[UUID, Listed] = {}

    def refresh(self, services: Any, network_id: UUID) -> list[Listed]:
        with self.lock:
            changed, head = _changed_since(services.views, network_id, self.position)
            for alert_id, first_position in changed:
                order = self.listed[alert_id].order if alert_id in self.listed else first_position
                self.listed[alert_id] = Listed.of(services.app.alert(network_id, alert_id), order)
            self.position = max(self.position, head)
            return sorted(self.listed.values(), key=lambda listed: listed.order, reverse=True)


def _changed_since(views: Any, network_id: UUID, position: int) -> tuple[list[tuple[UUID, int]], int]:
    """Alerts with events after `position`, with their first such position, and the network's head."""
    with views.engine.connect() as connection:
        e = views.catalog.live(connection).events
        last = head(connection, e, network_id)
        query = (select(e.c.originator_id, func.min(e.c.position))
                 .where(e.c.network_id == network_id, e.c.position > position, e.c.position <= last,
                        e.c.type.like("Alert.%"))
                 .group_by(e.c.originator_id))
        return [(row[0], row[1]) for row in connection.execute(query)], last


NETWORKS = PerNetwork(NetworkAlerts)


def listing(services: Any, network_id: UUID, *, status: str | None = None, kind: str | None = None,
            before: int | None = None, limit: int | None = None) -> dict[str, Any]:
    """Newest first, of one status (as of now) and kind if given: a page of `limit` raised before
    `before` (an `order`), how many match in all, and where the next page starts (or None)."""
    now = services.app.clock()
    found = [a for a in NETWORKS.get(services.views, network_id).refresh(services, network_id)
             if (status is None or a.status_at(now) == status) and (kind is None or a.kind == kind)]
    after, limit = [a for a in found if before is None or a.order < before], limit or PAGE_SIZE
    items = after[:limit]
    return {"items": items, "total": len(found), "before": items[-1].order if len(after) > limit else None}
