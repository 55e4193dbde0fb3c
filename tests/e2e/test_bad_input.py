"""Bad input over real HTTP, against `linkingpin serve` on SQLite: every refusal is a 4xx problem giving a
reason, and nothing is half-written: the event log and the stored idempotent answers are exactly as
before each refused request (and a refused registration leaves no key behind). Edge time zones that are
valid are accepted as the same instant."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import Server
from tests.e2e.test_faults_clients import client
from tests.e2e.test_faults_support import admin_token, launch, new_server, record_figures, shut, store_env

PERSON = {"name": "Lotte Janssens", "sector": "mental_health", "side": "formal", "level": "operational"}
LIMIT = 1024 * 1024


@pytest.fixture(scope="module")
def target(tmp_path_factory, request) -> Iterator[tuple[Server, httpx.Client, Path]]:  # noqa: ANN001
    home = tmp_path_factory.mktemp("bad-input")
    server = new_server(store_env("sqlite", home, request), home)
    token = admin_token(server)
    launch(server)
    try:
        yield server, client(server.base_url, token), home / "data"
    finally:
        shut(server)


def state(data: Path) -> tuple[int, int]:
    """What a refused request must leave alone: (log head, stored idempotent answers)."""
    with sqlite3.connect(data / "linkingpin.sqlite") as db:
        head = db.execute("SELECT coalesce(max(rowid), 0) FROM stored_events").fetchone()[0]
        # A refused request frees its key (the row keeps only the key's generation): no answer is stored.
        return head, db.execute("SELECT count(*) FROM idempotency_keys WHERE status IS NOT NULL").fetchone()[0]


def keys(data: Path) -> int:
    with sqlite3.connect(data / "linkingpin-keys.sqlite") as db:
        return db.execute("SELECT count(*) FROM personal_data_keys").fetchone()[0]


def raw(body: bytes) -> dict:
    return {"content": body, "headers": {"content-type": "application/json"}}


def moment(**delta: float) -> datetime:
    return datetime.now(timezone.utc) + timedelta(**delta)


def at_offset(when: datetime, hours: int) -> str:
    return when.astimezone(timezone(timedelta(hours=hours))).isoformat()


def person_cases() -> list[tuple[str, dict]]:
    body = json.dumps(PERSON).encode()
    nested = b"[" * 20_000 + b"]" * 20_000
    return [
        ("body over the limit, with its length", raw(b'{"name": "' + b"x" * LIMIT + b'"}')),
        ("body over the limit, chunked", {"content": iter([b"{" + b" " * 700_000, b" " * 700_000 + b"}"]),
                                          "headers": {"content-type": "application/json"}}),
        ("invalid UTF-8", raw(body.replace(b"Lotte", b"Lo\xff\xfete"))),
        ("overlong UTF-8 encoding", raw(body.replace(b"Lotte", b"Lo\xc0\xaftte"))),
        ("a lone surrogate", raw(body.replace(b"Lotte", b"Lo\\ud800tte"))),
        ("a NUL character", raw(body.replace(b"Lotte", b"Lo\\u0000tte"))),
        ("a huge string", {"json": {**PERSON, "name": "x" * 900_000}}),
        ("deeply nested JSON", raw(nested)),
        ("deeply nested field", raw(body[:-1] + b', "communities": ' + nested + b"}")),
        ("a number too long to read", raw(body[:-1] + b', "ideal_interval_days": 1' + b"0" * 5000 + b"}")),
        ("NaN", raw(body[:-1] + b', "ideal_interval_days": NaN}')),
        ("a name that is a number", {"json": {**PERSON, "name": 42}}),
        ("communities as a string", {"json": {**PERSON, "communities": "Far-West"}}),
        ("contact as a list", {"json": {**PERSON, "contact": ["a@b.example"]}}),
        ("a list for a body", {"json": [PERSON]}),
        ("null for a body", raw(b"null")),
        ("no body", raw(b"")),
        ("a form for a body", {"content": b"name=Lotte",
                               "headers": {"content-type": "application/x-www-form-urlencoded"}}),
        ("a year before 1970", {"json": {**PERSON, "occurred_at": "0001-01-01T00:00:00+00:00"}}),
        ("year 10000", {"json": {**PERSON, "occurred_at": "10000-01-01T00:00:00+00:00"}}),
        ("a 13th month", {"json": {**PERSON, "occurred_at": "2026-13-01T00:00:00+00:00"}}),
        ("29 February of a common year", {"json": {**PERSON, "occurred_at": "2025-02-29T10:00:00+01:00"}}),
        ("a naive time", {"json": {**PERSON, "occurred_at": "2026-01-01T09:00:00"}}),
        ("offset +24:00", {"json": {**PERSON, "occurred_at": "2026-01-01T09:00:00+24:00"}}),
        ("the far future at -12:00", {"json": {**PERSON, "occurred_at": "9999-12-31T23:59:59-12:00"}}),
        ("7 minutes ahead, written at +14:00", {"json": {**PERSON, "occurred_at": at_offset(moment(minutes=7), 14)}}),
        ("7 minutes ahead, written at -12:00", {"json": {**PERSON, "occurred_at": at_offset(moment(minutes=7), -12)}}),
    ]


def promise_cases(person: str) -> list[tuple[str, dict]]:
    promise = {"stakeholder_id": person, "owed_by": "them", "description": "Share the school's agenda"}
    return [
        ("due on 30 February", {"json": {**promise, "due_on": "2027-02-30"}}),
        ("due on a time, not a date", {"json": {**promise, "due_on": "2027-01-01T00:00:00+14:00"}}),
        ("due on day 0", {"json": {**promise, "due_on": "2027-01-00"}}),
        ("due in year 0", {"json": {**promise, "due_on": "0000-01-01"}}),
        ("agreed in the future at +14:00", {"json": {**promise, "due_on": "2027-01-01",
                                                     "agreed_at": at_offset(moment(hours=1), 14)}}),
        ("a description of 100,000 characters", {"json": {**promise, "due_on": "2027-01-01",
                                                          "description": "d" * 100_000}}),
    ]


def assert_refused(answer: httpx.Response, case: str) -> None:
    assert 400 <= answer.status_code < 500, (case, answer.status_code, answer.text[:300])
    assert answer.headers["content-type"] == "application/problem+json", case
    problem = answer.json()
    assert problem["status"] == answer.status_code and problem["title"] and problem["detail"], case
    assert all(error["reason"] for error in problem["errors"]), case


def test_bad_input_is_refused_with_a_reason_and_writes_nothing(target, request):
    _, api, data = target
    person = api.post("/v1/stakeholders", json=PERSON).json()["id"]
    cases = [("POST", "/v1/stakeholders", name, options) for name, options in person_cases()]
    cases += [("POST", "/v1/expectations", name, options) for name, options in promise_cases(person)]
    cases += [("PATCH", f"/v1/stakeholders/{person}", "a stale version", {"json": {"function": "x", "version": 0}}),
              ("GET", "/v1/stakeholders?limit=99999999999999999999", "a limit too large", {}),
              ("POST", "/v1/stakeholders", "a non-ASCII Idempotency-Key",
               {"json": PERSON, "headers": {"Idempotency-Key": "clé".encode()}})]
    statuses = []
    for number, (method, path, case, options) in enumerate(cases):
        before = state(data)
        headers = {"Idempotency-Key": f"bad-{number}", **options.pop("headers", {})}
        answer = api.request(method, path, headers=headers, **options)
        assert_refused(answer, case)
        assert state(data) == before, f"{case}: something was written"
        statuses.append(answer.status_code)
    record_figures(request, "bad input (HTTP)", cases_tried=len(cases),
                   answered={status: statuses.count(status) for status in sorted(set(statuses))},
                   half_written=0, server_errors=0)


@pytest.mark.parametrize("hours", [14, -12, 0])
def test_valid_moments_at_the_edge_offsets_are_the_same_instant(target, hours):
    _, api, _ = target
    for when in (moment(days=-3), moment(minutes=4)):  # back-dated, and within the clock tolerance
        written = at_offset(when, hours)
        answer = api.post("/v1/stakeholders", json={**PERSON, "occurred_at": written})
        assert answer.status_code == 201, (written, answer.text)
        assert datetime.fromisoformat(answer.json()["occurred_at"].replace("Z", "+00:00")) == when


def test_a_refused_registration_leaves_no_key_behind(target):
    _, api, data = target
    before = keys(data)
    for refused in ({**PERSON, "occurred_at": "1969-07-20T20:17:00+00:00"},
                    {**PERSON, "organisation_id": "00000000-0000-4000-8000-000000000000"}):
        assert api.post("/v1/stakeholders", json=refused).status_code in (404, 422)
    assert keys(data) == before
