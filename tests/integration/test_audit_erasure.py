"""Erasing a stakeholder shreds a key, not history: verify still passes, the export keeps the events with
their personal fields sealed for good, and the views keep their numbers."""

from __future__ import annotations

import json
from uuid import UUID

import pytest

from api.composition import build
from tests.builders import BY, network, stakeholder
from tests.projection_checks import live_snapshot


@pytest.fixture
def audited(store_settings, tmp_path):  # noqa: ANN001
    store_settings.signing_key_file = tmp_path / "data" / "signing.key"
    built = build(store_settings)
    built.audit.chain.every = 4
    yield built
    built.close()


def history(app):  # noqa: ANN001, ANN201
    n = network(app)
    samira = stakeholder(app, n, "Samira El Idrissi", email="samira@school.example")
    karim = stakeholder(app, n, "Karim Bouzid", sector="youth_work")
    for who in (samira, karim, samira):
        app.log_contact(n, stakeholder_id=who, channel="phone", initiated_by="us", purpose="check_in",
                        summary="Told me about a worried parent", recorded_by=BY)
    app.log_information(n, stakeholder_id=samira, direction="shared", topic="Fact sheet", sensitivity="internal",
                        recorded_by=BY)
    app.make_ask(n, stakeholder_id=samira, purpose="Host the parents' evening", recorded_by=BY)
    app.hold_meeting(n, title="Care team", format="homogeneous_group", recorded_by=BY,
                     attendees=[{"stakeholder_id": samira, "attendance": "present"}, {"stakeholder_id": karim}])
    return n, samira, karim


def numbers(services) -> dict[str, int]:  # noqa: ANN001
    services.views.catch_up()
    # The event log and the status history grow by the erasure itself; every other view keeps its numbers.
    return {name: len(rows) for name, rows in live_snapshot(services.views).items()
            if name not in ("events", "status_changes")}


def sealed_fields(exported: list[dict], subject: UUID) -> list[str]:
    """Every sealed value in the events about one stakeholder (their own, and interactions with them)."""
    about = [e for e in exported
             if e["data"]["originator_id"] == str(subject) or subject.hex in json.dumps(e["data"]["state"])]
    return [v for e in about for v in e["data"]["state"].values() if isinstance(v, str) and v.startswith("pd1:")]


def test_erasure_keeps_the_chain_the_events_and_the_numbers(audited):
    app = audited.app
    n, samira, karim = history(app)
    before = numbers(audited)
    exported_before = [json.loads(line) for line in audited.audit.export()]
    sealed = sealed_fields(exported_before, samira)
    assert len(sealed) >= 5 and app.vault.open(samira, sealed[0]) == "Samira El Idrissi"

    app.erase_stakeholder(n, samira, recorded_by=BY)

    verdict = audited.audit.verify()
    assert verdict["ok"] and verdict["checked"] == len(exported_before) + 1 and verdict["checkpoints_checked"] >= 2
    exported = [json.loads(line) for line in audited.audit.export()]
    assert exported[:-1] == exported_before  # the very same events, byte for byte
    assert exported[-1]["type"] == "Stakeholder.PersonalDataErased"
    assert sealed_fields(exported, samira) == sealed  # still there, still sealed ...
    assert all(app.vault.open(samira, value) is None for value in sealed)  # ... and unreadable for good
    assert app.vault.open(karim, sealed_fields(exported, karim)[0]) == "Karim Bouzid"
    text = "".join(audited.audit.export())
    assert "Samira" not in text and "samira@" not in text and "worried parent" not in text
    assert numbers(audited) == before
