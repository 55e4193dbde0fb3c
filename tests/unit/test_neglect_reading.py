"""Neglect reads only the people not fed lately, from the kept last feedings, and only the groups quiet
too long, and opens names only for the page it answers with. On generated histories that gives the same
report as weighing everyone's every feeding and every group's every meeting in Python; its pages put
together give the whole report, and `status` keeps exactly the items of that status."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from domain.network import DEFAULT_PLAN
from projections.reports import neglect as report
from projections.reports.facts import days_between, plan_of
from tests.builders import BY
from tests.unit.test_reports_world import World, report_pages

PLANS = st.sampled_from([None, {"ideal_interval_days": 7, "max_interval_days": 14},
                         {"ideal_interval_days": 45, "max_interval_days": 90}])


def weighed_by_hand(ctx) -> dict:  # noqa: ANN001
    """Every active person and group at T, weighed from every feeding and meeting there is."""
    s, f, g, m = ctx.t.stakeholders, ctx.t.feedings, ctx.t.groups, ctx.t.meetings
    defaults, feedings, meetings = ctx.defaults(), {}, {}
    for who, occurred in ctx.connection.execute(select(f.c.stakeholder_id, f.c.occurred_at)):
        if occurred <= ctx.at:
            feedings[who] = max(occurred, feedings.get(who, occurred))
    for group, occurred in ctx.connection.execute(select(m.c.group_id, m.c.occurred_at)):
        if group is not None and occurred <= ctx.at:
            meetings[group] = max(occurred, meetings.get(group, occurred))
    items = []
    for row in ctx.connection.execute(select(s).where(s.c.status == "active", s.c.occurred_at <= ctx.at)):
        plan, last = plan_of(row, defaults), feedings.get(row.id)
        days = days_between(last or row.occurred_at, ctx.at)
        if days > plan.ideal_interval_days:
            items.append({"stakeholder_id": row.id, "status": "neglected" if days > plan.max_interval_days else "due",
                          "last_fed_at": last, "days_since_fed": days, "ideal_interval_days": plan.ideal_interval_days,
                          "max_interval_days": plan.max_interval_days})
    items.sort(key=lambda i: (-i["days_since_fed"] / i["max_interval_days"], str(i["stakeholder_id"])))
    groups = []
    for row in ctx.connection.execute(select(g).where(g.c.occurred_at <= ctx.at)):
        last = meetings.get(row.id)
        days = days_between(last or row.occurred_at, ctx.at)
        if days > defaults.max_interval_days:
            groups.append({"group_id": row.id, "name": row.name, "last_met_at": last, "days_since_met": days,
                           "max_interval_days": defaults.max_interval_days})
    groups.sort(key=lambda i: (-i["days_since_met"], str(i["group_id"])))
    return {"items": items, "groups": groups}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_reading_only_the_people_not_fed_lately_gives_the_report_of_every_feeding(data):
    world = World()
    try:
        people = [world.person(f"Person {i}", days_ago=data.draw(st.floats(1, 300), label="started"),
                               plan=data.draw(PLANS, label="plan")) for i in range(5)]
        for _ in range(data.draw(st.integers(0, 25), label="feedings")):
            world.contact(data.draw(st.sampled_from(people), label="who"), data.draw(st.floats(0, 300), label="ago"))
        group = world.app.form_group(world.n, name="Youth workers", kind="homogeneous", members=people[:2],
                                     occurred_at=world.ago(250), recorded_by=BY).id
        back = data.draw(st.sampled_from([0, 2, 40, 150]), label="back")
        # Some meetings fall right by the maximum interval (60 days) before T, where rounding decides.
        near = st.sampled_from([-3, -0.001, 0.001, 0.004, 0.006, 2, 4]).map(lambda d: back + DEFAULT_PLAN.max_interval_days + d)
        for days in data.draw(st.lists(st.floats(0, 240) | near, max_size=3), label="group meetings"):
            world.meeting({people[0]: "present"}, days, group_id=group)
        if data.draw(st.booleans(), label="archive one"):
            world.app.archive_stakeholder(world.n, people[-1], recorded_by=BY)
        at = world.clock() - timedelta(days=back)

        with world.context(at) as ctx:
            whole = report.neglect(ctx)
            expected = weighed_by_hand(ctx)
            assert [{k: v for k, v in i.items() if k != "name"} for i in whole["items"]] == expected["items"]
            assert whole["groups"] == expected["groups"] and whole["total"] == len(whole["items"])
            assert {i["name"] for i in whole["items"]} <= {f"Person {i}" for i in range(5)}
            for limit in (1, 2):
                assert report_pages(report.neglect, ctx, limit) == whole["items"]
            for status in ("due", "neglected"):
                kept = report.neglect(ctx, status=status)
                assert kept["items"] == [i for i in whole["items"] if i["status"] == status]
                assert kept["total"] == len(kept["items"])
    finally:
        world.close()

