"""Every view's tables in both generations, which generation readers use, and the shape they were made in.

Views are derived from the log, so they need no migrations: when a view's tables are defined
differently from the shape recorded when they were made (a new version added a column or an index),
its tables are dropped and made anew at position 0, and the projections fill them from the log.
"""

from __future__ import annotations

import hashlib
import logging
from types import SimpleNamespace

from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, inspect, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.schema import CreateIndex, CreateTable

from projections import indexes, tracking
from projections.db import upsert_ignore, writer
from projections.views.activity import ActivityView
from projections.views.base import GENERATIONS, View, tracking_key
from projections.views.directory import DirectoryView
from projections.views.event_log import EventLogView
from projections.views.feeding import FeedingView
from projections.views.groups import GroupsView
from projections.views.network_map import NetworkMapView

log = logging.getLogger("linkingpin.projections")

VIEWS: dict[str, type[View]] = {v.name: v for v in (DirectoryView, ActivityView, FeedingView, GroupsView,
                                                       NetworkMapView, EventLogView)}


class Catalog:
    def __init__(self, views: dict[str, type[View]] | None = None) -> None:
        self.views = dict(views or VIEWS)
        self.metadata = MetaData()
        self.generations = Table(
            "projection_generations", self.metadata,
            Column("view", String(64), primary_key=True), Column("active", String(1), nullable=False),
        )
        self.shapes = Table(
            "projection_shapes", self.metadata,
            Column("view", String(64), primary_key=True), Column("shape", String(64), nullable=False),
        )
        self._tables = {(name, g): view.define(self.metadata, f"{g}_") for name, view in self.views.items()
                        for g in GENERATIONS}

    def create(self, engine: Engine) -> None:
        with writer(engine).begin() as connection:  # one process at a time compares and remakes
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('linkingpin projection shapes'))"))
            self.shapes.create(connection, checkfirst=True)
            stored = {row.view: row.shape for row in connection.execute(select(self.shapes))}
            for name in self.views:
                wanted = self.shape(name, connection.dialect)
                if stored.get(name) != wanted:
                    self._remake(connection, name, known=name in stored)
                    connection.execute(self.shapes.delete().where(self.shapes.c.view == name))
                    connection.execute(self.shapes.insert().values(view=name, shape=wanted))
            self.metadata.create_all(connection)
            # A fill from empty sets indexes aside; a process that died mid-fill left them missing.
            indexes.make_missing(connection, indexes.secondary(self._tables.values()))
            tracking.create(connection)
            for name in self.views:
                connection.execute(upsert_ignore(self.generations, engine), {"view": name, "active": GENERATIONS[0]})
                for generation in GENERATIONS:
                    # Rows exist from the start so that concurrent workers can lock them.
                    connection.execute(upsert_ignore(tracking.tracking, engine), {
                        "view": tracking_key(name, generation), "application_name": "", "notification_id": 0})

    def shape(self, view: str, dialect: Dialect) -> str:
        """A digest of the DDL that makes this view's tables and indexes in both generations."""
        ddl = []
        for generation in GENERATIONS:
            for table in vars(self.tables(view, generation)).values():
                ddl.append(str(CreateTable(table).compile(dialect=dialect)))
                ddl += [str(CreateIndex(i).compile(dialect=dialect)) for i in sorted(table.indexes, key=lambda i: i.name)]
        return hashlib.sha256("\n".join(ddl).encode()).hexdigest()

    def _remake(self, connection: Connection, view: str, *, known: bool) -> None:
        """Drop a view's tables made in another shape (or in an unknown one, before shapes were recorded)."""
        existing = set(inspect(connection).get_table_names())
        tables = [t for g in GENERATIONS for t in vars(self.tables(view, g)).values() if t.name in existing]
        if not tables:
            return
        log.warning("view %s was made in %s shape; remaking it from the log", view, "an older" if known else "an unknown")
        for table in tables:
            table.drop(connection)
        keys = [tracking_key(view, g) for g in GENERATIONS]
        connection.execute(tracking.tracking.delete().where(tracking.tracking.c.view.in_(keys)))
        connection.execute(self.generations.delete().where(self.generations.c.view == view))

    def tables(self, view: str, generation: str) -> SimpleNamespace:
        return self._tables[(view, generation)]

    def active(self, connection: Connection) -> dict[str, str]:
        found = {row.view: row.active for row in connection.execute(select(self.generations))}
        return {name: found.get(name, GENERATIONS[0]) for name in self.views}

    def live(self, connection: Connection) -> SimpleNamespace:
        """The tables readers should use now, all views merged into one namespace."""
        merged: dict[str, Table] = {}
        for name, generation in self.active(connection).items():
            merged.update(vars(self.tables(name, generation)))
        return SimpleNamespace(**merged)

    @staticmethod
    def other(generation: str) -> str:
        return GENERATIONS[1] if generation == GENERATIONS[0] else GENERATIONS[0]
