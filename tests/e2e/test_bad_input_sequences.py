"""Hypothesis-driven sequences of HTTP commands, good and bad mixed, against a model of what each should do.

After every command: no 5xx, a refusal is a problem with a reason and moves the log by nothing, an
accepted write moves it by exactly its events. At the end, the API agrees with the model. (The
schemathesis run in test_schemathesis.py checks each operation on its own; this checks sequences.)
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from fastapi.testclient import TestClient

from api.app import create_app
from api.composition import build
from tests.conftest import sqlite_settings
from tests.e2e.conftest import InProcess
from tests.e2e.test_faults_clients import BASE
from tests.e2e.test_faults_support import record_figures

PERSON = {"name": "Sanne de Vries", "sector": "civil_society", "side": "informal", "level": "operational",
          "occurred_at": (BASE - timedelta(days=2)).isoformat()}
BROKEN = {  # one wrong value each; the model expects a 422 naming the field
    "name": ["", " ", "x" * 201, 7, None], "sector": ["army", 3, ["education"]], "side": ["both", True],
    "level": ["middle"], "occurred_at": ["yesterday", "2026-01-01T09:00:00", "1969-01-01T00:00:00+00:00",
                                         "2999-01-01T00:00:00+14:00", 0],
    "communities": ["Far-West", [1], ["c"] * 101], "ideal_interval_days": [0, -1, "30", 3651, 1.5],
    "contact": [{"email": "not-an-email"}, ["a@b.example"], {"fax": "1"}],
}
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)
PATHS = ["/v1/stakeholders", "/v1/interactions", "/v1/expectations", "/v1/organisations", "/v1/groups"]
STATE: dict[str, object] = {"answers": Counter()}


@pytest.fixture(scope="module", autouse=True)
def store(tmp_path_factory, request):  # noqa: ANN001, ANN201
    services = build(sqlite_settings(tmp_path_factory.mktemp("sequences")))
    services.start_projections()  # no scheduler: nothing but these commands may write to the log
    network_id = services.app.create_network(slug="sequences", name="Sequences").id
    tokens = {role: services.app.issue_token(network_id, member=f"{role} member", role=role, recorded_by="test")[1]
              for role in ("viewer", "coordinator")}
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        STATE["api"] = InProcess(services=services, client=test_client, network_id=network_id, tokens=tokens)
        yield
    services.close()
    answers = STATE["answers"]
    record_figures(request, "command sequences (hypothesis)", commands=sum(answers.values()),
                   accepted=sum(n for status, n in answers.items() if status < 400),
                   refused={status: n for status, n in sorted(answers.items()) if status >= 400},
                   log_moved_by_a_refusal=0, server_errors=0)


class Commands(RuleBasedStateMachine):
    people = Bundle("people")
    promises = Bundle("promises")

    def __init__(self) -> None:
        super().__init__()
        self.api = STATE["api"]
        self.model: dict[str, dict] = {}  # id -> what the API should say of it
        self.head = self.position()

    def position(self) -> int:
        return self.api.services.app.recorder.max_notification_id() or 0

    def send(self, method: str, path: str, body: object, *, expect: int, events: int = 0) -> dict:
        answer = self.api.client.request(method, path, content=json.dumps(body),
                                         headers={**self.api.as_("coordinator"), "content-type": "application/json"})
        assert answer.status_code == expect, (method, path, body, answer.status_code, answer.text[:300])
        STATE["answers"][answer.status_code] += 1
        if answer.status_code >= 400:
            problem = answer.json()
            assert answer.headers["content-type"] == "application/problem+json" and problem["detail"]
            assert all(error["reason"] for error in problem["errors"])
        self.head += events if answer.status_code < 400 else 0
        assert self.position() == self.head, f"{method} {path} moved the log by {self.position() - self.head}"
        return answer.json()

    @rule(target=people)
    def register(self) -> str:
        person = self.send("POST", "/v1/stakeholders", PERSON, expect=201, events=1)["id"]
        self.model[person] = {"status": "active", "version": 1}
        return person

    @rule(data=st.data())
    def refused(self, data: st.DataObject) -> None:
        """One rule for both kinds of bad request, so that good commands get most of the steps."""
        if data.draw(st.booleans(), label="one wrong field"):
            field = data.draw(st.sampled_from(sorted(BROKEN)), label="field")
            path, body = "/v1/stakeholders", {**PERSON, field: data.draw(st.sampled_from(BROKEN[field]), label="value")}
        else:
            path, body = data.draw(st.sampled_from(PATHS), label="path"), data.draw(JSON, label="body")
        self.send("POST", path, body, expect=422)

    @rule(person=people)
    def contact(self, person: str) -> None:
        active = self.model[person]["status"] == "active"
        body = {"type": "contact", "stakeholder_id": person, "channel": "video", "initiated_by": "them",
                "purpose": "feedback", "occurred_at": BASE.isoformat()}
        self.send("POST", "/v1/interactions", body, expect=201 if active else 409, events=1)

    @rule(person=people, stale=st.booleans())
    def patch(self, person: str, stale: bool) -> None:
        known = self.model[person]
        version = known["version"] - 1 if stale else known["version"]
        self.send("PATCH", f"/v1/stakeholders/{person}", {"function": "Board member", "version": version},
                  expect=409 if stale else 200, events=1)
        known["version"] += 0 if stale else 1

    @rule(person=people, action=st.sampled_from(["archive", "reactivate"]))
    def status(self, person: str, action: str) -> None:
        known = self.model[person]
        allowed = (known["status"] == "active") == (action == "archive")
        self.send("POST", f"/v1/stakeholders/{person}/{action}", {}, expect=200 if allowed else 409, events=1)
        if allowed:
            known.update(status="archived" if action == "archive" else "active", version=known["version"] + 1)

    @rule(target=promises, person=people)
    def agree(self, person: str) -> str:
        body = {"stakeholder_id": person, "owed_by": "us", "description": "Visit the club", "due_on": "2030-06-01"}
        if self.model[person]["status"] != "active":
            self.send("POST", "/v1/expectations", body, expect=409)
            return "00000000-0000-4000-8000-000000000000"  # never agreed: every later step answers 404
        promise = self.send("POST", "/v1/expectations", body, expect=201, events=1)["id"]
        self.model[promise] = {"status": "open"}
        return promise

    @rule(promise=promises, action=st.sampled_from(["fulfil", "miss", "withdraw", "renegotiate"]),
          days=st.integers(1, 400))
    def close(self, promise: str, action: str, days: int) -> None:
        known = self.model.get(promise)
        body = {"due_on": (date(2031, 1, 1) + timedelta(days=days)).isoformat(), "reason": "Moved"} \
            if action == "renegotiate" else {}
        expect = 404 if known is None else 200 if known["status"] == "open" else 409
        self.send("POST", f"/v1/expectations/{promise}/{action}", body, expect=expect, events=1)
        if expect == 200 and action != "renegotiate":
            known["status"] = {"fulfil": "fulfilled", "miss": "missed", "withdraw": "withdrawn"}[action]

    @invariant()
    def the_api_agrees_with_the_model(self) -> None:
        people = [(i, known) for i, known in self.model.items() if "version" in known]
        for person, known in people[-3:]:  # the latest few: cheap enough after every step
            answer = self.api.client.get(f"/v1/stakeholders/{person}", headers=self.api.as_("viewer")).json()
            assert (answer["status"], answer["version"]) == (known["status"], known["version"])


Commands.TestCase.settings = settings(max_examples=60, stateful_step_count=20, deadline=None,
                                      suppress_health_check=[HealthCheck.too_slow])
test_command_sequences_keep_their_promises = pytest.mark.slow(Commands.TestCase)
