"""Dashboard forms in process: errors next to the field with the input kept, read-your-writes after each
write, the signed-in member as recorded_by, dates on the network's clock, alerts acted on."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from tests.e2e.test_dashboard import Site, site  # noqa: F401 - the module's fixture

BRUSSELS = ZoneInfo("Europe/Brussels")


def field_error(page: str, name: str) -> str:
    found = re.search(rf'<p class="error" id="f-{re.escape(name)}-error">(.*?)</p>', page, re.S)
    assert found, f"no error shown next to {name}"
    shown = html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))
    assert shown.startswith("Error: ")  # said aloud before the message by screen readers
    return shown.removeprefix("Error: ")


def input_value(page: str, name: str) -> str:
    found = re.search(rf'<input id="f-{re.escape(name)}" name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
    assert found, f"no input {name}"
    return html.unescape(found.group(1))


def test_a_refused_registration_keeps_what_was_typed(site: Site):
    coordinator = site.signed_in("coordinator")
    typed = {"name": "Zoë Verhaegen", "sector": "youth_work", "side": "informal", "level": "operational",
             "function": "Street worker", "communities": "Far-West, Centrum", "email": "zoe-at-example",
             "phone": "+32 2 555 01 01", "ideal_interval_days": "20", "max_interval_days": "10"}
    before = site.events()
    answer = coordinator.post("/stakeholders/new", typed)
    assert answer.status_code == 422
    page = answer.text
    assert field_error(page, "email") == "Must be an email address."
    assert 'aria-invalid="true"' in page and 'aria-describedby="f-email-error"' in page
    assert '<a href="#f-email">Email: must be an email address.</a>' in page  # the summary links to the field
    for name in ("name", "function", "communities", "email", "phone", "ideal_interval_days", "max_interval_days"):
        assert input_value(page, name) == typed[name], name
    assert '<option value="youth_work" selected>' in page
    fixed = coordinator.post("/stakeholders/new", {**typed, "email": "zoe@example.org"})
    assert fixed.status_code == 422
    assert field_error(fixed.text, "max_interval_days") == "Must not be below ideal_interval_days."
    assert site.events() == before
    done = coordinator.post("/stakeholders/new", {**typed, "email": "zoe@example.org", "max_interval_days": "40"})
    assert done.status_code == 303
    profile = coordinator.get(done.headers["location"]).text  # read-your-writes: the views have it already
    assert "Zoë Verhaegen" in profile and "Stakeholder registered." in profile
    assert "ideally every 20 days, at most every 40" in profile


def test_a_typed_date_that_is_no_date_is_named_and_kept(site: Site):
    person = site.person(name="Dora Date")
    coordinator = site.signed_in("coordinator")
    answer = coordinator.post("/expectations/new", {"stakeholder_id": str(person), "owed_by": "us",
                                                    "description": "Send the report", "due_on": "next tuesday"})
    assert answer.status_code == 422
    assert field_error(answer.text, "due_on").startswith("Must be a date")
    assert input_value(answer.text, "due_on") == "next tuesday"
    assert "Send the report</textarea>" in answer.text
    future = coordinator.post("/log/contact", {"stakeholder_id": str(person), "channel": "phone", "initiated_by": "us",
                                               "purpose": "check_in", "summary": "Kept?",
                                               "occurred_at": "2999-01-01T10:00"})
    assert field_error(future.text, "occurred_at") == "Must not lie in the future."
    assert "Kept?</textarea>" in future.text
    assert '<option value="phone" selected>' in future.text


def test_writes_are_recorded_by_the_member_and_read_back_at_once(site: Site):
    person = site.person(name="Ruth Reads")
    coordinator = site.signed_in("coordinator")
    answer = coordinator.post("/log/contact", {"stakeholder_id": str(person), "channel": "in_person",
                                               "initiated_by": "them", "purpose": "support",
                                               "summary": "Asked for help with a worried parent",
                                               "next": f"/stakeholders/{person}"})
    assert answer.status_code == 303
    assert site.services.views.runner.lowest_position() >= site.events()  # waited for the views first
    assert answer.headers["location"] == f"/stakeholders/{person}?done=contact"
    page = coordinator.get(answer.headers["location"]).text
    assert "Contact logged." in page and "Asked for help with a worried parent" in page
    assert "Recorded by coordinator member" in page
    timeline = site.services.views.page("interactions", site.network_id, filters={"stakeholder_id": person})
    assert timeline["items"][0]["recorded_by"] == "coordinator member"


def test_moments_are_typed_and_shown_on_the_networks_clock(site: Site):
    person = site.person(name="Tim Zone")
    coordinator = site.signed_in("coordinator")
    local = (datetime.now(BRUSSELS) - timedelta(days=40)).replace(hour=9, minute=30, second=0, microsecond=0)
    coordinator.post("/log/information", {"stakeholder_id": str(person), "direction": "received",
                                          "topic": "Signals from school", "sensitivity": "internal",
                                          "occurred_at": local.strftime("%Y-%m-%dT%H:%M")})
    item = site.services.views.page("interactions", site.network_id, filters={"stakeholder_id": person})["items"][0]
    assert item["occurred_at"] == local  # stored as the same moment (in UTC)
    assert item["occurred_at"].astimezone(ZoneInfo("UTC")).hour != 9
    page = coordinator.get(f"/stakeholders/{person}").text
    assert f'{local.strftime("%-d %b %Y")}, 09:30</time>' in page


def test_a_meeting_with_three_attendees_feeds_them_all(site: Site):
    ids = [site.person(name=name, occurred_at=datetime.now(BRUSSELS) - timedelta(days=200))
           for name in ("Ada One", "Ben Two", "Cleo Three")]
    absent = site.person(name="Dirk Absent", occurred_at=datetime.now(BRUSSELS) - timedelta(days=200))
    coordinator = site.signed_in("coordinator")
    neglected = coordinator.get("/today").text
    assert all(name in neglected for name in ("Ada One", "Ben Two", "Cleo Three", "Dirk Absent"))
    attendance = {f"attendance-{i}": "present" for i in ids} | {f"attendance-{absent}": "absent"}
    refused = coordinator.post("/log/meeting", {"title": "", "format": "network_event", **attendance})
    assert refused.status_code == 422 and field_error(refused.text, "title") == "Must not be empty."
    assert re.search(rf'name="attendance-{ids[1]}">.*?<option value="present" selected>', refused.text, re.S)
    answer = coordinator.post("/log/meeting", {"title": "Network evening", "format": "network_event",
                                               "takeaways": "Three new links", "next": "/today", **attendance})
    assert answer.status_code == 303
    today = coordinator.get(answer.headers["location"]).text
    assert "Meeting logged." in today
    assert not any(name in today for name in ("Ada One", "Ben Two", "Cleo Three"))
    assert "Dirk Absent" in today  # absent people were not fed
    meeting = site.services.views.page("interactions", site.network_id, filters={"type": "meeting"})["items"][0]
    assert sorted(a["attendance"] for a in meeting["attendees"]) == ["absent", "present", "present", "present"]


def test_a_meeting_needs_an_attendee(site: Site):
    coordinator = site.signed_in("coordinator")
    answer = coordinator.post("/log/meeting", {"title": "Nobody came", "format": "training"})
    assert answer.status_code == 422
    assert field_error(answer.text, "attendees") == "A meeting needs at least one attendee."
    assert input_value(answer.text, "title") == "Nobody came"


def test_an_alert_is_raised_acknowledged_and_snoozed(site: Site):
    person = site.person(name="Alma Alert", occurred_at=datetime.now(BRUSSELS) - timedelta(days=300))
    coordinator = site.signed_in("coordinator")
    assert coordinator.post("/alerts/scan").headers["location"] == "/alerts?done=scanned"
    open_alerts = coordinator.get("/alerts").text
    found = re.search(rf'<a href="/stakeholders/{person}">Alma Alert</a>.*?action="/alerts/([0-9a-f-]+)/acknowledge"',
                      open_alerts, re.S)
    assert found, "the scan raised no alert for a person neglected for 300 days"
    alert_id = UUID(found.group(1))
    answer = coordinator.post(f"/alerts/{alert_id}/acknowledge", {"next": "/alerts"})
    assert answer.headers["location"] == "/alerts?done=acknowledged"
    assert site.services.app.alert(site.network_id, alert_id).acknowledged_by == "coordinator member"
    assert f"/alerts/{alert_id}/acknowledge" not in coordinator.get("/alerts").text
    again = coordinator.post(f"/alerts/{alert_id}/acknowledge", {"note": "twice"})
    assert again.status_code == 422 and "already acknowledged" in again.text
    too_far = coordinator.post(f"/alerts/{alert_id}/snooze", {"until": "2999-01-01", "reason": "Holidays"})
    assert too_far.status_code == 422 and field_error(too_far.text, "until") == "Must lie within a year."
    assert "Holidays</textarea>" in too_far.text
    until = (datetime.now(BRUSSELS) + timedelta(days=10)).date()
    snoozed = coordinator.post(f"/alerts/{alert_id}/snooze", {"until": until.isoformat(), "reason": "Holidays"})
    assert snoozed.headers["location"] == "/alerts?done=snoozed"
    assert site.services.app.alert(site.network_id, alert_id).status_at(datetime.now(BRUSSELS)) == "snoozed"
    assert "Alma Alert" in coordinator.get("/alerts?status=snoozed").text


def test_editing_records_only_what_changed(site: Site):
    person = site.person(name="Eddy Edit", email="eddy@example.org")
    coordinator = site.signed_in("coordinator")
    form = coordinator.get(f"/stakeholders/{person}/edit").text
    assert input_value(form, "email") == "eddy@example.org"
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    values = {"version": version, "name": "Eddy Edit", "sector": "religious_community", "side": "informal",
              "level": "operational", "email": "eddy@example.org", "function": "Imam", "max_asks": "2"}
    before = site.events()
    assert coordinator.post(f"/stakeholders/{person}/edit", values).status_code == 303
    aggregate = site.services.app.stakeholder(site.network_id, person)
    assert aggregate.function == "Imam" and aggregate.plan == {"max_asks": 2}
    assert site.events() == before + 2  # the profile and the plan, nothing else
    stale = coordinator.post(f"/stakeholders/{person}/edit", {**values, "function": "Chair"})
    assert stale.status_code == 422 and "Someone else changed this stakeholder" in stale.text
    assert input_value(stale.text, "function") == "Chair"
    newer = re.search(r'name="version" value="(\d+)"', stale.text).group(1)
    assert coordinator.post(f"/stakeholders/{person}/edit", {**values, "version": newer,
                                                             "function": "Chair"}).status_code == 303


def test_an_ask_and_its_outcome(site: Site):
    person = site.person(name="Omar Outcome")
    coordinator = site.signed_in("coordinator")
    asked = coordinator.post("/log/ask", {"stakeholder_id": str(person), "purpose": "Host the parents' evening",
                                          "importance": "important"})
    assert asked.status_code == 303
    page = coordinator.get(f"/stakeholders/{person}").text
    ask_id = re.search(r'href="/asks/([0-9a-f-]+)/outcome', page).group(1)
    missing = coordinator.post(f"/asks/{ask_id}/outcome", {})
    assert missing.status_code == 422 and field_error(missing.text, "outcome") == "Choose how they answered."
    assert coordinator.post(f"/asks/{ask_id}/outcome", {"outcome": "accepted"}).status_code == 303
    assert "Accepted" in coordinator.get(f"/stakeholders/{person}#asks").text


def test_an_expectation_renegotiated_then_fulfilled(site: Site):
    person = site.person(name="Pia Promise")
    coordinator = site.signed_in("coordinator")
    due = (datetime.now(BRUSSELS) + timedelta(days=5)).date()
    coordinator.post("/expectations/new", {"stakeholder_id": str(person), "owed_by": "them",
                                           "description": "Share the activity plan", "due_on": due.isoformat()})
    promise = site.services.views.page("expectations", site.network_id, filters={"stakeholder_id": person})["items"][0]
    path = f"/expectations/{promise['id']}/outcome"
    refused = coordinator.post(path, {"outcome": "renegotiated", "reason": "Summer"})
    assert refused.status_code == 422 and field_error(refused.text, "due_on") == "Enter a date."
    later = due + timedelta(days=20)
    assert coordinator.post(path, {"outcome": "renegotiated", "due_on": later.isoformat(),
                                   "reason": "Summer"}).status_code == 303
    assert coordinator.post(path, {"outcome": "fulfilled"}).status_code == 303
    page = coordinator.get(f"/stakeholders/{person}").text
    assert "Fulfilled" in page and "renegotiated 1×" in page


def test_an_introduction_needs_two_people(site: Site):
    first, second = site.person(name="Ivo Intro"), site.person(name="Jana Intro")
    coordinator = site.signed_in("coordinator")
    one = coordinator.post("/log/introduction", {"stakeholder_ids": [str(first)], "reason": "Both coach youth"})
    assert one.status_code == 422 and "f-stakeholder_ids-error" in one.text
    assert f'value="{first}" checked' in one.text and "Both coach youth</textarea>" in one.text
    two = coordinator.post("/log/introduction", {"stakeholder_ids": [str(first), str(second)],
                                                 "reason": "Both coach youth"})
    assert two.status_code == 303
    assert "Ivo Intro" in coordinator.get(f"/stakeholders/{second}").text
