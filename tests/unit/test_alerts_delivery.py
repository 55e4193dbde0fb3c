"""The pieces of delivery that need no server: signatures, target checks, findings, the digest."""

from __future__ import annotations

import time
import uuid
from datetime import date, datetime, timezone

import pytest
from apscheduler.util import ref_to_obj
from standardwebhooks.webhooks import Webhook as StandardWebhook
from standardwebhooks.webhooks import WebhookVerificationError

from domain.alert import Alert
from domain.errors import Conflict
from domain.webhook import new_webhook_secret
from scheduler import findings, jobs, registry
from scheduler.digest import compose, line
from scheduler.retry import despite_conflicts
from scheduler.signing import message_id, signed_headers
from scheduler.targets import TargetRefused, check_target

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)


def test_signatures_verify_with_the_standard_webhooks_library():
    secret, body = new_webhook_secret(), b'{"type":"alert.raised","data":{"kind":"neglect"}}'
    headers = signed_headers(secret, msg_id="msg_1", timestamp=int(time.time()), body=body)
    assert StandardWebhook(secret).verify(body, headers) == {"type": "alert.raised", "data": {"kind": "neglect"}}
    with pytest.raises(WebhookVerificationError):
        StandardWebhook(secret).verify(body.replace(b"neglect", b"overuse"), headers)
    with pytest.raises(WebhookVerificationError):
        StandardWebhook(new_webhook_secret()).verify(body, headers)


def test_a_message_keeps_its_id_across_attempts_and_differs_per_channel():
    alert_id = uuid.uuid4()
    assert message_id(alert_id, "webhook:a") == message_id(alert_id, "webhook:a")
    assert message_id(alert_id, "webhook:a") != message_id(alert_id, "webhook:b")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/x", "http://localhost:8080/x", "http://10.0.0.7/", "http://172.16.5.4/", "http://192.168.0.2/",
    "http://169.254.169.254/latest/meta-data", "http://224.0.0.1/", "http://0.0.0.0/", "http://[::1]/",
    "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/",
])
def test_non_public_targets_are_refused_after_resolving(url):
    with pytest.raises(TargetRefused):
        check_target(url, allow_private=False)
    check_target(url, allow_private=True)


def test_public_addresses_pass():
    check_target("https://93.184.216.34/hooks", allow_private=False)


def stakeholder_item(status: str, person: uuid.UUID) -> dict:
    return {"stakeholder_id": person, "status": status, "last_fed_at": None, "days_since_fed": 70.0,
            "ideal_interval_days": 30, "max_interval_days": 60}


def test_only_neglected_stakeholders_and_quiet_groups_raise_neglect_alerts():
    due, neglected, group = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    report = {"items": [stakeholder_item("due", due), stakeholder_item("neglected", neglected)],
              "groups": [{"group_id": group, "name": "Parents", "last_met_at": NOW, "days_since_met": 90.0,
                          "max_interval_days": 60}]}
    found = findings.neglect(report, lambda item: [item["stakeholder_id"]])
    assert [(f.subject_type, f.subject_id) for f in found] == [("stakeholder", neglected), ("group", group)]
    assert found[1].observed["last_met_at"] == NOW.isoformat()


def test_overuse_and_overdue_findings_carry_their_evidence():
    person, asks, promise = uuid.uuid4(), [uuid.uuid4(), uuid.uuid4()], uuid.uuid4()
    overuse = {"items": [
        {"stakeholder_id": person, "asks_in_window": 4, "max_asks": 3, "window_days": 30,
         "reasons": [{"code": "over_capacity", "text": "...", "event_ids": asks},
                     {"code": "unanswered_streak", "text": "...", "event_ids": asks[1:]}]},
        {"stakeholder_id": uuid.uuid4(), "asks_in_window": 1, "max_asks": 3, "window_days": 30, "reasons": []},
    ], "concentration": {}}
    (finding,) = findings.overuse(overuse, lambda item: [])
    assert (finding.rule, finding.evidence[:2]) == ("over_capacity, unanswered_streak", asks)
    overdue = {"overdue": [{"id": promise, "stakeholder_id": person, "owed_by": "them", "due_on": date(2026, 5, 1),
                            "days_overdue": 31}], "due_soon": [], "open": []}
    (late,) = findings.overdue_expectations(overdue, lambda item: [])
    assert (late.key, late.thresholds, late.evidence) == (f"expectation_overdue:{promise}", {"due_on": "2026-05-01"},
                                                          [promise])


def test_the_digest_has_text_and_html_and_escapes_names():
    alert = Alert(network_id=uuid.uuid4(), kind="neglect", subject_type="stakeholder", subject_id=uuid.uuid4(),
                  concern_id=None, episode=1, rule="max_contact_interval", thresholds={"max_interval_days": 60},
                  observed={"days_since_fed": 75.4}, evidence=[], occurred_at=NOW, recorded_by="scheduler")
    entry = line(alert, who="<Sam & co>", public_url="https://lp.example/")
    message = compose(sender="lp@example.org", to="ines@example.org", member="Inès", network="Vilvoorde",
                      new=[entry], still_open=[], public_url="https://lp.example/")
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "<Sam & co>: 75 days since last fed (at most 60)" in text and "Still open" not in text
    assert "&lt;Sam &amp; co&gt;" in html and f"https://lp.example/stakeholders/{alert.subject_id}" in html


def test_jobs_are_stored_by_textual_reference_and_find_their_runtime_in_the_registry(monkeypatch):
    assert ref_to_obj(jobs.SCAN) is jobs.scan_network and ref_to_obj(jobs.DELIVER) is jobs.deliver
    monkeypatch.setattr(registry, "_runtimes", {})
    with pytest.raises(LookupError):
        registry.current("a-database")


def test_each_database_has_its_runtime_and_a_lone_runtime_serves_jobs_stored_under_another_name(monkeypatch):
    monkeypatch.setattr(registry, "_runtimes", {})
    monkeypatch.setattr(registry, "_nudges", {})
    first, second = object(), object()
    registry.register("first", first)
    assert registry.current("restored-elsewhere") is first
    registry.register("second", second)
    assert (registry.current("first"), registry.current("second")) == (first, second)
    with pytest.raises(LookupError):
        registry.current("restored-elsewhere")
    registry.unregister("second", first)  # not its runtime: nothing happens
    assert registry.current("second") is second


def test_an_attempt_is_recorded_even_when_a_coordinator_changes_the_alert_at_that_moment():
    tries = []

    def record() -> str:
        tries.append(1)
        if len(tries) < 3:
            raise Conflict("someone else changed this first")
        return "recorded"

    assert despite_conflicts(record) == "recorded" and len(tries) == 3
