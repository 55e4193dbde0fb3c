"""Two small per-person tables kept up as events arrive, so that reports over thousands of people
look at the few people a rule concerns instead of searching a large table of facts once per person.

- `asked`: everyone who has ever been asked for something. Overuse weighs only them; in the largest
  benchmark network that is 170 of 3,400 people, and looking for the asks of the others cost a third
  of the report. Asks are never taken back, so the set only grows.
- `first_contacts`: when the coordinator first had contact with each person. The network map's first
  step counts who was reached by T; one look along the large feedings index per person cost most of
  the summary. Contacts may be logged late and back-dated, so the earliest moment wins.

Both are exact for any T: a person asked (or first contacted) after T is weighed and found to have
nothing by T, and a replay "as of" T holds only what occurred by T.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Engine, Index, MetaData, Table, Uuid, bindparam, case
from sqlalchemy.dialects import postgresql, sqlite

from projections.db import UtcDateTime


def asked(metadata: MetaData, prefix: str) -> Table:
    return Table(
        f"{prefix}asked", metadata,
        Column("network_id", Uuid, primary_key=True), Column("stakeholder_id", Uuid, primary_key=True),
        sqlite_with_rowid=False,
    )


def first_contacts(metadata: MetaData, prefix: str) -> Table:
    return Table(
        f"{prefix}first_contacts", metadata,
        Column("stakeholder_id", Uuid, primary_key=True), Column("network_id", Uuid, nullable=False),
        Column("occurred_at", UtcDateTime(), nullable=False),
        Index(f"ix_{prefix}first_contacts_network", "network_id", "occurred_at"),
    )


def _insert(table: Table, engine: Engine) -> Any:
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).values({c.name: bindparam(c.name) for c in table.columns})


def mark_asked(table: Table, engine: Engine) -> Any:
    """INSERT of a person asked, which does nothing when they were asked before."""
    return _insert(table, engine).on_conflict_do_nothing()


def note_contact(table: Table, engine: Engine) -> Any:
    """INSERT of a contact's moment that keeps the earlier one when the person has one: the minimum
    commutes, so a batch's contacts run as one executemany in any order."""
    statement = _insert(table, engine)
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[table.c.stakeholder_id],
        set_={"occurred_at": case((new.occurred_at < table.c.occurred_at, new.occurred_at),
                                  else_=table.c.occurred_at)})
