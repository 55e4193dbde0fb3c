"""Every report on the demo network, on the embedded SQLite store: the over-asked and the neglected
show up, evidence points at real events, and a report as of T equals the live views read at T."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from api.composition import build
from api.demo import load_demo
from api.demo_data import SLUG, STAKEHOLDERS
from domain.network import network_id_for
from projections.reports import registry
from projections.reports.context import ReportContext
from tests.conftest import Clock, sqlite_settings

N = network_id_for(SLUG)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    clock = Clock()
    services = build(sqlite_settings(tmp_path_factory.mktemp("demo")), clock=clock)
    load_demo(services.app, now=clock())
    services.views.catch_up()
    yield services, clock
    services.close()


def people(services) -> dict[str, object]:  # noqa: ANN001
    """Demo keys ("karim", "imam") to stakeholder ids, found by name in the directory."""
    by_name = {item["name"]: item["id"] for item in services.views.page("stakeholders", N, limit=100)["items"]}
    return {key: by_name[person[0]] for key, person in STAKEHOLDERS.items()}


def live_at(services, at, name: str) -> dict:  # noqa: ANN001
    with services.engine.connect() as connection:
        ctx = ReportContext(connection, services.views.catalog.live(connection), N, at, services.app.vault)
        return registry.REPORTS[name](ctx)


def logged_events(services) -> dict:  # noqa: ANN001
    with services.engine.connect() as connection:
        log = services.views.catalog.live(connection).events
        return {row.id: row for row in connection.execute(select(log).where(log.c.network_id == N))}


def test_the_over_asked_karim_and_imam_show_up_with_their_asks_as_evidence(demo):
    services, clock = demo
    who = people(services)
    report = services.views.report("overuse", N, as_of=clock())
    items = {item["stakeholder_id"]: item for item in report["items"]}

    assert set(items) == {who["karim"], who["imam"]}
    karim, imam = items[who["karim"]], items[who["imam"]]
    assert (karim["asks_in_window"], karim["max_asks"], imam["asks_in_window"]) == (5, 3, 4)
    assert {r["code"] for r in karim["reasons"]} >= {"over_capacity", "unanswered_streak", "carries_many_asks"}
    assert [t["stakeholder_id"] for t in report["concentration"]["top"][:2]] == [who["karim"], who["imam"]]
    assert report["concentration"]["gini"] > 0.5

    events = logged_events(services)
    for item in report["items"]:
        for reason in item["reasons"]:
            assert reason["text"] and reason["event_ids"]
            assert all(events[e].type == "Ask.Made" for e in reason["event_ids"])


def test_the_stakeholders_left_alone_are_neglected(demo):
    services, clock = demo
    who = people(services)
    neglected = {i["stakeholder_id"] for i in services.views.report("neglect", N, as_of=clock())["items"]
                 if i["status"] == "neglected"}

    assert {who[k] for k in ("jonas", "father", "lien", "mourad", "aminata")} <= neglected
    assert who["karim"] not in neglected and who["youssef"] not in neglected  # fed; handed over


def test_before_the_heavy_asks_nobody_was_over_asked(demo):
    services, clock = demo
    assert services.views.report("overuse", N, as_of=clock() - timedelta(days=60))["items"] == []


def test_trust_history_points_name_real_events(demo):
    services, clock = demo
    who = people(services)
    events = logged_events(services)
    for key in ("karim", "imam", "sofie"):
        result = services.views.trust(N, who[key], as_of=clock())
        assert 0 <= result["score"] <= 100
        assert all(e in events for point in result["history"] for e in point["event_ids"])
    imam = services.views.trust(N, who["imam"], as_of=clock())
    assert "missed_by_us" in {f["code"] for p in imam["history"] for f in p["factors"]}  # the parking problem
    sofie = services.views.trust(N, who["sofie"], as_of=clock())
    assert "handed_over" in {f["code"] for p in sofie["history"] for f in p["factors"]}  # from Youssef


def test_expectations_organisations_and_the_network_map(demo):
    services, clock = demo
    who = people(services)
    promises = services.views.report("expectations", N, as_of=clock())
    overdue = {(i["stakeholder_id"], i["owed_by"]) for i in promises["overdue"]}
    assert {(who["fatima"], "us"), (who["karim"], "us")} <= overdue  # the room; the renegotiated meeting
    assert [i["stakeholder_id"] for i in promises["open"]] == [who["hassan"]]

    organisations = {o["name"]: o for o in services.views.report("organisations", N, as_of=clock())["items"]}
    assert organisations["Mosque association Al Fath"]["one_level_only"] is False
    assert organisations["Syriac Orthodox parish"]["one_level_only"] is True

    network = services.views.report("network", N, as_of=clock())
    entries = {e["community"]: e for e in network["entry_points"]}
    assert entries["Muslim community"]["entry_points"] >= 3  # not only the mosque
    assert network["steps"]["current_step"] == 3
    assert network["sector_coverage"]["missing"] == ["health"]
    assert network["independence"]["direct_contacts"] == 3


def test_reports_as_of_a_moment_equal_the_live_views_read_at_that_moment(demo):
    services, clock = demo
    for name in registry.REPORTS:
        assert services.views.report(name, N, as_of=clock()) == live_at(services, clock(), name), name
