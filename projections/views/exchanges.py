"""Each stakeholder's running count of information exchanged and declined, kept up as events arrive.

Reciprocity ranks thousands of people by these counts on every call; counting the information rows
each time cost more than the whole report may. The rows stay the facts: a count is exact for a
moment T only if nothing it holds occurred after T (`last_at`), and reports fall back to the rows
otherwise (an event dated a few seconds ahead of the clock).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Engine, Index, Integer, MetaData, Table, Uuid, bindparam, case

from projections.db import UtcDateTime, dialect_insert

# shared and received; declines by us and by them, and how many of those came with a reason
FIGURES = ("shared", "received", "us_total", "us_with_reason", "them_total", "them_with_reason")


def exchange_counts(metadata: MetaData, prefix: str) -> Table:
    return Table(
        f"{prefix}exchange_counts", metadata,
        Column("stakeholder_id", Uuid, primary_key=True), Column("network_id", Uuid, nullable=False),
        *(Column(name, Integer, nullable=False) for name in FIGURES), Column("last_at", UtcDateTime(), nullable=False),
        Index(f"ix_{prefix}exchange_counts_network_last", "network_id", "last_at"),
    )


def figures(kind: str, *, by: str | None = None, reason_given: bool | None = None) -> dict[str, int]:
    """What one exchange adds: `kind` is shared, received or declined (then `by` us or them)."""
    added = dict.fromkeys(FIGURES, 0)
    if kind == "declined":
        added[f"{by}_total"] = 1
        added[f"{by}_with_reason"] = int(bool(reason_given))
    else:
        added[kind] = 1
    return added


def add_counts(table: Table, engine: Engine) -> Any:
    """INSERT of one exchange's counts that adds them to the person's row when it exists: sums commute,
    so a batch's upserts run as one executemany in any order."""
    statement = dialect_insert(table, engine).values({c.name: bindparam(c.name) for c in table.columns})
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[table.c.stakeholder_id],
        set_={**{name: table.c[name] + new[name] for name in FIGURES},
              "last_at": case((new.last_at > table.c.last_at, new.last_at), else_=table.c.last_at)})
