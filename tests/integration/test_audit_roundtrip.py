"""Export → import → export repeats every byte, into SQLite or PostgreSQL, encrypted at rest or not;
the imported store has the same chain and the same views. Altered files are refused whole."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from api.composition import build
from api.demo import load_demo
from domain.privacy import Vault
from projections.audit.importer import ImportRefused
from projections.audit.rawstore import StoreNotEmpty
from projections.audit.tables import links
from tests.builders import BY, network, stakeholder
from tests.conftest import sqlite_settings
from tests.projection_checks import live_snapshot


@pytest.fixture(scope="module")
def source(tmp_path_factory):  # noqa: ANN001
    """The demo network and a second, small one, exported once for every test here."""
    folder = tmp_path_factory.mktemp("source")
    settings = sqlite_settings(folder)
    settings.signing_key_file = folder / "signing.key"
    services = build(settings)
    load_demo(services.app)
    other = network(services.app, "boom")
    # Unsealed text with characters str.splitlines() would split on: lines end at "\n" only.
    stakeholder(services.app, other, "Zoë \"Z\" Ünal", email="zoe@boom.example", communities=["Oud\u2028Dorp\x85"])
    services.views.catch_up()
    services.exported = "".join(services.audit.export())
    services.other = other
    yield services
    services.close()


def readable_json(stored: bytes) -> bool:
    """Whether stored bytes are plain JSON; ciphertext may begin with any byte, "{" included."""
    try:
        json.loads(stored)
    except ValueError:
        return False
    return True


def lines_of(text: str) -> list[str]:
    """JSON Lines end at "\n" only (as when reading a file), never at U+2028 or NEL as with str.splitlines()."""
    return [line + "\n" for line in text.split("\n")[:-1]]


def fresh(settings, tmp_path, *, encrypted: bool):  # noqa: ANN001, ANN201
    settings.signing_key_file = tmp_path / "target-signing.key"
    settings.cipher_key = SecretStr(Vault.new_master_key()) if encrypted else None
    return build(settings)


def chain(services) -> list[tuple]:  # noqa: ANN001
    with services.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(select(links).order_by(links.c.position))]


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_export_import_export_repeats_every_byte(source, store_settings, tmp_path, encrypted):
    target = fresh(store_settings, tmp_path, encrypted=encrypted)
    try:
        count = target.audit.import_lines(lines_of(source.exported))
        target.views.catch_up()
        assert count == source.app.recorder.max_notification_id()
        assert "".join(target.audit.export()) == source.exported
        assert chain(target) == chain(source)
        assert live_snapshot(target.views) == live_snapshot(source.views)
        assert target.audit.verify()["ok"]
        stored = target.app.recorder.select_notifications(start=1, limit=1)[0].state
        assert readable_json(stored) is not encrypted
        # New events continue after the imported positions.
        written = stakeholder(target.app, source.other, "After import")
        assert target.app.repository.get(written).version == 1
        assert target.app.recorder.max_notification_id() == count + 1
    finally:
        target.close()


def test_one_networks_export_imports_on_its_own(source, tmp_path):
    part = "".join(source.audit.export(network_id=source.other))
    assert len(lines_of(part)) == 2 and source.exported.endswith(part)
    target = fresh(sqlite_settings(tmp_path), tmp_path, encrypted=False)
    try:
        target.audit.import_lines(lines_of(part))
        assert "".join(target.audit.export()) == part
    finally:
        target.close()


def altered(text: str) -> str:
    lines = lines_of(text)
    lines[5] = lines[5].replace('"recorded_by":"demo loader"', '"recorded_by":"demo loadex"', 1)
    return "".join(lines)


@pytest.mark.parametrize(("change", "reason"), [
    (altered, "line 6"),
    (lambda text: "".join(lines_of(text)[:3] + lines_of(text)[4:]), "line 4"),
    (lambda text: "".join(lines_of(text)[10:]), "line 1"),  # as if exported --from a later time
    (lambda text: text.replace('"recorded_by":"demo loader"', '"recorded_by": "demo loader"', 1), "line 1"),
])
def test_an_altered_file_is_refused_and_nothing_is_written(source, tmp_path, change, reason):
    target = fresh(sqlite_settings(tmp_path), tmp_path, encrypted=False)
    try:
        with pytest.raises(ImportRefused, match=reason):
            target.audit.import_lines(lines_of(change(source.exported)))
        assert not target.app.recorder.max_notification_id()
    finally:
        target.close()


def test_import_needs_an_empty_store(source, tmp_path):
    target = fresh(sqlite_settings(tmp_path), tmp_path, encrypted=False)
    try:
        network(target.app, "already-here")
        with pytest.raises(StoreNotEmpty):
            target.audit.import_lines(lines_of(source.exported))
    finally:
        target.close()


def test_export_filters_by_when_events_were_recorded(source):
    items = lines_of(source.exported)
    assert len(items) == source.app.recorder.max_notification_id()
    moment = datetime.fromisoformat(source.audit.events(source.other, limit=1)["items"][0]["recorded_at"])
    later = "".join(source.audit.export(since=moment))
    earlier = "".join(source.audit.export(until=moment))
    assert lines_of(later)[0].startswith('{"position":') and later in source.exported
    assert len(lines_of(later)) + len(lines_of(earlier)) == len(items) + 1  # the moment itself is in both


def test_the_event_list_pages_one_network(source):
    first = source.audit.events(source.other, limit=1)
    assert [i["type"] for i in first["items"]] == ["Network.Created"]
    second = source.audit.events(source.other, after=first["next_after"], limit=1)
    assert [i["type"] for i in second["items"]] == ["Stakeholder.Registered"]
    assert source.audit.events(source.other, after=second["next_after"], limit=1) == {"items": [], "next_after": None}
    assert set(first["items"][0]) == {"position", "id", "type", "occurred_at", "recorded_at", "recorded_by", "data",
                                      "hash"}
    assert "Ünal" not in str(second) and "zoe@" not in str(second)  # personal fields stay sealed
