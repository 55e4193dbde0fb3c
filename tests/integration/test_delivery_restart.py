"""Delivery survives a crash: a process raises an alert and is killed (SIGKILL) before it delivers;
a restarted worker delivers it, and exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from api.composition import build
from scheduler.outbox import deliver_pending
from tests.builders import BY, network, stakeholder
from tests.conftest import sqlite_settings
from tests.integration.test_alerts_support import Receiver, fast_runtime, wait_until

LINKINGPIN = str(Path(sys.executable).with_name("linkingpin"))

# The scheduled job as it runs in a worker, except that delivering hangs: the process is killed
# after the alert was raised and before anything was sent.
RAISE_THEN_HANG = """
import sys, threading
import scheduler.jobs as jobs
from api.composition import alert_runtime, build, scheduler_name
from api.settings import Settings
from scheduler import registry
services = build(Settings())
services.views.catch_up()
registry.register(scheduler_name(services.settings), alert_runtime(services))
def hang(runtime, network_id=None):
    print("raised", flush=True)
    threading.Event().wait()
jobs.deliver_pending = hang
jobs.scan_network(sys.argv[1])
"""


@pytest.fixture
def receiver():  # noqa: ANN201
    found = Receiver()
    yield found
    found.close()


def environment(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "LINKINGPIN_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'linkingpin.sqlite'}",
            "LINKINGPIN_MASTER_KEY_FILE": str(tmp_path / "data" / "master.key"),
            "LINKINGPIN_WEBHOOK_ALLOW_PRIVATE": "true"}


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_an_alert_raised_before_a_crash_is_delivered_exactly_once_after_restart(tmp_path, receiver):
    settings = sqlite_settings(tmp_path)
    services = build(settings)
    network_id = network(services.app)
    stakeholder(services.app, network_id, occurred_at=services.app.clock() - timedelta(days=90))
    _, receiver.secret = services.app.create_webhook(network_id, url=receiver.url, allow_private=True,
                                                     recorded_by=BY)
    services.close()
    env = environment(tmp_path)

    crashing = subprocess.Popen([sys.executable, "-c", RAISE_THEN_HANG, str(network_id)], env=env, cwd=tmp_path,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert crashing.stdout.readline().strip() == "raised", crashing.stdout.read()
    finally:
        os.kill(crashing.pid, signal.SIGKILL)
        crashing.wait(timeout=10)
    assert receiver.received == []

    worker = subprocess.Popen([LINKINGPIN, "worker"], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        wait_until(lambda: receiver.received or worker.poll() is not None, timeout=60)
        time.sleep(1.0)  # room for a duplicate, if the worker were to send one
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    assert len(receiver.received) == 1, output
    assert receiver.forged == []

    services = build(settings)
    try:
        assert deliver_pending(fast_runtime(services)) == {}  # the outbox knows it was delivered
        (alert,) = services.app.alerts(network_id)
        assert [d["result"] for deliveries in alert.deliveries.values() for d in deliveries] == ["delivered"]
        assert receiver.received[0]["payload"]["data"]["id"] == str(alert.id)
    finally:
        services.close()
    assert len(receiver.received) == 1
