"""What an as-of replay reads from the log: exactly its network's positions, however networks interleave."""

from __future__ import annotations

from types import SimpleNamespace

from eventsourcing.dispatch import singledispatchmethod
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.application import Linkingpin
from domain.expectation import Expectation
from projections.asof import _handled, _runs, _select
from projections.catalog import Catalog
from projections.db import make_engine
from projections.runner import Runner
from projections.views.base import View, ViewRecorder
from projections.views.handled import handled_types
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


def _targets() -> list:
    engine = make_engine("sqlite://")
    catalog = Catalog()
    catalog.create(engine)
    return Runner(Linkingpin(), engine, catalog).targets()


def test_a_replay_reads_only_the_event_types_its_views_handle():
    targets = _targets()
    views = {t.view.name: t.view for t in targets}
    drawn = handled_types(views["network_map"])
    assert {"Meeting.Held", "Introduction.Logged", "DirectContact.Logged", "Contact.Logged"} <= drawn  # reached
    assert not {"InformationExchange.Logged", "Ask.Made", "Expectation.Agreed", "Group.Formed"} & drawn
    assert handled_types(views["groups"]) == {"Group.Formed", "Group.MemberAdded", "Group.MemberRemoved",
                                              "Meeting.Held"}
    assert {"Contact.Logged", "Ask.OutcomeRecorded", "Expectation.Fulfilled"} <= handled_types(views["activity"])
    fed = handled_types(views["feeding"])
    assert {"Contact.Logged", "Meeting.Held", "Expectation.Fulfilled", "Stakeholder.Registered"} <= fed
    assert not {"Ask.Made", "Ask.OutcomeRecorded", "InformationDeclined.Logged"} & fed  # an ask never feeds
    assert handled_types(views["event_log"]) is None  # it takes every event, whatever its type
    # One of two views taking every event means reading every event.
    assert _handled(targets) is None
    assert _handled([t for t in targets if t.view.name != "event_log"]) == handled_types(views["activity"]) | drawn | \
        handled_types(views["directory"]) | handled_types(views["groups"]) | handled_types(views["feeding"])


class Promises(View):
    name = "promises"

    @singledispatchmethod
    def apply(self, e: object) -> None:
        pass

    @apply.register
    def _(self, e: Expectation.Event) -> None:
        pass


class Undispatched(View):
    name = "undispatched"

    def apply(self, e: object) -> None:
        pass


def test_a_handler_on_a_base_class_takes_its_subclasses_and_a_view_without_dispatch_takes_everything():
    def recorder() -> ViewRecorder:
        return ViewRecorder(make_engine("sqlite://"), view="test", generation="a", tables=SimpleNamespace())

    promised = handled_types(Promises(recorder()))
    assert {"Expectation.Agreed", "Expectation.Renegotiated", "Expectation.Fulfilled", "Expectation.Missed"} <= promised
    assert not {"Contact.Logged", "Ask.Made"} & promised
    assert handled_types(Undispatched(recorder())) is None  # nothing to ask its `apply`: read every event
