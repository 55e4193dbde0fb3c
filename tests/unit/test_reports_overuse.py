"""Overuse: asks against capacity, taking against giving, unanswered streaks, concentration."""

from __future__ import annotations

import pytest

from projections.reports.concentration import gini
from tests.builders import BY
from tests.unit.test_reports_world import World


@pytest.fixture
def world():
    built = World()
    yield built
    built.close()


def item_for(report: dict, who) -> dict | None:  # noqa: ANN001
    return next((i for i in report["items"] if i["stakeholder_id"] == who), None)


def reasons(item: dict) -> dict[str, dict]:
    return {r["code"]: r for r in item["reasons"]}


def test_four_asks_in_thirty_days_with_capacity_three_is_over_capacity(world):
    karim = world.person("Karim Bouzid")
    world.ask(karim, 45, "accepted")  # outside the window
    asks = [world.ask(karim, days, "accepted") for days in (25, 18, 11, 4)]
    for days in (44, 24, 17, 10, 3):
        world.contact(karim, days)

    item = item_for(world.report("overuse"), karim)

    assert (item["name"], item["asks_in_window"], item["max_asks"], item["window_days"]) == ("Karim Bouzid", 4, 3, 30)
    assert list(reasons(item)) == ["over_capacity"]
    over = reasons(item)["over_capacity"]
    assert over["event_ids"] == asks
    assert over["text"] == "Asked 4 times in the last 30 days; they can carry 3. Pick your battles."


def test_a_plan_of_their_own_sets_the_window_and_capacity(world):
    imam = world.person("Imam", plan={"max_asks": 2, "window_days": 14})
    world.ask(imam, 20, "accepted")
    world.ask(imam, 12, "accepted")
    world.ask(imam, 8, "accepted")
    world.ask(imam, 5, "accepted")
    for days in (19, 11, 7, 4):
        world.contact(imam, days)

    item = item_for(world.report("overuse"), imam)

    assert (item["asks_in_window"], item["max_asks"], item["window_days"]) == (3, 2, 14)


def test_asks_within_capacity_and_fed_raise_nothing(world):
    els = world.person("Els")
    for days in (25, 15, 5):
        world.ask(els, days, "accepted")
        world.contact(els, days - 1)

    report = world.report("overuse")

    assert item_for(report, els) is None
    assert report["items"] == []


def test_more_asks_than_feeding_over_ninety_days_is_taking_too_much(world):
    hanne = world.person("Hanne")
    asks = [world.ask(hanne, days, "accepted") for days in (80, 50, 20)]
    world.contact(hanne, 60)

    item = item_for(world.report("overuse"), hanne)

    assert list(reasons(item)) == ["taking_more_than_giving"]
    assert reasons(item)["taking_more_than_giving"]["event_ids"] == asks
    assert (item["asks_90_days"], item["fed_90_days"]) == (3, 1)

    for days in (70, 40):
        world.contact(hanne, days)
    assert item_for(world.report("overuse"), hanne) is None  # three asks, three moments of feeding


def test_a_streak_of_asks_without_an_answer(world):
    coach = world.person("Coach")
    world.ask(coach, 40, "accepted")
    silent = world.ask(coach, 30, "no_response")
    open_too_long = world.ask(coach, 20)  # never answered
    world.ask(coach, 1)  # too young to count, and it does not break the run either
    for days in (39, 29, 19, 2):
        world.contact(coach, days)

    item = item_for(world.report("overuse"), coach)

    streak = reasons(item)["unanswered_streak"]
    assert streak["event_ids"] == [silent, open_too_long]
    assert streak["text"].startswith("2 asks in a row without an answer (1 with no response, 1 still open")

    world.app.record_ask_outcome(world.n, open_too_long, outcome="accepted", recorded_by=BY)
    assert item_for(world.report("overuse"), coach) is None  # an answer ends the streak


def test_equal_asks_have_a_gini_of_zero():
    assert gini([2, 2, 2, 2]) == 0.0
    assert gini([0, 0, 0, 6]) == 0.75
    assert gini([]) == 0.0


def test_concentration_names_who_carries_the_asks(world):
    people = [world.person(f"Person {i}") for i in range(4)]
    for who in people:
        world.ask(who, 10, "accepted")
        world.contact(who, 9)
    even = world.report("overuse")
    assert even["concentration"]["gini"] == 0.0
    assert even["items"] == []

    heavy = people[0]
    extra = [world.ask(heavy, days, "accepted") for days in (85, 70, 55, 40, 25)]
    for days in (84, 69, 54, 39, 24):
        world.contact(heavy, days)

    report = world.report("overuse")
    spread = report["concentration"]
    # Asks per person over 90 days: 6, 1, 1, 1.
    assert spread["asks"] == 9 and spread["stakeholders"] == 4
    assert spread["gini"] == pytest.approx(0.4167, abs=1e-4)
    assert spread["top"][0] == {"stakeholder_id": heavy, "asks": 6, "share": pytest.approx(0.6667, abs=1e-4)}
    assert spread["top_share"] == pytest.approx(8 / 9, abs=1e-4)
    # A Gini under 0.5 is not yet "the same few people".
    assert report["items"] == []

    for days in (80, 65, 50):
        world.ask(heavy, days, "accepted")
        world.contact(heavy, days - 1)
    carried = reasons(item_for(world.report("overuse"), heavy))["carries_many_asks"]
    assert len(carried["event_ids"]) == 9 and set(extra) <= set(carried["event_ids"])


def test_as_of_counts_only_what_had_happened(world):
    karim = world.person("Karim")
    early = [world.ask(karim, days) for days in (45, 40, 38, 31)]
    world.app.record_ask_outcome(world.n, early[-1], outcome="accepted", occurred_at=world.ago(2), recorded_by=BY)

    then = world.report("overuse", at=world.ago(30))
    item = item_for(then, karim)

    assert item["asks_in_window"] == 4
    # At T the last ask was one day old and unanswered: the streak holds the three before it.
    assert reasons(item)["unanswered_streak"]["event_ids"] == early[:3]
    # Now: no asks in the last 30 days, and the answer given since ends the streak.
    assert list(reasons(item_for(world.report("overuse"), karim))) == ["taking_more_than_giving"]


def test_archived_stakeholders_are_left_out(world):
    karim = world.person("Karim")
    for days in (20, 15, 10, 5):
        world.ask(karim, days)
    world.app.archive_stakeholder(world.n, karim, recorded_by=BY)

    assert item_for(world.report("overuse"), karim) is None


def test_one_persons_standing_is_their_line_in_the_network_report(world):
    from projections.reports import registry

    people = [world.person(f"Person {i}") for i in range(4)]
    for who in people:
        world.ask(who, 10, "accepted")
        world.contact(who, 9)
    heavy, silent, gone = people[0], people[1], people[3]
    for days in (85, 80, 70, 65, 55, 50, 40, 25):
        world.ask(heavy, days, "accepted")
    for days in (20, 15, 8, 6):
        world.ask(silent, days)  # left without an answer
    for days in (30, 20):
        world.ask(gone, days, "accepted")
    world.app.archive_stakeholder(world.n, gone, recorded_by=BY)  # still counts in the spread

    report = world.report("overuse")
    assert {i["stakeholder_id"] for i in report["items"]} == {heavy, silent}
    with world.context() as ctx:
        for who in people:
            assert registry.standing(ctx, stakeholder_id=who)["overuse"] == item_for(report, who)
