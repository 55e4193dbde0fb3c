"""The query plans SQLite picks for the reports that were slow at a million events. With no statistics
gathered, SQLite chooses indexes by the shape of a query, not by the size of its tables, so the plans on
this small world are the plans at full size."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from tests.unit.test_reports_network import Town
from tests.unit.test_reports_world import World


@pytest.fixture
def world():
    built = World()
    town = Town(built)
    for days in (40, 30, 20, 10, 8, 6):  # Karim is asked too often, and one ask was left without response
        built.ask(town.karim, days, "no_response" if days == 40 else None)
    yield built
    built.close()


@contextmanager
def statements(world: World) -> Iterator[list[tuple[str, tuple]]]:
    seen: list[tuple[str, tuple]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        seen.append((statement, parameters))

    event.listen(world.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(world.engine, "before_cursor_execute", record)


def plans(world: World, report: str, *, reading: str) -> list[list[str]]:
    """The plan of each statement of `report` that reads from a table whose name ends in `reading`."""
    world.views.catch_up()
    with statements(world) as seen:
        world.report(report)
    with world.engine.connect() as connection:
        raw = connection.connection.driver_connection
        return [[row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}", parameters)]
                for sql, parameters in seen if sql.lstrip().startswith("SELECT") and f"{reading} " in sql]


def test_each_groups_last_meeting_is_one_seek_on_the_groups_index(world):
    [plan] = [p for p in plans(world, "neglect", reading="meetings") if any("SUBQUERY" in step for step in p)]
    assert any("meetings_group_occurred" in step for step in plan), plan


def test_meetings_are_counted_per_group_from_an_index_in_that_order(world):
    counted = [p for p in plans(world, "network", reading="meetings") if not any("a_groups" in step for step in p)]
    assert len(counted) == 2
    for plan in counted:
        assert all("COVERING INDEX" in step for step in plan if "meetings" in step), plan
        assert not any("TEMP B-TREE" in step for step in plan), plan


def test_whether_each_group_has_met_is_one_seek_along_its_meetings(world):
    [sectors] = [p for p in plans(world, "network", reading="meetings") if any("a_groups" in step for step in p)]
    assert any("meetings_group_occurred" in step for step in sectors), sectors
    assert not any("SCAN" in step for step in sectors), sectors


def test_the_summary_reads_the_people_once(world):
    people = plans(world, "network", reading="stakeholders")
    # Other statements reach a person by key (a group's members), never the network's people again.
    whole = [p for p in people if any("stakeholder_communities" not in step and "a_stakeholders" in step
                                      and "(id=?)" not in step for step in p)]
    assert len([p for p in whole if not any("stakeholder_communities" in step for step in p)]) == 1, people


def test_the_summary_finds_whom_the_coordinator_reached_without_searching_the_feedings(world):
    [census] = [p for p in plans(world, "network", reading="stakeholders") if any("first_contacts" in s for s in p)]
    assert not any("feedings" in step for step in census), census


def test_overuse_weighs_the_people_asked_not_everyone_in_the_network(world):
    read = plans(world, "overuse", reading="asks")
    through_asked = [p for p in read if any("asked" in step for step in p)]
    assert len(through_asked) == 2, through_asked  # the counts, and the asks since the latest answer
    for plan in through_asked:  # each person's row by its key, never every row of the network
        assert not any("stakeholders_network" in step or "asks_network" in step for step in plan), plan
    [pending] = [p for p in through_asked if any("SUBQUERY" in step for step in p)]
    [counts] = [p for p in through_asked if p is not pending]
    assert "asked" in pending[0] and "asked" in counts[0], through_asked  # the outer loop is the few people asked
    assert not any("TEMP B-TREE" in step for step in counts), counts  # grouped in the order `asked` is read
    [evidence] = [p for p in read if p not in through_asked]  # the page's people by their ids: nobody else's row
    assert all("asks_stakeholder_occurred" in step for step in evidence if "SEARCH" in step), evidence


def test_neglect_opens_a_persons_row_only_when_their_kept_feeding_leaves_them_due(world):
    [plan] = plans(world, "neglect", reading="last_fed")
    weighed = next(i for i, step in enumerate(plan) if "SUBQUERY" in step)
    opened = next(i for i, step in enumerate(plan) if "stakeholders" in step)
    assert "last_fed" in plan[0] and weighed < opened, plan
