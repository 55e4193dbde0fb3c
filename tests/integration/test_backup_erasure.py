"""Erasure reaches backups: a destroyed key never comes back through `linkingpin restore`.

The event-store backup holds no keys. A restore keeps the live key store (so a later erasure stays),
refuses to put an older key store over it, and destroys again the key of every erasure in the
restored log (so an older key backup, or a crash between an erasure's event and its key's
destruction, cannot undo one). What no restore can know: an erasure made after every backup, when
both live files are lost; docs/guarantees.md says what to do then.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from uuid import UUID

import pytest

from api.composition import Services, build
from projections.backup import KEYS_TABLE, backup_file
from tests.builders import BY, network, stakeholder
from tests.conftest import sqlite_settings
from tests.integration.test_backup import run

DATA = Path("data")


def names(services: Services, network_id: UUID) -> dict[UUID, str | None]:
    services.views.catch_up()
    items = services.views.page("stakeholders", network_id, limit=1000)["items"]
    return {UUID(str(item["id"])): item["name"] for item in items}


def files(home: Path) -> tuple[Path, Path]:
    return home / DATA / "linkingpin.sqlite", home / DATA / "linkingpin-keys.sqlite"


def community(home: Path) -> tuple[UUID, UUID, UUID]:
    services = build(sqlite_settings(home))
    try:
        net = network(services.app)
        return net, stakeholder(services.app, net, name="Youssef Amrani"), stakeholder(services.app, net, name="Els")
    finally:
        services.close()


def erase(home: Path, net: UUID, person: UUID, *, destroy_key: bool = True) -> bytes:
    """Erase, answering the person's wrapped key as it was (to look for it in files afterwards)."""
    services = build(sqlite_settings(home))
    try:
        wrapped = services.keystore.get_many([person])[person]
        if not destroy_key:  # the process died between recording the erasure and destroying the key
            services.app.vault.shred = lambda subject: None
        services.app.erase_stakeholder(net, person, recorded_by=BY)
        return wrapped
    finally:
        services.close()


def read_names(home: Path, net: UUID) -> dict[UUID, str | None]:
    services = build(sqlite_settings(home))
    try:
        return names(services, net)
    finally:
        services.close()


def test_a_restore_keeps_the_live_key_store_so_a_later_erasure_stays(tmp_path):
    net, youssef, els = community(tmp_path)
    events, _ = files(tmp_path)
    backup_file(events, tmp_path / "before-erasure.sqlite")
    erase(tmp_path, net, youssef)
    run(tmp_path, "restore", str(tmp_path / "before-erasure.sqlite"))  # the log knows nothing of the erasure
    restored = read_names(tmp_path, net)
    assert restored[youssef] is None and restored[els] == "Els"


def test_an_older_key_backup_cannot_undo_an_erasure_the_restored_log_records(tmp_path):
    net, youssef, els = community(tmp_path)
    events, keys = files(tmp_path)
    backup_file(keys, tmp_path / "keys-before.sqlite", table=KEYS_TABLE)
    wrapped = erase(tmp_path, net, youssef)
    backup_file(events, tmp_path / "events-after.sqlite")
    for lost in (keys, Path(f"{keys}-wal"), Path(f"{keys}-shm")):  # the key store's disk died
        lost.unlink(missing_ok=True)
    assert wrapped in (tmp_path / "keys-before.sqlite").read_bytes()
    done = run(tmp_path, "restore", str(tmp_path / "events-after.sqlite"),
               "--keys", str(tmp_path / "keys-before.sqlite"))
    assert "erasures re-applied: 1" in done.stdout
    restored = read_names(tmp_path, net)
    assert restored[youssef] is None and restored[els] == "Els"
    assert wrapped not in keys.read_bytes()


def test_finish_destroys_a_key_that_survived_a_crash_mid_erasure(tmp_path):
    net, youssef, els = community(tmp_path)
    erase(tmp_path, net, youssef, destroy_key=False)
    services = build(sqlite_settings(tmp_path))
    try:
        assert services.app.vault.has_key(youssef)  # the crash window: erased in the log, key still there
    finally:
        services.close()
    assert "erasures re-applied: 1" in run(tmp_path, "restore", "--finish").stdout
    restored = read_names(tmp_path, net)
    assert restored[youssef] is None and restored[els] == "Els"


def test_a_key_backup_taken_after_an_erasure_holds_no_trace_of_the_key(tmp_path):
    net, youssef, _ = community(tmp_path)
    _, keys = files(tmp_path)
    wrapped = erase(tmp_path, net, youssef)
    backup_file(keys, tmp_path / "keys-after.sqlite", table=KEYS_TABLE)
    assert wrapped not in (tmp_path / "keys-after.sqlite").read_bytes()
    copy = tmp_path / "copy"
    shutil.copytree(tmp_path / DATA, copy)
    assert wrapped not in (copy / "linkingpin-keys.sqlite").read_bytes()  # secure_delete zeroed the freed cell


def test_a_running_key_store_keeps_no_copy_of_a_destroyed_key(tmp_path):
    services = build(sqlite_settings(tmp_path))
    try:
        net = network(services.app)
        person = stakeholder(services.app, net, name="Youssef Amrani")
        wrapped = services.keystore.get_many([person])[person]
        services.app.erase_stakeholder(net, person, recorded_by=BY)
        holding = [f.name for f in (tmp_path / DATA).iterdir() if wrapped in f.read_bytes()]
        assert not holding, f"a copy of the data folder taken now would hold the key: {holding}"
    finally:
        services.close()
