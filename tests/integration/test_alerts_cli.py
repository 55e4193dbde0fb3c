"""`linkingpin alerts ...` as a real process on a real SQLite file."""

from __future__ import annotations

import os
import subprocess
from datetime import timedelta
from pathlib import Path

from api.composition import build
from tests.builders import BY, network, stakeholder
from tests.integration.test_alerts_support import Receiver
from tests.integration.test_cli import LINKINGPIN, settings_for


def run(tmp_path: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LINKINGPIN_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'lp.sqlite'}",
           "LINKINGPIN_MASTER_KEY_FILE": str(tmp_path / "data" / "master.key"),
           "LINKINGPIN_WEBHOOK_ALLOW_PRIVATE": "true"}
    return subprocess.run([LINKINGPIN, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                          check=check)


def test_alerts_scan_raises_once_and_delivers_when_no_scheduler_runs(tmp_path):
    receiver = Receiver()
    services = build(settings_for(tmp_path))
    try:
        network_id = network(services.app)
        stakeholder(services.app, network_id, occurred_at=services.app.clock() - timedelta(days=90))
        _, receiver.secret = services.app.create_webhook(network_id, url=receiver.url, allow_private=True,
                                                         recorded_by=BY)
        services.app.issue_token(network_id, member="Inès", role="coordinator", recorded_by=BY)
    finally:
        services.close()
    try:
        first = run(tmp_path, "alerts", "scan", "--network", "vilvoorde")
        assert "vilvoorde: 1 raised, 0 resolved" in first.stdout and "deliveries: 1 delivered" in first.stdout
        second = run(tmp_path, "alerts", "scan")
        assert "vilvoorde: 0 raised, 0 resolved" in second.stdout and "deliveries: none" in second.stdout
        assert len(receiver.received) == 1 and receiver.forged == []
    finally:
        receiver.close()
    subscribed = run(tmp_path, "alerts", "subscribe", "--network", "vilvoorde", "--member", "Inès",
                     "--email", "ines@vilvoorde.example")
    assert "Inès gets the alert digest" in subscribed.stdout
    stranger = run(tmp_path, "alerts", "subscribe", "--network", "vilvoorde", "--member", "Nobody",
                   "--email", "n@example.org", check=False)
    assert stranger.returncode == 2 and "member" in stranger.stderr
    bad = run(tmp_path, "alerts", "scan", "--as-of", "yesterday", check=False)
    assert bad.returncode == 2 and "--as-of" in bad.stderr
