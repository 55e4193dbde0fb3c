"""The one composition root: everything linkingpin runs is wired here, from Settings.

Routes, the command line and the worker receive a `Services` object; nothing else
constructs applications, engines or key stores.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from api.settings import Settings, secret_or_file
from domain.application import Linkingpin
from domain.privacy import Vault
from projections.audit.service import Audit
from projections.audit.signing import Signer, new_private_key
from projections.catalog import Catalog
from projections.db import make_engine, writer
from projections.facade import Views
from projections.reports.trust_weights import TrustWeights
from projections.feed import Feed
from projections.keystore import SqlKeyStore
from scheduler.leader import FileLeadership, Leadership, LocalLeadership, PostgresLeadership, lock_key
from scheduler.runtime import AlertRuntime, DeliveryConfig
from scheduler.service import SchedulerService


CIPHER_TOPIC = "eventsourcing.cryptography:AESCipher"
COMPRESSOR_TOPIC = "eventsourcing.compressor:ZlibCompressor"


def event_store_env(settings: Settings) -> dict[str, str]:
    """The `eventsourcing` persistence settings for the configured database, with encryption at rest."""
    return {**_persistence_env(settings), **at_rest_env(settings)}


def at_rest_env(settings: Settings) -> dict[str, str]:
    """The library's cipher when `cipher_key` is set, with compression: encrypted bytes no longer compress, and
    our events shrink by a third compressed (docs/audit.md). Unencrypted stores stay plain JSON, readable by hand."""
    key = settings.cipher_key.get_secret_value() if settings.cipher_key else ""
    values = {"CIPHER_TOPIC": CIPHER_TOPIC if key else "", "CIPHER_KEY": key,
              "COMPRESSOR_TOPIC": COMPRESSOR_TOPIC if key else ""}
    # The library reads LINKINGPIN_<NAME> before <NAME>, from os.environ too: set both so that settings decide.
    return {**values, **{f"{Linkingpin.name.upper()}_{k}": v for k, v in values.items()}}


def signing_key_loader(settings: Settings) -> Callable[[], str]:
    """The audit signing key from settings, or from its file (created owner-only when first needed)."""
    def load() -> str:
        return secret_or_file(settings.signing_key, settings.signing_key_file, create=new_private_key)

    return load


def _persistence_env(settings: Settings) -> dict[str, str]:
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
    audit: Audit
    closers: list[Callable[[], None]] = field(default_factory=list)

    def start_background(self) -> None:
        """What serve and worker run beside (or instead of) the API: projections, then the scheduler."""
        if self.settings.projections_enabled:
            self.start_projections()
            self.start_audit_chain()
        if self.settings.scheduler_enabled:
            self.start_scheduler()

    def start_projections(self) -> Feed:
        """Keep the views current in the background (serve and worker); wakes on this process's saves."""
        feed = self._follow_log(self.views.runner)
        self.views.kept_here = True
        return feed

    def start_audit_chain(self) -> Feed:
        """Extend the audit chain in the background, apart from the views so that neither holds up the other."""
        return self._follow_log(self.audit.chain)

    def _follow_log(self, follower: Any) -> Feed:
        """A feed that runs `follower.catch_up` whenever the log may have grown, stopped on close."""
        settings = self.settings
        listen = _listen_target(settings, self.app) if settings.is_postgres else (None, None)
        feed = Feed(follower, poll_seconds=settings.projection_poll_seconds, listen_dsn=listen[0],
                    channel=listen[1], head=self.app.recorder.max_notification_id,
                    watch_seconds=settings.projection_watch_seconds)
        self.app.on_saved(lambda _position: feed.wake.set())
        feed.start()
        self.closers.append(feed.close)
        return feed

    def start_scheduler(self) -> SchedulerService:
        """Alert scans on each network's schedule, and their delivery, in the one process that leads."""
        service = SchedulerService(
            alert_runtime(self), leadership=leadership_for(self.settings), engine=_jobstore_engine(self),
            schema=self.settings.database_schema if self.settings.is_postgres else None,
            name=scheduler_name(self.settings),
        )
        service.start()
        self.closers.append(service.stop)
        return service

    def close(self) -> None:
        for close in reversed(self.closers):
            close()
        self.app.close()
        self.keystore.close()
        self.engine.dispose()


def build(settings: Settings | None = None, *, clock: Callable[[], datetime] | None = None) -> Services:
    settings = settings or Settings()
    with setting_up(settings):
        engine = read_model_engine(settings)  # creates the PostgreSQL schema the event store also uses
        keystore = SqlKeyStore.from_url(settings.resolved_keystore_url(), search_path=_search_path(settings))
        vault = Vault(keystore, master_key=settings.resolved_master_key())
        app = Linkingpin(env=event_store_env(settings), vault=vault, **({"clock": clock} if clock else {}))
        catalog = Catalog()
        catalog.create(engine)
    views = Views(app=app, engine=engine, catalog=catalog, vault=vault,
                  trust_weights=TrustWeights.from_json(settings.trust_weights),
                  bulk_backlog=settings.projection_bulk_backlog)
    audit = Audit(app=app, engine=engine, signer=Signer(signing_key_loader(settings)), clock=app.clock)
    return Services(settings=settings, app=app, engine=engine, keystore=keystore, views=views, audit=audit)


@contextmanager
def setting_up(settings: Settings) -> Iterator[None]:
    """Processes starting together on one PostgreSQL schema make its tables one at a time: PostgreSQL
    can fail concurrent `CREATE ... IF NOT EXISTS` of the same objects ("tuple concurrently updated")."""
    if not settings.is_postgres:
        yield
        return
    import psycopg

    with psycopg.connect(_libpq_url(settings), autocommit=True) as connection:
        key = lock_key(f"linkingpin:setup:{settings.database_schema}")
        connection.execute("SELECT pg_advisory_lock(%s)", (key,))
        yield  # closing the session releases the lock, even when setting up failed


def _libpq_url(settings: Settings) -> str:
    """The PostgreSQL URL as libpq takes it (SQLAlchemy's names a driver)."""
    return make_url(settings.database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def _listen_target(settings: Settings, app: Linkingpin) -> tuple[str, str]:
    return _libpq_url(settings), app.recorder.channel_name


def _search_path(settings: Settings) -> str | None:
    keystore_url = settings.resolved_keystore_url()
    return settings.database_schema if keystore_url.startswith("postgres") else None


def delivery_config(settings: Settings) -> DeliveryConfig:
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    return DeliveryConfig(
        public_url=settings.public_url, allow_private=settings.webhook_allow_private, smtp_host=settings.smtp_host,
        smtp_port=settings.smtp_port, smtp_from=settings.smtp_from, smtp_user=settings.smtp_user,
        smtp_password=password, smtp_starttls=settings.smtp_starttls,
    )


def alert_runtime(services: Services) -> AlertRuntime:
    """What scans and deliveries need; also for `alerts scan` on the command line."""
    return AlertRuntime(app=services.app, views=services.views, delivery=delivery_config(services.settings))


def leadership_for(settings: Settings) -> Leadership:
    """One scheduler leader per database: an advisory lock per schema, or a lock file beside the SQLite file."""
    if settings.is_postgres:
        return PostgresLeadership(_libpq_url(settings), name=f"linkingpin:scheduler:{settings.database_schema}")
    path = settings.sqlite_path
    return FileLeadership(path.with_name(path.name + ".scheduler.lock")) if path else LocalLeadership()


def scheduler_name(settings: Settings) -> str:
    """The name jobs use to find their services: one per database, with no password in it."""
    store = f"{settings.database_url}#{settings.database_schema}"
    return hashlib.sha256(store.encode("utf-8")).hexdigest()[:16]


def _jobstore_engine(services: Services) -> Engine:
    # SQLite writers lock at BEGIN, so the job store and the views queue instead of deadlocking.
    return services.engine if services.settings.is_postgres else writer(services.engine)
