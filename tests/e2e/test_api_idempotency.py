"""Idempotency-Key in-process: in-flight claims, erasure reaching stored answers, secrets never stored, expiry."""

from __future__ import annotations

import json
import time
import uuid

from sqlalchemy import func, select

from api.auth import Caller
from api.idempotency import TTL_SECONDS, keys
from api.routing import fingerprint, scope_key
from tests.e2e.conftest import InProcess

PERSON = {"name": "Aminata Diallo", "sector": "community_member", "side": "informal", "level": "operational"}


class FakeRequest:
    """Just what `fingerprint` reads of a request."""

    def __init__(self, path: str) -> None:
        self.method, self.url = "POST", type("Url", (), {"path": path})()


def key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def stored_rows(api: InProcess) -> list:
    with api.services.engine.connect() as connection:
        return list(connection.execute(select(keys)))


def test_a_request_still_in_flight_answers_409_and_writes_nothing(api: InProcess):
    headers = {**api.as_("coordinator"), **key()}
    token = api.services.app.authenticate(api.tokens["coordinator"])
    caller = Caller(network_id=token.network_id, member=token.member, role=token.role, token_id=token.id)
    store = api.client.app.state.idempotency
    same_request = fingerprint(FakeRequest("/v1/stakeholders"), caller, json.dumps(PERSON).encode())
    claim = store.claim(scope_key(caller, headers["Idempotency-Key"]), same_request)  # as another process would
    assert claim.outcome == "run"
    before = api.services.app.recorder.max_notification_id()
    answer = api.client.post("/v1/stakeholders", json=PERSON, headers=headers)
    assert answer.status_code == 409 and answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["errors"][0]["field"] == "Idempotency-Key"
    assert api.services.app.recorder.max_notification_id() == before


def test_replays_write_nothing_and_failures_are_not_kept(api: InProcess):
    headers = {**api.as_("coordinator"), **key()}
    refused = api.client.post("/v1/stakeholders", json={**PERSON, "sector": "army"}, headers=headers)
    assert refused.status_code == 422
    first = api.client.post("/v1/stakeholders", json=PERSON, headers=headers)  # the fixed body may use the key
    position = api.services.app.recorder.max_notification_id()
    replayed = api.client.post("/v1/stakeholders", json=dict(reversed(PERSON.items())), headers=headers)
    assert first.status_code == replayed.status_code == 201 and replayed.json() == first.json()
    assert api.services.app.recorder.max_notification_id() == position
    same_key = {**api.as_("admin"), "Idempotency-Key": headers["Idempotency-Key"]}
    other_member = api.client.post("/v1/stakeholders", json=PERSON, headers=same_key)
    assert other_member.status_code == 201 and other_member.json()["id"] != first.json()["id"]  # keys are per member


def test_stored_answers_are_sealed_and_erasure_reaches_them(api: InProcess):
    headers = {**api.as_("coordinator"), **key()}
    first = api.client.post("/v1/stakeholders", json={**PERSON, "contact": {"email": "aminata@mail.example"}},
                            headers=headers)
    assert first.status_code == 201
    assert not any("Aminata" in (row.body or "") or "aminata@" in (row.body or "") for row in stored_rows(api))
    erase = api.client.post(f"/v1/stakeholders/{first.json()['id']}/erase", headers=api.as_("admin"))
    assert erase.status_code == 200 and erase.json()["name"] is None
    replay = api.client.post("/v1/stakeholders", json={**PERSON, "contact": {"email": "aminata@mail.example"}},
                             headers=headers)
    assert replay.status_code == 410 and replay.headers["content-type"] == "application/problem+json"
    assert "Aminata" not in replay.text


def test_token_secrets_are_never_stored(api: InProcess):
    headers = {**api.as_("admin"), **key()}
    issued = api.client.post("/v1/tokens", json={"member": "Nora Maes", "role": "viewer"}, headers=headers)
    secret = issued.json()["secret"]
    assert issued.status_code == 201 and secret.startswith("lp_")
    replay = api.client.post("/v1/tokens", json={"member": "Nora Maes", "role": "viewer"}, headers=headers)
    assert replay.status_code == 201 and replay.json() == {**issued.json(), "secret": None}
    opened = [api.client.app.state.idempotency._open(row.body, json.loads(row.subjects))
              for row in stored_rows(api) if row.status]
    assert opened and not any(secret.encode() in body for body in opened if body)


def test_expired_keys_are_cleaned_up_and_may_be_used_again(api: InProcess):
    store = api.client.app.state.idempotency
    headers = {**api.as_("coordinator"), **key()}
    first = api.client.post("/v1/organisations", json={"name": "Amal", "sector": "civil_society", "side": "informal"},
                            headers=headers)
    assert first.status_code == 201
    assert store.cleanup(time.time()) == 0  # nothing is due yet
    assert store.cleanup(time.time() + TTL_SECONDS + 1) >= 1
    with api.services.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(keys)).scalar_one() == 0
    again = api.client.post("/v1/organisations", json={"name": "Amal", "sector": "civil_society", "side": "informal"},
                            headers=headers)
    assert again.status_code == 201 and again.json()["id"] != first.json()["id"]


def test_the_fingerprint_covers_path_caller_and_canonical_body():
    orgs, body = FakeRequest("/v1/organisations"), b'{"a": 1, "b": [1, 2]}'
    caller = Caller(network_id=uuid.uuid4(), member="Anna", role="coordinator", token_id=uuid.uuid4())
    base = fingerprint(orgs, caller, body)
    assert base == fingerprint(orgs, caller, b'{"b":[1,2],"a":1}')
    assert base != fingerprint(orgs, caller, b'{"a": 1, "b": [2, 1]}')
    other = Caller(network_id=caller.network_id, member="Bram", role="coordinator", token_id=caller.token_id)
    assert base != fingerprint(orgs, other, body)
    assert base != fingerprint(FakeRequest("/v1/groups"), caller, body)
