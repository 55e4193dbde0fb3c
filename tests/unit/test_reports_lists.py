"""Lists with keyset pagination: the directory (with its name search and engagement summary),
organisations, the timeline, expectations and groups."""

from __future__ import annotations

import pytest

from projections.reports import lists
from projections.reports.lists import BadCursor
from tests.builders import BY
from tests.unit.test_reports_world import World


@pytest.fixture
def world():
    built = World()
    yield built
    built.close()


def test_name_search_finds_words_in_any_case_and_accent_across_pages(world, monkeypatch):
    monkeypatch.setattr(lists, "SCAN_CHUNK", 2)  # force several chunks per page
    names = ["Fatima Zahra", "Hélène Zahra", "Karim Bouzid", "Samira El Idrissi", "Zahra Amrani", "Ann Goossens",
             "Els Vermeulen"]
    ids = {name: world.person(name) for name in names}
    erased = world.person("Zahra Erased")
    world.app.erase_stakeholder(world.n, erased, recorded_by=BY)

    found = world.all_pages("stakeholders", limit=1, q="ZAHRA")

    expected = sorted([ids["Fatima Zahra"], ids["Hélène Zahra"], ids["Zahra Amrani"]], key=str)
    assert [i["id"] for i in found] == expected
    assert [i["name"] for i in world.page("stakeholders", q="helene zahr")["items"]] == ["Hélène Zahra"]
    assert world.page("stakeholders", q="nobody")["items"] == []
    assert world.page("stakeholders", q="zahra", limit=3)["next_cursor"] is None


def test_the_directory_carries_an_engagement_summary(world):
    who = world.person("Samira", days_ago=100)
    world.contact(who, 40)
    world.share(who, 35)
    for days in (20, 10):
        world.ask(who, days, "accepted")

    [item] = world.page("stakeholders")["items"]

    assert item["ideal_interval_days"] == 30 and item["ask_capacity"] == {"max_asks": 3, "window_days": 30}
    assert item["engagement"] == {
        "last_contact_at": world.ago(40), "last_fed_at": world.ago(35), "next_due_at": world.ago(5),
        "days_since_fed": 35.0, "neglect_status": "due", "asks_in_window": 2, "trust_score": 56.0,
    }


def test_organisations_by_name_in_pages(world):
    for name in ("Youth centre", "Atheneum", "Police zone", "Mosque association"):
        world.organisation(name, mandate=f"{name} mandate")

    found = world.all_pages("organisations", limit=3)

    assert [o["name"] for o in found] == ["Atheneum", "Mosque association", "Police zone", "Youth centre"]
    assert found[0]["mandate"] == "Atheneum mandate" and set(found[0]) >= {"id", "occurred_at", "sector", "version"}


def test_the_timeline_newest_first_with_filters_parties_and_text(world):
    samira, karim = world.person("Samira"), world.person("Karim")
    contact = world.contact(samira, 30, summary="Talked about polarisation")
    ask = world.ask(karim, 20, "accepted")
    meeting = world.meeting({samira: "present", karim: "excused"}, 10)
    intro = world.app.log_introduction(world.n, stakeholder_ids=[samira, karim], reason="Same pupils",
                                       occurred_at=world.ago(5), recorded_by=BY).id

    everything = world.all_pages("interactions", limit=2)
    assert [i["id"] for i in everything] == [intro, meeting, ask, contact]
    by_id = {i["id"]: i for i in everything}
    assert (by_id[contact]["summary"], by_id[contact]["stakeholder_id"], by_id[contact]["channel"]) == (
        "Talked about polarisation", samira, "phone")
    assert (by_id[ask]["outcome"], by_id[ask]["purpose"]) == ("accepted", "Spread the message")
    assert sorted(by_id[meeting]["attendees"], key=lambda a: a["attendance"]) == [
        {"stakeholder_id": karim, "attendance": "excused"}, {"stakeholder_id": samira, "attendance": "present"}]
    assert set(by_id[intro]["stakeholder_ids"]) == {samira, karim} and by_id[intro]["reason"] == "Same pupils"

    assert [i["id"] for i in world.page("interactions", stakeholder_id=karim)["items"]] == [intro, meeting, ask]
    assert [i["id"] for i in world.page("interactions", type="ask")["items"]] == [ask]
    window = world.page("interactions", **{"from": world.ago(25), "to": world.ago(10)})
    assert [i["id"] for i in window["items"]] == [meeting, ask]

    world.app.erase_stakeholder(world.n, samira, recorded_by=BY)
    erased = {i["id"]: i for i in world.page("interactions")["items"]}[contact]
    assert (erased["summary"], erased["erased"]) == (None, True)


def test_expectations_list_filters_by_status_and_who_owes_them(world):
    who = world.person()
    ours = [world.promise(who, due_in_days=days) for days in (9, 3, 6)]
    theirs = world.promise(who, owed_by="them", due_in_days=1)
    world.app.fulfil_expectation(world.n, ours[0], recorded_by=BY)

    assert [e["id"] for e in world.all_pages("expectations", limit=1)] == [theirs, ours[1], ours[2], ours[0]]
    assert [e["id"] for e in world.page("expectations", status="open", owed_by="us")["items"]] == [ours[1], ours[2]]
    kept = world.page("expectations", status="fulfilled")["items"][0]
    assert (kept["description"], kept["closed_at"], kept["erased"]) == ("Send the fact sheet", world.clock(), False)


def test_groups_list_their_members_in_the_order_they_joined(world):
    a, b, c = world.person("A"), world.person("B"), world.person("C")
    group = world.app.form_group(world.n, name="Youth workers", kind="homogeneous", members=[b],
                                 occurred_at=world.ago(10), recorded_by=BY).id
    world.app.add_group_member(world.n, group, stakeholder_id=c, occurred_at=world.ago(5), recorded_by=BY)
    world.app.add_group_member(world.n, group, stakeholder_id=a, occurred_at=world.ago(2), recorded_by=BY)
    world.app.form_group(world.n, name="All of us", kind="heterogeneous", occurred_at=world.ago(1), recorded_by=BY)

    found = world.all_pages("groups", limit=1)

    assert [g["name"] for g in found] == ["All of us", "Youth workers"]
    assert found[1]["members"] == [b, c, a] and found[1]["kind"] == "homogeneous"


def test_a_cursor_from_elsewhere_is_refused(world):
    world.person()
    with pytest.raises(BadCursor):
        world.page("interactions", cursor=lists.encode_cursor(["not a moment", "x"]))
