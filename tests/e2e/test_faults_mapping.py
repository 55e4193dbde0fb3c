"""Driver and library errors become answers a client can act on (api/faults.py): 503 with Retry-After for a
busy or unreachable database, 507 for full storage; never a 500. In-process, by making the store fail."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import psycopg
import pytest
from eventsourcing import persistence
from sqlalchemy import exc as sa

from tests.e2e.conftest import InProcess, in_process
from tests.e2e.test_faults_database import PERSON


def wrapped(outer: type[Exception], driver_error: Exception) -> Exception:
    """As the event store raises them: the library's error, caused by the driver's."""
    error = outer(driver_error)
    error.__cause__ = driver_error
    return error


FAULTS = [
    (wrapped(persistence.OperationalError, sqlite3.OperationalError("database is locked")), 503, "1"),
    (sa.OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked")), 503, "1"),
    (wrapped(persistence.OperationalError, psycopg.errors.AdminShutdown("terminating connection")), 503, "2"),
    (wrapped(persistence.InterfaceError, psycopg.InterfaceError("the connection is closed")), 503, "2"),
    (sa.OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full")), 507, "60"),
    (wrapped(persistence.OperationalError, psycopg.errors.DiskFull("could not extend file")), 507, "60"),
    (sa.TimeoutError("QueuePool limit reached"), 503, "2"),
]


@pytest.fixture(scope="module")
def faulty(tmp_path_factory) -> Iterator[InProcess]:  # noqa: ANN001
    built_app = in_process(tmp_path_factory.mktemp("faulty"))
    with built_app.client:
        yield built_app
    built_app.services.close()


@pytest.mark.parametrize(("error", "status", "retry_after"), FAULTS, ids=[str(n) for n in range(len(FAULTS))])
def test_database_errors_answer_503_or_507_with_retry_after(faulty: InProcess, monkeypatch, error, status,
                                                           retry_after):
    def broken(*_: object, **__: object) -> None:
        raise error

    headers = faulty.as_("coordinator")
    monkeypatch.setattr(faulty.services.app, "_save", broken)
    answer = faulty.client.post("/v1/stakeholders", json=PERSON, headers=headers)
    assert (answer.status_code, answer.headers.get("retry-after")) == (status, retry_after), answer.text
    assert answer.headers["content-type"] == "application/problem+json" and answer.json()["detail"]
    monkeypatch.setattr(faulty.services.app.repository, "get", broken)
    read = faulty.client.get(f"/v1/stakeholders/{faulty.network_id}", headers=headers)
    assert (read.status_code, read.headers.get("retry-after")) == (status, retry_after), read.text


def test_a_mistake_reported_as_an_operational_error_stays_a_500(faulty: InProcess, monkeypatch):
    def broken(*_: object, **__: object) -> None:
        raise wrapped(persistence.OperationalError, sqlite3.OperationalError("no such table: stored_events"))

    monkeypatch.setattr(faulty.services.app, "_save", broken)
    answer = faulty.client.post("/v1/stakeholders", json=PERSON, headers=faulty.as_("coordinator"))
    assert answer.status_code == 500 and "retry-after" not in answer.headers
