"""On generated histories: every report and every trust history runs, the live views read at T equal
an as-of replay at T, and paging through a list in small pages gives the same items as one page."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import NotFound
from projections.asof import replay
from projections.reports import registry
from projections.reports.context import ReportContext
from tests.histories import History
from tests.unit.test_reports_world import World


def everything(ctx: ReportContext, people: list) -> dict[str, Any]:
    """Every report, and the trust of everyone the relationship had started with by T."""
    found: dict[str, Any] = {name: report(ctx, **({"limit": 1000} if name in registry.PAGED else {}))
                             for name, report in registry.REPORTS.items()}
    found["whole map"] = registry.WHOLE_MAP(ctx)
    for who in people:
        try:
            found[str(who)] = registry.trust(ctx, stakeholder_id=who)
        except NotFound:
            found[str(who)] = None
    return found


def replayed(world: World, at: datetime, people: list) -> dict[str, Any]:
    """The same, from one as-of replay (a private database rebuilt from the events by T)."""
    copy = replay(world.app, world.engine, world.catalog, world.n, as_of=at, known_at=at)
    try:
        with copy.engine.connect() as connection:
            return everything(ReportContext(connection, copy.tables, world.n, at, world.app.vault), people)
    finally:
        copy.engine.dispose()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_reports_on_generated_histories(data):
    world = World()
    try:
        history = History(world.app, world.n, data, start_days_ago=200)
        history.run(data.draw(st.integers(5, 40), label="steps"))
        world.views.catch_up()
        with world.context() as ctx:
            live = everything(ctx, history.people)
        assert replayed(world, world.clock(), history.people) == live
        with world.context() as ctx:  # one person's standing is their line in the network's reports
            for who in history.people:
                listed = {name: next((i for i in live[name]["items"] if i["stakeholder_id"] == who), None)
                          for name in ("neglect", "overuse")}
                assert registry.standing(ctx, stakeholder_id=who) == listed
        for result in (r for who in history.people if (r := live[str(who)]) is not None):
            assert all(0 <= point["score"] <= 100 for point in result["history"])
        replayed(world, world.clock() - timedelta(days=data.draw(st.integers(1, 200), label="back")), history.people)
        size = data.draw(st.integers(1, 3), label="page size")
        for kind in registry.LISTS:
            assert world.all_pages(kind, limit=size) == world.page(kind, limit=1000)["items"], kind
    finally:
        world.close()
