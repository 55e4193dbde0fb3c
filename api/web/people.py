"""Who is in the network, cheaply: names for links and choices, without the directory's engagement sums.

Pages name people everywhere (alerts, attendees, expectations) and forms offer them as choices;
the directory list computes trust for each person, which these do not need.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import Connection, func, select

from api.web.log_state import PerNetwork
from projections.reports.context import ReportContext
from projections.reports.facts import names

ERASED = "(erased)"
COLUMNS = ("id", "name", "erased", "sector", "side", "status", "organisation_id")


class Person(NamedTuple):  # a tuple: thousands are made per page in a large network
    id: UUID
    name: str
    sector: str
    side: str
    status: str
    organisation_id: UUID | None

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass
class Kept:
    """A network's roster as last read, and the state of its rows it was read at."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    state: tuple[int, int] | None = None
    people: Mapping[UUID, Person] = field(default_factory=dict)


ROSTERS = PerNetwork(Kept)


def roster(services: Any, network_id: UUID) -> Mapping[UUID, Person]:
    """Everyone registered in the network, by name (forms offer them all as choices); shared, read only.

    Reading and opening thousands of names per request costs tens of milliseconds and leaves tens
    of thousands of objects for the collector, so the roster is kept until a row changes. Every
    stakeholder fact raises its row's version (an erasure too), so the count of rows and the sum
    of their versions change whenever a row does, and the roster is read again at once."""
    views, kept = services.views, ROSTERS.get(services.views, network_id)
    with kept.lock, views.engine.connect() as connection:
        s = views.catalog.live(connection).stakeholders
        state = tuple(connection.execute(select(func.count(), func.coalesce(func.sum(s.c.version), 0))
                                         .where(s.c.network_id == network_id)).one())
        if state != kept.state:
            kept.people, kept.state = MappingProxyType(_people(views, connection, network_id, None)), state
        return kept.people


def named(services: Any, network_id: UUID, ids: Iterable[Any]) -> dict[UUID, Person]:
    """Only the people a page names: opening every name of a large network costs more than the page."""
    wanted = {i if isinstance(i, UUID) else UUID(str(i)) for i in ids if i is not None}
    if not wanted:
        return {}
    with services.views.engine.connect() as connection:
        return _people(services.views, connection, network_id, wanted)


def _people(views: Any, connection: Connection, network_id: UUID, ids: set[UUID] | None) -> dict[UUID, Person]:
    tables = views.catalog.live(connection)
    s = tables.stakeholders
    # Only what a Person holds: the plan and communities are JSON, slow to read for thousands of rows.
    query = select(*(s.c[name] for name in COLUMNS)).where(s.c.network_id == network_id)
    if ids is not None:
        query = query.where(s.c.id.in_(ids))
    rows = list(connection.execute(query))
    opened = names(ReportContext(connection, tables, network_id, views.clock(), views.vault), rows)
    people = [Person(id=row.id, name=opened.get(row.id) or ERASED, sector=row.sector, side=row.side,
                     status=row.status, organisation_id=row.organisation_id) for row in rows]
    return {p.id: p for p in sorted(people, key=lambda p: (p.name.casefold(), str(p.id)))}


def active(people: Mapping[UUID, Person]) -> list[Person]:
    return [p for p in people.values() if p.active]


def name_of(people: Mapping[UUID, Person], stakeholder_id: Any) -> str:
    if stakeholder_id is None:
        return ""
    person = people.get(stakeholder_id if isinstance(stakeholder_id, UUID) else UUID(str(stakeholder_id)))
    return person.name if person else "(unknown)"


def mentioned(items: Iterable[dict[str, Any]]) -> list[Any]:
    """Everyone interactions (or expectations) name: one person, several, or a meeting's attendees."""
    ids: list[Any] = []
    for item in items:
        ids += [item.get("stakeholder_id"), *item.get("stakeholder_ids", [])]
        ids += [attendee["stakeholder_id"] for attendee in item.get("attendees", [])]
    return ids


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


def group_names(services: Any, network_id: UUID) -> dict[UUID, str]:
    """Each group's name, for alert cards: the group list also gathers every member, which these do not show."""
    views = services.views
    with views.engine.connect() as connection:
        g = views.catalog.live(connection).groups
        return dict(connection.execute(select(g.c.id, g.c.name).where(g.c.network_id == network_id)).all())
