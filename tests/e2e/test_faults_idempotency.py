"""The crash window of Idempotency-Key, step by step: a process claims a key, writes, and dies before it
stores its answer. The retry must not write a second time: the write carried its receipt."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest

from api import idempotency
from api.auth import Caller
from api.routing import fingerprint, scope_key
from tests.e2e.conftest import InProcess, in_process
from tests.e2e.test_faults_clients import BASE, contact, contacts_in_log


class DeadRequest:
    """Just what `fingerprint` reads of the request the killed process was serving."""

    method = "POST"
    url = type("Url", (), {"path": "/v1/interactions"})()


@pytest.fixture
def api(tmp_path) -> InProcess:  # noqa: ANN001
    built = in_process(tmp_path)
    with built.client:
        yield built
    built.services.close()


def test_a_write_whose_answer_died_with_its_process_is_not_written_again(api: InProcess, monkeypatch):
    headers = {**api.as_("coordinator"), "Idempotency-Key": str(uuid.uuid4())}
    person = api.client.post("/v1/stakeholders", headers=api.as_("coordinator"), json={
        "name": "Ilias Haddou", "sector": "sports_club", "side": "informal", "level": "operational",
        "occurred_at": (BASE - timedelta(days=1)).isoformat()}).json()["id"]
    body = contact(person, BASE)
    token = api.services.app.authenticate(api.tokens["coordinator"])
    caller = Caller(network_id=token.network_id, member=token.member, role=token.role, token_id=token.id)
    store = api.client.app.state.idempotency
    # The process that died: it claimed the key and wrote the contact, then was killed before answering.
    scope = scope_key(caller, headers["Idempotency-Key"])
    claimed = store.claim(scope, fingerprint(DeadRequest(), caller, json.dumps(body).encode()))
    assert claimed.outcome == "run"
    with api.services.app.once(api.network_id, scope=f"{scope}:{claimed.generation}", member=token.member):
        api.services.app.log_contact(api.network_id, stakeholder_id=uuid.UUID(person), channel="phone",
                                     initiated_by="us", purpose="check_in", occurred_at=BASE,
                                     recorded_by=token.member)
    monkeypatch.setattr(idempotency, "LEASE_SECONDS", 0.0)  # the lease of the dead claim has run out
    retried = api.client.post("/v1/interactions", content=json.dumps(body),
                              headers={**headers, "content-type": "application/json"})
    assert retried.status_code == 409, retried.text
    assert retried.json()["errors"][0]["field"] == "Idempotency-Key"
    assert len(contacts_in_log(api.services)[BASE]) == 1, "the retry wrote the contact a second time"
