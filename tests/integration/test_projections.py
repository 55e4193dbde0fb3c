"""Views kept incrementally equal a rebuild and an as-of replay, and survive being killed mid-batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, select

from api.composition import build
from api.demo import load_demo
from api.demo_data import SLUG
from domain.network import network_id_for
from projections import indexes
from projections.asof import replay
from projections.views.base import GENERATIONS
from tests.builders import BY, network, stakeholder
from tests.conftest import Clock, sqlite_settings
from tests.histories import History
from tests.projection_checks import all_reports, live_snapshot, snapshot

KILLER = Path(__file__).with_name("projection_worker.py")


def rebuilt_equals_live(services) -> None:  # noqa: ANN001
    before = live_snapshot(services.views)
    services.views.rebuild("activity")  # one view alone
    assert live_snapshot(services.views) == before
    services.views.rebuild()  # every view in one pass
    assert live_snapshot(services.views) == before


def replay_equals_live(services, network_id, at) -> None:  # noqa: ANN001
    replayed = replay(services.app, services.engine, services.views.catalog, network_id, as_of=at, known_at=at)
    with replayed.engine.connect() as connection:
        from_replay = snapshot(connection, replayed.tables)
    live = live_snapshot(services.views)
    assert set(live) - set(from_replay) == {"events"}  # the event log: no report reads it, so none replays it
    for name, rows in from_replay.items():
        assert rows == live[name], f"{name} differs between live views and an as-of replay"


def test_demo_views_equal_a_rebuild_and_an_as_of_replay(services):
    load_demo(services.app)
    services.views.catch_up()
    n = network_id_for(SLUG)
    # One moment for every report compared: rebuilding takes long enough for "days since" to move on.
    moment = services.app.clock()
    services.views.clock = lambda: moment
    live_reports = all_reports(services.views, n)
    replay_equals_live(services, n, moment)
    assert all_reports(services.views, n, as_of=moment) == live_reports
    rebuilt_equals_live(services)
    assert all_reports(services.views, n) == live_reports


@pytest.fixture
def sqlite_services(tmp_path, clock):  # noqa: ANN001
    """Services on a SQLite file, on the test's clock."""
    services = build(sqlite_settings(tmp_path), clock=clock)
    yield services
    services.close()


def test_as_of_answers_both_meanings(sqlite_services, clock):
    services = sqlite_services
    n = network(services.app)
    s = stakeholder(services.app, n, occurred_at=clock() - timedelta(days=100))
    clock.advance(days=1)
    known_before_backdating = clock()
    clock.advance(days=1)
    # Recorded today, occurred 40 days ago: a contact the coordinator forgot to log.
    services.app.log_contact(n, stakeholder_id=s, channel="phone", initiated_by="us", purpose="check_in",
                             occurred_at=clock() - timedelta(days=40), recorded_by=BY)
    services.views.catch_up()
    now_known = services.views.report("neglect", n, as_of=clock() - timedelta(days=30))
    then_known = services.views.report("neglect", n, as_of=clock() - timedelta(days=30),
                                       known_at=known_before_backdating)
    assert now_known["items"] == []  # what we know now: fed 10 days before T
    [item] = then_known["items"]  # what we knew then: never fed since the relationship began
    assert (item["status"], item["days_since_fed"]) == ("neglected", pytest.approx(72, abs=0.01))  # registered 102 days before now
    before_registration = services.views.report("neglect", n, as_of=clock() - timedelta(days=150))
    assert before_registration["items"] == []
    # The directory and the timeline answer both meanings too.
    directory = [services.views.page("stakeholders", n, as_of=clock() - timedelta(days=d))["items"] for d in (150, 30)]
    assert [[p["id"] for p in items] for items in directory] == [[], [s]]
    timeline = services.views.page("interactions", n, as_of=clock() - timedelta(days=30))["items"]
    assert [i["type"] for i in timeline] == ["contact"]
    assert services.views.page("interactions", n, as_of=clock() - timedelta(days=50))["items"] == []
    assert services.views.page("interactions", n, as_of=clock() - timedelta(days=30),
                               known_at=known_before_backdating)["items"] == []


def test_the_directory_as_of_before_an_erasure_shows_the_person_erased(sqlite_services, clock):
    services = sqlite_services
    n = network(services.app)
    s = stakeholder(services.app, n, occurred_at=clock() - timedelta(days=10))
    clock.advance(days=1)
    before = clock()
    clock.advance(days=1)
    services.app.erase_stakeholder(n, s, recorded_by=BY)
    services.views.catch_up()
    for moment in ({"as_of": before}, {"as_of": before, "known_at": before}, {}):
        [person] = services.views.page("stakeholders", n, **moment)["items"]
        assert (person["erased"], person["name"], person["contact"]) == (True, None, None), moment


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_histories_incremental_equals_rebuild_and_replay(tmp_path_factory, data):
    clock = Clock()
    services = build(sqlite_settings(tmp_path_factory.mktemp("views")), clock=clock)
    try:
        n = services.app.create_network(slug="prop", name="Property network").id
        history = History(services.app, n, data)
        # 1: fills from empty, rebuilds and replays all set their indexes aside and make them after.
        services.views.runner.bulk_backlog = data.draw(st.sampled_from([1, 50_000]), label="bulk backlog")
        for _ in range(data.draw(st.integers(1, 4), label="rounds")):
            history.run(data.draw(st.integers(1, 15), label="steps"))
            services.views.runner.batch_size = data.draw(st.integers(1, 50), label="batch size")
            services.views.catch_up()  # incremental, in batches of varying size
        replay_equals_live(services, n, clock())
        reports = all_reports(services.views, n)
        rebuilt_equals_live(services)
        assert all_reports(services.views, n) == reports
        assert all_reports(services.views, n, as_of=clock(), known_at=clock()) == reports
    finally:
        services.close()


def test_read_your_writes_waits_for_the_views(tmp_path):
    services = build(sqlite_settings(tmp_path))
    services.start_projections()
    try:
        n = network(services.app)
        written = services.app.register_stakeholder(n, name="Els", sector="police", side="formal",
                                                    level="strategic", recorded_by=BY)
        assert services.views.wait_for(written.position, timeout=10)
        page = services.views.page("stakeholders", n, limit=10)
        assert [item["id"] for item in page["items"]] == [written.id]
        assert services.views.lag() == 0
    finally:
        services.close()


def run_worker(settings_env: dict[str, str], *, mode: str) -> subprocess.Popen[str]:
    # Every fill from empty sets the indexes aside, so a kill may also leave them missing.
    env = {**os.environ, **settings_env, "KILL_MODE": mode, "LINKINGPIN_PROJECTION_BULK_BACKLOG": "1"}
    return subprocess.Popen([sys.executable, str(KILLER)], env=env, stdout=subprocess.PIPE, text=True)


def kill_mid_batch_leaves_views_like_a_rebuild(settings, settings_env) -> None:  # noqa: ANN001
    services = build(settings)
    try:
        load_demo(services.app)
        for mode in ("in-batch", "in-batch", "anywhere"):
            worker = run_worker(settings_env, mode=mode)
            assert worker.stdout.readline().strip() == "ready"
            if mode == "in-batch":
                assert worker.stdout.readline().strip() == "in-batch"  # rows written, not yet committed
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        services.close()
        services = build(settings)  # start-up makes whatever index a killed fill left missing
        services.views.catch_up()
        catalog = services.views.catalog
        wanted = indexes.secondary(catalog.tables(name, g) for name in catalog.views for g in GENERATIONS)
        found = inspect(services.engine)
        assert {i.name for i in wanted} <= {i["name"] for t in {i.table.name for i in wanted}
                                           for i in found.get_indexes(t)}
        with services.engine.connect() as connection:
            positions = {row.position for row in connection.execute(select(services.views.catalog.live(connection).events))}
        assert positions == set(range(1, services.views.runner.head() + 1))  # every event indexed exactly once
        rebuilt_equals_live(services)
    finally:
        services.close()


def test_killing_the_projection_process_mid_batch_on_sqlite(tmp_path):
    settings = sqlite_settings(tmp_path)
    env = {"LINKINGPIN_DATABASE_URL": settings.database_url, "LINKINGPIN_MASTER_KEY_FILE": str(settings.master_key_file)}
    kill_mid_batch_leaves_views_like_a_rebuild(settings, env)


@pytest.mark.postgres
def test_killing_the_projection_process_mid_batch_on_postgres(pg_schema, tmp_path):
    from tests.conftest import postgres_settings

    url, schema = pg_schema
    settings = postgres_settings(url, schema, tmp_path)
    env = {"LINKINGPIN_DATABASE_URL": url, "LINKINGPIN_DATABASE_SCHEMA": schema,
           "LINKINGPIN_MASTER_KEY_FILE": str(settings.master_key_file)}
    kill_mid_batch_leaves_views_like_a_rebuild(settings, env)
