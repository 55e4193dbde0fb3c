"""`linkingpin backup` while a writer runs, and `linkingpin restore`: audit verify passes afterwards and the
views equal a rebuild; the restored log is exactly a prefix of the live one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from api.composition import Services, build
from tests.builders import BY, network, stakeholder
from tests.conftest import sqlite_settings
from tests.e2e.test_faults_support import record_figures, views_equal_a_rebuild

LINKINGPIN = str(Path(sys.executable).with_name("linkingpin"))


def run(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """The command line on the store under `home` (the layout `sqlite_settings` uses)."""
    env = {**os.environ, "LINKINGPIN_DATABASE_URL": f"sqlite:///{home / 'data' / 'linkingpin.sqlite'}",
           "LINKINGPIN_MASTER_KEY_FILE": str(home / "data" / "master.key")}
    done = subprocess.run([LINKINGPIN, *args], cwd=home, env=env, capture_output=True, text=True, timeout=120)
    assert not check or done.returncode == 0, done.stderr
    return done


class Writer(threading.Thread):
    """Keeps writing a mix of facts (people, contacts, information, promises kept) until stopped."""

    def __init__(self, services: Services, network_id) -> None:  # noqa: ANN001
        super().__init__(daemon=True)
        self.app, self.network_id = services.app, network_id
        self.stop, self.writes, self.error = threading.Event(), 0, None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                self.round(self.writes)
        except Exception as error:  # noqa: BLE001 - reported by the test
            self.error = error

    def round(self, n: int) -> None:
        app, net = self.app, self.network_id
        person = stakeholder(app, net, name=f"Person {n}", email=f"p{n}@example.org")
        app.log_contact(net, stakeholder_id=person, channel="phone", initiated_by="us", purpose="check_in",
                        summary=f"Talked about the youth centre ({n})", recorded_by=BY)
        app.log_information(net, stakeholder_id=person, direction="shared", topic="Agenda", sensitivity="internal",
                            recorded_by=BY)
        promise = app.agree_expectation(net, stakeholder_id=person, owed_by="us", description="Send the minutes",
                                        due_on=date(2030, 1, 1), recorded_by=BY)
        app.fulfil_expectation(net, promise.id, recorded_by=BY)
        self.writes += 5


def log_of(services: Services, upto: int | None = None) -> list[tuple]:
    found = services.app.recorder.select_notifications(start=1, limit=1_000_000, stop=upto)
    return [(n.id, n.originator_id, n.originator_version, n.topic) for n in found]


@pytest.mark.slow
def test_backup_while_writing_restores_a_consistent_moment(tmp_path, request):
    home = tmp_path / "live"
    services = build(sqlite_settings(home))
    services.start_projections()
    services.start_audit_chain()
    net = network(services.app)
    writer = Writer(services, net)
    writer.start()
    try:
        while writer.writes < 50 and writer.is_alive():
            writer.join(0.05)
        assert writer.error is None, writer.error
        backups = []
        for number in (1, 2):  # a real process copies the file while this one keeps writing
            target, keys = tmp_path / f"backup-{number}.sqlite", tmp_path / f"keys-{number}.sqlite"
            before = writer.writes
            out = run(home, "backup", str(target), "--keys", str(keys)).stdout
            assert writer.writes > before, "the writer was held up by the backup"
            backups.append((target, keys, int(out.split(" events (up to position ")[1].split(")")[0])))
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None, writer.error
    live_log = log_of(services)
    services.close()
    for target, keys, head in backups:
        restored_home = tmp_path / f"restored-{target.stem}"
        (restored_home / "data").mkdir(parents=True)
        shutil.copy(home / "data" / "master.key", restored_home / "data" / "master.key")
        finished = run(restored_home, "restore", str(target), "--keys", str(keys)).stdout
        assert "audit verify: ok" in finished
        restored = build(sqlite_settings(restored_home))
        try:
            assert log_of(restored) == live_log[:len(log_of(restored))] and log_of(restored)[-1][0] == head
            assert restored.audit.verify()["ok"]
            views_equal_a_rebuild(restored)
            names = {p["name"] for p in restored.views.page("stakeholders", net, limit=1000)["items"]}
            assert "Person 0" in names  # the keys came back with --keys: personal data reads again
        finally:
            restored.close()
    assert backups[0][2] < backups[1][2] < len(live_log)
    record_figures(request, "backup (SQLite, online)", writes_during_backups=writer.writes,
                   backups_taken=len(backups), events_in_backups=[b[2] for b in backups],
                   live_events=len(live_log), restores_verified=len(backups))


def test_restore_refuses_while_a_server_holds_the_store_and_never_overwrites_live_keys(tmp_path):
    from api.composition import leadership_for

    home = tmp_path / "live"
    services = build(sqlite_settings(home))
    stakeholder(services.app, network(services.app))
    services.close()
    run(home, "backup", str(tmp_path / "b.sqlite"), "--keys", str(tmp_path / "k.sqlite"))
    running = leadership_for(sqlite_settings(home))  # what serve and worker hold while they run
    assert running.try_acquire()
    try:
        refused = run(home, "restore", str(tmp_path / "b.sqlite"), check=False)
        assert refused.returncode == 2 and "stop it first" in refused.stderr
    finally:
        running.release()
    over_live_keys = run(home, "restore", str(tmp_path / "b.sqlite"), "--keys", str(tmp_path / "k.sqlite"),
                         check=False)
    assert over_live_keys.returncode == 2 and "erased" in over_live_keys.stderr
    (tmp_path / "junk.sqlite").write_bytes(b"not a database" * 100)
    junk = run(home, "restore", str(tmp_path / "junk.sqlite"), check=False)
    assert junk.returncode == 2 and "not a linkingpin event store" in junk.stderr
    same = run(home, "backup", str(home / "data" / "linkingpin.sqlite"), check=False)
    assert same.returncode == 2
