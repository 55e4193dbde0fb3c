"""`linkingpin audit ...` as users run it: a real process on a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from api.cli_audit import _json
from api.composition import build
from tests.builders import BY, network, stakeholder
from tests.conftest import Clock, sqlite_settings

LINKINGPIN = str(Path(sys.executable).with_name("linkingpin"))


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    folder.mkdir(exist_ok=True)
    settings = sqlite_settings(folder)
    env = {**os.environ, "LINKINGPIN_DATABASE_URL": settings.database_url,
           "LINKINGPIN_MASTER_KEY_FILE": str(settings.master_key_file),
           "LINKINGPIN_SIGNING_KEY_FILE": str(folder / "data" / "signing.key")}
    return subprocess.run([LINKINGPIN, "audit", *args], cwd=folder, env=env, capture_output=True, timeout=120)


def test_pubkey_export_import_and_replay(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    clock = Clock()
    settings = sqlite_settings(source)
    settings.signing_key_file = source / "data" / "signing.key"
    services = build(settings, clock=clock)
    n = network(services.app, "aalst")
    s = stakeholder(services.app, n, "Amina", occurred_at=clock.now - timedelta(days=100))
    services.app.log_contact(n, stakeholder_id=s, channel="phone", initiated_by="us", purpose="check_in",
                             occurred_at=clock.now - timedelta(days=90), recorded_by=BY)
    clock.advance(days=1)
    services.app.log_contact(n, stakeholder_id=s, channel="phone", initiated_by="us", purpose="check_in",
                             occurred_at=clock.now - timedelta(days=50), recorded_by=BY)  # back-dated, known later
    services.views.catch_up()
    as_of, known_at = clock.now - timedelta(days=20), clock.now - timedelta(hours=1)
    expected = {k: json.loads(_json(services.views.report("neglect", n, as_of=as_of, known_at=k)))
                for k in (None, known_at)}
    public_key = services.audit.public_key()["public_key"]
    services.close()

    assert run(source, "pubkey").stdout.decode().splitlines()[-1] == public_key
    for k in (None, known_at):
        args = ["replay", "--as-of", as_of.isoformat(), "--view", "neglect", "--network", "aalst"]
        replayed = run(source, *args, *(["--known-at", k.isoformat()] if k else []))
        assert replayed.returncode == 0, replayed.stderr
        assert json.loads(replayed.stdout) == expected[k]
    assert expected[None] != expected[known_at]  # the two meanings of "as of" differ here

    exported = run(source, "export")
    (tmp_path / "log.jsonl").write_bytes(exported.stdout)
    imported = run(target, "import", str(tmp_path / "log.jsonl"))
    assert imported.returncode == 0 and b"imported 4 events" in imported.stdout
    assert run(target, "export").stdout == exported.stdout
    again = run(target, "import", str(tmp_path / "log.jsonl"))
    assert again.returncode == 2 and b"not empty" in again.stderr
    assert run(target, "verify").returncode == 0
