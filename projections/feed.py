"""Keeps views up to date in the background: woken by saves in this process, by PostgreSQL
LISTEN/NOTIFY when other processes write, and otherwise by watching the log's head (SQLite has no
notifications): one cheap query every `watch_seconds`, and a full look every `poll_seconds`."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from projections.runner import Runner

log = logging.getLogger("linkingpin.projections")


class Feed:
    def __init__(self, runner: Runner, *, poll_seconds: float = 0.5, listen_dsn: str | None = None,
                 channel: str | None = None, head: Callable[[], int] | None = None,
                 watch_seconds: float = 0.02) -> None:
        """`head` answers the log's last position; without it (or with LISTEN) only `poll_seconds` applies."""
        self.runner = runner
        self.poll_seconds = poll_seconds
        self.head = None if listen_dsn else head
        self.watch_seconds = watch_seconds
        self.wake = threading.Event()
        self.stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._listen = (listen_dsn, channel) if listen_dsn and channel else None

    def start(self) -> None:
        self._threads.append(threading.Thread(target=self._loop, name="projections", daemon=True))
        if self._listen:
            self._threads.append(threading.Thread(target=self._listen_loop, name="projections-listen", daemon=True))
        for thread in self._threads:
            thread.start()

    def close(self) -> None:
        self.stop.set()
        self.wake.set()
        for thread in self._threads:
            thread.join(timeout=10)

    def _loop(self) -> None:
        while not self.stop.is_set():
            try:
                seen = self.head() if self.head else None  # before catching up: later events move it
                if self.runner.catch_up(stop=self.stop):  # from empty, a long backlog is filled in bulk
                    continue
            except Exception:  # noqa: BLE001 - the feed must outlive a failed batch; it retries from its position
                log.exception("projection batch failed; retrying")
                self.stop.wait(1.0)
                continue
            self._idle(seen)

    def _idle(self, seen: int | None) -> None:
        """Until the next full look: woken by this process's saves, or as soon as another process's write
        moves the log's head (None while the log is empty). Polling every half second alone held each
        request served by another API process for about that long (read-your-writes waits for this feed)."""
        deadline = time.monotonic() + self.poll_seconds
        watching = self.head is not None
        while not self.stop.is_set() and (left := deadline - time.monotonic()) > 0:
            if self.wake.wait(min(self.watch_seconds, left) if watching else left):
                break
            try:
                if watching and self.head() != seen:
                    break
            except Exception:  # noqa: BLE001 - a failed look is retried at the next full look
                log.warning("could not read the log's head", exc_info=True)
                watching = False
        self.wake.clear()

    def _listen_loop(self) -> None:
        import psycopg

        dsn, channel = self._listen
        while not self.stop.is_set():
            try:
                with psycopg.connect(dsn, autocommit=True) as connection:
                    connection.execute(f'LISTEN "{channel}"')
                    while not self.stop.is_set():
                        for _ in connection.notifies(timeout=1.0, stop_after=1):
                            self.wake.set()
            except Exception:  # noqa: BLE001 - reconnect after a database restart
                log.warning("LISTEN connection lost; reconnecting", exc_info=True)
                self.stop.wait(1.0)
