"""Networks (tenants) and their access tokens."""

from __future__ import annotations

import pytest

from domain.errors import Conflict, InvalidValue, NotAllowed, NotFound
from tests.builders import BY, network


def test_network_defaults_and_settings(app):
    n = network(app)
    net = app.network_by_slug("vilvoorde")
    assert (net.id, net.timezone, net.alert_schedule) == (n, "Europe/Brussels", "0 7 * * *")
    assert net.defaults.ideal_interval_days == 30 and net.defaults.max_interval_days == 60
    app.update_network(n, changes={"timezone": "Europe/Paris", "default_plan": {"max_asks": 5},
                                   "alert_schedule": "30 6 * * 1-5"}, recorded_by=BY)
    net = app.network(n)
    assert (net.timezone, net.defaults.max_asks, net.defaults.ideal_interval_days) == ("Europe/Paris", 5, 30)


@pytest.mark.parametrize(("changes", "field"), [
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"alert_schedule": "daily"}, "alert_schedule"),
    ({"default_plan": {"ideal_interval_days": 90}}, "max_interval_days"),
    ({"name": ""}, "name"),
    ({"colour": "red"}, "colour"),
])
def test_bad_network_settings_are_refused(app, changes, field):
    n = network(app)
    with pytest.raises(InvalidValue) as refused:
        app.update_network(n, changes=changes, recorded_by=BY)
    assert refused.value.field == field


def test_slugs_are_unique_and_well_formed(app):
    network(app)
    with pytest.raises(Conflict) as taken:
        network(app)
    assert taken.value.field == "slug"
    with pytest.raises(InvalidValue):
        app.create_network(slug="Not A Slug", name="x")
    with pytest.raises(NotFound):
        app.network_by_slug("nowhere")


def test_tokens_authenticate_until_revoked_and_are_stored_as_hashes(app):
    n = network(app)
    written, secret = app.issue_token(n, member="Els", role="coordinator", recorded_by=BY)
    token = app.authenticate(secret)
    assert (token.id, token.member, token.role, token.network_id) == (written.id, "Els", "coordinator", n)
    stored = b"".join(item.state for item in app.recorder.select_notifications(start=1, limit=100))
    assert secret.encode() not in stored and token.token_hash.encode() in stored
    assert app.authenticate(secret + "x") is None and app.authenticate("") is None
    assert [t.id for t in app.tokens(n)] == [written.id]
    app.revoke_token(n, written.id, recorded_by=BY)
    assert app.authenticate(secret) is None
    with pytest.raises(NotAllowed):
        app.revoke_token(n, written.id, recorded_by=BY)


def test_tokens_of_another_network_are_not_found(app):
    ours, theirs = network(app, "vilvoorde"), network(app, "sarcelles")
    written, _ = app.issue_token(theirs, member="Amir", role="admin", recorded_by=BY)
    with pytest.raises(NotFound):
        app.revoke_token(ours, written.id, recorded_by=BY)
    with pytest.raises(InvalidValue):
        app.issue_token(ours, member="Els", role="superuser", recorded_by=BY)
