"""Alerts, the alert book and recipients in the application, on the in-memory store."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta

import pytest

from domain.alert import Finding, alert_id_for
from domain.errors import InvalidValue, NotAllowed, NotFound
from domain.webhook import SECRET_PREFIX
from tests.builders import BY, network, stakeholder


def neglect_of(stakeholder_id) -> Finding:  # noqa: ANN001
    return Finding(kind="neglect", subject_type="stakeholder", subject_id=stakeholder_id, rule="max_contact_interval",
                   thresholds={"max_interval_days": 60}, observed={"days_since_fed": 75.0}, evidence=[stakeholder_id])


@pytest.fixture
def raised(app):  # noqa: ANN001, ANN201
    network_id = network(app)
    person = stakeholder(app, network_id)
    outcome = app.record_scan(network_id, findings=[neglect_of(person)], kinds=["neglect"], recorded_by=BY)
    (alert_id,) = outcome["raised"]
    return network_id, person, alert_id


def test_one_alert_per_episode_with_a_deterministic_id(app, raised):
    network_id, person, alert_id = raised
    assert alert_id == alert_id_for(network_id, f"neglect:{person}", 1)
    again = app.record_scan(network_id, findings=[neglect_of(person)], kinds=["neglect"], recorded_by=BY)
    assert again["raised"] == [] and again["resolved"] == []
    assert app.raise_alert(network_id, neglect_of(person), recorded_by=BY) is None
    assert [a.id for a in app.alerts(network_id)] == [alert_id]


def test_only_the_scanned_kinds_are_resolved(app, raised):
    network_id, _, alert_id = raised
    # An overuse-only scan (the neglect report was unavailable) says nothing about neglect.
    assert app.record_scan(network_id, findings=[], kinds=["overuse"], recorded_by=BY)["resolved"] == []
    assert app.record_scan(network_id, findings=[], kinds=["neglect"], recorded_by=BY)["resolved"] == [alert_id]
    assert app.alert_book(network_id).open == {}


def test_status_follows_acknowledgement_snooze_and_resolution(app, clock, raised):
    network_id, _, alert_id = raised
    status = lambda: app.alert(network_id, alert_id).status_at(app.clock())  # noqa: E731
    app.acknowledge_alert(network_id, alert_id, note="calling her tomorrow", recorded_by="Inès")
    assert status() == "acknowledged"
    app.snooze_alert(network_id, alert_id, until=clock() + timedelta(days=2), reason="holiday", recorded_by="Inès")
    assert status() == "snoozed"
    clock.advance(days=2)
    assert status() == "open"  # a snooze reminds: it does not keep the acknowledgement
    app.resolve_alert(network_id, alert_id, recorded_by="Inès")
    assert status() == "resolved"
    for command in (lambda: app.acknowledge_alert(network_id, alert_id, recorded_by="Inès"),
                    lambda: app.snooze_alert(network_id, alert_id, until=clock() + timedelta(days=1), recorded_by="x"),
                    lambda: app.resolve_alert(network_id, alert_id, recorded_by="Inès")):
        with pytest.raises(NotAllowed):
            command()


def test_a_snooze_date_means_the_start_of_that_day_where_the_network_is(app, raised):
    network_id, _, alert_id = raised
    day = (app.clock() + timedelta(days=3)).date()
    app.snooze_alert(network_id, alert_id, until=day, recorded_by=BY)
    until = app.alert(network_id, alert_id).snoozed_until
    assert (until.date(), until.hour, until.utcoffset()) == (day, 0, timedelta(hours=2))  # Brussels in summer


@pytest.mark.parametrize("until", [
    lambda now: now - timedelta(minutes=1),
    lambda now: now + timedelta(days=400),
    lambda now: datetime(2026, 7, 1, 9, 0),
    lambda now: "next week",
])
def test_a_snooze_must_end_within_a_year_with_an_offset(app, raised, until):
    network_id, _, alert_id = raised
    with pytest.raises(InvalidValue) as refused:
        app.snooze_alert(network_id, alert_id, until=until(app.clock()), recorded_by=BY)
    assert refused.value.field == "until"


def test_deliveries_count_attempts_and_never_repeat_a_success(app, raised):
    network_id, _, alert_id = raised
    app.record_delivery(network_id, alert_id, channel="webhook:a", attempt=1, result="failed", detail="HTTP 503")
    with pytest.raises(InvalidValue):
        app.record_delivery(network_id, alert_id, channel="webhook:a", attempt=1, result="delivered")
    app.record_delivery(network_id, alert_id, channel="webhook:a", attempt=2, result="delivered")
    with pytest.raises(NotAllowed):
        app.record_delivery(network_id, alert_id, channel="webhook:a", attempt=3, result="delivered")
    app.record_delivery(network_id, alert_id, channel="webhook:b", attempt=1, result="gone")
    with pytest.raises(NotAllowed):
        app.record_delivery(network_id, alert_id, channel="webhook:b", attempt=2, result="failed")
    with pytest.raises(InvalidValue):
        app.record_delivery(network_id, alert_id, channel="webhook:c", attempt=1, result="maybe")
    alert = app.alert(network_id, alert_id)
    assert alert.delivered_to("webhook:a") and alert.settled("webhook:b") and alert.attempts("webhook:a") == 2


def test_alerts_of_another_network_are_not_found(app, raised):
    _, _, alert_id = raised
    other = network(app, "sarcelles")
    with pytest.raises(NotFound):
        app.acknowledge_alert(other, alert_id, recorded_by=BY)
    assert app.alerts(other) == []


def test_notes_about_a_person_are_erased_with_them(app, raised):
    network_id, person, alert_id = raised
    app.acknowledge_alert(network_id, alert_id, note="her brother is ill", recorded_by=BY)
    app.erase_stakeholder(network_id, person, recorded_by=BY)
    assert app.alert_record(app.alert(network_id, alert_id))["note"] is None


def test_findings_are_checked(app):
    network_id = network(app)
    bad = Finding(kind="gossip", subject_type="stakeholder", subject_id=network_id, rule="r")
    with pytest.raises(InvalidValue) as refused:
        app.record_scan(network_id, findings=[bad], kinds=["neglect"], recorded_by=BY)
    assert refused.value.field == "kind"


def test_a_webhook_secret_is_shown_once_and_kept_sealed(app):
    network_id = network(app)
    written, secret = app.create_webhook(network_id, url="https://hooks.vilvoorde.example/lp", recorded_by=BY)
    assert secret.startswith(SECRET_PREFIX) and len(base64.b64decode(secret[len(SECRET_PREFIX):])) == 32
    webhook = app.webhook(network_id, written.id)
    assert secret not in webhook.secret and app.webhook_secret(network_id, written.id) == secret
    assert webhook.kinds == ["neglect", "overuse", "expectation_overdue"]
    assert [w.id for w in app.webhooks(network_id)] == [written.id]
    app.disable_webhook(network_id, written.id, reason="replaced", recorded_by=BY)
    assert not app.webhook(network_id, written.id).wants("neglect")


@pytest.mark.parametrize("url", [
    "ftp://hooks.example.org/x", "https://user:pw@hooks.example.org/", "http://127.0.0.1:9000/hook",
    "http://localhost/hook", "http://[::1]/hook", "http://169.254.169.254/latest", "http://10.1.2.3/",
    "http://192.168.1.10/", "http://0.0.0.0/", "not a url",
])
def test_webhook_targets_are_checked_when_created(app, url):
    network_id = network(app)
    with pytest.raises(InvalidValue) as refused:
        app.create_webhook(network_id, url=url, recorded_by=BY)
    assert refused.value.field == "url"


def test_private_targets_are_allowed_when_the_deployment_says_so(app):
    network_id = network(app)
    written, _ = app.create_webhook(network_id, url="http://127.0.0.1:9000/hook", allow_private=True,
                                    kinds=["overuse"], recorded_by=BY)
    assert app.webhook(network_id, written.id).kinds == ["overuse"]
    with pytest.raises(InvalidValue):
        app.create_webhook(network_id, url="https://hooks.example.org", kinds=["rumours"], recorded_by=BY)
