"""Over real HTTP: networks never see each other, roles are enforced, retries are safe, bodies are bounded."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.e2e.conftest import Server
from tests.e2e.test_http_contract import created, problem

PERSON = {"name": "Hassan Ouali", "sector": "religious_community", "side": "informal", "level": "operational"}


def networks(server: Server, *slugs: str) -> list[dict[str, httpx.Client]]:
    """A coordinator, viewer and auditor in each network (plus the admin the CLI made)."""
    found = []
    for slug in slugs:
        admin = server.client(server.network(slug))
        clients = {"admin": admin}
        for role in ("coordinator", "viewer", "auditor"):
            secret = created(admin.post("/v1/tokens", json={"member": f"{slug} {role}", "role": role}))["secret"]
            clients[role] = server.client(secret)
        found.append(clients)
    return found


def test_another_networks_token_can_neither_read_nor_write(server: Server):
    ours, theirs = networks(server, "vilvoorde", "sarcelles")
    me = ours["coordinator"]
    org = created(me.post("/v1/organisations", json={"name": "Mosque Al Fath", "sector": "religious_community",
                                                      "side": "informal"}))
    person = created(me.post("/v1/stakeholders", json={**PERSON, "organisation_id": org["id"]}))
    group = created(me.post("/v1/groups", json={"name": "Youth", "kind": "homogeneous", "members": [person["id"]]}))
    ask = created(me.post("/v1/interactions", json={"type": "ask", "stakeholder_id": person["id"], "purpose": "Host"}))
    promise = created(me.post("/v1/expectations", json={"stakeholder_id": person["id"], "owed_by": "us",
                                                        "description": "Call back", "due_on": "2030-01-01"}))
    other = theirs["coordinator"]
    own_group = created(other.post("/v1/groups", json={"name": "Theirs", "kind": "heterogeneous"}))
    for path in (f"/v1/stakeholders/{person['id']}", f"/v1/organisations/{org['id']}", f"/v1/groups/{group['id']}",
                 f"/v1/stakeholders/{person['id']}/trust"):
        problem(other.get(path), 404)
    writes = [
        ("PATCH", f"/v1/stakeholders/{person['id']}", {"function": "hijacked"}),
        ("PATCH", f"/v1/organisations/{org['id']}", {"name": "hijacked"}),
        ("POST", f"/v1/stakeholders/{person['id']}/archive", None),
        ("POST", f"/v1/stakeholders/{person['id']}/hand-over", {"successor_id": person["id"]}),
        ("POST", "/v1/interactions", {"type": "contact", "stakeholder_id": person["id"], "channel": "phone",
                                      "initiated_by": "us", "purpose": "check_in"}),
        ("POST", "/v1/expectations", {"stakeholder_id": person["id"], "owed_by": "us", "description": "x",
                                      "due_on": "2030-01-01"}),
        ("POST", f"/v1/expectations/{promise['id']}/fulfil", None),
        ("POST", f"/v1/asks/{ask['id']}/outcome", {"outcome": "accepted"}),
        ("POST", f"/v1/groups/{group['id']}/members", {"stakeholder_id": person["id"]}),
        ("POST", f"/v1/groups/{own_group['id']}/members", {"stakeholder_id": person["id"]}),
        ("DELETE", f"/v1/groups/{group['id']}/members/{person['id']}", None),
    ]
    for method, path, body in writes:
        problem(other.request(method, path, json=body), 404)
    problem(theirs["admin"].post(f"/v1/stakeholders/{person['id']}/erase"), 404)
    our_tokens = ours["admin"].get("/v1/tokens").json()["items"]
    problem(theirs["admin"].delete(f"/v1/tokens/{our_tokens[0]['id']}"), 404)
    assert person["id"] not in [s["id"] for s in other.get("/v1/stakeholders").json()["items"]]
    after = created(me.get(f"/v1/stakeholders/{person['id']}"), 200)
    assert after == person  # nothing the other network tried left a trace
    assert created(me.get(f"/v1/groups/{group['id']}"), 200)["members"] == [person["id"]]


def test_roles_are_enforced(server: Server):
    [ours] = networks(server, "vilvoorde")
    person = created(ours["coordinator"].post("/v1/stakeholders", json=PERSON))
    for role in ("viewer", "auditor"):
        client = ours[role]
        assert client.get(f"/v1/stakeholders/{person['id']}").status_code == 200
        assert client.get("/v1/network").status_code == 200
        problem(client.post("/v1/stakeholders", json=PERSON), 403)
        problem(client.post("/v1/interactions", json={"type": "contact", "stakeholder_id": person["id"],
                                                      "channel": "phone", "initiated_by": "us", "purpose": "check_in"}),
                403)
        problem(client.patch(f"/v1/stakeholders/{person['id']}", json={"function": "x"}), 403)
        problem(client.post("/v1/tokens", json={"member": "Me", "role": "admin"}), 403)
    for path in ("/v1/tokens",):
        problem(ours["coordinator"].get(path), 403)
    problem(ours["coordinator"].patch("/v1/network", json={"name": "x"}), 403)
    anonymous = server.client()
    unauthorized = anonymous.get("/v1/network")
    problem(unauthorized, 401)
    assert unauthorized.headers["www-authenticate"].startswith("Bearer")
    problem(server.client("lp_not-a-real-token").get("/v1/network"), 401)
    assert ours["coordinator"].get(f"/v1/stakeholders/{person['id']}").json()["version"] == 1  # nothing was written


def test_retries_are_idempotent_and_bodies_bounded(server: Server):
    [ours] = networks(server, "vilvoorde")
    me = ours["coordinator"]
    key = {"Idempotency-Key": f"register-{uuid.uuid4()}"}
    first = me.post("/v1/stakeholders", json=PERSON, headers=key)
    again = me.post("/v1/stakeholders", json=PERSON, headers=key)
    assert (first.status_code, again.status_code) == (201, 201) and again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    problem(me.post("/v1/stakeholders", json={**PERSON, "name": "Someone else"}, headers=key), 422, "Idempotency-Key")
    race = {"Idempotency-Key": f"race-{uuid.uuid4()}"}
    body = {**PERSON, "name": "Raced Twice"}
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: me.post("/v1/stakeholders", json=body, headers=race), range(6)))
    assert {a.status_code for a in answers} <= {201, 409} and any(a.status_code == 201 for a in answers)
    assert len({a.json()["id"] for a in answers if a.status_code == 201}) == 1
    names = [s["name"] for s in me.get("/v1/stakeholders", params={"limit": 1000}).json()["items"]]
    assert names.count("Hassan Ouali") == 1 and names.count("Raced Twice") == 1
    problem(me.post("/v1/organisations", content=b"{" + b" " * (1024 * 1024 + 1) + b"}",
                    headers={"content-type": "application/json"}), 413)
    problem(me.post("/v1/organisations", content=b'{"name": ', headers={"content-type": "application/json"}), 422)
