"""The trust indicator: its formula, its history and the events behind every point (docs/trust.md)."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.base import event_id
from domain.errors import NotFound
from projections.reports.trust_weights import TrustWeights, current_weights, use_weights
from tests.builders import BY
from tests.unit.test_reports_world import World


@pytest.fixture
def world():
    built = World()
    yield built
    built.close()


def last_event(world: World, object_id) -> object:  # noqa: ANN001
    """The id of the latest event of an object (what a fulfilment or an outcome was recorded as)."""
    aggregate = world.app.aggregate(world.n, object_id)
    return event_id(object_id, aggregate.version)


def steps(result: dict) -> list[tuple[float, list[str]]]:
    return [(p["score"], [f["code"] for f in p["factors"]]) for p in result["history"]]


def test_a_relationship_starts_at_fifty_and_names_its_first_event(world):
    who = world.person(days_ago=10)

    result = world.trust(who)

    assert result["stakeholder_id"] == who and result["score"] == 50.0
    [start] = result["history"]
    assert (start["at"], start["score"], start["event_ids"]) == (world.ago(10), 50.0, [who])


def test_a_promise_kept_on_time_raises_trust_and_names_the_event(world):
    who = world.person(days_ago=40)
    promise = world.promise(who, agreed_days_ago=30, due_in_days=5)
    world.app.fulfil_expectation(world.n, promise, occurred_at=world.ago(3), recorded_by=BY)

    result = world.trust(who)

    assert result["score"] == 55.0
    point = result["history"][-1]
    assert point["at"] == world.ago(3)
    assert point["event_ids"] == [last_event(world, promise)]
    assert point["factors"] == [{"code": "kept_on_time_by_us", "delta": 5.0, "event_id": last_event(world, promise)}]


def test_a_promise_kept_late_lowers_trust_less_than_a_missed_one(world):
    late, missed = world.person("Late", days_ago=40), world.person("Missed", days_ago=40)
    kept_late = world.promise(late, agreed_days_ago=30, due_in_days=-10)
    world.app.fulfil_expectation(world.n, kept_late, occurred_at=world.ago(2), recorded_by=BY)
    broken = world.promise(missed, agreed_days_ago=30, due_in_days=-10)
    world.app.miss_expectation(world.n, broken, occurred_at=world.ago(2), recorded_by=BY)

    late_score, missed_score = world.trust(late)["score"], world.trust(missed)["score"]

    assert (late_score, missed_score) == (49.0, 42.0)
    assert missed_score < late_score < 50


def test_their_promises_count_too(world):
    who = world.person(days_ago=40)
    theirs = world.promise(who, owed_by="them", agreed_days_ago=30, due_in_days=5)
    world.app.fulfil_expectation(world.n, theirs, occurred_at=world.ago(1), recorded_by=BY)

    assert steps(world.trust(who))[-1] == (54.0, ["kept_on_time_by_them"])


def test_information_counts_more_while_the_exchange_stays_even(world):
    who = world.person(days_ago=40)
    for days in (30, 29, 28):
        world.share(who, days, "shared")
    world.share(who, 27, "received")

    assert steps(world.trust(who))[1:] == [
        (52.0, ["information_reciprocal"]), (54.0, ["information_reciprocal"]),
        (54.5, ["information_one_sided"]),  # we were already two ahead
        (56.5, ["information_reciprocal"]),  # receiving evens it out again
    ]


def test_an_explained_decline_costs_less_than_a_silent_one(world):
    who = world.person(days_ago=40)
    world.decline(who, 30, by="us", reason="Case details are confidential.")
    world.decline(who, 20, by="us")
    world.decline(who, 10, by="them")

    assert steps(world.trust(who))[1:] == [(49.0, ["declined_by_us_with_reason"]),
                                           (45.0, ["declined_by_us_silently"]),
                                           (42.0, ["declined_by_them_silently"])]


def test_ask_outcomes_and_attendance(world):
    who, other = world.person(days_ago=50), world.person("Other", days_ago=50)
    accepted = world.ask(who, 40, "accepted")
    world.ask(who, 30, "declined")
    world.ask(who, 20, "no_response")
    world.ask(who, 10)  # no outcome yet: weighs nothing
    world.meeting({who: "present", other: "absent"}, 8)
    world.meeting({who: "excused", other: "present"}, 6)
    world.meeting({who: "absent", other: "present"}, 4)

    result = world.trust(who)

    assert steps(result)[1:] == [(52.0, ["ask_accepted"]), (51.0, ["ask_declined"]), (48.0, ["ask_no_response"]),
                                 (49.0, ["attended_present"]), (47.0, ["attended_absent"])]
    assert result["history"][1]["event_ids"] == [last_event(world, accepted)]


def test_neglect_decays_toward_fifty_by_default_and_lower_when_configured(world):
    who = world.person(days_ago=100)  # default plan: maximum interval 60 days
    promise = world.promise(who, agreed_days_ago=100, due_in_days=5)
    world.app.fulfil_expectation(world.n, promise, occurred_at=world.ago(95), recorded_by=BY)  # +5, and feeds

    default = world.trust(who)
    # Neglected since 35 days ago: 35 x 0.25 = 8.75, but never below 50.
    assert default["score"] == 50.0
    tail = default["history"][-1]
    assert (tail["at"], tail["event_ids"]) == (world.clock(), [])
    assert tail["factors"] == [{"code": "neglect_decay", "delta": -5.0, "event_id": None, "days": 35.0}]

    downward = world.trust(who, trust_weights=TrustWeights.from_json('{"decay_toward": 0}'))
    assert downward["score"] == 46.25


def test_feeding_stops_the_decay(world):
    who = world.person(days_ago=100)
    world.ask(who, 99, "accepted", answered_after=0)  # 52, but an ask does not feed
    world.contact(who, 10)

    result = world.trust(who, trust_weights=TrustWeights(decay_toward=0))

    # Neglected from 40 days ago (100 - 60) until the contact 10 days ago: 30 days x 0.25.
    assert result["score"] == 44.5
    decayed = result["history"][-1]
    assert (decayed["at"], decayed["factors"][0]["days"]) == (world.ago(10), 30.0)


def test_archived_time_is_not_neglect(world):
    who = world.person(days_ago=200)
    world.ask(who, 199, "accepted", answered_after=0)  # 52
    world.app.archive_stakeholder(world.n, who, occurred_at=world.ago(130), recorded_by=BY)
    world.app.reactivate_stakeholder(world.n, who, occurred_at=world.ago(20), recorded_by=BY)

    result = world.trust(who, trust_weights=TrustWeights(decay_toward=0))

    # Neglected from 140 days ago until the archiving 130 days ago; the clock restarts at the reactivation.
    assert result["score"] == 49.5
    assert [p["factors"][0]["days"] for p in result["history"][2:]] == [10.0]


def test_as_of_counts_only_what_had_happened(world):
    who = world.person(days_ago=40)
    world.ask(who, 30, "accepted")
    world.ask(who, 10, "no_response")

    assert world.trust(who, at=world.ago(20))["score"] == 52.0
    assert world.trust(who)["score"] == 49.0


def test_a_successor_carries_on_from_the_predecessors_trust(world):
    leaving, successor = world.person("Youssef", days_ago=60), world.person("Sofie", days_ago=30)
    for days in (50, 45, 40):
        world.ask(leaving, days, "accepted")  # 56
    world.contact(leaving, 40)
    world.app.hand_over(world.n, leaving, successor_id=successor, occurred_at=world.ago(20), recorded_by=BY)

    result = world.trust(successor)

    assert steps(result)[-1] == (56.0, ["handed_over"])
    assert result["history"][-1]["event_ids"] == [last_event(world, leaving)]


def test_unknown_stakeholders_are_not_found(world):
    with pytest.raises(NotFound):
        world.trust(uuid4())
    later = world.person(days_ago=5)
    with pytest.raises(NotFound):
        world.trust(later, at=world.ago(10))  # the relationship had not started


def test_weights_from_json_refuse_unknown_names_and_non_numbers():
    assert TrustWeights.from_json(None) == TrustWeights()
    assert TrustWeights.from_json('{"ask_accepted": 3}').ask_accepted == 3.0
    with pytest.raises(ValueError, match="unknown trust weight 'ask_acepted'"):
        TrustWeights.from_json('{"ask_acepted": 3}')
    with pytest.raises(ValueError, match="must be a finite number"):
        TrustWeights.from_json('{"ask_accepted": "high"}')
    with pytest.raises(ValueError, match="JSON object"):
        TrustWeights.from_json("[1, 2]")


def test_the_process_default_weights_apply_unless_the_context_brings_its_own(world):
    who = world.person(days_ago=40)
    world.ask(who, 30, "accepted")
    use_weights(TrustWeights(ask_accepted=10))
    try:
        assert world.trust(who)["score"] == 60.0
        assert world.trust(who, trust_weights=TrustWeights())["score"] == 52.0
    finally:
        use_weights(None)
    assert current_weights() == TrustWeights()
