"""The one composition root: everything linkingpin runs is wired here, from Settings.

Routes, the command line and the worker receive a `Services` object; nothing else
constructs applications, engines or key stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from api.settings import Settings
from domain.application import Linkingpin
from domain.privacy import Vault
from projections.catalog import Catalog
from projections.db import make_engine
from projections.facade import Views
from projections.feed import Feed
from projections.keystore import SqlKeyStore


def event_store_env(settings: Settings) -> dict[str, str]:
    """The `eventsourcing` persistence settings for the configured database."""
    url = make_url(settings.database_url)
    if url.drivername == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if settings.is_postgres:
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": url.database or "",
            "POSTGRES_HOST": url.host or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": url.username or "postgres",
            "POSTGRES_PASSWORD": url.password or "",
            "POSTGRES_SCHEMA": settings.database_schema,
            "POSTGRES_CONNECT_TIMEOUT": "10",
            "POSTGRES_POOL_SIZE": "5",
            "POSTGRES_MAX_OVERFLOW": "10",
        }
    path = settings.sqlite_path
    if path is None:
        raise ValueError(f"unsupported LINKINGPIN_DATABASE_URL: {settings.database_url!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path), "SQLITE_LOCK_TIMEOUT": "30"}


def read_model_engine(settings: Settings) -> Engine:
    if settings.is_postgres:
        engine = make_engine(settings.database_url)
        schema = settings.database_schema
        with engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        engine.dispose()
        return make_engine(settings.database_url, search_path=schema)
    if make_url(settings.database_url).drivername == "memory":
        return make_engine("sqlite://")
    return make_engine(settings.database_url)


@dataclass
class Services:
    settings: Settings
    app: Linkingpin
    engine: Engine
    keystore: SqlKeyStore
    views: Views
    closers: list[Callable[[], None]] = field(default_factory=list)

    def start_background(self) -> None:
        """What serve and worker run beside (or instead of) the API: projections, then the scheduler."""
        self.start_projections()

    def start_projections(self) -> Feed:
        """Keep the views current in the background (serve and worker); wakes on this process's saves."""
        settings = self.settings
        listen = _listen_target(settings, self.app) if settings.is_postgres else (None, None)
        feed = Feed(self.views.runner, poll_seconds=settings.projection_poll_seconds, listen_dsn=listen[0],
                    channel=listen[1])
        self.app.on_saved(lambda _position: feed.wake.set())
        feed.start()
        self.closers.append(feed.close)
        return feed

    def close(self) -> None:
        for close in reversed(self.closers):
            close()
        self.app.close()
        self.keystore.close()
        self.engine.dispose()


def build(settings: Settings | None = None, *, clock: Callable[[], datetime] | None = None) -> Services:
    settings = settings or Settings()
    engine = read_model_engine(settings)  # creates the PostgreSQL schema the event store also uses
    keystore = SqlKeyStore.from_url(settings.resolved_keystore_url(), search_path=_search_path(settings))
    vault = Vault(keystore, master_key=settings.resolved_master_key())
    app = Linkingpin(env=event_store_env(settings), vault=vault, **({"clock": clock} if clock else {}))
    catalog = Catalog()
    catalog.create(engine)
    views = Views(app=app, engine=engine, catalog=catalog, vault=vault)
    return Services(settings=settings, app=app, engine=engine, keystore=keystore, views=views)


def _listen_target(settings: Settings, app: Linkingpin) -> tuple[str, str]:
    url = make_url(settings.database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False), app.recorder.channel_name


def _search_path(settings: Settings) -> str | None:
    keystore_url = settings.resolved_keystore_url()
    return settings.database_schema if keystore_url.startswith("postgres") else None
