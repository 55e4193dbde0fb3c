"""Settings from LINKINGPIN_* environment variables (and a .env file). Documented in the README."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from projections.indexes import BULK_BACKLOG


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LINKINGPIN_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///data/linkingpin.sqlite",
        description="Event store and read models: sqlite:///path (embedded default) or postgresql://...",
    )
    database_schema: str = Field("public", description="PostgreSQL schema for every table linkingpin creates.")
    keystore_url: str | None = Field(
        None,
        description="Where personal-data keys live. Default: a SQLite file beside the database file, "
        "or the same PostgreSQL database. Keep it apart from event-store backups.",
    )
    master_key: SecretStr | None = Field(None, description="Base64 AES key wrapping personal-data keys.")
    master_key_file: Path = Field(Path("data/master.key"), description="Used (and created) when master_key is unset.")
    host: str = "127.0.0.1"
    port: int = 8000
    projection_poll_seconds: float = Field(0.5, description="SQLite feed: how often views look for new events.")
    projection_watch_seconds: float = Field(
        0.02, gt=0, description="SQLite feed: how often views check whether another process moved the log's head.")
    projection_bulk_backlog: int = Field(
        BULK_BACKLOG, ge=1, description="A view still empty with this many events to read is filled first and "
        "indexed after (much faster at scale; its reports are slow until it is done).")
    webhook_allow_private: bool = Field(False, description="Allow webhooks to loopback/private addresses.")
    public_url: str = Field("http://127.0.0.1:8000", description="Base URL of the dashboard, for links in emails.")
    smtp_host: str | None = Field(None, description="SMTP server for alert digests; no digests when unset.")
    smtp_port: int = 25
    smtp_from: str = "linkingpin@localhost"
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    scheduler_enabled: bool = Field(True, description="Run the alert scheduler in serve and worker.")
    projections_enabled: bool = Field(
        True, description="Keep the views current in this process. Set it false on API processes when a "
        "`linkingpin worker` does it for them, so several processes do not race for the same batches.")
    signing_key: SecretStr | None = Field(None, description="Base64 Ed25519 private key signing audit checkpoints.")
    signing_key_file: Path = Field(Path("data/signing.key"), description="Used (and created) when signing_key is unset.")
    cipher_key: SecretStr | None = Field(None, description="Base64 AES key: encrypt the whole event store at rest.")
    trust_weights: str | None = Field(None, description="JSON object overriding the trust formula's weights.")

    @property
    def is_postgres(self) -> bool:
        return make_url(self.database_url).drivername.startswith("postgres")

    @property
    def sqlite_path(self) -> Path | None:
        url = make_url(self.database_url)
        return Path(url.database) if url.drivername == "sqlite" and url.database else None

    def resolved_keystore_url(self) -> str:
        if self.keystore_url:
            return self.keystore_url
        if make_url(self.database_url).drivername == "memory":
            return "sqlite://"
        path = self.sqlite_path
        if path is not None:
            return f"sqlite:///{path.with_name(path.stem + '-keys.sqlite')}"
        return self.database_url

    def resolved_master_key(self) -> str:
        """The master key from settings, or from its file (created with owner-only access on first use)."""
        from domain.privacy import Vault

        return secret_or_file(self.master_key, self.master_key_file, create=Vault.new_master_key)


def secret_or_file(secret: SecretStr | None, path: Path, *, create: Callable[[], str]) -> str:
    """A key given in settings, or else kept in a file, created with owner-only access when first needed."""
    if secret is not None:
        return secret.get_secret_value()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _create_once(path, create())
    return path.read_text().strip()


def _create_once(path: Path, content: str) -> None:
    """Written aside, then linked into place: of processes starting together, one makes the file and the
    others read it; none reads it half-written or keeps a key of its own that the file does not hold."""
    descriptor, aside = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # owner-only
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(content)
        try:
            os.link(aside, path)
        except FileExistsError:
            pass  # another process made it first: theirs is the key
    finally:
        os.unlink(aside)
