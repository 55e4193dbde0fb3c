"""Who is in the network, cheaply: names for links and choices, without the directory's engagement sums.

Pages name people everywhere (alerts, attendees, expectations) and forms offer them as choices;
the directory list computes trust for each person, which these do not need.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import select

from projections.reports.context import ReportContext
from projections.reports.facts import names

ERASED = "(erased)"


@dataclass(frozen=True)
class Person:
    id: UUID
    name: str
    sector: str
    side: str
    status: str
    organisation_id: UUID | None

    @property
    def active(self) -> bool:
        return self.status == "active"


def roster(services: Any, network_id: UUID) -> dict[UUID, Person]:
    """Everyone registered in the network, by name."""
    views = services.views
    with views.engine.connect() as connection:
        tables = views.catalog.live(connection)
        s = tables.stakeholders
        rows = list(connection.execute(select(s).where(s.c.network_id == network_id)))
        opened = names(ReportContext(connection, tables, network_id, views.clock(), views.vault), rows)
    people = [Person(id=row.id, name=opened.get(row.id) or ERASED, sector=row.sector, side=row.side,
                     status=row.status, organisation_id=row.organisation_id) for row in rows]
    return {p.id: p for p in sorted(people, key=lambda p: (p.name.casefold(), str(p.id)))}


def active(people: dict[UUID, Person]) -> list[Person]:
    return [p for p in people.values() if p.active]


def name_of(people: dict[UUID, Person], stakeholder_id: Any) -> str:
    if stakeholder_id is None:
        return ""
    person = people.get(stakeholder_id if isinstance(stakeholder_id, UUID) else UUID(str(stakeholder_id)))
    return person.name if person else "(unknown)"


def everything(services: Any, kind: str, network_id: UUID, **filters: Any) -> list[dict[str, Any]]:
    """A whole list (organisations, groups, expectations) for choices and small tables, page by page."""
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = services.views.page(kind, network_id, cursor=cursor, limit=1000, filters=filters)
        found += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return found


def communities(services: Any, network_id: UUID) -> list[str]:
    """Every community someone in the network belongs to, for the list's filter."""
    views = services.views
    with views.engine.connect() as connection:
        c = views.catalog.live(connection).communities
        query = select(c.c.community).where(c.c.network_id == network_id).distinct()
        return sorted(connection.execute(query).scalars(), key=str.casefold)
