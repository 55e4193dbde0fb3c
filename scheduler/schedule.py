"""APScheduler's configuration and the jobs it should hold: one cron job per network, in the
network's time zone, kept in the project's database; and the delivery pass, kept in memory.

Existing jobs are never replaced on start-up: their stored next run time is what lets a scan
missed during downtime run once after a restart (coalesce, and no limit on lateness).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine

from scheduler.jobs import DELIVER, SCAN
from scheduler.scan import network_ids

log = logging.getLogger("linkingpin.scheduler")

STORED, LOCAL = "default", "local"
JOBS_TABLE = "scheduler_jobs"
DELIVER_JOB = "deliver"
JOB_DEFAULTS = {
    "coalesce": True,  # several missed runs of a scan run once
    "misfire_grace_time": None,  # however late: a scan missed during downtime still runs after restart
    "max_instances": 1,
}


def trigger_for(schedule: str, zone: str) -> CronTrigger:
    return CronTrigger.from_crontab(schedule, timezone=ZoneInfo(zone))


def scan_job_id(network_id: Any) -> str:
    return f"scan:{network_id}"


def new_scheduler(engine: Engine, *, schema: str | None = None) -> BackgroundScheduler:
    return BackgroundScheduler(
        jobstores={STORED: SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE, tableschema=schema),
                   LOCAL: MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(max_workers=4)},
        job_defaults=JOB_DEFAULTS, timezone=timezone.utc,
    )


def sync_jobs(scheduler: BackgroundScheduler, *, app: Any, views: Any, runtime: str) -> None:
    """Add a scan job for each new network, follow schedule changes, drop jobs of unknown networks."""
    wanted = {scan_job_id(n): n for n in network_ids(views)}
    for job in scheduler.get_jobs(jobstore=STORED):
        if job.id.startswith("scan:") and job.id not in wanted:
            job.remove()
    for job_id, network_id in wanted.items():
        network = app.network(network_id)
        try:
            trigger = trigger_for(network.alert_schedule, network.timezone)
        except ValueError:
            log.error("network %s has an alert schedule APScheduler cannot use: %r", network.slug,
                      network.alert_schedule)
            continue
        job = scheduler.get_job(job_id, jobstore=STORED)
        if job is None:
            scheduler.add_job(SCAN, trigger, args=[str(network_id)], kwargs={"runtime": runtime}, id=job_id,
                              name=f"alert scan of {network.slug}", jobstore=STORED)
        elif _describe(job.trigger) != _describe(trigger):
            scheduler.reschedule_job(job_id, jobstore=STORED, trigger=trigger)


def add_delivery(scheduler: BackgroundScheduler, *, every_seconds: float, runtime: str) -> None:
    scheduler.add_job(DELIVER, IntervalTrigger(seconds=every_seconds), kwargs={"runtime": runtime}, id=DELIVER_JOB,
                      name="alert deliveries", jobstore=LOCAL, replace_existing=True,
                      next_run_time=datetime.now(timezone.utc))


def deliver_soon(scheduler: BackgroundScheduler) -> None:
    try:
        scheduler.modify_job(DELIVER_JOB, jobstore=LOCAL, next_run_time=datetime.now(timezone.utc))
    except Exception:  # noqa: BLE001 - the scheduler may be stopping; the next pass delivers
        log.debug("could not bring the delivery pass forward", exc_info=True)


def _describe(trigger: Any) -> tuple[str, str]:
    return str(trigger), str(getattr(trigger, "timezone", ""))
