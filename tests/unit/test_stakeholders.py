"""Stakeholders and organisations: registration, profile, plan, hand-over, archive, erasure."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from domain.errors import Conflict, InvalidValue, NotAllowed, NotFound
from domain.vocabulary import Limits
from tests.builders import BY, days_ago, network, stakeholder


def test_registering_keeps_the_profile_with_personal_fields_sealed(app):
    n = network(app)
    org = app.register_organisation(n, name="Royal Atheneum", sector="education", side="formal",
                                    mandate="Secondary school", recorded_by=BY).id
    s = stakeholder(app, n, organisation_id=org, communities=["Far-West", "Far-West", "Centrum"],
                    email="s@school.example", phone="+32 2 123 45 67")
    person = app.stakeholder(n, s)
    assert person.organisation_id == org
    assert person.communities == ["Far-West", "Centrum"]
    assert person.status == "active"
    assert "Samira" not in person.name and person.name.startswith("pd1:")
    assert app.vault.open(s, person.name) == "Samira El Idrissi"
    assert "s@school.example" in app.vault.open(s, person.contact)


@pytest.mark.parametrize(("fields", "field"), [
    ({"name": "   "}, "name"),
    ({"name": "x" * (Limits.NAME + 1)}, "name"),
    ({"sector": "astrology"}, "sector"),
    ({"side": "both"}, "side"),
    ({"level": "middle"}, "level"),
    ({"email": "not-an-email"}, "contact.email"),
    ({"phone": "call me"}, "contact.phone"),
    ({"communities": ["ok", ""]}, "communities[1]"),
    ({"plan": {"ideal_interval_days": 30, "max_interval_days": 10}}, "max_interval_days"),
    ({"plan": {"ideal_interval_days": 0}}, "ideal_interval_days"),
    ({"plan": {"cadence": 3}}, "cadence"),
])
def test_invalid_profiles_are_refused_with_the_field(app, fields, field):
    n = network(app)
    with pytest.raises(InvalidValue) as refused:
        stakeholder(app, n, **fields)
    assert refused.value.field == field
    assert app.recorder.max_notification_id() == 1  # only the network: nothing half-written


def test_occurred_at_in_the_future_is_refused_but_back_dating_is_fine(app, clock):
    n = network(app)
    with pytest.raises(InvalidValue, match="future") as refused:
        stakeholder(app, n, occurred_at=clock() + timedelta(minutes=6))
    assert refused.value.field == "occurred_at"
    stakeholder(app, n, occurred_at=clock() + timedelta(minutes=4))  # within clock tolerance
    s = stakeholder(app, n, occurred_at=days_ago(app, 400))
    assert app.stakeholder(n, s).registered_at == days_ago(app, 400)


def test_naive_times_are_refused(app, clock):
    n = network(app)
    with pytest.raises(InvalidValue, match="offset"):
        stakeholder(app, n, occurred_at=clock().replace(tzinfo=None))


def test_unknown_organisation_and_introducer_are_not_found(app):
    n = network(app)
    with pytest.raises(NotFound) as missing:
        stakeholder(app, n, organisation_id=uuid.uuid4())
    assert missing.value.field == "organisation_id"
    with pytest.raises(NotFound):
        stakeholder(app, n, introduced_by=uuid.uuid4())


def test_another_networks_stakeholder_is_not_found(app):
    ours, theirs = network(app, "vilvoorde"), network(app, "sarcelles")
    s = stakeholder(app, theirs)
    with pytest.raises(NotFound):
        app.stakeholder(ours, s)
    with pytest.raises(NotFound):
        app.log_contact(ours, stakeholder_id=s, channel="phone", initiated_by="us", purpose="check_in", recorded_by=BY)


def test_archive_reactivate_and_their_impossible_repeats(app):
    n = network(app)
    s = stakeholder(app, n)
    app.archive_stakeholder(n, s, recorded_by=BY)
    with pytest.raises(NotAllowed):
        app.archive_stakeholder(n, s, recorded_by=BY)
    with pytest.raises(NotAllowed, match="archived"):
        app.log_contact(n, stakeholder_id=s, channel="phone", initiated_by="us", purpose="check_in", recorded_by=BY)
    app.reactivate_stakeholder(n, s, recorded_by=BY)
    with pytest.raises(NotAllowed, match="already active"):
        app.reactivate_stakeholder(n, s, recorded_by=BY)
    app.log_contact(n, stakeholder_id=s, channel="phone", initiated_by="us", purpose="check_in", recorded_by=BY)


def test_events_cannot_predate_the_relationship(app):
    n = network(app)
    s = stakeholder(app, n, occurred_at=days_ago(app, 10))
    with pytest.raises(NotAllowed) as refused:
        app.archive_stakeholder(n, s, occurred_at=days_ago(app, 11), recorded_by=BY)
    assert refused.value.field == "occurred_at"


def test_hand_over_names_an_active_successor(app):
    n = network(app)
    leaving, successor = stakeholder(app, n, "Youssef"), stakeholder(app, n, "Sofie")
    with pytest.raises(InvalidValue):
        app.hand_over(n, leaving, successor_id=leaving, recorded_by=BY)
    with pytest.raises(NotFound):
        app.hand_over(n, leaving, successor_id=uuid.uuid4(), recorded_by=BY)
    app.hand_over(n, leaving, successor_id=successor, recorded_by=BY)
    person = app.stakeholder(n, leaving)
    assert (person.status, person.successor_id) == ("archived", successor)
    with pytest.raises(NotAllowed):
        app.hand_over(n, leaving, successor_id=successor, recorded_by=BY)


def test_profile_updates_and_plans(app):
    n = network(app)
    s = stakeholder(app, n)
    app.update_stakeholder(n, s, changes={"function": "Deputy head", "name": "Samira E.",
                                          "plan": {"ideal_interval_days": 14}}, recorded_by=BY)
    person = app.stakeholder(n, s)
    assert person.function == "Deputy head" and app.vault.open(s, person.name) == "Samira E."
    assert app.effective_plan(n, person.plan).ideal_interval_days == 14
    assert app.effective_plan(n, person.plan).max_interval_days == 60  # the network's default
    with pytest.raises(InvalidValue) as refused:
        app.update_stakeholder(n, s, changes={"status": "archived"}, recorded_by=BY)
    assert refused.value.field == "status"


def test_stale_update_is_a_conflict(app):
    n = network(app)
    s = stakeholder(app, n)
    version = app.stakeholder(n, s).version
    app.update_stakeholder(n, s, changes={"function": "A"}, expected_version=version, recorded_by=BY)
    with pytest.raises(Conflict) as stale:
        app.update_stakeholder(n, s, changes={"function": "B"}, expected_version=version, recorded_by=BY)
    assert stale.value.field == "version"
    assert app.stakeholder(n, s).function == "A"


def test_erasure_shreds_personal_fields_but_keeps_the_shape(app):
    n = network(app)
    s = stakeholder(app, n, email="s@school.example")
    app.log_contact(n, stakeholder_id=s, channel="phone", initiated_by="us", purpose="check_in",
                    summary="Talked about her pupils", recorded_by=BY)
    app.erase_stakeholder(n, s, recorded_by="Data protection officer")
    person = app.stakeholder(n, s)
    assert app.vault.open(s, person.name) is None
    assert app.vault.open(s, person.contact) is None
    assert (person.erased, person.status) == (True, "archived")
    with pytest.raises(NotAllowed):
        app.reactivate_stakeholder(n, s, recorded_by=BY)
    with pytest.raises(NotAllowed):
        app.erase_stakeholder(n, s, recorded_by=BY)
    assert app.recorder.max_notification_id() == 4  # network, registered, contact, erased


def test_organisation_update_and_validation(app):
    n = network(app)
    org = app.register_organisation(n, name="Police zone", sector="police", side="formal", recorded_by=BY).id
    app.update_organisation(n, org, changes={"mandate": "Local policing"}, recorded_by=BY)
    assert app.aggregate(n, org).mandate == "Local policing"
    with pytest.raises(InvalidValue):
        app.update_organisation(n, org, changes={"side": "neither"}, recorded_by=BY)
    with pytest.raises(InvalidValue):
        app.update_organisation(n, org, changes={"colour": "blue"}, recorded_by=BY)


def test_a_partial_plan_must_make_sense_with_the_network_defaults(app):
    n = network(app)  # defaults: ideal 30, maximum 60 days
    with pytest.raises(InvalidValue) as refused:
        stakeholder(app, n, plan={"ideal_interval_days": 90})
    assert refused.value.field == "max_interval_days"
    stakeholder(app, n, plan={"ideal_interval_days": 90, "max_interval_days": 120})


def test_not_found_names_the_field_that_pointed_nowhere(app):
    n = network(app)
    s = stakeholder(app, n)
    for call, field in [
        (lambda: stakeholder(app, n, introduced_by=uuid.uuid4()), "introduced_by"),
        (lambda: app.hand_over(n, s, successor_id=uuid.uuid4(), recorded_by=BY), "successor_id"),
        (lambda: app.hold_meeting(n, title="t", format="one_to_one", attendees=[{"stakeholder_id": s}],
                                  disseminated_to=[uuid.uuid4()], recorded_by=BY), "disseminated_to"),
        (lambda: app.hold_meeting(n, title="t", format="one_to_one", attendees=[{"stakeholder_id": s}],
                                  group_id=uuid.uuid4(), recorded_by=BY), "group_id"),
    ]:
        with pytest.raises(NotFound) as missing:
            call()
        assert missing.value.field == field
