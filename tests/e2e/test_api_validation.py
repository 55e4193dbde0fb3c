"""Bad input, in-process for speed: every refusal is a problem document naming the field, never a 500."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from tests.e2e.conftest import InProcess

PERSON = {"name": "Lien De Smet", "sector": "education", "side": "formal", "level": "operational"}
NOBODY = str(uuid.uuid4())
SECRET_TEXT = "Fatima Zahra private note"


@pytest.fixture(scope="module")
def person(api: InProcess) -> str:
    response = api.client.post("/v1/stakeholders", json=PERSON, headers=api.as_("coordinator"))
    assert response.status_code == 201, response.text
    return response.json()["id"]


def later(**delta: float) -> str:
    return (datetime.now(timezone.utc) + timedelta(**delta)).isoformat()


def contact(stakeholder_id: str, **fields: object) -> dict:
    return {"type": "contact", "stakeholder_id": stakeholder_id, "channel": "phone", "initiated_by": "us",
            "purpose": "check_in", **fields}


def meeting(attendees: list, **fields: object) -> dict:
    return {"type": "meeting", "title": "Round table", "format": "network_event", "attendees": attendees, **fields}


STAKEHOLDER_CASES = [
    ({k: v for k, v in PERSON.items() if k != "name"}, 422, "name"),
    ({**PERSON, "sector": "army"}, 422, "sector"),
    ({**PERSON, "nickname": "Lili"}, 422, "nickname"),
    ({**PERSON, "contact": {"email": "not-an-email"}}, 422, "contact.email"),
    ({**PERSON, "contact": {"fax": "123"}}, 422, "contact.fax"),
    ({**PERSON, "name": "x" * 201}, 422, "name"),
    ({**PERSON, "name": "   "}, 422, "name"),
    ({**PERSON, "name": "Lien\x00"}, 422, "name"),
    ({**PERSON, "name": "Lien \ud800"}, 422, "name"),
    ({**PERSON, "ideal_interval_days": 0}, 422, "ideal_interval_days"),
    ({**PERSON, "ideal_interval_days": "5"}, 422, "ideal_interval_days"),
    ({**PERSON, "ideal_interval_days": True}, 422, "ideal_interval_days"),
    ({**PERSON, "max_interval_days": 3651}, 422, "max_interval_days"),
    ({**PERSON, "ideal_interval_days": 30, "max_interval_days": 10}, 422, "max_interval_days"),
    ({**PERSON, "ask_capacity": {"max_asks": 0}}, 422, "ask_capacity.max_asks"),
    ({**PERSON, "occurred_at": "2026-01-01T09:00:00"}, 422, "occurred_at"),
    ({**PERSON, "occurred_at": later(days=2)}, 422, "occurred_at"),
    ({**PERSON, "occurred_at": 1700000000}, 422, "occurred_at"),
    ({**PERSON, "occurred_at": "1969-12-31T23:00:00+00:00"}, 422, "occurred_at"),
    ({**PERSON, "occurred_at": "yesterday"}, 422, "occurred_at"),
    ({**PERSON, "organisation_id": NOBODY}, 404, "organisation_id"),
    ({**PERSON, "organisation_id": "not-a-uuid"}, 422, "organisation_id"),
    ({**PERSON, "communities": ["c"] * 101}, 422, "communities"),
    ({**PERSON, "communities": [7]}, 422, "communities[0]"),
]


@pytest.mark.parametrize(("body", "status", "field"), STAKEHOLDER_CASES)
def test_bad_stakeholders_are_refused_with_the_field(api: InProcess, body, status, field):
    # json.dumps escapes lone surrogates (\ud800) as a client's JSON library would; httpx's json= cannot send them.
    answer = api.client.post("/v1/stakeholders", content=json.dumps(body),
                             headers={**api.as_("coordinator"), "content-type": "application/json"})
    assert_problem(answer, status, field)


def interaction_cases(p: str) -> list[tuple[dict, int, str]]:
    return [
        ({"stakeholder_id": p}, 422, "type"),
        ({"type": "gossip", "stakeholder_id": p}, 422, "type"),
        (contact(p, channel="pigeon"), 422, "channel"),
        (contact(p, initiated_by="nobody"), 422, "initiated_by"),
        (contact(p, summary="s" * 4001), 422, "summary"),
        (contact(NOBODY), 404, "stakeholder_id"),
        (contact(p, occurred_at="2026-02-30T10:00:00+01:00"), 422, "occurred_at"),
        ({"type": "information", "stakeholder_id": p, "direction": "sideways", "topic": "t",
          "sensitivity": "public"}, 422, "direction"),
        ({"type": "information", "stakeholder_id": p, "direction": "shared", "topic": "",
          "sensitivity": "public"}, 422, "topic"),
        ({"type": "information_declined", "stakeholder_id": p}, 422, "declined_by"),
        ({"type": "ask", "stakeholder_id": p, "purpose": "Host", "importance": "urgent"}, 422, "importance"),
        (meeting([]), 422, "attendees"),
        (meeting([{"stakeholder_id": p, "attendance": "asleep"}]), 422, "attendees[0].attendance"),
        (meeting([{"stakeholder_id": p}, {"stakeholder_id": p}]), 422, "attendees"),
        (meeting([{"stakeholder_id": p}], group_id=NOBODY), 404, "group_id"),
        (meeting([{"stakeholder_id": p}], disseminated_to=[NOBODY]), 404, "disseminated_to"),
        ({"type": "introduction", "stakeholder_ids": [p]}, 422, "stakeholder_ids"),
        ({"type": "introduction", "stakeholder_ids": [p, p]}, 422, "stakeholder_ids"),
        ({"type": "direct_contact", "stakeholder_ids": [p, NOBODY]}, 404, "stakeholder_id"),
    ]


def test_bad_interactions_are_refused_with_the_field(api: InProcess, person: str):
    for body, status, field in interaction_cases(person):
        answer = api.client.post("/v1/interactions", json=body, headers=api.as_("coordinator"))
        assert_problem(answer, status, field, case=body)


def test_bad_expectations_and_settings_are_refused(api: InProcess, person: str):
    promise = {"stakeholder_id": person, "owed_by": "us", "description": "Call back", "due_on": "2030-01-01"}
    cases = [
        ("POST", "/v1/expectations", {**promise, "due_on": "2030-13-01"}, 422, "due_on"),
        ("POST", "/v1/expectations", {**promise, "due_on": "2030-01-01T00:00:00+00:00"}, 422, "due_on"),
        ("POST", "/v1/expectations", {**promise, "due_on": 20300101}, 422, "due_on"),
        ("POST", "/v1/expectations", {**promise, "due_on": "1900-01-01"}, 422, "due_on"),
        ("POST", "/v1/expectations", {**promise, "owed_by": "everyone"}, 422, "owed_by"),
        ("POST", "/v1/expectations", {**promise, "agreed_at": "2030-01-01"}, 422, "agreed_at"),
        ("POST", f"/v1/expectations/{NOBODY}/fulfil", None, 404, "id"),
        ("POST", "/v1/expectations/not-an-id/fulfil", None, 422, "expectation_id"),
        ("POST", f"/v1/asks/{NOBODY}/outcome", {"outcome": "maybe"}, 422, "outcome"),
        ("POST", f"/v1/stakeholders/{person}/hand-over", {"successor_id": person}, 422, "successor_id"),
        ("PATCH", f"/v1/stakeholders/{person}", {"version": 99, "function": "x"}, 409, "version"),
        ("PATCH", f"/v1/stakeholders/{person}", {"introduced_by": person}, 422, "introduced_by"),
        ("POST", "/v1/groups", {"name": "G", "kind": "mixed"}, 422, "kind"),
        ("POST", "/v1/groups", {"name": "G", "kind": "homogeneous", "members": [NOBODY]}, 404, "stakeholder_id"),
        ("POST", "/v1/organisations", ["not", "an", "object"], 422, "body"),
    ]
    for method, path, body, status, field in cases:
        answer = api.client.request(method, path, json=body, headers=api.as_("coordinator"))
        assert_problem(answer, status, field, case=(method, path, body))
    admin_cases = [
        ({"alert_schedule": "every morning"}, "alert_schedule"),
        ({"default_plan": {"ideal_interval_days": 90, "max_interval_days": 30}}, "max_interval_days"),
        ({"default_plan": {"weekly": 1}}, "default_plan.weekly"),
        ({"name": None}, "name"),
    ]
    for body, field in admin_cases:
        assert_problem(api.client.patch("/v1/network", json=body, headers=api.as_("admin")), 422, field, case=body)
    assert_problem(api.client.post("/v1/tokens", json={"member": "M", "role": "king"}, headers=api.as_("admin")),
                   422, "role")


def test_query_parameters_are_checked(api: InProcess):
    cases = [
        ("/v1/stakeholders?limit=0", "limit"), ("/v1/stakeholders?limit=1001", "limit"),
        ("/v1/stakeholders?limit=ten", "limit"), ("/v1/stakeholders?cursor=has%20space", "cursor"),
        ("/v1/stakeholders?cursor=bm90LWEtY3Vyc29y", "cursor"), ("/v1/stakeholders?sector=army", "sector"),
        ("/v1/interactions?from=2026-01-01T00:00:00", "from"), ("/v1/interactions?type=gossip", "type"),
        ("/v1/expectations?status=late", "status"), ("/v1/reports/neglect?as_of=yesterday", "as_of"),
        ("/v1/reports/neglect?known_at=2026-01-01", "known_at"), ("/v1/stakeholders/42", "stakeholder_id"),
    ]
    for path, field in cases:
        assert_problem(api.client.get(path, headers=api.as_("viewer")), 422, field, case=path)
    assert api.client.get("/v1/stakeholders?limit=1000", headers=api.as_("viewer")).status_code == 200


def test_bodies_that_are_not_json_objects_are_problems(api: InProcess):
    headers = api.as_("coordinator")
    for content, content_type in ((b'{"name": ', "application/json"), (b"name=x", "text/plain"),
                                  (b"[" * 100_000, "application/json")):
        typed = {**headers, "content-type": content_type}
        answer = api.client.post("/v1/organisations", content=content, headers=typed)
        assert answer.status_code in (400, 422) and answer.headers["content-type"] == "application/problem+json"
    too_long_key = {**headers, "Idempotency-Key": "k" * 256}
    assert_problem(api.client.post("/v1/organisations", json={}, headers=too_long_key), 422, "Idempotency-Key")


def test_the_body_size_limit_holds_with_and_without_a_length(api: InProcess):
    big = b'{"name": "' + b"x" * (1024 * 1024) + b'"}'
    headers = {**api.as_("coordinator"), "content-type": "application/json"}
    assert_problem(api.client.post("/v1/organisations", content=big, headers=headers), 413)
    chunked = api.client.post("/v1/organisations", content=iter([big[:600_000], big[600_000:]]), headers=headers)
    assert_problem(chunked, 413)


def test_unknown_paths_and_methods_are_problems(api: InProcess):
    assert_problem(api.client.get("/v1/nothing-here", headers=api.as_("viewer")), 404)
    assert_problem(api.client.put("/v1/network", json={}, headers=api.as_("admin")), 405)


def test_errors_never_echo_personal_input(api: InProcess, person: str):
    answer = api.client.post("/v1/interactions", json=contact(person, channel="pigeon", summary=SECRET_TEXT),
                             headers=api.as_("coordinator"))
    assert answer.status_code == 422 and SECRET_TEXT not in answer.text


def assert_problem(answer, status: int, field: str | None = None, *, case: object = None) -> None:  # noqa: ANN001
    assert answer.status_code == status, (case, answer.status_code, answer.text)
    assert answer.headers["content-type"] == "application/problem+json", case
    body = answer.json()
    assert set(body) == {"type", "title", "status", "detail", "errors"} and body["status"] == status
    assert "Traceback" not in answer.text and 'File "' not in answer.text
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], (case, body)
        assert all(e["reason"] for e in body["errors"])
