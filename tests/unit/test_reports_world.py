"""A small world for report tests: the application on the in-memory store, read models in an
in-memory SQLite, a movable clock, and a report context at the clock's moment.

(No tests here; the report test modules import `World`.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

from domain.application import Linkingpin
from projections.catalog import Catalog
from projections.db import make_engine
from projections.facade import Views
from projections.reports import registry
from projections.reports.context import ReportContext
from tests.builders import BY
from tests.conftest import Clock

START = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)


class World:
    def __init__(self, *, timezone_name: str = "Europe/Brussels", default_plan: dict | None = None) -> None:
        self.clock = Clock(START)
        self.app = Linkingpin(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=self.clock)
        self.n = self.app.create_network(slug="town", name="Town network", timezone=timezone_name,
                                         default_plan=default_plan).id
        self.engine = make_engine("sqlite://")
        self.catalog = Catalog()
        self.catalog.create(self.engine)
        self.views = Views(app=self.app, engine=self.engine, catalog=self.catalog, vault=self.app.vault)

    def close(self) -> None:
        self.engine.dispose()
        self.app.close()

    # Moments.

    def ago(self, days: float) -> datetime:
        return self.clock() - timedelta(days=days)

    def day(self, days_from_now: int) -> date:
        return (self.clock() + timedelta(days=days_from_now)).date()

    # Facts, said the way a coordinator would.

    def person(self, name: str = "Samira", *, days_ago: float = 200, **fields: Any) -> UUID:
        defaults = {"sector": "education", "side": "formal", "level": "operational"}
        return self.app.register_stakeholder(self.n, name=name, recorded_by=BY, occurred_at=self.ago(days_ago),
                                             **{**defaults, **fields}).id

    def organisation(self, name: str, *, sector: str = "education", side: str = "formal", mandate: str = "") -> UUID:
        return self.app.register_organisation(self.n, name=name, sector=sector, side=side, mandate=mandate,
                                              occurred_at=self.ago(300), recorded_by=BY).id

    def contact(self, who: UUID, days_ago: float, **fields: Any) -> UUID:
        values = {"channel": "phone", "initiated_by": "us", "purpose": "check_in", **fields}
        return self.app.log_contact(self.n, stakeholder_id=who, occurred_at=self.ago(days_ago), recorded_by=BY,
                                    **values).id

    def ask(self, who: UUID, days_ago: float, outcome: str | None = None, answered_after: float = 1) -> UUID:
        ask_id = self.app.make_ask(self.n, stakeholder_id=who, purpose="Spread the message",
                                   occurred_at=self.ago(days_ago), recorded_by=BY).id
        if outcome:
            self.app.record_ask_outcome(self.n, ask_id, outcome=outcome,
                                        occurred_at=self.ago(days_ago - answered_after), recorded_by=BY)
        return ask_id

    def share(self, who: UUID, days_ago: float, direction: str = "shared") -> UUID:
        return self.app.log_information(self.n, stakeholder_id=who, direction=direction, topic="Situation report",
                                        sensitivity="internal", occurred_at=self.ago(days_ago), recorded_by=BY).id

    def decline(self, who: UUID, days_ago: float, *, by: str, reason: str = "") -> UUID:
        return self.app.log_information_declined(self.n, stakeholder_id=who, declined_by=by, reason=reason,
                                                 occurred_at=self.ago(days_ago), recorded_by=BY).id

    def promise(self, who: UUID, *, owed_by: str = "us", agreed_days_ago: float = 30, due_in_days: int = 10,
                description: str = "Send the fact sheet") -> UUID:
        return self.app.agree_expectation(self.n, stakeholder_id=who, owed_by=owed_by, description=description,
                                          due_on=self.day(due_in_days), occurred_at=self.ago(agreed_days_ago),
                                          recorded_by=BY).id

    def meeting(self, attendance: dict[UUID, str], days_ago: float, *, format: str = "homogeneous_group",
                group_id: UUID | None = None) -> UUID:
        attendees = [{"stakeholder_id": who, "attendance": how} for who, how in attendance.items()]
        return self.app.hold_meeting(self.n, title="Exchange", format=format, attendees=attendees,
                                     group_id=group_id, occurred_at=self.ago(days_ago), recorded_by=BY).id

    # Reading.

    @contextmanager
    def context(self, at: datetime | None = None, **extra: Any) -> Iterator[ReportContext]:
        self.views.catch_up()
        with self.engine.connect() as connection:
            yield ReportContext(connection, self.catalog.live(connection), self.n, at or self.clock(),
                                self.app.vault, **extra)

    def report(self, name: str, at: datetime | None = None, **paging: Any) -> dict[str, Any]:
        with self.context(at) as ctx:
            return registry.REPORTS[name](ctx, **paging)

    def trust(self, who: UUID, at: datetime | None = None, **extra: Any) -> dict[str, Any]:
        with self.context(at, **extra) as ctx:
            return registry.trust(ctx, stakeholder_id=who)

    def page(self, kind: str, *, limit: int = 50, cursor: str | None = None, **filters: Any) -> dict[str, Any]:
        with self.context() as ctx:
            return registry.LISTS[kind](ctx, cursor=cursor, limit=limit, filters=filters)

    def all_pages(self, kind: str, *, limit: int, **filters: Any) -> list[dict[str, Any]]:
        items, cursor = [], None
        while True:
            page = self.page(kind, limit=limit, cursor=cursor, **filters)
            items.extend(page["items"])
            cursor = page["next_cursor"]
            if cursor is None:
                return items


def report_pages(report: Callable[..., dict[str, Any]], ctx: ReportContext, limit: int) -> list[dict[str, Any]]:
    """Every page of a paged report, one after the other, put together; each page within its limit, and
    never more items than the report's `total` (a cursor that repeated itself would never end)."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = report(ctx, cursor=cursor, limit=limit)
        assert len(page["items"]) <= limit and len(items) + len(page["items"]) <= page["total"]
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items
