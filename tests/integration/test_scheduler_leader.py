"""Exactly one scheduler leader: a file lock beside a SQLite file, an advisory lock on PostgreSQL.

Two real processes on one PostgreSQL schema tick every two seconds; the scans they record show
one scan per tick, before and after the leader is killed and the other takes over.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest

from api.composition import alert_runtime, build, leadership_for
from domain.alert import alert_book_id
from projections.db import writer
from scheduler.service import SchedulerService
from tests.builders import network, stakeholder
from tests.conftest import postgres_settings, sqlite_settings
from tests.integration.test_alerts_support import wait_until

DRIVER = """
import logging, time
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
from apscheduler.triggers.cron import CronTrigger
import scheduler.schedule as schedule
schedule.trigger_for = lambda _schedule, zone: CronTrigger(second="*/2", timezone=zone)  # ticks every 2 s
from api.composition import alert_runtime, build, leadership_for
from api.settings import Settings
from scheduler.service import SchedulerService
services = build(Settings())
services.start_projections()
service = SchedulerService(alert_runtime(services), leadership=leadership_for(services.settings),
                           engine=services.engine, schema=services.settings.database_schema,
                           retry_seconds=0.3, sync_seconds=0.5)
service.start()
said = False
while True:
    if service.is_leader and not said:
        print("leader", flush=True)
        said = True
    time.sleep(0.05)
"""


def follower(services, settings, **timing: float) -> SchedulerService:  # noqa: ANN001
    return SchedulerService(alert_runtime(services), leadership=leadership_for(settings),
                            engine=writer(services.engine), **{"retry_seconds": 0.1, **timing})


def test_one_leader_per_sqlite_file_and_a_follower_takes_over(tmp_path):
    settings = sqlite_settings(tmp_path)
    first, second = build(settings), build(settings)
    one, two = follower(first, settings), follower(second, settings)
    try:
        one.start()
        wait_until(lambda: one.is_leader)
        two.start()
        time.sleep(0.5)  # several rounds of asking
        assert not two.is_leader
        one.stop()
        wait_until(lambda: two.is_leader, timeout=5)
    finally:
        one.stop()
        two.stop()
        first.close()
        second.close()


class Process:
    def __init__(self, env: dict[str, str], cwd) -> None:  # noqa: ANN001
        self.popen = subprocess.Popen([sys.executable, "-c", DRIVER], env=env, cwd=cwd, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.popen.stdout:
            self.lines.append(line.rstrip())

    @property
    def leads(self) -> bool:
        return "leader" in self.lines

    def kill(self) -> None:
        if self.popen.poll() is None:
            os.kill(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)


def scans_and_alerts(settings, network_id) -> tuple[list, int]:  # noqa: ANN001
    services = build(settings)
    try:
        events = services.app.repository.event_store.get(alert_book_id(network_id))
        moments = sorted(e.occurred_at for e in events if type(e).__name__ == "Scanned")
        return moments, len(services.app.alerts(network_id))
    finally:
        services.close()


@pytest.mark.postgres
@pytest.mark.slow
def test_two_scheduler_processes_on_one_postgres_run_one_scan_per_tick(pg_schema, tmp_path):
    url, schema = pg_schema
    settings = postgres_settings(url, schema, tmp_path)
    services = build(settings)
    network_id = network(services.app)
    stakeholder(services.app, network_id, occurred_at=services.app.clock() - timedelta(days=90))
    services.views.catch_up()
    services.close()
    env = {**os.environ, "LINKINGPIN_DATABASE_URL": url, "LINKINGPIN_DATABASE_SCHEMA": schema,
           "LINKINGPIN_MASTER_KEY_FILE": str(tmp_path / "master.key")}
    processes = [Process(env, tmp_path), Process(env, tmp_path)]
    try:
        wait_until(lambda: any(p.leads for p in processes), timeout=30,
                   context=lambda: [p.lines[-20:] for p in processes])
        time.sleep(6)
        leaders = [p for p in processes if p.leads]
        assert len(leaders) == 1, [p.lines for p in processes]
        if any(p.popen.poll() is not None for p in processes):
            pytest.fail("a scheduler process died:\n" + "\n".join(line for p in processes for line in p.lines))
        before = len(scans_and_alerts(settings, network_id)[0])
        leaders[0].kill()
        (other,) = [p for p in processes if p is not leaders[0]]
        wait_until(lambda: other.leads, timeout=15, context=lambda: other.lines[-20:])
        time.sleep(5)
    finally:
        for process in processes:
            process.kill()
    moments, alerts = scans_and_alerts(settings, network_id)
    assert before >= 2 and len(moments) >= before + 2, moments  # both leaders scanned
    gaps = [(b - a).total_seconds() for a, b in zip(moments, moments[1:])]
    assert min(gaps) > 1.0, gaps  # never two scans for one tick
    assert alerts == 1  # the neglected stakeholder, raised once whoever scanned
