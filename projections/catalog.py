"""Every view's tables in both generations, and which generation readers use."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, select

from projections import tracking
from projections.db import upsert_ignore
from projections.views.activity import ActivityView
from projections.views.base import GENERATIONS, View, tracking_key
from projections.views.directory import DirectoryView
from projections.views.event_log import EventLogView
from projections.views.network_map import NetworkMapView

VIEWS: dict[str, type[View]] = {v.name: v for v in (DirectoryView, ActivityView, NetworkMapView, EventLogView)}


class Catalog:
    def __init__(self, views: dict[str, type[View]] | None = None) -> None:
        self.views = dict(views or VIEWS)
        self.metadata = MetaData()
        self.generations = Table(
            "projection_generations", self.metadata,
            Column("view", String(64), primary_key=True), Column("active", String(1), nullable=False),
        )
        self._tables = {(name, g): view.define(self.metadata, f"{g}_") for name, view in self.views.items()
                        for g in GENERATIONS}

    def create(self, engine: Engine) -> None:
        self.metadata.create_all(engine)
        tracking.create(engine)
        with engine.begin() as connection:
            for name in self.views:
                connection.execute(upsert_ignore(self.generations, engine), {"view": name, "active": GENERATIONS[0]})
                for generation in GENERATIONS:
                    # Rows exist from the start so that concurrent workers can lock them.
                    connection.execute(upsert_ignore(tracking.tracking, engine), {
                        "view": tracking_key(name, generation), "application_name": "", "notification_id": 0})

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
