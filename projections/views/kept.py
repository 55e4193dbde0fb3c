"""Small per-person tables kept up as events arrive, so that reports over thousands of people look at
the few people a rule concerns instead of searching a large table of facts once per person.

- `asked`: everyone who has ever been asked for something. Overuse weighs only them; in the largest
  benchmark network that is 170 of 3,400 people, and looking for the asks of the others cost a third
  of the report. Asks are never taken back, so the set only grows.
- `first_contacts`: when the coordinator first had contact with each person. The network map's first
  step counts who was reached by T; one look along the large feedings index per person cost most of
  the summary. Contacts may be logged late and back-dated, so the earliest moment wins.
- `last_fed`: when each person was last fed, from their registration on (none yet: never fed).
  Neglect reads the people not fed lately from its (network, moment) index; looking along the feedings
  index once per person cost two thirds of the report. It is exact for T only if it holds nothing after
  T; a moment after T (a feeding dated a few seconds ahead, which commands allow) sends the report back
  to the facts for that person. A replay "as of" T holds nothing after T.

`asked` and `first_contacts` are exact for any T: a person asked (or first contacted) after T is weighed
and found to have nothing by T, and a replay "as of" T holds only what occurred by T.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Engine, Index, MetaData, Table, Uuid, bindparam, case

from projections.db import UtcDateTime, dialect_insert


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


def last_fed(metadata: MetaData, prefix: str) -> Table:
    return Table(
        f"{prefix}last_fed", metadata,
        Column("stakeholder_id", Uuid, primary_key=True), Column("network_id", Uuid, nullable=False),
        Column("last_at", UtcDateTime()),
        # Without a rowid, the index holds the key as well: whom it names is read from the index alone.
        Index(f"ix_{prefix}last_fed_network", "network_id", "last_at"),
        sqlite_with_rowid=False,
    )


def _insert(table: Table, engine: Engine) -> Any:
    return dialect_insert(table, engine).values({c.name: bindparam(c.name) for c in table.columns})


def note_feeding(table: Table, engine: Engine, source: Any = None) -> Any:
    """INSERT of a feeding's moment that keeps the later one (the maximum commutes, as `note_contact`'s
    minimum does). `source`: a SELECT of (stakeholder_id, network_id, last_at) to take the row from."""
    statement = (dialect_insert(table, engine).from_select(["stakeholder_id", "network_id", "last_at"], source)
                 if source is not None else _insert(table, engine))
    new, old = statement.excluded.last_at, table.c.last_at
    return statement.on_conflict_do_update(
        index_elements=[table.c.stakeholder_id],
        set_={"last_at": case((old.is_(None), new), (new > old, new), else_=old)})


def note_contact(table: Table, engine: Engine) -> Any:
    """INSERT of a contact's moment that keeps the earlier one when the person has one: the minimum
    commutes, so a batch's contacts run as one executemany in any order."""
    statement = _insert(table, engine)
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[table.c.stakeholder_id],
        set_={"occurred_at": case((new.occurred_at < table.c.occurred_at, new.occurred_at),
                                  else_=table.c.occurred_at)})
