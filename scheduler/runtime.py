"""What scans and deliveries need at run time, handed over by the composition root."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.application import Linkingpin
    from projections.facade import Views


@dataclass(frozen=True)
class DeliveryConfig:
    public_url: str = "http://127.0.0.1:8000"
    allow_private: bool = False
    smtp_host: str | None = None  # no digests without a mail server
    smtp_port: int = 25
    smtp_from: str = "linkingpin@localhost"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    max_attempts: int = 5  # per alert and channel, across restarts
    backoff_seconds: float = 1.0  # the first retry waits about this long; each later one twice as long
    backoff_max_seconds: float = 30.0
    timeout_seconds: float = 10.0


@dataclass
class AlertRuntime:
    app: Linkingpin
    views: Views
    delivery: DeliveryConfig = field(default_factory=DeliveryConfig)
    # One delivery pass at a time in this process: two would both find the same pending alert.
    delivering: threading.Lock = field(default_factory=threading.Lock)
