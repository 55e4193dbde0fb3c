"""The network map, organisations and reciprocity reports on a small hand-built town."""

from __future__ import annotations

import pytest

from api.web import svg_network
from projections.reports import registry
from tests.builders import BY
from tests.unit.test_reports_world import World


class Town:
    def __init__(self, world: World) -> None:
        self.world = w = world
        self.mosque = w.organisation("Mosque association", sector="religious_community", side="informal")
        self.youth = w.organisation("Youth centre", sector="youth_work")
        self.school = w.organisation("Atheneum")
        self.empty = w.organisation("Sports club", sector="sports_club", side="informal")
        self.imam = w.person("Imam", organisation_id=self.mosque, sector="religious_community", side="informal",
                             level="strategic", communities=["Muslim community"])
        self.hassan = w.person("Hassan", organisation_id=self.mosque, sector="religious_community",
                               side="informal", communities=["Muslim community"])
        self.karim = w.person("Karim", organisation_id=self.youth, sector="youth_work",
                              communities=["Muslim community", "Far-West"])
        self.mourad = w.person("Mourad", sector="business", side="informal", communities=["Muslim community"])
        self.samira = w.person("Samira", organisation_id=self.school, communities=["Far-West"])
        self.father = w.person("Father Gabriel", sector="religious_community", side="informal", level="strategic",
                               communities=["Syriac community"])
        self.gone = w.person("Gone", organisation_id=self.school, level="strategic", communities=["Far-West"])


@pytest.fixture
def world():
    built = World()
    yield built
    built.close()


@pytest.fixture
def town(world):
    return Town(world)


def test_entry_points_count_organisations_and_independent_people(world, town):
    world.app.archive_stakeholder(world.n, town.gone, recorded_by=BY)

    entries = {e["community"]: e for e in world.report("network")["entry_points"]}

    muslim = entries["Muslim community"]
    # The mosque (imam and Hassan), the youth centre (Karim) and Mourad on his own: the community is not the mosque.
    assert (muslim["stakeholders"], muslim["organisations"], muslim["entry_points"]) == (4, 2, 3)
    assert muslim["single_entry"] is False
    assert (entries["Far-West"]["stakeholders"], entries["Far-West"]["entry_points"]) == (2, 2)  # not the archived one
    assert entries["Syriac community"]["single_entry"] is True


def test_balance_and_sector_coverage(world, town):
    report = world.report("network")

    assert report["balance"]["stakeholders"] == {"formal": 3, "informal": 4}
    assert report["balance"]["organisations"] == {"formal": 2, "informal": 2}
    assert report["balance"]["informal_share"] == pytest.approx(4 / 7, abs=1e-4)
    covered = {c["sector"]: c["stakeholders"] for c in report["sector_coverage"]["covered"]}
    assert covered == {"education": 2, "youth_work": 1, "religious_community": 3, "business": 1}
    assert "police" in report["sector_coverage"]["missing"] and "other" not in report["sector_coverage"]["missing"]


def test_each_sector_shows_the_step_it_has_reached(world, town):
    faith = world.app.form_group(world.n, name="Faith leaders", kind="homogeneous", members=[town.imam, town.hassan],
                                 occurred_at=world.ago(100), recorded_by=BY).id
    mixed = world.app.form_group(world.n, name="Far-West table", kind="heterogeneous",
                                 members=[town.karim, town.samira], occurred_at=world.ago(100), recorded_by=BY).id
    world.app.form_group(world.n, name="Only named", kind="heterogeneous", members=[town.mourad],
                         occurred_at=world.ago(100), recorded_by=BY)  # never met: no step for business
    world.contact(town.mourad, 80)
    world.meeting({town.imam: "present", town.hassan: "present"}, 50, group_id=faith)
    world.meeting({town.karim: "present", town.samira: "present"}, 20, format="heterogeneous_group", group_id=mixed)

    def steps(days_ago: float) -> dict[str, tuple[int, int]]:
        covered = world.report("network", world.ago(days_ago))["sector_coverage"]["covered"]
        return {c["sector"]: (c["step"], c["contacted"]) for c in covered}

    assert steps(0) == {"religious_community": (2, 0), "youth_work": (3, 0), "education": (3, 0), "business": (1, 1)}
    # As of 30 days ago the mixed table had not met yet, and 60 days ago neither group had.
    assert steps(30)["youth_work"] == (0, 0) and steps(30)["religious_community"] == (2, 0)
    assert steps(60)["religious_community"] == (0, 0) and steps(60)["business"] == (1, 1)
    # The network as a whole is at least as far as its furthest sector (it also counts meetings held in a
    # step's format without a group, which name no sector).
    assert world.report("network")["steps"]["current_step"] == 3


def test_nodes_and_edges_count_each_kind_of_link(world, town):
    group = world.app.form_group(world.n, name="Faith leaders", kind="homogeneous", members=[town.imam, town.hassan],
                                 occurred_at=world.ago(100), recorded_by=BY).id
    world.app.log_introduction(world.n, stakeholder_ids=[town.imam, town.samira], occurred_at=world.ago(90),
                               recorded_by=BY)
    world.app.log_direct_contact(world.n, stakeholder_ids=[town.imam, town.samira], occurred_at=world.ago(30),
                                 recorded_by=BY)
    world.meeting({town.imam: "present", town.samira: "present", town.hassan: "absent"}, 20)
    world.app.log_direct_contact(world.n, stakeholder_ids=[town.gone, town.samira], occurred_at=world.ago(10),
                                 recorded_by=BY)
    world.app.archive_stakeholder(world.n, town.gone, recorded_by=BY)

    with world.context() as ctx:
        report = registry.WHOLE_MAP(ctx)

    nodes = {n["stakeholder_id"]: n for n in report["nodes"]}
    assert town.gone not in nodes and len(nodes) == 6 == report["stakeholders"]
    assert nodes[town.imam]["groups"] == [group] and nodes[town.imam]["sector"] == "religious_community"
    [edge] = report["edges"]  # the absent one made no link, the archived one is off the map
    assert {edge["a"], edge["b"]} == {town.imam, town.samira} and report["links"] == 1
    assert edge["counts"] == {"introduction": 1, "co_attendance": 1, "direct_contact": 1} and edge["total"] == 3
    # The lists clients page through hold the same people and links.
    assert world.report("network/nodes", limit=1000)["items"] == report["nodes"]
    assert world.report("network/edges", limit=1000)["items"] == report["edges"]
    assert "nodes" not in world.report("network") and world.report("network")["stakeholders"] == 6  # the summary


def test_the_map_for_drawing_itemises_only_its_strongest_links_and_counts_them_all(world, town):
    people = [town.imam, town.hassan, town.karim, town.mourad, town.samira]
    for times, pair in enumerate([(0, 1), (1, 2), (2, 3), (3, 4), (0, 4)], start=1):
        for _ in range(times if pair != (0, 4) else 2):  # two pairs tie at two
            world.app.log_direct_contact(world.n, stakeholder_ids=[people[pair[0]], people[pair[1]]],
                                         occurred_at=world.ago(5), recorded_by=BY)
    with world.context() as ctx:
        every, strong = registry.WHOLE_MAP(ctx), registry.WHOLE_MAP(ctx, strongest=2)
        tied = registry.WHOLE_MAP(ctx, strongest=3)["edges"]
    assert every["links"] == strong["links"] == 5 and sorted(e["total"] for e in every["edges"]) == [1, 2, 2, 3, 4]
    assert [e["total"] for e in strong["edges"]] == [3, 4]  # weakest first, so the strongest lie on top
    assert {k: v for k, v in strong.items() if k != "edges"} == {k: v for k, v in every.items() if k != "edges"}
    # Of two links tied at the cut, the first in the map's own order; as the drawing would choose.
    assert [e["total"] for e in tied] == [2, 3, 4] and tied == svg_network.strongest(every["edges"], limit=3)


def all_pages(world: World, name: str, limit: int) -> list[list[dict]]:
    pages, cursor = [], None
    while True:
        page = world.report(name, limit=limit, cursor=cursor)
        pages.append(page["items"])
        if (cursor := page["next_cursor"]) is None:
            return pages


def test_the_map_pages_its_people_by_id_and_its_links_by_pair(world, town):
    people = [town.imam, town.hassan, town.karim, town.mourad, town.samira]
    for day, (a, b) in enumerate(zip(people, people[1:] + people[:1])):
        world.app.log_direct_contact(world.n, stakeholder_ids=[a, b], occurred_at=world.ago(30 - day), recorded_by=BY)
    world.meeting(dict.fromkeys(people[:3], "present"), 5)  # three pairs, two of them linked already
    with world.context() as ctx:
        whole = registry.WHOLE_MAP(ctx)

    node_pages, edge_pages = all_pages(world, "network/nodes", 3), all_pages(world, "network/edges", 2)

    assert [len(p) for p in node_pages] == [3, 3, 1]
    assert [n for p in node_pages for n in p] == whole["nodes"]
    assert [n["stakeholder_id"] for n in whole["nodes"]] == sorted((n["stakeholder_id"] for n in whole["nodes"]), key=str)
    assert [len(p) for p in edge_pages] == [2, 2, 2] and whole["links"] == 6
    assert [e for p in edge_pages for e in p] == whole["edges"]
    assert [(str(e["a"]), str(e["b"])) for e in whole["edges"]] == sorted((str(e["a"]), str(e["b"])) for e in whole["edges"])


def test_reached_is_the_earliest_contact_even_when_it_was_logged_last(world, town):
    world.contact(town.imam, 10)
    world.views.catch_up()  # the later contact is kept first, then the earlier one arrives back-dated
    world.contact(town.imam, 100)
    world.contact(town.imam, 60)

    def contacted(days_ago: float) -> int:
        return world.report("network", at=world.ago(days_ago))["steps"]["individual_outreach"]["contacted"]

    assert [contacted(days) for days in (150, 80, 30, 0)] == [0, 1, 1, 1]
    with world.context() as ctx:
        kept = ctx.connection.execute(ctx.t.first_contacts.select()).all()
    assert [(row.stakeholder_id, row.occurred_at) for row in kept] == [(town.imam, world.ago(100))]


def test_progress_through_the_three_steps(world, town):
    world.contact(town.imam, 50)
    world.contact(town.samira, 40)
    steps = world.report("network")["steps"]
    assert steps["current_step"] == 1
    assert steps["individual_outreach"] == {"stakeholders": 7, "contacted": 2, "share": pytest.approx(2 / 7, abs=1e-4)}

    group = world.app.form_group(world.n, name="Faith leaders", kind="homogeneous", members=[town.imam, town.father],
                                 occurred_at=world.ago(35), recorded_by=BY).id
    assert world.report("network")["steps"]["current_step"] == 1  # a group on paper has not met
    world.meeting({town.imam: "present", town.father: "present"}, 30, group_id=group, format="training")
    steps = world.report("network")["steps"]
    assert steps["current_step"] == 2
    assert steps["homogeneous_groups"] == {"groups": 1, "groups_met": 1, "meetings": 1, "network_events": 0}

    world.meeting({town.imam: "present", town.samira: "present"}, 10, format="network_event")
    steps = world.report("network")["steps"]
    assert steps["current_step"] == 3
    assert steps["heterogeneous_groups"] == {"groups": 0, "groups_met": 0, "meetings": 1, "network_events": 1}


def test_independence_compares_direct_contacts_with_brokered_links(world, town):
    world.app.log_direct_contact(world.n, stakeholder_ids=[town.karim, town.hassan], occurred_at=world.ago(190),
                                 recorded_by=BY)  # too long ago
    world.app.log_introduction(world.n, stakeholder_ids=[town.karim, town.samira], occurred_at=world.ago(100),
                               recorded_by=BY)
    world.app.log_direct_contact(world.n, stakeholder_ids=[town.karim, town.samira], occurred_at=world.ago(60),
                                 recorded_by=BY)
    world.meeting({town.imam: "present", town.hassan: "present"}, 30)
    world.meeting({town.imam: "present"}, 20)  # one person is not a link

    independence = world.report("network")["independence"]

    assert {k: independence[k] for k in ("direct_contacts", "introductions", "coordinated_meetings")} == {
        "direct_contacts": 1, "introductions": 1, "coordinated_meetings": 1}
    assert independence["independence"] == pytest.approx(1 / 3, abs=1e-4)
    assert (independence["introduced_pairs"], independence["introduced_pairs_working_directly"]) == (1, 1)
    assert independence["text"].startswith("Only 33% of recent links happened without the coordinator")


def test_organisations_flag_engagement_at_one_level_only(world, town):
    world.contact(town.hassan, 12)
    world.contact(town.imam, 5)
    world.app.archive_stakeholder(world.n, town.gone, recorded_by=BY)

    items = {o["name"]: o for o in world.report("organisations")["items"]}

    mosque = items["Mosque association"]
    assert mosque["engaged_levels"] == ["strategic", "operational"] and mosque["one_level_only"] is False
    assert [p["stakeholder_id"] for p in mosque["strategic"]] == [town.imam]
    assert mosque["last_fed_at"] == world.ago(5)
    school = items["Atheneum"]  # its strategic person was archived: only the operative level is left
    assert school["one_level_only"] is True and school["strategic"] == []
    assert school["text"].startswith("Engaged at operational level only: top level needs to support")
    assert items["Sports club"]["engaged_levels"] == [] and items["Sports club"]["one_level_only"] is False
    assert list(items) == sorted(items)


def test_reciprocity_per_stakeholder_and_per_sector(world, town):
    for days in (30, 20, 10):
        world.share(town.samira, days, "shared")
    world.share(town.imam, 25, "received")
    world.share(town.imam, 24, "received")
    world.share(town.imam, 23, "received")
    world.decline(town.imam, 22, by="us", reason="Confidential case.")
    world.decline(town.imam, 21, by="us")
    world.decline(town.hassan, 20, by="them")

    report = world.report("reciprocity")
    people = {p["stakeholder_id"]: p for p in report["items"]}

    assert (people[town.samira]["balance"], people[town.samira]["shared"]) == ("we_give_more", 3)
    imam = people[town.imam]
    assert (imam["balance"], imam["received"]) == ("we_take_more", 3)
    assert imam["declined"]["us"] == {"total": 2, "with_reason": 1} and imam["transparency"]["us"] == 0.5
    assert imam["text"].endswith("We declined 1 time(s) without saying why.")
    assert people[town.karim]["balance"] == "none"
    faith = next(s for s in report["sectors"] if s["sector"] == "religious_community")
    assert (faith["stakeholders"], faith["received"], faith["declined"]["them"]["total"]) == (3, 3, 1)
    assert faith["transparency"] == {"us": 0.5, "them": 0.0}
    assert (report["network"]["shared"], report["network"]["received"]) == (3, 3)


def test_reciprocity_pages_people_most_lopsided_first_and_keeps_the_totals_whole(world, town):
    for days in (30, 20, 10):
        world.share(town.samira, days, "shared")
    for days in (25, 24):
        world.share(town.imam, days, "received")
    world.share(town.karim, 5, "shared")
    whole = world.report("reciprocity", limit=1000)

    pages, cursor = [], None
    while True:
        page = world.report("reciprocity", limit=2, cursor=cursor)
        pages.append(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert whole["next_cursor"] is None and len(whole["items"]) == 7  # everyone active, on one page
    assert [len(p["items"]) for p in pages] == [2, 2, 2, 1]
    assert [i["stakeholder_id"] for p in pages for i in p["items"]] == [i["stakeholder_id"] for i in whole["items"]]
    assert [i["stakeholder_id"] for i in whole["items"][:2]] == [town.samira, town.imam]  # gaps 3, then 2
    assert all(p["sectors"] == whole["sectors"] and p["network"] == whole["network"] for p in pages)
    assert all(i["name"] for i in whole["items"])


@pytest.mark.parametrize("cursor", ["not-a-cursor", "WyJ4IiwgImEiXQ", "Wy0xLCAiYSJd"])  # junk, ["x","a"], [-1,"a"]
def test_reciprocity_refuses_a_cursor_it_did_not_hand_out(world, town, cursor):
    from projections.reports.lists import BadCursor

    with pytest.raises(BadCursor):
        world.report("reciprocity", cursor=cursor)


def test_reciprocity_counts_kept_up_by_the_view_equal_counting_the_rows_and_give_way_before_t(world, town):
    from sqlalchemy import select

    from projections.reports.reciprocity_reads import counted_from_rows, exchanges

    for days in (30, 20, 10):
        world.share(town.samira, days, "shared")
    world.share(town.imam, 25, "received")
    world.decline(town.imam, 22, by="us", reason="Confidential case.")
    world.decline(town.imam, 21, by="us")
    world.decline(town.hassan, 20, by="them")
    with world.context() as ctx:
        kept = sorted(ctx.connection.execute(select(exchanges(ctx))).all())
        counted = sorted(ctx.connection.execute(select(counted_from_rows(ctx))).all())
    assert kept == counted and len(kept) == 3
    # Fifteen days ago the counts held later exchanges: the report counted the rows as they stood then.
    then = {i["stakeholder_id"]: i for i in world.report("reciprocity", at=world.ago(15))["items"]}
    assert then[town.samira]["shared"] == 2 and then[town.imam]["declined"]["us"] == {"total": 2, "with_reason": 1}


def test_the_summary_alone_equals_the_summary_of_the_whole_map(world, town):
    world.contact(town.imam, 50)
    world.contact(town.gone, 45)  # contacted, then archived: counted by neither
    world.contact(town.samira, 40)
    world.app.archive_stakeholder(world.n, town.gone, recorded_by=BY)
    world.meeting({town.imam: "present", town.hassan: "present"}, 30, format="network_event")

    summary = world.report("network")
    with world.context() as ctx:
        whole = registry.WHOLE_MAP(ctx)

    shared = ("stakeholders", "balance", "sector_coverage", "entry_points", "steps", "independence")
    assert {key: summary[key] for key in shared} == {key: whole[key] for key in shared}
    assert summary["steps"]["individual_outreach"]["contacted"] == 2
    assert summary["balance"]["stakeholders"] == {"formal": 2, "informal": 4}
