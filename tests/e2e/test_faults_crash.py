"""kill -9 of `linkingpin serve` at random moments while clients write and retry with Idempotency-Keys:
every acknowledged write is in the log once under its own id, no answer is a 500, the chain verifies,
and the views equal a rebuild. Known gap (measured, not hidden): a write the killed process made but
never answered lands a second time when the client retries it; see test_faults_idempotency."""

from __future__ import annotations

import random
import threading
import time
from datetime import timedelta

import pytest

from tests.e2e.test_faults_clients import (
    BASE, Tally, check_after_faults, client, start_writers, stop_writers,
)
from tests.e2e.test_faults_support import (
    admin_token, kill, launch, new_server, record_figures, shut, store_env,
)

CLIENTS = 4
CRASHES = 6
LEASE_SECONDS = 3.0


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_kill_9_under_writes_keeps_every_acknowledged_write_exactly_once(kind, tmp_path, request):
    env = store_env(kind, tmp_path, request)
    server = new_server(env, tmp_path)
    token = admin_token(server)
    launch(server, lease=LEASE_SECONDS)
    tally, stop, rng = Tally(), threading.Event(), random.Random(9)
    try:
        api = client(server.base_url, token)
        person = api.post("/v1/stakeholders", json={
            "name": "Nadia Benali", "sector": "youth_work", "side": "formal", "level": "operational",
            "occurred_at": (BASE - timedelta(days=1)).isoformat()}).json()["id"]
        writers = start_writers(server.base_url, token, person, tally, stop, count=CLIENTS)
        for _ in range(CRASHES):
            time.sleep(rng.uniform(0.2, 1.2))  # a random moment in the stream of writes
            kill(server)
            launch(server, lease=LEASE_SECONDS)
        time.sleep(1.0)
        stop_writers(writers, stop)
    finally:
        stop.set()
        shut(server)
    once, duplicated = check_after_faults(env, tally)
    record_figures(request, f"crash ({kind}, kill -9)", crashes=CRASHES, requests_sent=tally.requests,
                   dropped_connections=tally.dropped, acknowledged_writes=len(tally.acknowledged),
                   found_exactly_once=once, landed_twice=duplicated, server_errors=tally.server_errors)
    assert tally.server_errors == 0, tally.statuses
    assert once == len(tally.acknowledged), "an acknowledged write is missing, or was written again"
    # A write the killed process made but never answered carried its receipt: the retry writes nothing again.
    assert duplicated == 0
