"""Helpers for comparing read models: table snapshots and every report at one moment."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, select

from projections.facade import Views
from projections.reports import registry


def key_columns(table) -> list:  # noqa: ANN001
    """Tables of facts are keyed by a unique index instead of a primary key."""
    return next(list(index.columns) for index in sorted(table.indexes, key=lambda i: i.name) if index.unique)


def snapshot(connection: Connection, tables: SimpleNamespace) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order, keyed by the table's name without generation prefix."""
    found = {}
    for name, table in sorted(vars(tables).items()):
        order = list(table.primary_key.columns) or key_columns(table)
        found[name] = [tuple(row) for row in connection.execute(select(table).order_by(*order))]
    return found


def live_snapshot(views: Views) -> dict[str, list[tuple]]:
    with views.engine.connect() as connection:
        return snapshot(connection, views.catalog.live(connection))


def all_reports(views: Views, network_id: UUID, **moment: datetime | None) -> dict[str, Any]:
    paged = {"limit": 1000}  # every person and link of these small networks, on one page
    reports = {name: views.report(name, network_id, **moment, **(paged if name in registry.PAGED else {}))
               for name in registry.REPORTS}
    # Replays differ by report (each rebuilds only the views it reads), so the map whole and trust are compared too.
    reports["map"] = views.network_map(network_id, as_of=moment.get("as_of"))
    for kind in ("stakeholders", "interactions"):  # the directory and the timeline
        reports[f"list {kind}"] = views.page(kind, network_id, limit=1000, **moment)
    for person in _some_people(views, network_id):
        reports[f"trust {person}"] = views.trust(network_id, person, **moment)
    for report in reports.values():
        report.pop("as_of", None)  # the moment a live report was computed at differs by microseconds
    return reports


def _some_people(views: Views, network_id: UUID, count: int = 3) -> list[UUID]:
    with views.engine.connect() as connection:
        people = views.catalog.live(connection).stakeholders
        query = select(people.c.id).where(people.c.network_id == network_id).order_by(people.c.id).limit(count)
        return list(connection.execute(query).scalars())
