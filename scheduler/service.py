"""The scheduler as `serve` and `worker` run it: a thread that asks for leadership every few
seconds; the leader runs APScheduler (scans on schedule, delivery passes), the others wait.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from scheduler import registry
from scheduler.leader import Leadership
from scheduler.runtime import AlertRuntime
from scheduler.schedule import add_delivery, deliver_soon, new_scheduler, sync_jobs

log = logging.getLogger("linkingpin.scheduler")


class SchedulerService:
    def __init__(
        self, runtime: AlertRuntime, *, leadership: Leadership, engine: Engine, schema: str | None = None,
        name: str = "default", retry_seconds: float = 10.0, sync_seconds: float = 60.0, deliver_seconds: float = 15.0,
    ) -> None:
        """`name`: the runtime's name in the registry, stored with the jobs (one per database);
        `retry_seconds`: how often a follower asks for leadership and the leader checks it still
        has it; `sync_seconds`: how often the leader follows networks' schedule changes."""
        self.runtime, self.leadership, self.name = runtime, leadership, name
        self.engine, self.schema = engine, schema
        self.retry_seconds, self.sync_seconds, self.deliver_seconds = retry_seconds, sync_seconds, deliver_seconds
        self.scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="alert-scheduler", daemon=True)
        self._synced_at = 0.0

    @property
    def is_leader(self) -> bool:
        return self.scheduler is not None

    def start(self) -> None:
        registry.register(self.name, self.runtime, nudge=self.nudge)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)
        self._step_down(wait=True)
        registry.unregister(self.name, self.runtime)

    def nudge(self) -> None:
        scheduler = self.scheduler
        if scheduler is not None:
            deliver_soon(scheduler)

    def sync(self) -> None:
        """Follow new networks and schedule changes now (the leader also does so periodically)."""
        if self.scheduler is not None:
            sync_jobs(self.scheduler, app=self.runtime.app, views=self.runtime.views, runtime=self.name)
            self._synced_at = time.monotonic()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._tick()
            except Exception:  # noqa: BLE001 - the thread must outlive a failed round; it retries
                log.exception("scheduler round failed; retrying")
            self._stop.wait(self.retry_seconds)

    def _tick(self) -> None:
        if self.scheduler is None:
            if self.leadership.try_acquire():
                self._lead()
            return
        if not self.leadership.held():
            log.warning("scheduler leadership lost; stopping the scheduler here")
            self._step_down(wait=False)
        elif time.monotonic() - self._synced_at >= self.sync_seconds:
            self.sync()

    def _lead(self) -> None:
        if self._stop.is_set():
            self.leadership.release()
            return
        log.info("this process leads the alert scheduler")
        scheduler = new_scheduler(self.engine, schema=self.schema)
        scheduler.start()  # runs stored jobs that came due while nobody led, once each
        self.scheduler = scheduler
        self.sync()
        add_delivery(scheduler, every_seconds=self.deliver_seconds, runtime=self.name)

    def _step_down(self, *, wait: bool) -> None:
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is not None:
            try:
                scheduler.shutdown(wait=wait)
            except Exception:  # noqa: BLE001 - already stopped
                log.debug("scheduler shutdown failed", exc_info=True)
        self.leadership.release()

    def jobs(self) -> list[Any]:
        return self.scheduler.get_jobs() if self.scheduler is not None else []
