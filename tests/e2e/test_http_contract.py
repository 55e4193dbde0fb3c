"""The write side of the API contract over real HTTP, against `linkingpin serve` on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import httpx

from projections.reports.lists import encode_cursor
from tests.e2e.conftest import Server


def ago(days: float) -> str:
    return (datetime.now(timezone.utc) - timedelta(days=days)).isoformat()


def created(response: httpx.Response, status: int = 201) -> dict:
    assert response.status_code == status, response.text
    return response.json()


def problem(response: httpx.Response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"].startswith("urn:linkingpin:problem:")
    if field is not None:
        assert field in [error["field"] for error in body["errors"]], body
    return body


def tokens_for(admin: httpx.Client) -> dict[str, str]:
    issued = {}
    for role in ("coordinator", "viewer", "auditor"):
        token = created(admin.post("/v1/tokens", json={"member": f"{role.title()} Claes", "role": role}))
        assert token["secret"].startswith("lp_") and token["role"] == role and token["revoked_at"] is None
        issued[role] = token["secret"]
    listed = created(admin.get("/v1/tokens"), 200)["items"]
    assert {t["member"] for t in listed} >= {"Coordinator Claes", "Viewer Claes", "Auditor Claes"}
    assert all(t["secret"] is None for t in listed)  # secrets are shown once, never listed
    walked, cursor = [], None
    while True:  # a page at a time, newest first, as every list
        one = created(admin.get("/v1/tokens", params={"limit": 1, **({"cursor": cursor} if cursor else {})}), 200)
        walked += one["items"]
        if not (cursor := one["next_cursor"]):
            break
    assert [t["id"] for t in walked] == [t["id"] for t in listed] and len(walked) == len(listed) > 1
    assert [t["issued_at"] for t in walked] == sorted((t["issued_at"] for t in walked), reverse=True)
    problem(admin.get("/v1/tokens", params={"limit": 5000}), 422, "limit")
    return issued


def register_people(api: httpx.Client) -> dict[str, str]:
    school = created(api.post("/v1/organisations", json={
        "name": "Atheneum Vilvoorde", "sector": "education", "side": "formal", "mandate": "Secondary education",
        "aims": "No pupil drops out unseen", "occurred_at": ago(200)}))
    assert (school["name"], school["sector"], school["side"], school["version"]) == \
        ("Atheneum Vilvoorde", "education", "formal", 1)
    assert created(api.get(f"/v1/organisations/{school['id']}"), 200) == school
    patched = created(api.patch(f"/v1/organisations/{school['id']}", json={"aims": "Early signals", "version": 1}), 200)
    assert patched["aims"] == "Early signals" and patched["mandate"] == "Secondary education"
    problem(api.patch(f"/v1/organisations/{school['id']}", json={"aims": "stale", "version": 1}), 409, "version")
    samira = created(api.post("/v1/stakeholders", json={
        "name": "Samira El Idrissi", "organisation_id": school["id"], "function": "Pupil care coordinator",
        "sector": "education", "side": "formal", "level": "operational", "communities": ["Far-West"],
        "contact": {"email": "s.elidrissi@school.example", "phone": "+32 2 123 45 67"},
        "ideal_interval_days": 21, "max_interval_days": 45, "ask_capacity": {"max_asks": 2, "window_days": 30},
        "occurred_at": ago(180)}))
    assert samira["contact"] == {"email": "s.elidrissi@school.example", "phone": "+32 2 123 45 67"}
    assert samira["ask_capacity"] == {"max_asks": 2, "window_days": 30} and samira["status"] == "active"
    people = {"school": school["id"], "samira": samira["id"]}
    for key, name, sector in (("youssef", "Youssef Amrani", "police"), ("karim", "Karim Bouzid", "youth_work"),
                              ("sofie", "Sofie Lambrechts", "police")):
        person = created(api.post("/v1/stakeholders", json={
            "name": name, "sector": sector, "side": "formal", "level": "operational",
            "introduced_by": samira["id"], "occurred_at": ago(170)}))
        assert person["introduced_by"] == samira["id"] and person["organisation_id"] is None
        people[key] = person["id"]
    updated = created(api.patch(f"/v1/stakeholders/{samira['id']}", json={
        "function": "Deputy principal", "ideal_interval_days": 14}), 200)
    assert updated["function"] == "Deputy principal" and updated["ideal_interval_days"] == 14
    assert updated["max_interval_days"] == 45 and updated["ask_capacity"]["max_asks"] == 2  # the rest of the plan stays
    # Read-your-writes: the directory (a read model) already lists everyone this client registered.
    listed = {item["id"]: item for item in created(api.get("/v1/stakeholders", params={"limit": 1000}), 200)["items"]}
    assert set(listed) >= {people[k] for k in ("samira", "youssef", "karim", "sofie")}
    assert listed[samira["id"]]["function"] == "Deputy principal"
    return people


def log_every_interaction(api: httpx.Client, p: dict[str, str]) -> None:
    bodies = [
        {"type": "contact", "stakeholder_id": p["samira"], "channel": "in_person", "initiated_by": "us",
         "purpose": "check_in", "summary": "Coffee at school"},
        {"type": "information", "stakeholder_id": p["samira"], "direction": "shared", "topic": "Summer programme",
         "sensitivity": "public"},
        {"type": "information", "stakeholder_id": p["youssef"], "direction": "received", "topic": "Tensions",
         "sensitivity": "confidential"},
        {"type": "information_declined", "stakeholder_id": p["youssef"], "declined_by": "them", "reason": ""},
        {"type": "meeting", "title": "Case consultation", "format": "case_consultation", "themes": ["drop-out"],
         "attendees": [{"stakeholder_id": p["samira"], "attendance": "present"},
                       {"stakeholder_id": p["karim"], "attendance": "excused"}],
         "takeaways": "Karim follows up", "disseminated_to": [p["karim"]]},
        {"type": "introduction", "stakeholder_ids": [p["samira"], p["karim"]], "reason": "Same families"},
        {"type": "direct_contact", "stakeholder_ids": [p["samira"], p["karim"]], "summary": "Joint home visit"},
    ]
    for days, body in enumerate(bodies, start=10):
        answer = created(api.post("/v1/interactions", json={**body, "occurred_at": ago(100 - days)}))
        assert answer["type"] == body["type"] and answer["erased"] is False
        assert {k: v for k, v in answer.items() if k in body and k != "occurred_at"} == \
            {k: v for k, v in body.items() if k != "occurred_at"}
    declined = created(api.post("/v1/interactions", json={
        "type": "information_declined", "stakeholder_id": p["karim"], "declined_by": "us", "reason": "Open case"}))
    assert declined["reason_given"] is True
    ask = created(api.post("/v1/interactions", json={
        "type": "ask", "stakeholder_id": p["samira"], "purpose": "Present at the parents' evening",
        "importance": "important", "occurred_at": ago(30)}))
    assert (ask["outcome"], ask["importance"]) == (None, "important")
    answered = created(api.post(f"/v1/asks/{ask['id']}/outcome", json={"outcome": "accepted", "occurred_at": ago(29)}),
                       200)
    assert answered["outcome"] == "accepted" and answered["answered_at"] is not None
    problem(api.post(f"/v1/asks/{ask['id']}/outcome", json={"outcome": "declined"}), 409, "outcome")


def run_expectations(api: httpx.Client, p: dict[str, str]) -> None:
    def agree(owed_by: str) -> dict:
        return created(api.post("/v1/expectations", json={
            "stakeholder_id": p["samira"], "owed_by": owed_by, "description": "Send the overview",
            "due_on": str(date.today() + timedelta(days=14)), "agreed_at": ago(5)}))

    first = agree("us")
    assert (first["status"], first["owed_by"], first["description"]) == ("open", "us", "Send the overview")
    assert created(api.post(f"/v1/expectations/{first['id']}/fulfil", json={"occurred_at": ago(1)}), 200)["status"] \
        == "fulfilled"
    problem(api.post(f"/v1/expectations/{first['id']}/miss"), 409, "status")
    second = agree("them")
    new_due = str(date.today() + timedelta(days=40))
    renegotiated = created(api.post(f"/v1/expectations/{second['id']}/renegotiate", json={
        "due_on": new_due, "reason": "Waiting for the budget"}), 200)
    assert (renegotiated["status"], renegotiated["due_on"]) == ("open", new_due)
    assert created(api.post(f"/v1/expectations/{second['id']}/miss"), 200)["status"] == "missed"
    third = agree("us")
    assert created(api.post(f"/v1/expectations/{third['id']}/withdraw"), 200)["status"] == "withdrawn"


def run_groups(api: httpx.Client, p: dict[str, str]) -> None:
    group = created(api.post("/v1/groups", json={
        "name": "Pupil care coordinators", "kind": "homogeneous", "theme": "early signals", "sector": "education",
        "members": [p["samira"]]}))
    assert group["members"] == [p["samira"]] and group["kind"] == "homogeneous"
    added = created(api.post(f"/v1/groups/{group['id']}/members", json={"stakeholder_id": p["karim"]}), 200)
    assert added["members"] == [p["samira"], p["karim"]]
    problem(api.post(f"/v1/groups/{group['id']}/members", json={"stakeholder_id": p["karim"]}), 409, "stakeholder_id")
    removed = created(api.delete(f"/v1/groups/{group['id']}/members/{p['samira']}"), 200)
    assert removed["members"] == [p["karim"]]
    assert created(api.get(f"/v1/groups/{group['id']}"), 200) == removed


def read_back(api: httpx.Client, p: dict[str, str]) -> None:
    """Lists and reports come from the read models; each reflects this client's own writes at once."""
    def items(path: str, **params: object) -> list[dict]:
        return created(api.get(path, params=params), 200)["items"]

    timeline = items("/v1/interactions", stakeholder_id=p["samira"], limit=1000)
    assert {i["type"] for i in timeline} >= {"contact", "information", "meeting", "introduction", "ask"}
    assert len(items("/v1/interactions", type="ask")) == 1
    assert items("/v1/interactions", to=ago(365)) == []
    assert [e["status"] for e in items("/v1/expectations", status="missed")] == ["missed"]
    assert p["school"] in [o["id"] for o in items("/v1/organisations")]
    assert len(items("/v1/groups")) == 1
    first = created(api.get("/v1/stakeholders", params={"limit": 2}), 200)
    rest = items("/v1/stakeholders", cursor=first["next_cursor"], limit=1000)
    assert len(first["items"]) == 2 and not {s["id"] for s in first["items"]} & {s["id"] for s in rest}
    for report in ("neglect", "overuse", "reciprocity", "expectations", "network", "organisations"):
        assert isinstance(created(api.get(f"/v1/reports/{report}", params={"as_of": ago(1)}), 200), dict)
    # Reciprocity lists every person: paged like every list, its totals whole on each page.
    one = created(api.get("/v1/reports/reciprocity", params={"limit": 1}), 200)
    others = created(api.get("/v1/reports/reciprocity", params={"limit": 1000, "cursor": one["next_cursor"]}), 200)
    assert len(one["items"]) == 1 and others["next_cursor"] is None and others["network"] == one["network"]
    assert one["items"][0]["stakeholder_id"] not in {i["stakeholder_id"] for i in others["items"]}
    problem(api.get("/v1/reports/reciprocity", params={"cursor": "bm90LWEtY3Vyc29y"}), 422, "cursor")
    problem(api.get("/v1/reports/reciprocity", params={"limit": 0}), 422, "limit")
    # So does overuse: the people over-asked a page at a time, with how many there are in all.
    over = created(api.get("/v1/reports/overuse", params={"limit": 1}), 200)
    assert over["total"] >= len(over["items"]) and "concentration" in over
    assert (over["next_cursor"] is None) == (over["total"] <= 1)
    for bad in ("bm90LWEtY3Vyc29y", encode_cursor([1, 0, 1, p["samira"]]), encode_cursor(["1", 2, 1, "x"])):
        problem(api.get("/v1/reports/overuse", params={"cursor": bad}), 422, "cursor")
    # And neglect: everyone overdue a page at a time, most overdue first; `status` keeps one kind.
    overdue = created(api.get("/v1/reports/neglect", params={"limit": 1000}), 200)
    walked, cursor = [], None
    while True:
        one = created(api.get("/v1/reports/neglect", params={"limit": 1, **({"cursor": cursor} if cursor else {})}), 200)
        walked += one["items"]
        assert len(walked) <= overdue["total"]  # a cursor that repeats its own item would never end
        assert one["total"] == overdue["total"] and one["groups"] == overdue["groups"]
        if not (cursor := one["next_cursor"]):
            break
    assert walked == overdue["items"] and len(walked) == overdue["total"] >= 2
    for status in ("due", "neglected"):
        kept = created(api.get("/v1/reports/neglect", params={"status": status, "limit": 1000}), 200)
        assert kept["items"] == [i for i in overdue["items"] if i["status"] == status] and kept["total"] == len(kept["items"])
    for bad in ("bm90LWEtY3Vyc29y", encode_cursor([3.5, 0, p["samira"]]), encode_cursor(["1", 2, "x"])):
        problem(api.get("/v1/reports/neglect", params={"cursor": bad}), 422, "cursor")
    problem(api.get("/v1/reports/neglect", params={"status": "forgotten"}), 422, "status")
    # The map's summary counts its people; they and the links are lists of their own.
    summary = created(api.get("/v1/reports/network"), 200)
    nodes = created(api.get("/v1/reports/network/nodes", params={"limit": 1000}), 200)
    edges = created(api.get("/v1/reports/network/edges", params={"limit": 1000}), 200)
    assert summary["stakeholders"] == len(nodes["items"]) > 0 and len(edges["items"]) > 0
    first = created(api.get("/v1/reports/network/nodes", params={"limit": 1}), 200)
    assert first["items"] == nodes["items"][:1] and first["next_cursor"]
    problem(api.get("/v1/reports/network/edges", params={"cursor": "bm90LWEtY3Vyc29y"}), 422, "cursor")
    trust = created(api.get(f"/v1/stakeholders/{p['samira']}/trust"), 200)
    assert 0 <= trust["score"] <= 100


def run_lifecycle(api: httpx.Client, admin: httpx.Client, p: dict[str, str]) -> None:
    assert created(api.post(f"/v1/stakeholders/{p['karim']}/archive"), 200)["status"] == "archived"
    problem(api.post("/v1/interactions", json={
        "type": "contact", "stakeholder_id": p["karim"], "channel": "phone", "initiated_by": "us",
        "purpose": "check_in"}), 409, "stakeholder_id")
    assert created(api.post(f"/v1/stakeholders/{p['karim']}/reactivate", json={}), 200)["status"] == "active"
    handed = created(api.post(f"/v1/stakeholders/{p['youssef']}/hand-over", json={"successor_id": p["sofie"]}), 200)
    assert (handed["status"], handed["successor_id"]) == ("archived", p["sofie"])
    problem(api.post(f"/v1/stakeholders/{p['samira']}/erase"), 403)
    erased = created(admin.post(f"/v1/stakeholders/{p['samira']}/erase"), 200)
    assert erased["erased"] is True and erased["name"] is None and erased["contact"] is None
    assert erased["sector"] == "education" and erased["status"] == "archived"  # the shape of history stays
    assert created(api.get(f"/v1/stakeholders/{p['samira']}"), 200)["name"] is None


def run_network_settings(api: httpx.Client, admin: httpx.Client) -> None:
    network = created(api.get("/v1/network"), 200)
    assert network["timezone"] == "Europe/Brussels" and network["default_plan"]["max_asks"] == 3
    problem(api.patch("/v1/network", json={"name": "Renamed"}), 403)
    patched = created(admin.patch("/v1/network", json={
        "timezone": "Europe/Paris", "default_plan": {"max_asks": 4}, "alert_schedule": "0 8 * * 1-5",
        "version": network["version"]}), 200)
    assert (patched["timezone"], patched["alert_schedule"]) == ("Europe/Paris", "0 8 * * 1-5")
    assert patched["default_plan"] == {**network["default_plan"], "max_asks": 4}
    problem(admin.patch("/v1/network", json={"timezone": "Mars/Olympus"}), 422, "timezone")


def test_the_write_side_of_the_contract(server: Server):
    admin = server.client(server.network("vilvoorde"))
    tokens = tokens_for(admin)
    api = server.client(tokens["coordinator"])
    people = register_people(api)
    log_every_interaction(api, people)
    run_expectations(api, people)
    run_groups(api, people)
    read_back(api, people)
    run_lifecycle(api, admin, people)
    run_network_settings(api, admin)
    viewer_id = next(t["id"] for t in admin.get("/v1/tokens").json()["items"] if t["role"] == "viewer")
    assert server.client(tokens["viewer"]).get("/v1/network").status_code == 200
    assert admin.delete(f"/v1/tokens/{viewer_id}").status_code == 204
    problem(server.client(tokens["viewer"]).get("/v1/network"), 401)
    problem(admin.delete(f"/v1/tokens/{viewer_id}"), 409)
