"""The background feed: woken by NOTIFY on PostgreSQL, by watching the log's head on SQLite, for writes from other
processes."""

from __future__ import annotations

import time

import pytest

from api.composition import build
from tests.builders import BY, network, stakeholder
from tests.conftest import postgres_settings, sqlite_settings


def wait_until_listed(services, network_id, stakeholder_id, *, seconds: float) -> float:  # noqa: ANN001
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        ids = [item["id"] for item in services.views.page("stakeholders", network_id, limit=100)["items"]]
        if stakeholder_id in ids:
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"not projected within {seconds}s")


def another_process_writes_and_the_feed_follows(settings, *, poll_seconds: float, within: float) -> None:  # noqa: ANN001
    settings.projection_poll_seconds = poll_seconds
    reader, writer = build(settings), build(settings)
    try:
        reader.start_projections()
        n = network(writer.app)
        writer.views.catch_up()
        s = stakeholder(writer.app, n, "Written elsewhere")  # not this process: no in-process wake-up
        assert wait_until_listed(reader, n, s, seconds=within) < within
    finally:
        writer.close()
        reader.close()


@pytest.mark.postgres
def test_postgres_notifications_wake_the_feed_long_before_its_poll(pg_schema, tmp_path):
    url, schema = pg_schema
    # A 60 s poll: only LISTEN/NOTIFY can bring the write in within a few seconds.
    another_process_writes_and_the_feed_follows(postgres_settings(url, schema, tmp_path), poll_seconds=60, within=5)


def test_sqlite_feed_polls_for_writes_from_other_processes(tmp_path):
    another_process_writes_and_the_feed_follows(sqlite_settings(tmp_path), poll_seconds=0.2, within=5)


def test_sqlite_feed_notices_another_process_moving_the_log_head_long_before_its_poll(tmp_path):
    # A 60 s poll: only watching the log's head can bring the write in within a few seconds.
    another_process_writes_and_the_feed_follows(sqlite_settings(tmp_path), poll_seconds=60, within=5)


def test_a_write_in_the_same_process_wakes_the_feed_at_once(tmp_path):
    settings = sqlite_settings(tmp_path)
    settings.projection_poll_seconds = 60
    services = build(settings)
    try:
        services.start_projections()
        n = network(services.app)
        s = services.app.register_stakeholder(n, name="Here", sector="police", side="formal", level="strategic",
                                              recorded_by=BY)
        assert services.views.wait_for(s.position, timeout=5)
    finally:
        services.close()
