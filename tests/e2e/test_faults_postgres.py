"""PostgreSQL restarted under load: clients get 503 with Retry-After (never a 500) while it is down, and
linkingpin recovers by itself: the same process serves writes again, and its views and chain catch up.

The restart hits every database on this server for a second or two, other test runs included, so this
is one test that restarts once.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from datetime import timedelta

import httpx
import pytest

from tests.e2e.test_faults_clients import (
    BASE, Tally, check_after_faults, client, start_writers, stop_writers,
)
from tests.e2e.test_faults_crash import CLIENTS
from tests.e2e.test_faults_support import (
    admin_token, launch, new_server, record_figures, shut, store_env,
)

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
RESTART = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"]


def restart_postgres() -> float:
    if shutil.which(RESTART[0]) is None:
        pytest.fail("pg_ctlcluster is not installed: this test restarts the local PostgreSQL 15 cluster")
    started = time.monotonic()
    done = subprocess.run(RESTART, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def test_postgres_restart_under_load_answers_503_and_recovers_alone(tmp_path, request):
    env = store_env("postgres", tmp_path, request)
    server = new_server(env, tmp_path)
    token = admin_token(server)
    launch(server, lease=3.0)
    tally, stop = Tally(), threading.Event()
    try:
        pid = server.process.pid
        api = client(server.base_url, token)
        person = api.post("/v1/stakeholders", json={
            "name": "Sofie Peeters", "sector": "social_work", "side": "formal", "level": "strategic",
            "occurred_at": (BASE - timedelta(days=1)).isoformat()}).json()["id"]
        writers = start_writers(server.base_url, token, person, tally, stop, count=CLIENTS)
        time.sleep(1.5)
        down_for = restart_postgres()
        before = len(tally.acknowledged)
        time.sleep(4.0)
        stop_writers(writers, stop)
        after = len(tally.acknowledged) - before
        ready = httpx.get(f"{server.base_url}/readyz", timeout=10)
        assert server.process.poll() is None and server.process.pid == pid, "linkingpin had to be restarted"
    finally:
        stop.set()
        shut(server)
    once, duplicated = check_after_faults(env, tally)
    record_figures(request, "PostgreSQL restarted under load", restart_seconds=round(down_for, 1),
                   requests_sent=tally.requests, answered_503=tally.statuses[503], dropped=tally.dropped,
                   acknowledged_writes=len(tally.acknowledged), acknowledged_after_restart=after,
                   found_exactly_once=once, landed_twice=duplicated, server_errors=tally.server_errors)
    assert tally.server_errors == 0 and tally.missing_retry_after == 0, tally.statuses
    assert ready.status_code == 200 and after > 0
    assert once == len(tally.acknowledged) and duplicated == 0
