"""The outbox worker: what the alert events say is not delivered yet, delivered now.

Pending means: an unresolved alert that is not snoozed, and a channel (a webhook that wants
its kind, a member subscribed to its kind) with no final result and attempts left. Everything
is read from the events, so a restart picks up exactly where the last process stopped, and a
channel that succeeded is never tried again.
"""

from __future__ import annotations

import logging
from collections import Counter
from uuid import UUID

from domain.alert import Alert, AlertStatus, DeliveryResult
from scheduler import mail, webhooks
from scheduler.runtime import AlertRuntime
from scheduler.scan import network_ids

log = logging.getLogger("linkingpin.delivery")


def deliver_pending(runtime: AlertRuntime, network_id: UUID | None = None) -> dict[str, int]:
    """One pass over one network (or all): how many deliveries ended with each result."""
    counts: Counter[str] = Counter()
    with runtime.delivering:
        for each in [network_id] if network_id else network_ids(runtime.views):
            try:
                counts.update(deliver_network(runtime, each))
            except Exception:  # noqa: BLE001 - one network's trouble must not stop the others
                log.exception("delivery for network %s failed; the next pass tries again", each)
    return dict(counts)


def loud_alerts(runtime: AlertRuntime, network_id: UUID) -> list[Alert]:
    app = runtime.app
    now = app.clock()
    alerts = [app.alert(network_id, i) for i in app.alert_book(network_id).open.values()]
    return sorted((a for a in alerts if a.status_at(now) != AlertStatus.SNOOZED), key=lambda a: a.raised_at)


def deliver_network(runtime: AlertRuntime, network_id: UUID) -> Counter[str]:
    app, bound = runtime.app, runtime.delivery.max_attempts
    alerts = loud_alerts(runtime, network_id)
    counts: Counter[str] = Counter()
    for webhook in app.webhooks(network_id):
        for alert in alerts:
            channel = webhook.channel
            if webhook.wants(alert.kind) and not alert.settled(channel) and alert.attempts(channel) < bound:
                result = webhooks.deliver(runtime, webhook, alert_id=alert.id)
                counts[result] += 1
                if result == DeliveryResult.GONE:
                    break  # the endpoint is disabled now
    if runtime.delivery.smtp_host:
        for subscription in app.digest_subscriptions(network_id):
            result = mail.send_digest(runtime, network_id, member=subscription["member"],
                                      subscription=subscription, alerts=alerts)
            if result:
                counts[f"digest {result}"] += 1
    return counts
