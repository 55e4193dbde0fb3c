"""Reports read only what can matter at T (bounded reads, counts in the database, ids as stored);
these pin the cases where what matters lies further back, or off the usual path."""

from __future__ import annotations

from uuid import uuid4

import pytest
from sqlalchemy import Column, MetaData, Table, Uuid, insert, select

from projections.db import make_engine
from projections.reports.facts import StoredIds, by_id, stored_id
from tests.builders import BY
from tests.unit.test_reports_overuse import item_for, reasons
from tests.unit.test_reports_world import World


@pytest.fixture
def world():
    built = World()
    yield built
    built.close()


def test_an_unanswered_streak_reaches_back_past_every_window_to_the_last_answer(world):
    coach = world.person("Coach", days_ago=600)
    world.ask(coach, 500)  # before the answer: the answer ends the run here
    world.ask(coach, 450, "accepted")
    silent = world.ask(coach, 300, "no_response")
    forgotten = world.ask(coach, 250)

    streak = reasons(item_for(world.report("overuse"), coach))["unanswered_streak"]

    assert streak["event_ids"] == [silent, forgotten]


def test_a_streak_with_no_answer_ever_goes_back_to_the_first_ask(world):
    coach = world.person("Coach", days_ago=600)
    asks = [world.ask(coach, days) for days in (400, 350, 120)]

    assert reasons(item_for(world.report("overuse"), coach))["unanswered_streak"]["event_ids"] == asks


def test_an_answer_given_after_t_did_not_break_the_streak_at_t(world):
    coach = world.person("Coach", days_ago=600)
    first = world.ask(coach, 300)
    late = world.ask(coach, 200, "accepted", answered_after=150)  # answered 50 days ago

    then = reasons(item_for(world.report("overuse", at=world.ago(100)), coach))["unanswered_streak"]

    assert then["event_ids"] == [first, late]
    assert item_for(world.report("overuse"), coach) is None


def test_archived_people_asked_lately_still_count_in_the_spread(world):
    active = [world.person(f"Person {i}") for i in range(3)]
    gone = world.person("Gone")
    for days in (60, 40, 20):
        world.ask(gone, days, "accepted")
    world.ask(active[0], 10, "accepted")
    world.app.archive_stakeholder(world.n, gone, recorded_by=BY)

    spread = world.report("overuse")["concentration"]

    assert (spread["asks"], spread["stakeholders"]) == (4, 4)
    assert [t["stakeholder_id"] for t in spread["top"]] == [gone, active[0]]


def test_someone_with_a_shorter_ideal_interval_is_due_sooner(world):
    eager = world.person("Eager", plan={"ideal_interval_days": 7, "max_interval_days": 14})
    usual = world.person("Usual")
    for who in (eager, usual):
        world.contact(who, 10)

    due = {i["stakeholder_id"]: i["status"] for i in world.report("neglect")["items"]}

    assert due == {eager: "due"}


def test_neglect_at_a_past_moment_looks_past_the_kept_last_feeding_that_came_after_it(world):
    fed_since = world.person("Fed since", days_ago=300)
    fed_once = world.person("Fed once", days_ago=300)
    never = world.person("Never fed", days_ago=300)
    world.contact(fed_since, 100)
    world.contact(fed_since, 5)  # kept as the last feeding; at T, 20 days ago, it had not happened
    world.contact(fed_once, 70)
    world.contact(fed_once, 25)  # fed within the default ideal interval of T: not due then

    at = world.ago(20)
    found = {i["stakeholder_id"]: (i["status"], i["last_fed_at"]) for i in world.report("neglect", at=at)["items"]}

    assert found == {fed_since: ("neglected", world.ago(100)), never: ("neglected", None)}
    assert {i["stakeholder_id"] for i in world.report("neglect")["items"]} == {never}


@pytest.mark.parametrize("same_batch", [True, False])
def test_a_promise_we_kept_feeds_them_whether_it_was_agreed_in_the_same_batch_or_long_before(world, same_batch):
    ours, theirs = world.person("Ours", days_ago=300), world.person("Theirs", days_ago=300)
    promises = [world.promise(who, owed_by=owed_by, agreed_days_ago=40) for who, owed_by in ((ours, "us"),
                                                                                           (theirs, "them"))]
    if not same_batch:
        world.views.catch_up()  # the promises' rows are written: the feeding is found from the row in the table
    for promise in promises:
        world.app.fulfil_expectation(world.n, promise, occurred_at=world.ago(2), recorded_by=BY)

    due = {i["stakeholder_id"]: i["last_fed_at"] for i in world.report("neglect")["items"]}

    assert due == {theirs: None}  # their promise kept feeds nobody; ours fed them two days ago
    with world.context() as ctx:
        kept = dict(ctx.connection.execute(select(ctx.t.last_fed.c.stakeholder_id, ctx.t.last_fed.c.last_at)).all())
    assert kept == {ours: world.ago(2), theirs: None}


def test_ids_sort_in_the_database_as_their_text_and_read_back_as_stored():
    engine = make_engine("sqlite://")
    table = Table("ids", MetaData(), Column("id", Uuid, primary_key=True))
    table.create(engine)
    ids = [uuid4() for _ in range(300)]
    with engine.begin() as connection:
        connection.execute(insert(table), [{"id": i} for i in ids])
        ordered = list(connection.execute(select(table.c.id).order_by(table.c.id)).scalars())
        raw = list(connection.execute(select(stored_id(table.c.id)).order_by(table.c.id)).scalars())
    assert ordered == sorted(ids, key=by_id)
    read = StoredIds()
    assert [read[r] for r in raw] == ordered
    assert read[raw[0]] is read[raw[0]]  # built once
