"""Fixtures shared by every layer: clocks, applications on each store, PostgreSQL schemas."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import settings as hypothesis_settings

from api.composition import Services, build
from api.settings import Settings
from domain.application import Linkingpin

POSTGRES_ENV = "LINKINGPIN_TEST_POSTGRES_URL"

# CI explores the same examples every run, so a red build always reproduces; laptops explore afresh.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI", "").lower() == "true":
    hypothesis_settings.load_profile("ci")


class Clock:
    """A clock tests can move; starts at a fixed moment so histories are reproducible."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(clock: Clock) -> Iterator[Linkingpin]:
    application = Linkingpin(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=clock)
    yield application
    application.close()


def postgres_url() -> str:
    """The test server's URL, or skip (fail under CI=true) with the reason."""
    url = os.environ.get(POSTGRES_ENV)
    in_ci = os.environ.get("CI", "").lower() == "true"
    if not url:
        if in_ci:
            pytest.fail(f"CI=true but {POSTGRES_ENV} is not set: the PostgreSQL suite must run in CI")
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV}=postgresql://user@host:port/db")
    try:
        import psycopg

        with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), connect_timeout=5):
            pass
    except Exception as error:  # noqa: BLE001 - any failure to connect means the same thing here
        if in_ci:
            pytest.fail(f"CI=true and PostgreSQL at {url} is unreachable: {error}")
        pytest.skip(f"PostgreSQL at {url} is unreachable: {error}")
    return url


@pytest.fixture
def pg_schema() -> Iterator[tuple[str, str]]:
    """A fresh schema per test, dropped afterwards: (url, schema)."""
    import psycopg

    url = postgres_url()
    schema = f"lp_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    yield url, schema
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def sqlite_settings(tmp_path) -> Settings:  # noqa: ANN001
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'data' / 'linkingpin.sqlite'}",
        master_key_file=tmp_path / "data" / "master.key",
        signing_key_file=tmp_path / "data" / "signing.key",
        _env_file=None,
    )


def postgres_settings(url: str, schema: str, tmp_path) -> Settings:  # noqa: ANN001
    return Settings(database_url=url, database_schema=schema, master_key_file=tmp_path / "master.key",
                    signing_key_file=tmp_path / "signing.key", _env_file=None)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_settings(request, tmp_path) -> Settings:  # noqa: ANN001
    """Settings for a real store: a SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return sqlite_settings(tmp_path)
    url, schema = request.getfixturevalue("pg_schema")
    return postgres_settings(url, schema, tmp_path)


@pytest.fixture
def services(store_settings: Settings) -> Iterator[Services]:
    built = build(store_settings)
    yield built
    built.close()
