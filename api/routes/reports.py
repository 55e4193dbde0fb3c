"""Reports from the read models, each answerable as of a past moment (`as_of`) and as then known (`known_at`)."""

from __future__ import annotations

from typing import Annotated, Any, Callable

from fastapi import Query

from api.auth import Reader
from api.deps import AsOf, KnownAt, Paging, ServicesDep, views_of
from api.routing import new_router
from domain.vocabulary import FeedingStatus
from projections.reports.registry import PAGED

router = new_router("reports")

REPORTS = {
    "neglect": "Who is due (past the ideal interval) and neglected (past the maximum), most overdue first, as a "
               "list (`items`, `next_cursor`, `total`; `status` keeps one kind), and the quiet groups whole. Items: "
               "`stakeholder_id`, `status` (due|neglected), `last_fed_at`, `days_since_fed`, `ideal_interval_days`, "
               "`max_interval_days`.",
    "overuse": "Asks in the rolling window against capacity, asks-to-feeding ratio, unanswered streaks and "
               "concentration. Items: `stakeholder_id`, `asks_in_window`, `max_asks`, `window_days`, `reasons`.",
    "reciprocity": "Information shared versus received: the whole network and each sector, and per stakeholder "
                   "as a list (`items`, `next_cursor`), most lopsided first.",
    "expectations": "Open, due-soon and overdue expectations, by who owes them.",
    "network": "The network map's summary: how many active stakeholders, formal/informal balance, "
               "sectors, entry points per community, steps reached and independence. Its people and links are "
               "the lists `/v1/reports/network/nodes` and `/v1/reports/network/edges`.",
    "network/nodes": "The network map's nodes: active stakeholders by id, with organisation, sector, side, level, "
                     "communities and groups.",
    "network/edges": "The network map's edges: one per pair of active stakeholders (`a` before `b`), counting "
                     "introductions, co-attendance and direct contacts between them.",
    "organisations": "Each organisation's people at strategic and operational level; one-level engagement flagged.",
}


Feeding = Annotated[FeedingStatus | None, Query(description="Only the due, or only the neglected.")]


def neglect_report(caller: Reader, services: ServicesDep, paging: Paging, status: Feeding = None, as_of: AsOf = None,
                   known_at: KnownAt = None) -> dict:
    return views_of(services).report("neglect", caller.network_id, as_of=as_of, known_at=known_at,
                                     cursor=paging.cursor, limit=paging.limit,
                                     status=status.value if status else None)


def _report(name: str) -> Callable[..., dict[str, Any]]:
    def report(caller: Reader, services: ServicesDep, as_of: AsOf = None, known_at: KnownAt = None) -> dict:
        return views_of(services).report(name, caller.network_id, as_of=as_of, known_at=known_at)

    def paged_report(caller: Reader, services: ServicesDep, paging: Paging, as_of: AsOf = None,
                     known_at: KnownAt = None) -> dict:
        return views_of(services).report(name, caller.network_id, as_of=as_of, known_at=known_at,
                                         cursor=paging.cursor, limit=paging.limit)

    chosen = neglect_report if name == "neglect" else paged_report if name in PAGED else report
    chosen.__name__ = f"{name.replace('/', '_')}_report"
    return chosen


for _name, _description in REPORTS.items():
    router.add_api_route(
        f"/v1/reports/{_name}", _report(_name), methods=["GET"], response_model=dict[str, Any],
        summary=f"{_name.capitalize().replace('/', ': ')} report", description=_description,
        responses={503: {"description": "Read models not running"}},
    )
