"""Overuse reads only the people ever asked, counts in the database, reads each person's asks only back
to their latest answered one, and the asks behind the reasons only for the page it answers with. On
generated ask-heavy histories, that gives the same report as reading every ask there is, and its
pages put together give the whole report."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from projections.reports import overuse as report
from projections.reports.facts import active_at, stored_id
from projections.reports.overuse_reads import Cited, Counted, Moments, Pending
from tests.builders import BY
from tests.unit.test_reports_world import World, report_pages

PLANS = st.sampled_from([None, {"max_asks": 2, "window_days": 14}, {"max_asks": 5, "window_days": 60}])
OUTCOMES = st.sampled_from([None, "accepted", "declined", "no_response", "accepted_late"])


def every_ask(ctx, at: Moments, only: UUID | None = None) -> dict[UUID, list[tuple]]:  # noqa: ANN001
    """Every ask of everyone active at T, oldest first, weighed in Python from its moments:
    (id, in window, in the 90 days, young, answer at T)."""
    a, s = ctx.t.asks, ctx.t.stakeholders
    query = (select(stored_id(a.c.id), a.c.stakeholder_id, s.c.window_days, a.c.occurred_at, a.c.answered_at,
                    a.c.outcome).join(s, s.c.id == a.c.stakeholder_id)
             .where(*active_at(ctx), a.c.occurred_at <= ctx.at).order_by(a.c.occurred_at, a.c.id))
    found: dict[UUID, list[tuple]] = defaultdict(list)
    for ask_id, who, days, occurred, answered, outcome in ctx.connection.execute(query):
        if only is not None and who != only:
            continue
        window = at.windows[days] if days else at.default
        answer = outcome if answered is not None and answered <= ctx.at else None
        found[who].append((ask_id, occurred > window, occurred > at.ratio, occurred > at.grace, answer))
    return found


def every_pending(ctx, at: Moments, *, only: UUID | None = None) -> dict[UUID, list[Pending]]:  # noqa: ANN001
    """Every ask: the streak is found after the last real answer, however far back they start."""
    return {who: [Pending(a[0], a[3], a[4]) for a in asks] for who, asks in every_ask(ctx, at, only).items()}


def every_window_ask(ctx, at: Moments, among: dict[UUID, int | None]) -> dict[UUID, Cited]:  # noqa: ANN001
    return {who: Cited([a[0] for a in asks if a[1]], [a[0] for a in asks if a[2]])
            for who, asks in every_ask(ctx, at).items() if who in among}


def every_ask_count(ctx, at: Moments) -> dict[UUID, Counted]:  # noqa: ANN001
    """Every ask of the network, archived people's too, counted in Python from its moments."""
    a, starts = ctx.t.asks, {None: at.default, **at.windows}
    query = select(a.c.stakeholder_id, a.c.occurred_at).where(a.c.network_id == ctx.network_id,
                                                              a.c.occurred_at <= ctx.at)
    ratio: dict[UUID, int] = defaultdict(int)
    windows: dict[UUID, dict] = defaultdict(lambda: dict.fromkeys(starts, 0))
    for who, occurred in ctx.connection.execute(query):
        ratio[who] += occurred > at.ratio
        for days, start in starts.items():
            windows[who][days] += occurred > start
    return {who: Counted(ratio[who], windows[who]) for who in windows}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_reading_only_what_a_rule_can_see_gives_the_report_of_every_ask(data):
    world = World()
    try:
        people = [world.person(f"Person {i}", days_ago=400, plan=data.draw(PLANS, label="plan")) for i in range(4)]
        for _ in range(data.draw(st.integers(0, 40), label="asks")):
            who = data.draw(st.sampled_from(people), label="who")
            days = data.draw(st.floats(0, 390), label="days ago")
            outcome = data.draw(OUTCOMES, label="outcome")
            after = data.draw(st.floats(0.1, 20), label="answered after")
            world.ask(who, days, outcome.removesuffix("_late") if outcome else None,
                      answered_after=min(after, days) if outcome == "accepted_late" else min(0.5, days))
        if data.draw(st.booleans(), label="archive one"):
            world.app.archive_stakeholder(world.n, people[0], recorded_by=BY)
        at = world.clock() - timedelta(days=data.draw(st.sampled_from([0, 3, 45, 200]), label="back"))

        bounded = [world.report("overuse", at=at)]
        with world.context(at) as ctx:
            bounded += [report.overuse(ctx, only=who) for who in people]
            whole = report.overuse(ctx)
            for limit in (1, 2):
                assert report_pages(report.overuse, ctx, limit) == whole["items"]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(report, "pending_asks", every_pending)
            patch.setattr(report, "window_asks", every_window_ask)
            patch.setattr(report, "ask_counts", every_ask_count)
            plain = [world.report("overuse", at=at)]
            with world.context(at) as ctx:
                plain += [report.overuse(ctx, only=who) for who in people]
        assert bounded == plain
    finally:
        world.close()

