"""`Views`: what the API, the scheduler and the command line ask of the read side."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from sqlalchemy import Engine, func, select

from domain.privacy import Vault
from projections import asof, tracking
from projections.catalog import Catalog
from projections.rebuild import rebuild
from projections.reports import registry
from projections.reports.context import ReportContext
from projections.indexes import BULK_BACKLOG
from projections.runner import Runner
from projections.views.base import tracking_key


class Views:
    def __init__(self, *, app: Application, engine: Engine, catalog: Catalog, vault: Vault,
                 trust_weights: Any = None, bulk_backlog: int = BULK_BACKLOG) -> None:
        self.app, self.engine, self.catalog, self.vault = app, engine, catalog, vault
        self.trust_weights = trust_weights  # a TrustWeights from settings; None means the documented defaults
        # Reports are evaluated "now" by the application's clock, the one that stamps the facts.
        self.clock: Callable[[], datetime] = getattr(app, "clock", lambda: datetime.now(timezone.utc))
        self.runner = Runner(app, engine, catalog, bulk_backlog=bulk_backlog)
        # Set when a feed in this process keeps the views (it wakes waiting writers); otherwise a worker does.
        self.kept_here = False

    # Freshness.

    def wait_for(self, position: int | None, timeout: float = 5.0) -> bool:
        """Block until every view has applied `position` (read-your-writes); False on timeout."""
        if not position:
            return True
        deadline = time.monotonic() + timeout
        while self.runner.lowest_position() < position:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with self.runner.changed:
                # Woken by this process's batches. Beside a worker, only polling sees its batches: often,
                # since each request waits; not so often here, where every waiting request would poll.
                self.runner.changed.wait(min(remaining, 0.05 if self.kept_here else 0.01))
        return True

    def lag(self) -> int:
        return max(0, self.runner.head() - self.runner.lowest_position())

    def status(self) -> list[dict[str, Any]]:
        head = self.runner.head()
        with self.engine.connect() as connection:
            active = self.catalog.active(connection)
            known = tracking.positions(connection)
        rows = []
        for view, generation in active.items():
            position = known.get(tracking_key(view, generation), 0)
            rows.append({"view": view, "generation": generation, "position": position, "head": head,
                         "lag": max(0, head - position)})
        return rows

    def event_counts(self, types: list[str]) -> dict[str, int]:
        """How many events of each type the log index holds (all networks): cheap operational figures."""
        with self.engine.connect() as connection:
            log = self.catalog.live(connection).events
            query = select(log.c.type, func.count()).where(log.c.type.in_(types)).group_by(log.c.type)
            found = dict(connection.execute(query).all())
        return {t: int(found.get(t, 0)) for t in types}

    def catch_up(self, progress: Callable[[int], object] | None = None) -> int:
        return self.runner.catch_up(progress=progress)

    def rebuild(self, *views: str, progress: Callable[[int], object] | None = None) -> int:
        """Rebuild the named views (all when none are named) in one pass over the log."""
        unknown = [v for v in views if v not in self.catalog.views]
        if unknown:
            raise KeyError(unknown[0])
        return rebuild(self.app, self.engine, self.catalog, list(views or self.catalog.views), progress=progress,
                       bulk_backlog=self.runner.bulk_backlog)

    # Reading.

    def report(self, name: str, network_id: UUID, *, as_of: datetime | None = None,
               known_at: datetime | None = None, **paging: Any) -> dict[str, Any]:
        """`paging` (`cursor`, `limit`) for the reports that list one item per person (registry.PAGED)."""
        return self._run(registry.REPORTS[name], network_id, as_of=as_of, known_at=known_at, **paging)

    def network_map(self, network_id: UUID, *, as_of: datetime | None = None,
                    strongest: int | None = None) -> dict[str, Any]:
        """The map whole, with every person and link (or the `strongest` many), as the dashboard draws it."""
        return self._run(registry.WHOLE_MAP, network_id, as_of=as_of, known_at=None, strongest=strongest)

    def standing(self, network_id: UUID, stakeholder_id: UUID) -> dict[str, Any]:
        """One person's neglect and overuse items now (None where they are neither), weighed for them alone."""
        return self._run(registry.standing, network_id, as_of=None, known_at=None, stakeholder_id=stakeholder_id)

    def trust(self, network_id: UUID, stakeholder_id: UUID, *, as_of: datetime | None = None,
              known_at: datetime | None = None) -> dict[str, Any]:
        return self._run(registry.trust, network_id, as_of=as_of, known_at=known_at, stakeholder_id=stakeholder_id)

    def page(self, kind: str, network_id: UUID, *, cursor: str | None = None, limit: int = 50,
             filters: dict[str, Any] | None = None, as_of: datetime | None = None,
             known_at: datetime | None = None) -> dict[str, Any]:
        return self._run(registry.LISTS[kind], network_id, as_of=as_of, known_at=known_at, cursor=cursor, limit=limit,
                         filters=filters or {})

    def _run(self, function: Callable[..., dict], network_id: UUID, *, as_of: datetime | None,
             known_at: datetime | None, **arguments: Any) -> dict[str, Any]:
        now = self.clock()
        if as_of is None and known_at is None:
            with self.engine.connect() as connection:
                context = ReportContext(connection, self.catalog.live(connection), network_id, now, self.vault,
                                        self.trust_weights)
                return function(context, **arguments)
        self.wait_for(self.runner.head(), timeout=30)  # the event log index must know every event first
        at, known = as_of or now, known_at or now
        replayed = asof.replay(self.app, self.engine, self.catalog, network_id, as_of=at, known_at=known,
                               views=registry.reads(function))
        try:
            with replayed.engine.connect() as connection:
                context = ReportContext(connection, replayed.tables, network_id, at, self.vault, self.trust_weights)
                return function(context, **arguments)
        finally:
            replayed.engine.dispose()
