"""Expectations report: open, due soon and overdue, by who owes them, on the network's calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.builders import BY
from tests.unit.test_reports_world import START, World


@pytest.fixture
def world():
    built = World()
    yield built
    built.close()


def ids(items: list[dict]) -> list:
    return [i["id"] for i in items]


def test_open_promises_are_grouped_overdue_due_soon_and_open(world):
    samira, hassan = world.person("Samira"), world.person("Hassan")
    late = world.promise(samira, due_in_days=-5, description="Send the fact sheet")
    later = world.promise(samira, due_in_days=-12)
    soon = world.promise(samira, due_in_days=3)
    today = world.promise(hassan, owed_by="them", due_in_days=0)
    far = world.promise(hassan, owed_by="them", due_in_days=20)
    kept = world.promise(samira, due_in_days=-2)
    world.app.fulfil_expectation(world.n, kept, occurred_at=world.ago(1), recorded_by=BY)

    report = world.report("expectations")

    assert ids(report["overdue"]) == [later, late]  # most overdue first
    assert ids(report["due_soon"]) == [today, soon]  # soonest first
    assert ids(report["open"]) == [far]
    first = report["overdue"][1]
    assert (first["days_overdue"], first["description"], first["owed_by"], first["status"]) == (
        5, "Send the fact sheet", "us", "open")
    assert report["due_soon"][0]["days_overdue"] == 0
    assert report["counts"] == {"us": {"overdue": 2, "due_soon": 1, "open": 0, "total": 3},
                                "them": {"overdue": 0, "due_soon": 1, "open": 1, "total": 2}}


def test_overdue_is_decided_on_the_networks_calendar():
    auckland = World(timezone_name="Pacific/Auckland")
    try:
        who = auckland.person()
        promise = auckland.promise(who, due_in_days=0)  # due 1 June
        at = START + timedelta(hours=4)  # 13:00 UTC: already 2 June in Auckland, still 1 June in Brussels
        report = auckland.report("expectations", at=at)
        assert report["today"] == date(2026, 6, 2)
        assert [(i["id"], i["days_overdue"]) for i in report["overdue"]] == [(promise, 1)]
    finally:
        auckland.close()


def test_as_of_shows_what_was_open_then(world):
    who = world.person()
    kept_later = world.promise(who, agreed_days_ago=30, due_in_days=-10)
    world.app.fulfil_expectation(world.n, kept_later, occurred_at=world.ago(2), recorded_by=BY)
    world.promise(who, agreed_days_ago=3, due_in_days=5)  # not agreed yet at T

    then = world.report("expectations", at=world.ago(5))

    assert ids(then["overdue"]) == [kept_later]
    assert then["overdue"][0]["days_overdue"] == 5
    assert then["due_soon"] == [] and then["open"] == []
    assert world.report("expectations")["overdue"] == []


def test_renegotiation_moves_the_due_date_and_is_counted(world):
    who = world.person()
    promise = world.promise(who, due_in_days=-3)
    world.app.renegotiate_expectation(world.n, promise, due_on=world.day(14), reason="budget", recorded_by=BY)

    report = world.report("expectations")

    assert report["overdue"] == []
    [item] = report["open"]
    assert (item["id"], item["renegotiations"], item["due_on"]) == (promise, 1, world.day(14))


def test_an_erased_persons_promise_keeps_its_shape_without_its_words(world):
    who = world.person()
    world.promise(who, due_in_days=-1)
    world.app.erase_stakeholder(world.n, who, recorded_by=BY)

    [item] = world.report("expectations")["overdue"]

    assert (item["description"], item["days_overdue"]) == (None, 1)
