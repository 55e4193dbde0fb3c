"""Pages of large networks: long lists cut to their most urgent part with a way to the rest, alerts and the
event log's choices kept up to date between requests, the map drawing its strongest links only.

The limits are lowered here so a handful of facts shows what thousands would."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from api.web import alert_index, pages_stakeholders, pages_today, svg_network
from tests.e2e.test_dashboard import Site, site  # noqa: F401 - the module's fixture

LONG_AGO = datetime.now().astimezone() - timedelta(days=300)


def test_today_shows_the_most_urgent_and_all_on_request(site: Site, monkeypatch: pytest.MonkeyPatch):
    for name in ("Nora Neglect", "Olaf Neglect", "Pia Neglect"):
        site.person(name=name, occurred_at=LONG_AGO)
    monkeypatch.setattr(pages_today, "SHOWN", 2)
    coordinator = site.signed_in("coordinator")
    short = coordinator.get("/today").text
    assert sum(name in short for name in ("Nora Neglect", "Olaf Neglect", "Pia Neglect")) == 2
    assert re.search(r"The 2 most urgent of \d+\. <a href=\"/today\?all=1#feed\">Show all</a>", short)
    everyone = coordinator.get("/today?all=1").text
    assert all(name in everyone for name in ("Nora Neglect", "Olaf Neglect", "Pia Neglect"))
    assert "most urgent of" not in everyone


def test_alerts_come_a_page_at_a_time_and_follow_what_is_done(site: Site, monkeypatch: pytest.MonkeyPatch):
    people = [site.person(name=name, occurred_at=LONG_AGO) for name in ("Quin Alert", "Rita Alert")]
    coordinator = site.signed_in("coordinator")
    coordinator.get("/alerts")  # the page's records exist before the scan, so the scan is an update
    assert coordinator.post("/alerts/scan").status_code == 303
    everything = coordinator.get("/alerts").text
    assert all(f'href="/stakeholders/{p}">' in everything for p in people)
    open_ids = re.findall(r'action="/alerts/([0-9a-f-]+)/acknowledge"', everything)
    monkeypatch.setattr(alert_index, "PAGE_SIZE", 1)
    seen, page = [], coordinator.get("/alerts").text
    while True:
        seen += re.findall(r'action="/alerts/([0-9a-f-]+)/acknowledge"', page)
        older = re.search(r'<a href="/alerts\?([^"]+)">Older alerts</a>', page)
        if not older:
            break
        page = coordinator.get("/alerts?" + older.group(1).replace("&amp;", "&")).text
    assert seen == open_ids and len(seen) >= 2  # newest first, each once
    first = seen[0]
    assert coordinator.post(f"/alerts/{first}/acknowledge", {"next": "/alerts"}).status_code == 303
    assert f"/alerts/{first}/acknowledge" not in coordinator.get("/alerts").text
    assert f"/alerts/{first}\"" in coordinator.get("/alerts?status=acknowledged").text


def test_the_event_logs_choices_include_types_recorded_after_the_first_visit(site: Site):
    auditor = site.signed_in("auditor")
    assert "Organisation.Registered" not in auditor.get("/events").text
    written = site.services.app.register_organisation(site.network_id, name="New school", sector="education",
                                                      side="formal", mandate="", aims="", recorded_by="late member")
    site.services.views.wait_for(written.position)
    page = auditor.get("/events").text
    assert "<option>Organisation.Registered</option>" in page and "<option>late member</option>" in page


def test_a_persons_asks_come_a_page_at_a_time(site: Site, monkeypatch: pytest.MonkeyPatch):
    person = site.person(name="Sami Asked")
    for purpose, days in (("Older favour", 20), ("Newer favour", 2)):
        written = site.services.app.make_ask(site.network_id, stakeholder_id=person, purpose=purpose,
                                             importance="routine", recorded_by="test",
                                             occurred_at=datetime.now().astimezone() - timedelta(days=days))
        site.services.views.wait_for(written.position)
    monkeypatch.setattr(pages_stakeholders, "ASKS_SIZE", 1)
    coordinator = site.signed_in("coordinator")
    page = coordinator.get(f"/stakeholders/{person}").text
    asks = page[page.index('id="asks"'):page.index('id="timeline"')]
    assert "Newer favour" in asks and "Older favour" not in asks
    older = re.search(r'href="(/stakeholders/[^"]+asks_before=[^"]+)#asks">Older asks', asks).group(1)
    page = coordinator.get(older.replace("&amp;", "&")).text
    asks = page[page.index('id="asks"'):page.index('id="timeline"')]
    assert "Older favour" in asks and "Newer favour" not in asks


def test_the_map_draws_only_the_strongest_links():
    edges = [{"a": i, "b": i + 1, "counts": {"co_attendance": total}, "total": total} for i, total in
             enumerate([3, 1, 5, 2, 5, 4])]
    drawn = svg_network.strongest(edges, limit=3)
    assert [edge["total"] for edge in drawn] == [4, 5, 5]  # weakest first, so the strongest lie on top
    assert svg_network.strongest(edges, limit=10) is edges


def test_forms_name_people_as_they_are_now_after_a_rename_or_an_erasure(site: Site):
    person = site.person(name="Tess Before")
    coordinator = site.signed_in("coordinator")
    assert "Tess Before" in coordinator.get("/log/contact").text  # the roster is read, and kept
    app = site.services.app
    site.services.views.wait_for(app.update_stakeholder(site.network_id, person, changes={"name": "Tess After"},
                                                        recorded_by="test").position)
    renamed = coordinator.get("/log/contact").text
    assert "Tess After" in renamed and "Tess Before" not in renamed
    site.services.views.wait_for(app.erase_stakeholder(site.network_id, person, recorded_by="test").position)
    assert "Tess After" not in coordinator.get("/log/meeting").text
