"""What an as-of replay reads from the log: exactly its network's positions, however networks interleave."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.application import Linkingpin
from projections.asof import _runs, _select
from tests.builders import network, stakeholder


def test_runs_split_where_positions_lie_a_read_through_apart():
    assert list(_runs([1, 2, 3, 40, 41, 100], gap=32)) == [(1, 3), (40, 41), (100, 100)]
    assert list(_runs([1, 32, 64], gap=32)) == [(1, 32), (64, 64)]
    assert list(_runs([7], gap=32)) == [(7, 7)]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=120).filter(any), st.integers(min_value=1, max_value=40))
def test_a_replay_reads_exactly_its_networks_events_from_an_interleaved_log(turns, gap):
    """Two networks log side by side in any order; the positions of one are read, and nothing else."""
    app = Linkingpin(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    ours, theirs = network(app, "ours"), network(app, "theirs")
    mine = []
    for is_ours in turns:
        stakeholder(app, ours if is_ours else theirs)
        if is_ours:
            mine.append(app.recorder.max_notification_id())
    assert [n.id for n in _select(app, mine, gap=gap)] == mine
