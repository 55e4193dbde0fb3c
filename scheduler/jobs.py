"""The functions persisted jobs call. APScheduler stores them by textual reference
("scheduler.jobs:scan_network") with plain arguments (a network id, a runtime's name), and they
take the services from the registry: nothing live is ever pickled into the job store."""

from __future__ import annotations

import logging
from uuid import UUID

from scheduler import registry
from scheduler.outbox import deliver_pending
from scheduler.scan import scan

log = logging.getLogger("linkingpin.scheduler")

SCAN = "scheduler.jobs:scan_network"
DELIVER = "scheduler.jobs:deliver"


def scan_network(network_id: str, runtime: str | None = None) -> None:
    """The scheduled scan of one network, then its deliveries."""
    found = registry.current(runtime)
    network = UUID(network_id)
    scan(found, network)
    deliver_pending(found, network)


def deliver(runtime: str | None = None) -> None:
    """The outbox pass over every network: retries and whatever other processes raised."""
    deliver_pending(registry.current(runtime))
