"""The dashboard in process: roles, networks kept apart, security headers, escaping, the auditors' log."""

from __future__ import annotations

from tests.e2e.test_dashboard import Site, site  # noqa: F401 - the module's fixture


def test_viewers_see_no_write_forms_and_cannot_post(site: Site):
    person = site.person(name="Viewer Check")
    viewer = site.signed_in("viewer")
    page = viewer.get(f"/stakeholders/{person}").text
    assert "/log/contact" not in page and "Edit profile" not in page
    assert viewer.get("/log/contact").status_code == 403
    assert viewer.get("/stakeholders/new").status_code == 403
    before = site.events()
    answer = viewer.post("/log/contact", {"stakeholder_id": str(person), "channel": "phone", "initiated_by": "us",
                                          "purpose": "check_in"})
    assert answer.status_code == 403 and "can look at the network but not change it" in answer.text
    assert viewer.post("/alerts/scan").status_code == 403
    assert site.events() == before


def test_the_event_log_is_for_auditors(site: Site):
    auditor, coordinator = site.signed_in("auditor"), site.signed_in("coordinator")
    assert "Event log" in auditor.get("/today").text
    log = auditor.get("/events")
    assert log.status_code == 200 and "Stakeholder.Registered" in log.text
    assert auditor.get("/audit/verify").status_code == 200
    assert "Event log" not in coordinator.get("/today").text
    assert coordinator.get("/events").status_code == 403
    assert coordinator.get("/audit/verify").status_code == 403
    assert auditor.get("/log/contact").status_code == 403  # auditors read; they do not write


def test_another_networks_objects_are_not_found(site: Site):
    ours = site.signed_in("coordinator")
    ghost = site.other_person
    for path in (f"/stakeholders/{ghost}", f"/stakeholders/{ghost}/edit", f"/facts/{ghost}",
                 "/stakeholders/not-an-id", f"/asks/{ghost}/outcome", f"/expectations/{ghost}/outcome",
                 f"/groups/{ghost}", f"/alerts/{ghost}"):
        assert ours.get(path).status_code == 404, path
    before = site.events()
    answer = ours.post(f"/stakeholders/{ghost}/edit", {"name": "Hijacked", "sector": "police", "side": "formal",
                                                       "level": "operational"})
    assert answer.status_code == 404
    answer = ours.post("/log/contact", {"stakeholder_id": str(ghost), "channel": "phone", "initiated_by": "us",
                                        "purpose": "check_in"})
    assert answer.status_code == 422  # the form says the person is not in this network
    assert site.events() == before
    theirs = site.visitor()
    assert theirs.sign_in(site.other_secret).status_code == 303
    assert "Hassan Ouali" in theirs.get(f"/stakeholders/{ghost}").text


def test_pages_carry_security_headers_and_no_script(site: Site):
    coordinator = site.signed_in("coordinator")
    person = site.person(name="Header Check")
    for path in ("/sign-in", "/today", "/stakeholders", f"/stakeholders/{person}", "/network", "/organisations",
                 "/alerts", "/log/meeting", "/stakeholders/new", "/no-such-page-here"):
        answer = coordinator.get(path)
        headers = answer.headers
        csp = headers.get("content-security-policy", "")
        if path == "/no-such-page-here":
            assert answer.status_code == 404
            continue
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp and "script-src" not in csp, path
        assert "default-src 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["cache-control"] == "no-store"
        assert "<script" not in answer.text.lower() and " style=" not in answer.text, path
        assert '<main id="main"' in answer.text and 'lang="en"' in answer.text
    style = coordinator.get("/static/dashboard.css")
    assert style.status_code == 200 and style.headers["content-type"].startswith("text/css")


def test_next_never_leads_off_the_site(site: Site):
    visitor = site.visitor()
    answer = visitor.client.post("/sign-in", data={"csrf": visitor.csrf("/sign-in"),
                                                   "token": site.built.tokens["viewer"], "next": "//evil.example/x"})
    assert answer.headers["location"] == "/today"


def test_the_event_log_filters_by_type_recorder_and_dates(site: Site):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    long_ago = datetime.now(ZoneInfo("Europe/Brussels")) - timedelta(days=100)
    old = site.person(name="Olga Old", occurred_at=long_ago)
    new = site.person(name="Nina New")
    site.signed_in("coordinator").post("/log/contact", {"stakeholder_id": str(new), "channel": "phone",
                                                        "initiated_by": "us", "purpose": "check_in"})
    auditor = site.signed_in("auditor")
    site.services.audit.catch_up()
    registered = auditor.get("/events?type=Stakeholder.Registered").text
    assert f"/events?object={old}" in registered and f"/events?object={new}" in registered
    assert '<a href="/facts/' in registered and ">Network.Created</a>" not in registered
    then = (long_ago + timedelta(days=1)).date().isoformat()
    as_of = auditor.get(f"/events?type=Stakeholder.Registered&as_of={then}").text
    assert f"/events?object={old}" in as_of and f"/events?object={new}" not in as_of
    yesterday = (datetime.now(ZoneInfo("Europe/Brussels")) - timedelta(days=1)).date().isoformat()
    assert f"/events?object={old}" not in auditor.get(f"/events?known_at={yesterday}").text  # recorded today
    assert '<td data-label="By">coordinator member</td>' in auditor.get("/events").text
    by_test = auditor.get("/events?recorded_by=test").text
    assert "Stakeholder.Registered" in by_test and '<td data-label="By">coordinator member</td>' not in by_test
    one = auditor.get(f"/events?object={old}").text
    assert one.count("<tr>") == 2  # the heading and the registration
    assert auditor.get("/events?type=<script>&before=x&as_of=never").status_code == 200  # nonsense is ignored


def test_an_erased_persons_pages_keep_their_shape_without_their_name(site: Site):
    person = site.person(name="Erin Erased", email="erin@example.org")
    coordinator = site.signed_in("coordinator")
    coordinator.post("/log/contact", {"stakeholder_id": str(person), "channel": "phone", "initiated_by": "us",
                                      "purpose": "check_in", "summary": "Talked about her son"})
    written = site.services.app.erase_stakeholder(site.network_id, person, recorded_by="admin member")
    site.services.views.wait_for(written.position)
    for path in (f"/stakeholders/{person}", "/stakeholders", "/today", "/network", f"/log/meeting"):
        page = coordinator.get(path)
        assert page.status_code == 200, path
        assert "Erin Erased" not in page.text and "erin@example.org" not in page.text, path
        assert "Talked about her son" not in page.text, path
    assert "(erased)" in coordinator.get(f"/stakeholders/{person}").text


def test_what_people_type_is_shown_as_text_never_as_markup(site: Site):
    person = site.person(name='<script>alert(1)</script> "Quote" & <b>bold</b>', communities=["<i>Far-West</i>"])
    coordinator = site.signed_in("coordinator")
    for path in (f"/stakeholders/{person}", "/stakeholders", "/network", "/today", "/log/meeting"):
        page = coordinator.get(path).text
        assert "<script>" not in page and "<b>bold</b>" not in page and "<i>Far-West</i>" not in page, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in coordinator.get(f"/stakeholders/{person}").text
    form = coordinator.get("/log/contact?next=javascript:alert(1)").text
    assert 'href="javascript:' not in form and '<a href="/today">Cancel</a>' in form
    answer = coordinator.post("/log/contact", {"stakeholder_id": str(person), "channel": "phone",
                                               "initiated_by": "us", "purpose": "check_in", "next": "//evil.example"})
    assert answer.headers["location"] == f"/stakeholders/{person}?done=contact"
