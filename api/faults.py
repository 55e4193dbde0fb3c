"""Database faults as answers a client can act on: 503 with Retry-After, or 507 when storage is full.

A locked SQLite file, a PostgreSQL server restarting, a pool with no free connection: the client
should retry the same request, with the same Idempotency-Key, after the time given. Without this
they would leave as a generic 500. A full disk is not fixed by waiting a second, so it gets its
own answer. (A store refuses a write whole, but the fault may also strike after the write, while
the answer is read back: hence the Idempotency-Key, not "nothing was written".)

Only the error's class is logged: database messages can quote the statement's parameters.
"""

from __future__ import annotations

import errno
import logging
import sqlite3

import psycopg
from eventsourcing import persistence
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa

from api.errors import problem_response

log = logging.getLogger("linkingpin.api")
FAULTS = (persistence.OperationalError, persistence.InterfaceError, sa.OperationalError, sa.InterfaceError,
          sa.TimeoutError, sqlite3.OperationalError, psycopg.OperationalError, psycopg.InterfaceError)
BUSY_RETRY_SECONDS = 1
UNAVAILABLE_RETRY_SECONDS = 2
FULL_RETRY_SECONDS = 60
PG_DISK_FULL = "53100"
# SQLite also says OperationalError for mistakes ("no such table"): only these mean the store is in trouble.
SQLITE_FAULTS = ("locked", "busy", "full", "disk i/o", "unable to open")


def causes(error: BaseException) -> list[BaseException]:
    """The error and what it wraps: the library wraps the driver's error, SQLAlchemy too."""
    found: list[BaseException] = []
    while error is not None and error not in found:
        found.append(error)
        error = getattr(error, "orig", None) or error.__cause__ or error.__context__
    return found


def storage_full(error: BaseException) -> bool:
    for cause in causes(error):
        if getattr(cause, "sqlstate", None) == PG_DISK_FULL or getattr(cause, "errno", None) == errno.ENOSPC:
            return True
        if isinstance(cause, sqlite3.OperationalError) and "full" in str(cause).lower():
            return True  # SQLITE_FULL: "database or disk is full"
    return False


def transient(error: BaseException) -> bool:
    sqlite_errors = [c for c in causes(error) if isinstance(c, sqlite3.OperationalError)]
    return all(any(word in str(c).lower() for word in SQLITE_FAULTS) for c in sqlite_errors)


def busy(error: BaseException) -> bool:
    return any(isinstance(c, sqlite3.OperationalError) and "locked" in str(c).lower() for c in causes(error))


def fault_response(error: BaseException) -> JSONResponse:
    if storage_full(error):
        log.error("storage full (%s): writes refused until space is freed", type(error).__name__)
        return problem_response(
            507, "The server's storage is full. Retry once an operator has freed space.",
            slug="storage-full", title="Insufficient storage", headers={"Retry-After": str(FULL_RETRY_SECONDS)})
    wait = BUSY_RETRY_SECONDS if busy(error) else UNAVAILABLE_RETRY_SECONDS
    log.warning("database unavailable (%s); answered 503", " <- ".join(type(c).__name__ for c in causes(error)))
    return problem_response(
        503, "The database is busy or unavailable. Retry after the time given, with the same Idempotency-Key.",
        slug="database-unavailable", headers={"Retry-After": str(wait)})


async def _on_fault(_: Request, error: Exception) -> JSONResponse:
    if not transient(error):
        raise error  # a bug, not a fault: the catch-all answers 500 and logs it
    return fault_response(error)


def install_fault_handlers(app: FastAPI) -> None:
    for kind in FAULTS:
        app.add_exception_handler(kind, _on_fault)
