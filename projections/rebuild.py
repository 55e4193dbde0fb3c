"""Rebuilding a view from scratch into its other generation, then switching readers over in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from eventsourcing.application import Application
from sqlalchemy import Engine

from projections import tracking
from projections.catalog import Catalog
from projections.db import writer
from projections.runner import Runner
from projections.views.base import tracking_key, truncate


def rebuild(app: Application, engine: Engine, catalog: Catalog, view: str, *,
            progress: Callable[[int], object] | None = None) -> int:
    """Fill the inactive generation from the first event, then make it active. The old one stays readable meanwhile."""
    with engine.connect() as connection:
        target = catalog.other(catalog.active(connection)[view])
    key = tracking_key(view, target)
    with writer(engine).begin() as connection:
        truncate(connection, catalog.tables(view, target))
        connection.execute(tracking.tracking.update().where(tracking.tracking.c.view == key).values(notification_id=0))
    runner = Runner(app, engine, catalog, generations={view: target})
    applied = runner.catch_up(progress=progress)
    while True:
        with writer(engine).begin() as connection:
            # Events may have arrived since; switch only when the new generation is at the head.
            if tracking.position(connection, key) >= runner.head():
                connection.execute(catalog.generations.update().where(catalog.generations.c.view == view)
                                   .values(active=target))
                break
        applied += runner.catch_up(progress=progress)
    return applied
