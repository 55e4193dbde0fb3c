"""Alerts and webhooks over real HTTP, against `linkingpin serve` on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import httpx
import pytest

from tests.e2e.conftest import InProcess, Server
from tests.e2e.test_http_contract import ago, created, problem
from tests.e2e.test_http_security import networks
from tests.integration.test_alerts_support import Receiver, wait_until

PERSON = {"sector": "youth_work", "side": "informal", "level": "operational"}


@pytest.fixture(autouse=True)
def webhooks_may_reach_this_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    # Autouse fixtures run first, so the server started for the test inherits the setting.
    monkeypatch.setenv("LINKINGPIN_WEBHOOK_ALLOW_PRIVATE", "true")


def person(api: httpx.Client, name: str, *, days_ago: float) -> str:
    return created(api.post("/v1/stakeholders", json={**PERSON, "name": name, "occurred_at": ago(days_ago)}))["id"]


def contact(api: httpx.Client, stakeholder_id: str, *, days_ago: float = 0) -> str:
    return created(api.post("/v1/interactions", json={
        "type": "contact", "stakeholder_id": stakeholder_id, "channel": "phone", "initiated_by": "us",
        "purpose": "check_in", "occurred_at": ago(days_ago)}))["id"]


def alerts(api: httpx.Client, **params: object) -> list[dict]:
    return created(api.get("/v1/alerts", params={"limit": 1000, **params}), 200)["items"]


def test_a_scan_raises_each_alert_once_and_coordinators_act_on_them(server: Server):
    ours, theirs = networks(server, "vilvoorde", "sarcelles")
    api, viewer = ours["coordinator"], ours["viewer"]
    amal = person(api, "Amal Haddad", days_ago=200)
    fed_long_ago = contact(api, amal, days_ago=100)  # past the default maximum interval of 60 days
    bram = person(api, "Bram Peeters", days_ago=150)  # never fed
    person(api, "Chloé Martin", days_ago=1)  # new, not due yet
    problem(viewer.post("/v1/alerts/scan"), 403)
    assert created(api.post("/v1/alerts/scan"), 200) == {"raised": 2, "resolved": 0}

    listed = alerts(viewer)  # viewers read alerts
    assert {(a["kind"], a["status"], a["stakeholder_id"]) for a in listed} == {
        ("neglect", "open", amal), ("neglect", "open", bram)}
    by_person = {a["stakeholder_id"]: a for a in listed}
    assert by_person[amal]["evidence"] == [fed_long_ago] and by_person[bram]["evidence"] == [bram]
    assert all(datetime.now(timezone.utc) - datetime.fromisoformat(a["raised_at"]) < timedelta(minutes=5)
               for a in listed)
    first = created(api.get("/v1/alerts", params={"limit": 1}), 200)
    rest = created(api.get("/v1/alerts", params={"limit": 1, "cursor": first["next_cursor"]}), 200)
    assert [a["id"] for a in first["items"] + rest["items"]] == [a["id"] for a in listed]
    assert first["next_cursor"] and rest["next_cursor"] is None
    problem(api.get("/v1/alerts", params={"cursor": "bm90IG91cnM"}), 422, "cursor")
    assert alerts(api, kind="overuse") == []

    alert_id = by_person[amal]["id"]
    problem(viewer.post(f"/v1/alerts/{alert_id}/acknowledge", json={}), 403)
    acknowledging = {"json": {"note": "Visit on Friday"}, "headers": {"Idempotency-Key": "acknowledge-1"}}
    acknowledged = created(api.post(f"/v1/alerts/{alert_id}/acknowledge", **acknowledging), 200)
    assert (acknowledged["status"], acknowledged["note"], acknowledged["acknowledged_by"]) == (
        "acknowledged", "Visit on Friday", "vilvoorde coordinator")
    problem(api.post(f"/v1/alerts/{alert_id}/acknowledge"), 409, "status")
    assert [a["id"] for a in alerts(api, status="acknowledged")] == [alert_id]
    assert [a["stakeholder_id"] for a in alerts(api, status="open")] == [bram]

    in_a_week = str(date.today() + timedelta(days=7))
    snoozed = created(api.post(f"/v1/alerts/{alert_id}/snooze", json={"until": in_a_week, "reason": "On leave"}),
                      200)
    assert (snoozed["status"], snoozed["snooze_reason"]) == ("snoozed", "On leave")
    assert snoozed["snoozed_until"].startswith(in_a_week)
    assert [a["id"] for a in alerts(viewer, status="snoozed")] == [alert_id]
    problem(api.post(f"/v1/alerts/{alert_id}/snooze", json={"until": str(date.today() + timedelta(days=800))}),
            422, "until")
    problem(api.post(f"/v1/alerts/{alert_id}/snooze", json={"until": "next week"}), 422, "until")

    assert created(api.post("/v1/alerts/scan"), 200) == {"raised": 0, "resolved": 0}  # no duplicate
    assert sorted(a["id"] for a in alerts(api)) == sorted(a["id"] for a in listed)

    contact(api, bram)  # fed now: the condition clears
    assert created(api.post("/v1/alerts/scan"), 200) == {"raised": 0, "resolved": 1}
    resolved = next(a for a in alerts(api) if a["stakeholder_id"] == bram)
    assert resolved["status"] == "resolved" and resolved["resolution"] == "condition cleared"
    assert alerts(api, status="snoozed")[0]["id"] == alert_id  # a snoozed alert whose condition persists stays

    other = theirs["coordinator"]
    assert alerts(other) == [] and alerts(theirs["viewer"]) == []
    problem(other.post(f"/v1/alerts/{alert_id}/acknowledge", json={"note": "hijacked"}), 404)
    problem(other.post(f"/v1/alerts/{alert_id}/snooze", json={"until": in_a_week}), 404)
    assert created(other.post("/v1/alerts/scan"), 200) == {"raised": 0, "resolved": 0}

    # Notes about a person are personal data: erasing the person reaches them, stored answers included.
    created(ours["admin"].post(f"/v1/stakeholders/{amal}/erase"), 200)
    erased = next(a for a in alerts(api) if a["id"] == alert_id)
    assert (erased["note"], erased["snooze_reason"]) == (None, None)
    problem(api.post(f"/v1/alerts/{alert_id}/acknowledge", **acknowledging), 410)


def test_a_scan_while_the_views_lag_answers_503_with_retry_after(api: InProcess, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(api.services.views, "wait_for", lambda *_, **__: False)
    answer = api.client.post("/v1/alerts/scan", headers=api.as_("coordinator"))
    assert problem(answer, 503)["type"] == "urn:linkingpin:problem:views-behind"
    assert int(answer.headers["Retry-After"]) > 0


def test_webhooks_are_created_with_a_secret_once_and_receive_signed_alerts(server: Server):
    ours, theirs = networks(server, "vilvoorde", "sarcelles")
    api, viewer = ours["coordinator"], ours["viewer"]
    receiver = Receiver()
    try:
        body = {"url": receiver.url, "kinds": ["neglect"]}
        problem(viewer.post("/v1/webhooks", json=body), 403)
        problem(viewer.get("/v1/webhooks"), 403)  # a webhook URL can carry the receiver's own secret
        problem(api.post("/v1/webhooks", json={"url": "ftp://hooks.example.org/x"}), 422, "url")
        problem(api.post("/v1/webhooks", json={"url": receiver.url, "kinds": ["weather"]}), 422)
        key = {"Idempotency-Key": "webhook-1"}
        hook = created(api.post("/v1/webhooks", json=body, headers=key))
        assert hook["secret"].startswith("whsec_") and hook["kinds"] == ["neglect"] and hook["is_active"] is True
        receiver.secret = hook["secret"]
        replayed = api.post("/v1/webhooks", json=body, headers=key)
        assert replayed.headers["Idempotent-Replayed"] == "true"
        assert created(replayed) == {**hook, "secret": None}  # the secret is shown once, never stored
        listed = api.get("/v1/webhooks")
        assert created(listed, 200)["items"] == [{**hook, "secret": None}]
        assert hook["secret"] not in listed.text
        assert created(ours["admin"].get(f"/v1/webhooks/{hook['id']}/deliveries"), 200)["items"] == []

        everything = created(theirs["admin"].post("/v1/webhooks", json={"url": "https://hooks.example.org/x"}))
        assert everything["kinds"] == ["neglect", "overuse", "expectation_overdue"]  # all kinds by default
        assert [h["id"] for h in created(theirs["coordinator"].get("/v1/webhooks"), 200)["items"]] == [
            everything["id"]]
        problem(theirs["coordinator"].get(f"/v1/webhooks/{hook['id']}/deliveries"), 404)

        person(api, "Dries Wouters", days_ago=120)
        assert created(api.post("/v1/alerts/scan"), 200)["raised"] == 1
        (alert,) = alerts(api)

        def delivered() -> list[dict]:
            found = created(api.get(f"/v1/webhooks/{hook['id']}/deliveries"), 200)["items"]
            return [d for d in found if d["result"] == "delivered"]

        wait_until(delivered, timeout=30, every=0.2)
        (attempt,) = delivered()
        assert (attempt["alert_id"], attempt["kind"], attempt["attempt"]) == (alert["id"], "neglect", 1)
        assert receiver.forged == []  # signed with the secret the API showed
        assert [r["payload"]["data"]["id"] for r in receiver.received] == [alert["id"]]
        problem(viewer.get(f"/v1/webhooks/{hook['id']}/deliveries"), 403)
    finally:
        receiver.close()
