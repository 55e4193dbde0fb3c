"""Scheduler leadership: exactly one process runs APScheduler, since APScheduler 3 must not share
a job store between schedulers. Others keep asking, and take over when the leader goes away.

On PostgreSQL the leader holds an advisory lock on a connection of its own (the server drops
it when the process dies); on SQLite it holds a file lock beside the database file.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path
from typing import Protocol

log = logging.getLogger("linkingpin.scheduler")


class Leadership(Protocol):
    def try_acquire(self) -> bool:
        """Become the leader if nobody is; never waits."""

    def held(self) -> bool:
        """Still the leader (checked periodically by the leader)."""

    def release(self) -> None:
        """Stop being the leader (a no-op when not leading)."""


def lock_key(name: str) -> int:
    """A signed 64-bit advisory lock key; one per schema, so separate deployments do not collide."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big", signed=True)


class PostgresLeadership:
    def __init__(self, dsn: str, *, name: str) -> None:
        self.dsn, self.key = dsn, lock_key(name)
        self._connection = None

    def try_acquire(self) -> bool:
        import psycopg

        if self._connection is not None:
            return True
        try:
            connection = psycopg.connect(self.dsn, autocommit=True, connect_timeout=5)
        except psycopg.Error:
            log.warning("cannot reach PostgreSQL to ask for scheduler leadership", exc_info=True)
            return False
        if connection.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()[0]:
            self._connection = connection
            return True
        connection.close()
        return False

    def held(self) -> bool:
        if self._connection is None:
            return False
        try:
            self._connection.execute("SELECT 1")
            return True
        except Exception:  # noqa: BLE001 - a lost connection means the server released the lock
            self._connection = None
            return False

    def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()  # closing the session releases its advisory locks
            except Exception:  # noqa: BLE001
                log.debug("closing the leadership connection failed", exc_info=True)


class FileLeadership:
    def __init__(self, path: Path) -> None:
        from filelock import FileLock

        path.parent.mkdir(parents=True, exist_ok=True)
        # Not thread-local: the service thread acquires, and whoever stops the service releases.
        self._lock = FileLock(str(path), thread_local=False)

    def try_acquire(self) -> bool:
        from filelock import Timeout

        try:
            self._lock.acquire(timeout=0)
            return True
        except Timeout:
            return False

    def held(self) -> bool:
        return self._lock.is_locked

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)


class LocalLeadership:
    """For in-memory stores: only this process can see them, so it leads."""

    _lock = threading.Lock()

    def __init__(self) -> None:
        self._held = False

    def try_acquire(self) -> bool:
        self._held = self._held or self._lock.acquire(blocking=False)
        return self._held

    def held(self) -> bool:
        return self._held

    def release(self) -> None:
        if self._held:
            self._held = False
            self._lock.release()
