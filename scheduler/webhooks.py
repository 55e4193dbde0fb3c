"""Delivering one alert to one webhook endpoint: signed, retried with backoff and jitter, and
every attempt recorded on the alert, so a restart continues the count instead of starting over.

The payload carries ids, kinds, rules and numbers, never names or notes: personal data stays
in linkingpin, and the receiver follows the link to the dashboard.
"""

from __future__ import annotations

import json
import time
from datetime import date, datetime
from typing import Any
from uuid import UUID

import httpx

from domain.alert import Alert, DeliveryResult
from domain.webhook import Webhook
from scheduler.retry import RetryLater, backoff, despite_conflicts
from scheduler.runtime import AlertRuntime, DeliveryConfig
from scheduler.signing import message_id, signed_headers
from scheduler.targets import TargetRefused, check_target

EVENT_TYPE = "alert.raised"
PUBLIC_FIELDS = ("id", "kind", "status", "stakeholder_id", "group_id", "expectation_id", "raised_at", "rule",
                 "thresholds", "observed", "evidence")
RETRYABLE_STATUS = frozenset({408, 425, 429})


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def payload(runtime: AlertRuntime, alert: Alert) -> bytes:
    record = runtime.app.alert_record(alert)
    data = {name: record[name] for name in PUBLIC_FIELDS}
    data["url"] = f"{runtime.delivery.public_url.rstrip('/')}/alerts"
    body = {"type": EVENT_TYPE, "timestamp": alert.raised_at, "data": data}
    return json.dumps(body, default=_plain, sort_keys=True).encode("utf-8")


def post_once(url: str, *, body: bytes, headers: dict[str, str], config: DeliveryConfig) -> tuple[str, str]:
    """One request; the result word and a short detail (never the response body)."""
    try:
        check_target(url, allow_private=config.allow_private)
    except TargetRefused as refused:
        return DeliveryResult.REFUSED.value, str(refused)
    try:
        # Redirects are not followed: a redirect could point anywhere, past the address check.
        response = httpx.post(url, content=body, headers=headers, timeout=config.timeout_seconds,
                              follow_redirects=False)
    except httpx.HTTPError as error:
        return DeliveryResult.FAILED.value, type(error).__name__
    code = response.status_code
    if 200 <= code < 300:
        return DeliveryResult.DELIVERED.value, f"HTTP {code}"
    if code == 410:
        return DeliveryResult.GONE.value, "HTTP 410"
    if code >= 500 or code in RETRYABLE_STATUS:
        return DeliveryResult.FAILED.value, f"HTTP {code}"
    return DeliveryResult.REJECTED.value, f"HTTP {code}"


def deliver(runtime: AlertRuntime, webhook: Webhook, *, alert_id: UUID) -> str:
    """Deliver until it succeeds, fails for good or reaches the bound; answer the last result."""
    app, config = runtime.app, runtime.delivery
    network_id, channel = webhook.network_id, webhook.channel
    secret = app.webhook_secret(network_id, webhook.id)

    def attempt() -> str:
        alert = app.alert(network_id, alert_id)
        body = payload(runtime, alert)
        # The wall clock, not the domain clock: receivers reject stale timestamps against theirs.
        headers = signed_headers(secret, msg_id=message_id(alert.id, channel), timestamp=int(time.time()), body=body)
        result, detail = post_once(webhook.url, body=body, headers=headers, config=config)
        number = alert.attempts(channel) + 1
        despite_conflicts(lambda: app.record_delivery(network_id, alert.id, channel=channel, attempt=number,
                                                      result=result, detail=detail))
        if result == DeliveryResult.FAILED and number < config.max_attempts:
            raise RetryLater(detail)
        return result

    remaining = config.max_attempts - app.alert(network_id, alert_id).attempts(channel)
    if remaining <= 0:
        return DeliveryResult.FAILED.value
    result = backoff(config, remaining=remaining)(attempt)
    if result == DeliveryResult.GONE and app.webhook(network_id, webhook.id).is_active:
        app.disable_webhook(network_id, webhook.id, reason="the receiver answered 410 Gone", recorded_by="delivery")
    return result
