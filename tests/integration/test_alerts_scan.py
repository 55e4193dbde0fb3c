"""Scans on a real SQLite store: alerts raised once per episode, snoozed, resolved, raced."""

from __future__ import annotations

import itertools
import threading
from datetime import timedelta

import pytest

from api.composition import Services
from domain.errors import NotAllowed
from scheduler.scan import scan
from tests.builders import BY
from tests.integration.test_alerts_support import Scene, scene, services

__all__ = ["services"]  # the fixture, shared


@pytest.fixture
def seen(services) -> Scene:
    return scene(services)


def scan_now(services: Services, network_id) -> dict[str, int]:  # noqa: ANN001
    services.views.catch_up()  # no feed runs in these tests
    return scan(services, network_id)


def by_kind(services: Services, network_id) -> dict[str, list]:  # noqa: ANN001
    found: dict[str, list] = {}
    for alert in services.app.alerts(network_id):
        found.setdefault(alert.kind, []).append(alert)
    return found


def test_a_scan_raises_one_alert_per_condition_with_its_evidence(services, seen):
    assert scan_now(services, seen.network_id) == {"raised": 3, "resolved": 0}
    alerts = by_kind(services, seen.network_id)
    (neglect,), (overuse,), (overdue,) = alerts["neglect"], alerts["overuse"], alerts["expectation_overdue"]
    assert (neglect.subject_id, neglect.rule, neglect.thresholds["max_interval_days"]) == (
        seen.amal, "max_contact_interval", 60)
    assert neglect.evidence == [seen.amal]  # never fed: the registration is the evidence
    assert overuse.subject_id == seen.bram and "over_capacity" in overuse.rule
    assert set(seen.ask_ids) <= set(overuse.evidence)
    assert (overdue.subject_id, overdue.concern_id, overdue.evidence[0]) == (
        seen.chloe, seen.expectation_id, seen.expectation_id)
    record = services.app.alert_record(neglect)
    assert record["status"] == "open" and record["stakeholder_id"] == seen.amal
    assert record["raised_at"] == services.app.clock()


def test_scanning_again_raises_nothing_new(services, seen):
    scan_now(services, seen.network_id)
    first = {a.id for a in services.app.alerts(seen.network_id)}
    assert scan_now(services, seen.network_id) == {"raised": 0, "resolved": 0}
    services.app.clock.advance(days=1)
    assert scan_now(services, seen.network_id) == {"raised": 0, "resolved": 0}
    assert {a.id for a in services.app.alerts(seen.network_id)} == first
    assert services.app.alert_book(seen.network_id).scans == 3


def test_a_cleared_condition_resolves_the_alert_and_a_new_episode_is_a_new_alert(services, seen):
    app = services.app
    scan_now(services, seen.network_id)
    (first,) = by_kind(services, seen.network_id)["neglect"]
    app.log_contact(seen.network_id, stakeholder_id=seen.amal, channel="in_person", initiated_by="us",
                    purpose="support", recorded_by=BY)
    assert scan_now(services, seen.network_id)["resolved"] == 1
    resolved = app.alert(seen.network_id, first.id)
    assert resolved.status_at(app.clock()) == "resolved" and resolved.resolution == "condition cleared"
    app.clock.advance(days=61)
    scan_now(services, seen.network_id)
    episodes = [a for a in by_kind(services, seen.network_id)["neglect"] if a.subject_id == seen.amal]
    assert [a.episode for a in episodes] == [2, 1] and episodes[0].id != first.id
    assert episodes[0].id in {a.id for a in app.alerts(seen.network_id, status="open", kind="neglect")}


def test_a_snoozed_alert_stays_quiet_until_its_date_then_speaks_again(services, seen):
    app = services.app
    scan_now(services, seen.network_id)
    (alert,) = by_kind(services, seen.network_id)["neglect"]
    until = (app.clock() + timedelta(days=7)).date()
    app.snooze_alert(seen.network_id, alert.id, until=until, reason="on leave until next week", recorded_by=BY)
    assert scan_now(services, seen.network_id) == {"raised": 0, "resolved": 0}
    snoozed = app.alert(seen.network_id, alert.id)
    assert snoozed.status_at(app.clock()) == "snoozed"
    assert app.alert_record(snoozed)["snooze_reason"] == "on leave until next week"
    app.clock.advance(days=8)
    assert scan_now(services, seen.network_id)["raised"] == 0
    assert app.alert(seen.network_id, alert.id).status_at(app.clock()) == "open"


def test_a_snoozed_alert_whose_condition_clears_is_resolved(services, seen):
    app = services.app
    scan_now(services, seen.network_id)
    (alert,) = by_kind(services, seen.network_id)["expectation_overdue"]
    app.snooze_alert(seen.network_id, alert.id, until=app.clock() + timedelta(days=3), recorded_by=BY)
    app.fulfil_expectation(seen.network_id, seen.expectation_id, recorded_by=BY)
    assert scan_now(services, seen.network_id) == {"raised": 0, "resolved": 1}
    assert app.alert(seen.network_id, alert.id).status_at(app.clock()) == "resolved"


def test_acknowledging_records_who_and_why_once(services, seen):
    app = services.app
    scan_now(services, seen.network_id)
    (alert,) = by_kind(services, seen.network_id)["overuse"]
    app.acknowledge_alert(seen.network_id, alert.id, note="we pause the asks until June", recorded_by="Inès")
    record = app.alert_record(app.alert(seen.network_id, alert.id))
    assert (record["status"], record["acknowledged_by"], record["note"]) == (
        "acknowledged", "Inès", "we pause the asks until June")
    with pytest.raises(NotAllowed):
        app.acknowledge_alert(seen.network_id, alert.id, recorded_by="Inès")


def test_resolving_by_hand_lets_the_next_scan_raise_a_new_episode(services, seen):
    app = services.app
    scan_now(services, seen.network_id)
    (alert,) = by_kind(services, seen.network_id)["neglect"]
    app.resolve_alert(seen.network_id, alert.id, reason="spoke at the market", recorded_by=BY)
    assert scan_now(services, seen.network_id) == {"raised": 1, "resolved": 0}
    assert len(by_kind(services, seen.network_id)["neglect"]) == 2


def test_scans_racing_raise_each_alert_once(services, seen, monkeypatch):
    services.start_projections()  # each scan reads views that must follow the others' writes
    results, errors = [], []
    # All three read the alert book before any of them writes: two must lose, re-read and find the alerts.
    barrier, calls, read_book = threading.Barrier(3, timeout=10), itertools.count(), services.app.alert_book

    def read_together(network_id):  # noqa: ANN001, ANN202
        book = read_book(network_id)
        if next(calls) < 3:
            barrier.wait()
        return book

    monkeypatch.setattr(services.app, "alert_book", read_together)

    def run() -> None:
        try:
            results.append(scan(services, seen.network_id))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(r["raised"] for r in results) == 3
    assert len(services.app.alerts(seen.network_id)) == 3


def test_a_scan_as_of_a_past_moment_raises_what_was_true_then(services, seen):
    app = services.app
    services.views.catch_up()
    then = app.clock() - timedelta(days=20)  # before Bram's asks and Chloé's promise; nobody fed for 70 days
    assert scan(services, seen.network_id, at=then) == {"raised": 2, "resolved": 0}
    alerts = app.alerts(seen.network_id)
    assert {(a.kind, a.subject_id, a.raised_at) for a in alerts} == {
        ("neglect", seen.amal, then), ("neglect", seen.bram, then)}
