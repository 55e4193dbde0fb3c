"""Webhook deliveries to a real HTTP receiver that verifies every signature with `standardwebhooks`."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from api.composition import Services, build
from scheduler.outbox import deliver_pending
from scheduler.scan import scan
from tests.builders import BY
from tests.conftest import sqlite_settings
from tests.integration.test_alerts_support import (
    PUBLIC_URL, Receiver, Scene, fast_runtime, receiver, scene, services, wait_until,
)

__all__ = ["receiver", "services"]  # the fixtures, shared


@pytest.fixture
def seen(services) -> Scene:
    found = scene(services)
    scan(services, found.network_id)
    return found


def hook(services: Services, seen: Scene, receiver: Receiver, **options: object):  # noqa: ANN201
    written, secret = services.app.create_webhook(seen.network_id, url=receiver.url, allow_private=True,
                                                  recorded_by=BY, **options)
    receiver.secret = secret
    return written.id


def test_every_open_alert_is_delivered_signed_and_only_once(services, seen, receiver):
    webhook_id = hook(services, seen, receiver)
    runtime = fast_runtime(services)
    assert deliver_pending(runtime) == {"delivered": 3}
    assert receiver.forged == [] and len(set(receiver.ids())) == 3
    payloads = {r["payload"]["data"]["kind"]: r["payload"] for r in receiver.received}
    neglect = payloads["neglect"]
    assert neglect["type"] == "alert.raised" and neglect["data"]["stakeholder_id"] == str(seen.amal)
    assert neglect["data"]["url"] == f"{PUBLIC_URL}/alerts" and "name" not in neglect["data"]
    assert deliver_pending(runtime) == {}  # a delivery that succeeded is never repeated
    assert len(receiver.received) == 3
    attempts = services.app.webhook_deliveries(seen.network_id, webhook_id)
    assert sorted((a["kind"], a["attempt"], a["result"]) for a in attempts) == [
        ("expectation_overdue", 1, "delivered"), ("neglect", 1, "delivered"), ("overuse", 1, "delivered")]


def test_failed_attempts_are_retried_with_the_same_message_id_and_each_is_recorded(services, seen):
    receiver = Receiver(503, 500)
    try:
        webhook_id = hook(services, seen, receiver, kinds=["neglect"])
        assert deliver_pending(fast_runtime(services)) == {"delivered": 1}
        assert len(receiver.received) == 3 and len(set(receiver.ids())) == 1  # one message, three attempts
        attempts = services.app.webhook_deliveries(seen.network_id, webhook_id)
        assert sorted((a["attempt"], a["result"], a["detail"]) for a in attempts) == [
            (1, "failed", "HTTP 503"), (2, "failed", "HTTP 500"), (3, "delivered", "HTTP 200")]
    finally:
        receiver.close()


def test_delivery_gives_up_after_the_bound_even_across_passes(services, seen):
    receiver = Receiver(*[500] * 10)
    try:
        webhook_id = hook(services, seen, receiver, kinds=["overuse"])
        runtime = fast_runtime(services, max_attempts=3)
        assert deliver_pending(runtime) == {"failed": 1}
        assert deliver_pending(runtime) == {}
        assert len(receiver.received) == 3
        assert [a["attempt"] for a in services.app.webhook_deliveries(seen.network_id, webhook_id)] == [3, 2, 1]
    finally:
        receiver.close()


def test_410_gone_disables_the_endpoint(services, seen):
    receiver = Receiver(410)
    try:
        webhook_id = hook(services, seen, receiver)
        runtime = fast_runtime(services)
        assert deliver_pending(runtime) == {"gone": 1}
        webhook = services.app.webhook(seen.network_id, webhook_id)
        assert not webhook.is_active and "410" in webhook.disabled_reason
        assert deliver_pending(runtime) == {} and len(receiver.received) == 1
    finally:
        receiver.close()


def test_private_targets_are_refused_unless_the_deployment_allows_them(services, seen, receiver):
    webhook_id = hook(services, seen, receiver, kinds=["neglect"])
    assert deliver_pending(fast_runtime(services, allow_private=False)) == {"refused": 1}
    assert receiver.received == [] and receiver.forged == []
    (attempt,) = services.app.webhook_deliveries(seen.network_id, webhook_id)
    assert attempt["result"] == "refused" and "127.0.0.1" in attempt["detail"]


def test_an_endpoint_gets_only_the_kinds_it_asked_for(services, seen, receiver):
    hook(services, seen, receiver, kinds=["expectation_overdue"])
    deliver_pending(fast_runtime(services))
    assert [r["payload"]["data"]["expectation_id"] for r in receiver.received] == [str(seen.expectation_id)]


def test_snoozed_alerts_wait_and_resolved_ones_are_not_sent(services, seen, receiver):
    app = services.app
    alerts = {a.kind: a for a in app.alerts(seen.network_id)}
    app.snooze_alert(seen.network_id, alerts["neglect"].id, until=app.clock() + timedelta(days=2), recorded_by=BY)
    app.resolve_alert(seen.network_id, alerts["overuse"].id, recorded_by=BY)
    hook(services, seen, receiver)
    runtime = fast_runtime(services)
    deliver_pending(runtime)
    assert [r["payload"]["data"]["kind"] for r in receiver.received] == ["expectation_overdue"]
    app.clock.advance(days=3)
    deliver_pending(runtime)
    assert [r["payload"]["data"]["kind"] for r in receiver.received] == ["expectation_overdue", "neglect"]


def test_a_scan_where_the_scheduler_runs_is_delivered_right_away(tmp_path, clock, receiver):
    settings = sqlite_settings(tmp_path).model_copy(update={"webhook_allow_private": True})
    services = build(settings, clock=clock)
    try:
        found = scene(services)
        hook(services, found, receiver)
        services.start_projections()
        service = services.start_scheduler()
        wait_until(lambda: service.is_leader)
        time.sleep(0.3)  # the pass at start-up finds nothing; the next regular one is 15 s away
        scan(services, found.network_id)
        wait_until(lambda: len(receiver.received) == 3, timeout=5)  # so the scan brought it forward
    finally:
        services.close()
