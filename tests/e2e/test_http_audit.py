"""The event log, verify, checkpoints and the public key over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import re
import sqlite3

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from projections.audit.signing import message
from tests.e2e.conftest import Server
from tests.e2e.test_http_contract import ago, created, problem
from tests.e2e.test_http_security import networks

NAME, EMAIL, SUMMARY = "Aminata Verbeke-Diallo", "aminata@mail.example", "Worried about her younger brother"
AUDIT_PATHS = ("/v1/events", "/v1/audit/verify", "/v1/audit/checkpoints")


def whole_log(auditor: httpx.Client, *, limit: int) -> list[dict]:
    """Every event, page by page, alternating the two ways of asking for the next page."""
    found, params = [], {"limit": limit}
    while True:
        page = created(auditor.get("/v1/events", params=params), 200)
        found += page["items"]
        if page["next_after"] is None:
            assert page["next_cursor"] is None
            return found
        assert page["next_after"] == page["items"][-1]["position"] and page["next_cursor"] == str(page["next_after"])
        params = {"limit": limit, **({"cursor": page["next_cursor"]} if len(found) % 2 else
                                     {"after": page["next_after"]})}


def tamper(server: Server, position: int, old: bytes, new: bytes) -> None:
    """Edit one stored event behind the application's back, as someone with database access could."""
    url = server.env["LINKINGPIN_DATABASE_URL"]
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None) as connection:
            (state,) = connection.execute("SELECT state FROM stored_events WHERE rowid = ?", (position,)).fetchone()
            assert old in state
            connection.execute("UPDATE stored_events SET state = ? WHERE rowid = ?",
                               (state.replace(old, new), position))
        return
    import psycopg

    table = f'"{server.env["LINKINGPIN_DATABASE_SCHEMA"]}"."linkingpin_events"'
    with psycopg.connect(url, autocommit=True) as connection:
        (state,) = connection.execute(f"SELECT state FROM {table} WHERE notification_id = %s", (position,)).fetchone()
        assert old in bytes(state)
        connection.execute(f"UPDATE {table} SET state = %s WHERE notification_id = %s",
                           (bytes(state).replace(old, new), position))


def test_auditors_read_the_sealed_log_verify_it_and_check_its_signatures(server: Server):
    ours, theirs = networks(server, "vilvoorde", "sarcelles")
    api, auditor = ours["coordinator"], ours["auditor"]
    person = created(api.post("/v1/stakeholders", json={
        "name": NAME, "sector": "community_member", "side": "informal", "level": "operational",
        "contact": {"email": EMAIL, "phone": ""}, "occurred_at": ago(30)}))
    talk = created(api.post("/v1/interactions", json={
        "type": "contact", "stakeholder_id": person["id"], "channel": "in_person", "initiated_by": "them",
        "purpose": "support", "summary": SUMMARY}))
    for role in ("coordinator", "viewer"):
        for path in AUDIT_PATHS:
            problem(ours[role].get(path), 403)

    answer = auditor.get("/v1/events", params={"limit": 1000})
    log = created(answer, 200)["items"]
    for secret in (NAME, EMAIL, SUMMARY):
        assert secret not in answer.text  # personal fields stay sealed in the log
    positions = [e["position"] for e in log]
    assert positions == sorted(set(positions))
    assert all(re.fullmatch(r"[0-9a-f]{64}", e["hash"]) for e in log)
    by_id = {e["id"]: e for e in log}
    registered, logged = by_id[person["id"]], by_id[talk["id"]]
    assert (registered["type"], logged["type"]) == ("Stakeholder.Registered", "Contact.Logged")
    assert logged["recorded_by"] == "vilvoorde coordinator" and logged["occurred_at"] and logged["recorded_at"]
    assert logged["data"]["originator_id"] == talk["id"] and logged["data"]["state"]
    assert whole_log(auditor, limit=3) == log
    assert created(ours["admin"].get("/v1/events", params={"limit": 1000}), 200)["items"] == log
    their_log = created(theirs["auditor"].get("/v1/events", params={"limit": 1000}), 200)["items"]
    assert their_log and not {e["position"] for e in their_log} & set(positions)  # networks never mix
    problem(auditor.get("/v1/events", params={"limit": 0}), 422, "limit")

    key = created(ours["viewer"].get("/v1/audit/pubkey"), 200)  # any role may check signatures
    assert key["algorithm"] == "Ed25519"
    server.cli("audit", "checkpoint", "--network", "vilvoorde")
    (checkpoint,) = created(auditor.get("/v1/audit/checkpoints"), 200)["items"]
    assert checkpoint["key_id"] == key["key_id"] and checkpoint["position"] >= logged["position"]
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key["public_key"]))
    public.verify(base64.b64decode(checkpoint["signature"]), message(checkpoint))  # raises if forged
    assert created(theirs["auditor"].get("/v1/audit/checkpoints"), 200)["items"] == []

    verified = created(auditor.get("/v1/audit/verify"), 200)
    assert (verified["ok"], verified["first_bad_position"], verified["problems"]) == (True, None, [])
    assert verified["checked"] >= len(log) and verified["checkpoints_checked"] == 1

    tamper(server, logged["position"], b'"recorded_by":"vilvoorde coordinator"', b'"recorded_by":"someone else"')
    broken = created(auditor.get("/v1/audit/verify"), 200)
    assert (broken["ok"], broken["first_bad_position"]) == (False, logged["position"])
    assert [(p["position"], p["kind"]) for p in broken["problems"]] == [(logged["position"], "changed")]
    assert created(theirs["auditor"].get("/v1/audit/verify"), 200)["ok"] is True  # their chain is untouched
