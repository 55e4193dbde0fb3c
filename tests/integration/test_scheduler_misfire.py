"""The scheduler under a controlled clock: a scan per tick, and a tick missed while no process
ran happens once after the restart (coalesced, however late)."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import apscheduler.executors.base
import apscheduler.schedulers.base
import pytest

from api.composition import Services, build
from scheduler.schedule import scan_job_id
from tests.builders import network, stakeholder
from tests.conftest import Clock, sqlite_settings
from tests.integration.test_alerts_support import wait_until

BRUSSELS = ZoneInfo("Europe/Brussels")


def at_brussels(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BRUSSELS)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """One clock for the domain and for APScheduler's own idea of "now"."""
    clock = Clock(at_brussels(2026, 6, 1, 6, 30).astimezone(timezone.utc))

    class ClockedDatetime(datetime):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001, ANN206 - datetime's signature
            return clock().astimezone(tz or timezone.utc)

    monkeypatch.setattr(apscheduler.schedulers.base, "datetime", ClockedDatetime)
    monkeypatch.setattr(apscheduler.executors.base, "datetime", ClockedDatetime)
    return clock


def start(settings, clock: Clock) -> tuple[Services, object]:  # noqa: ANN001
    services = build(settings, clock=clock)
    services.start_projections()
    return services, services.start_scheduler()


def scans(services: Services, network_id) -> int:  # noqa: ANN001
    return services.app.alert_book(network_id).scans


def next_run(service, network_id) -> datetime:  # noqa: ANN001
    return service.scheduler.get_job(scan_job_id(network_id)).next_run_time


def test_a_scan_missed_during_downtime_runs_once_after_restart(tmp_path, clock):
    settings = sqlite_settings(tmp_path)
    services, service = start(settings, clock)
    network_id = network(services.app)
    stakeholder(services.app, network_id, occurred_at=at_brussels(2026, 3, 1, 9, 0))
    wait_until(lambda: service.is_leader)
    assert services.views.wait_for(services.views.runner.head())  # the directory knows the network
    service.sync()  # it is new: do not wait for the periodic sync
    assert next_run(service, network_id) == at_brussels(2026, 6, 1, 7, 0)  # daily 07:00, network time

    clock.advance(minutes=31)  # 07:01: the tick comes while the scheduler runs
    service.scheduler.wakeup()
    wait_until(lambda: scans(services, network_id) == 1)
    assert len(services.app.alerts(network_id)) == 1
    services.close()  # downtime: three daily runs are missed

    clock.advance(days=2, hours=3)  # 3 June, 10:01
    services, service = start(settings, clock)
    try:
        wait_until(lambda: scans(services, network_id) == 2)
        wait_until(lambda: next_run(service, network_id) == at_brussels(2026, 6, 4, 7, 0))
        service.scheduler.wakeup()
        time.sleep(1.0)  # room for the runs that coalescing must have dropped
        assert scans(services, network_id) == 2  # once, not once per missed day
        assert services.app.alert_book(network_id).last_scan_at == clock()
    finally:
        services.close()
