"""Filling a view from empty without keeping its secondary indexes up row by row; they are made at the end.

Rows arrive at random places in most indexes (keys are UUIDs), and at a million events those
indexes outgrow every cache: measured on SQLite, catch-up of every view from empty took 148 s
keeping its 22 secondary indexes up, against 87 s without them and 8 s to make them afterwards.
Every index is set aside, unique ones too (tables of facts only inserted are keyed by a unique
index, so a fill appends rows and checks the key once when it makes it); primary keys stay, because
the upserts and updates of a fill depend on them. A process that dies mid-fill leaves indexes missing: every
start-up makes the missing ones (`Catalog.create`), and so does the end of any long catch-up.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from types import SimpleNamespace

from sqlalchemy import Connection, Index
from sqlalchemy.schema import CreateIndex, DropIndex

log = logging.getLogger("linkingpin.projections")

# Events to read from empty at which a view is filled with its indexes set aside (the setting's default).
BULK_BACKLOG = 50_000


def secondary(tables: Iterable[SimpleNamespace]) -> list[Index]:
    """The indexes of these views' tables beside their primary keys, in a stable order."""
    found = [index for namespace in tables for table in vars(namespace).values() for index in table.indexes]
    return sorted(found, key=lambda index: index.name)


def set_aside(connection: Connection, indexes: list[Index]) -> None:
    for index in indexes:
        connection.execute(DropIndex(index, if_exists=True))


def make_missing(connection: Connection, indexes: list[Index]) -> None:
    """Make any of these indexes that does not exist; the others are left as they are."""
    if indexes:
        log.info("making %d view indexes where missing", len(indexes))
    for index in indexes:
        connection.execute(CreateIndex(index, if_not_exists=True))
