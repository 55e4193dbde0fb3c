"""Rebuilding a view from scratch into its other generation, then switching readers over in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from eventsourcing.application import Application
from sqlalchemy import Engine

from projections import indexes, tracking
from projections.catalog import Catalog
from projections.db import writer
from projections.runner import Runner
from projections.views.base import tracking_key, truncate


def rebuild(app: Application, engine: Engine, catalog: Catalog, views: list[str], *,
            progress: Callable[[int], object] | None = None, bulk_backlog: int = indexes.BULK_BACKLOG) -> int:
    """Fill the inactive generations from the first event in one pass over the log, then make them active.

    The old generations stay readable meanwhile; readers switch in one transaction.
    """
    with engine.connect() as connection:
        active = catalog.active(connection)
    targets = {view: catalog.other(active[view]) for view in views}
    keys = [tracking_key(view, generation) for view, generation in targets.items()]
    with writer(engine).begin() as connection:
        for view, generation in targets.items():
            truncate(connection, catalog.tables(view, generation))
        connection.execute(tracking.tracking.update().where(tracking.tracking.c.view.in_(keys)).values(notification_id=0))
    runner = Runner(app, engine, catalog, generations=targets, bulk_backlog=bulk_backlog)
    applied = runner.catch_up(progress=progress)
    while True:
        with writer(engine).begin() as connection:
            # Events may have arrived since; switch only when every new generation is at the head.
            if min(tracking.position(connection, key) for key in keys) >= runner.head():
                for view, generation in targets.items():
                    connection.execute(catalog.generations.update().where(catalog.generations.c.view == view)
                                       .values(active=generation))
                break
        applied += runner.catch_up(progress=progress)
    return applied
