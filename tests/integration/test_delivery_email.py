"""The email digest through a real SMTP server (aiosmtpd): one per member, new and still-open alerts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.errors import InvalidValue
from scheduler.outbox import deliver_pending
from scheduler.scan import scan
from tests.builders import BY
from tests.integration.test_alerts_support import (
    PUBLIC_URL, Mailbox, Scene, fast_runtime, free_port, scene, services,
)

__all__ = ["services"]  # the fixture, shared


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    yield box
    box.close()


@pytest.fixture
def seen(services) -> Scene:
    found = scene(services)
    app = services.app
    app.issue_token(found.network_id, member="Inès Martin", role="coordinator", recorded_by="admin")
    app.issue_token(found.network_id, member="Jonas Claes", role="viewer", recorded_by="admin")
    app.subscribe_to_digest(found.network_id, member="Inès Martin", email="ines@vilvoorde.example", recorded_by=BY)
    app.subscribe_to_digest(found.network_id, member="Jonas Claes", email="jonas@vilvoorde.example",
                            kinds=["neglect"], recorded_by=BY)
    services.views.catch_up()
    scan(services, found.network_id)
    return found


def parts(message) -> tuple[str, str]:  # noqa: ANN001
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_each_member_gets_one_digest_grouped_by_kind_with_links(services, seen, mailbox):
    runtime = fast_runtime(services, smtp_host="127.0.0.1", smtp_port=mailbox.port)
    assert deliver_pending(runtime) == {"digest delivered": 2}
    to = {m["X-Envelope-To"]: m for m in mailbox.messages}
    ines, jonas = to["ines@vilvoorde.example"], to["jonas@vilvoorde.example"]
    assert ines["Subject"] == "linkingpin: 3 new alerts in Vilvoorde network"
    text, html = parts(ines)
    for heading in ("Not fed for too long:", "Asked too often:", "Overdue expectations:"):
        assert heading in text
    assert text.index("Not fed for too long") < text.index("Asked too often") < text.index("Overdue expectations")
    assert "Amal Haddad: 90 days since last fed (at most 60)" in text
    assert f"{PUBLIC_URL}/stakeholders/{seen.amal}" in text and f"{PUBLIC_URL}/alerts" in text
    assert f'<a href="{PUBLIC_URL}/stakeholders/{seen.chloe}">Chloé Dubois</a>' in html
    jonas_text, _ = parts(jonas)
    assert "Amal Haddad" in jonas_text and "Bram Peeters" not in jonas_text  # he asked for neglect only
    assert deliver_pending(runtime) == {}  # nothing new: no second digest
    assert len(mailbox.messages) == 2


def test_a_later_digest_lists_new_alerts_and_those_still_open(services, seen, mailbox):
    app = services.app
    runtime = fast_runtime(services, smtp_host="127.0.0.1", smtp_port=mailbox.port)
    deliver_pending(runtime)
    app.clock.advance(days=51)  # Bram and Chloé, last fed 63 and 61 days ago, are neglected now too
    services.views.catch_up()
    assert scan(services, seen.network_id)["raised"] == 2
    deliver_pending(runtime)
    latest = [m for m in mailbox.messages if m["X-Envelope-To"] == "jonas@vilvoorde.example"][-1]
    text, _ = parts(latest)
    new, still_open = text.split("Still open:")
    assert "Bram Peeters" in new and "Chloé Dubois" in new and "Amal Haddad" in still_open
    assert "Amal Haddad" not in new
    assert latest["Subject"] == "linkingpin: 2 new alerts in Vilvoorde network"


def test_an_unreachable_mail_server_is_retried_within_the_bound_and_recorded(services, seen):
    runtime = fast_runtime(services, smtp_host="127.0.0.1", smtp_port=free_port(), max_attempts=2)
    assert deliver_pending(runtime) == {"digest failed": 2}
    alert = services.app.alerts(seen.network_id, kind="neglect")[0]
    assert [d["result"] for d in alert.deliveries["email:Inès Martin"]] == ["failed", "failed"]
    assert deliver_pending(runtime) == {}  # the bound holds across passes


def test_only_members_of_the_network_can_subscribe(services, seen):
    with pytest.raises(InvalidValue) as refused:
        services.app.subscribe_to_digest(seen.network_id, member="Somebody Else", email="x@example.org",
                                         recorded_by=BY)
    assert refused.value.field == "member"
    assert [s["member"] for s in services.app.digest_subscriptions(seen.network_id)] == ["Inès Martin", "Jonas Claes"]
    assert services.app.digest_subscriptions(seen.network_id)[0]["email"] == "ines@vilvoorde.example"


def test_no_mail_server_configured_means_no_digest(services, seen):
    assert deliver_pending(fast_runtime(services, smtp_host=None)) == {}
    assert services.app.alerts(seen.network_id)[0].deliveries == {}
