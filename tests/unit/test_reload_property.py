"""Any sequence of valid commands reloads from the store to the same state."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Clock
from tests.histories import History, RecordingApp


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_commands_reload_to_the_same_state(data):
    # No aggregate cache: every get replays the serialised events from the store.
    app = RecordingApp(env={"PERSISTENCE_MODULE": "eventsourcing.popo", "AGGREGATE_CACHE_MAXSIZE": ""}, clock=Clock())
    network_id = app.create_network(slug="prop", name="Property network").id
    History(app, network_id, data).run(data.draw(st.integers(1, 40), label="steps"))
    assert app.saved, "at least one aggregate was saved"
    for aggregate_id, in_memory in app.saved.items():
        assert app.repository.get(aggregate_id) == in_memory
