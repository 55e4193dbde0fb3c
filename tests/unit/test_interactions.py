"""Interactions, asks, meetings, expectations and groups: every transition and invariant."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from domain.errors import InvalidValue, NotAllowed, NotFound
from tests.builders import BY, days_ago, network, stakeholder


@pytest.fixture
def net(app):
    n = network(app)
    return n, stakeholder(app, n, "Samira"), stakeholder(app, n, "Karim", sector="youth_work")


def test_contact_information_and_declines(app, net):
    n, samira, _ = net
    contact = app.log_contact(n, stakeholder_id=samira, channel="in_person", initiated_by="them",
                              purpose="support", summary="Worried about a pupil", recorded_by=BY)
    stored = app.aggregate(n, contact.id)
    assert (stored.channel, stored.initiated_by, stored.purpose) == ("in_person", "them", "support")
    assert app.vault.open(samira, stored.summary) == "Worried about a pupil"
    app.log_information(n, stakeholder_id=samira, direction="received", topic="Signals", sensitivity="confidential",
                        recorded_by=BY)
    silent = app.log_information_declined(n, stakeholder_id=samira, declined_by="them", recorded_by=BY)
    told = app.log_information_declined(n, stakeholder_id=samira, declined_by="us", reason="Case file is closed",
                                        recorded_by=BY)
    assert app.aggregate(n, silent.id).reason_given is False
    assert app.aggregate(n, told.id).reason_given is True


@pytest.mark.parametrize(("command", "fields", "field"), [
    ("log_contact", {"channel": "pigeon", "initiated_by": "us", "purpose": "check_in"}, "channel"),
    ("log_contact", {"channel": "phone", "initiated_by": "nobody", "purpose": "check_in"}, "initiated_by"),
    ("log_contact", {"channel": "phone", "initiated_by": "us", "purpose": "gossip"}, "purpose"),
    ("log_contact", {"channel": "phone", "initiated_by": "us", "purpose": "check_in", "summary": "x" * 4001}, "summary"),
    ("log_information", {"direction": "sideways", "topic": "t", "sensitivity": "public"}, "direction"),
    ("log_information", {"direction": "shared", "topic": "", "sensitivity": "public"}, "topic"),
    ("log_information", {"direction": "shared", "topic": "t", "sensitivity": "secret"}, "sensitivity"),
    ("log_information_declined", {"declined_by": "someone"}, "declined_by"),
    ("make_ask", {"purpose": "Host", "importance": "urgent"}, "importance"),
    ("make_ask", {"purpose": " "}, "purpose"),
    ("agree_expectation", {"owed_by": "both", "description": "d", "due_on": date(2026, 7, 1)}, "owed_by"),
    ("agree_expectation", {"owed_by": "us", "description": "d", "due_on": "2026-07-01"}, "due_on"),
])
def test_bad_interaction_values_name_the_field(app, net, command, fields, field):
    n, samira, _ = net
    before = app.recorder.max_notification_id()
    with pytest.raises(InvalidValue) as refused:
        getattr(app, command)(n, stakeholder_id=samira, recorded_by=BY, **fields)
    assert refused.value.field == field
    assert app.recorder.max_notification_id() == before


def test_interactions_with_unknown_stakeholders_are_not_found(app, net):
    n, _, _ = net
    with pytest.raises(NotFound) as missing:
        app.make_ask(n, stakeholder_id=uuid.uuid4(), purpose="Present", recorded_by=BY)
    assert missing.value.field == "stakeholder_id"


def test_ask_outcome_once_and_not_before_the_ask(app, net):
    n, _, karim = net
    ask = app.make_ask(n, stakeholder_id=karim, purpose="Spread the message", importance="critical",
                       occurred_at=days_ago(app, 3), recorded_by=BY)
    with pytest.raises(NotAllowed):
        app.record_ask_outcome(n, ask.id, outcome="accepted", occurred_at=days_ago(app, 4), recorded_by=BY)
    with pytest.raises(InvalidValue):
        app.record_ask_outcome(n, ask.id, outcome="maybe", recorded_by=BY)
    app.record_ask_outcome(n, ask.id, outcome="no_response", recorded_by=BY)
    with pytest.raises(NotAllowed, match="already"):
        app.record_ask_outcome(n, ask.id, outcome="accepted", recorded_by=BY)
    assert app.ask(n, ask.id).outcome == "no_response"


def test_meeting_needs_attendees_known_and_distinct(app, net):
    n, samira, karim = net
    with pytest.raises(InvalidValue, match="at least one attendee"):
        app.hold_meeting(n, title="Kick-off", format="network_event", attendees=[], recorded_by=BY)
    with pytest.raises(InvalidValue, match="twice"):
        app.hold_meeting(n, title="Kick-off", format="network_event", recorded_by=BY,
                         attendees=[{"stakeholder_id": samira}, {"stakeholder_id": samira}])
    with pytest.raises(InvalidValue) as bad:
        app.hold_meeting(n, title="Kick-off", format="network_event", recorded_by=BY,
                         attendees=[{"stakeholder_id": samira, "attendance": "asleep"}])
    assert bad.value.field == "attendees[0].attendance"
    with pytest.raises(InvalidValue) as bad_format:
        app.hold_meeting(n, title="Kick-off", format="party", recorded_by=BY, attendees=[{"stakeholder_id": samira}])
    assert bad_format.value.field == "format"
    meeting = app.hold_meeting(
        n, title="Kick-off", format="heterogeneous_group", themes=["polarisation"], recorded_by=BY,
        attendees=[{"stakeholder_id": samira, "attendance": "present"}, {"stakeholder_id": karim, "attendance": "excused"}],
        takeaways="Share signals weekly", disseminated_to=[samira, karim])
    stored = app.aggregate(n, meeting.id)
    assert stored.present == [samira]
    assert app.vault.open(n, stored.takeaways) == "Share signals weekly"


def test_introductions_and_direct_contacts_need_two_distinct_stakeholders(app, net):
    n, samira, karim = net
    for command in (app.log_introduction, app.log_direct_contact):
        with pytest.raises(InvalidValue, match="at least 2"):
            command(n, stakeholder_ids=[samira], recorded_by=BY)
        with pytest.raises(InvalidValue, match="twice"):
            command(n, stakeholder_ids=[samira, samira], recorded_by=BY)
        written = command(n, stakeholder_ids=[samira, karim], recorded_by=BY)
        assert app.aggregate(n, written.id).stakeholder_ids == [samira, karim]


@pytest.mark.parametrize("ending", ["fulfil", "miss", "withdraw"])
def test_closed_expectations_refuse_every_further_transition(app, net, ending):
    n, samira, _ = net
    e = app.agree_expectation(n, stakeholder_id=samira, owed_by="us", description="Send the fact sheet",
                              due_on=date(2026, 6, 15), recorded_by=BY).id
    getattr(app, f"{ending}_expectation")(n, e, recorded_by=BY)
    for other in ("fulfil", "miss", "withdraw"):
        with pytest.raises(NotAllowed):
            getattr(app, f"{other}_expectation")(n, e, recorded_by=BY)
    with pytest.raises(NotAllowed):
        app.renegotiate_expectation(n, e, due_on=date(2026, 8, 1), recorded_by=BY)
    assert app.expectation(n, e).status == {"fulfil": "fulfilled", "miss": "missed", "withdraw": "withdrawn"}[ending]


def test_renegotiated_expectation_stays_open_with_its_new_date(app, net, clock):
    n, _, karim = net
    e = app.agree_expectation(n, stakeholder_id=karim, owed_by="them", description="Activity plan",
                              due_on=date(2026, 6, 15), recorded_by=BY).id
    app.renegotiate_expectation(n, e, due_on=date(2026, 7, 15), reason="Summer holidays", recorded_by=BY)
    clock.advance(days=1)
    app.fulfil_expectation(n, e, recorded_by=BY)
    expectation = app.expectation(n, e)
    assert (expectation.status, expectation.due_on) == ("fulfilled", date(2026, 7, 15))


def test_an_expectation_cannot_close_before_it_was_agreed(app, net, clock):
    n, _, karim = net
    e = app.agree_expectation(n, stakeholder_id=karim, owed_by="us", description="Room for the class",
                              due_on=date(2026, 7, 1), recorded_by=BY).id
    with pytest.raises(NotAllowed, match="before") as refused:
        app.fulfil_expectation(n, e, occurred_at=clock() - timedelta(days=30), recorded_by=BY)
    assert refused.value.field == "occurred_at"


def test_groups_membership(app, net):
    n, samira, karim = net
    g = app.form_group(n, name="Pupil care coordinators", kind="homogeneous", sector="education",
                       members=[samira], recorded_by=BY).id
    with pytest.raises(NotAllowed, match="already"):
        app.add_group_member(n, g, stakeholder_id=samira, recorded_by=BY)
    app.add_group_member(n, g, stakeholder_id=karim, recorded_by=BY)
    app.remove_group_member(n, g, stakeholder_id=samira, recorded_by=BY)
    with pytest.raises(NotAllowed, match="not a member"):
        app.remove_group_member(n, g, stakeholder_id=samira, recorded_by=BY)
    assert app.group(n, g).members == [karim]
    with pytest.raises(InvalidValue):
        app.form_group(n, name="Mixed", kind="mixed", recorded_by=BY)
    app.archive_stakeholder(n, samira, recorded_by=BY)
    with pytest.raises(NotAllowed):
        app.add_group_member(n, g, stakeholder_id=samira, recorded_by=BY)


def test_meeting_with_unknown_group_is_not_found(app, net):
    n, samira, _ = net
    with pytest.raises(NotFound):
        app.hold_meeting(n, title="x", format="one_to_one", attendees=[{"stakeholder_id": samira}],
                         group_id=uuid.uuid4(), recorded_by=BY)


def test_every_event_carries_network_times_and_author(app, net):
    n, samira, _ = net
    app.log_contact(n, stakeholder_id=samira, channel="phone", initiated_by="us", purpose="check_in",
                    occurred_at=days_ago(app, 2), recorded_by="Els")
    events = [app.mapper.to_domain_event(item) for item in app.recorder.select_notifications(start=1, limit=100)]
    assert len(events) == 4
    for domain_event in events:
        assert getattr(domain_event, "network_id", domain_event.originator_id) == n
        assert domain_event.occurred_at.tzinfo is not None and domain_event.recorded_by
    assert events[-1].recorded_by == "Els" and events[-1].occurred_at == days_ago(app, 2)
    assert events[-1].recorded_at > events[-1].occurred_at + timedelta(days=1)
