"""Organisations: "Know the mandate and aim of the organisations you want to cooperate with" and
"Top level needs to support the operative level."

Each organisation with its mandate and aims, its active people at strategic and operational
level, when any of them was last fed, and a flag when only one level is engaged.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

from domain.vocabulary import Level
from projections.reports.context import ReportContext
from projections.reports.facts import active_stakeholders, by_id, last_fed_column, names

LEVELS = [level.value for level in Level]
PEOPLE = ("id", "name", "erased", "organisation_id", "level", "function")  # what is shown of each person


def registered(ctx: ReportContext) -> list:
    o = ctx.t.organisations
    query = select(o).where(o.c.network_id == ctx.network_id, o.c.occurred_at <= ctx.at)
    return sorted(ctx.connection.execute(query), key=lambda row: (row.name, by_id(row.id)))


def person(row: Any, name: str | None, fed: Any) -> dict[str, Any]:
    return {"stakeholder_id": row.id, "name": name, "function": row.function, "last_fed_at": fed}


def render(row: Any, people: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    engaged = [level for level in LEVELS if people[level]]
    fed = [p["last_fed_at"] for level in LEVELS for p in people[level] if p["last_fed_at"] is not None]
    return {
        "id": row.id, "name": row.name, "sector": row.sector, "side": row.side, "mandate": row.mandate,
        "aims": row.aims, **people, "last_fed_at": max(fed, default=None), "engaged_levels": engaged,
        "one_level_only": len(engaged) == 1, "text": words(engaged),
    }


def words(engaged: list[str]) -> str:
    if not engaged:
        return "Nobody from this organisation is active in the network."
    if len(engaged) == 1 and engaged[0] == Level.OPERATIONAL.value:
        return "Engaged at operational level only: top level needs to support the operative level."
    if len(engaged) == 1:
        return "Engaged at strategic level only: involve the people who do the work too."
    return "Engaged at strategic and operational level."


def organisations(ctx: ReportContext) -> dict[str, Any]:
    # Only people of an organisation are shown, so only their names are opened.
    rows = active_stakeholders(ctx, ctx.t.stakeholders.c.organisation_id.is_not(None), columns=PEOPLE,
                               extra=(last_fed_column(ctx),))
    opened = names(ctx, rows)
    people: dict[Any, dict[str, list]] = defaultdict(lambda: {level: [] for level in LEVELS})
    for row in rows:
        people[row.organisation_id][row.level].append(person(row, opened.get(row.id), row.last_fed))
    items = [render(row, people[row.id]) for row in registered(ctx)]
    return {"as_of": ctx.at, "items": items,
            "one_level_only": sum(1 for item in items if item["one_level_only"])}
