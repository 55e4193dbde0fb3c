"""The `linkingpin` command line as users run it: a real process on a real SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from api.composition import build
from api.settings import Settings

LINKINGPIN = str(Path(sys.executable).with_name("linkingpin"))


def run(tmp_path: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LINKINGPIN_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'lp.sqlite'}",
           "LINKINGPIN_MASTER_KEY_FILE": str(tmp_path / "data" / "master.key")}
    return subprocess.run([LINKINGPIN, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                          check=check)


def settings_for(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'data' / 'lp.sqlite'}",
                    master_key_file=tmp_path / "data" / "master.key", _env_file=None)


def test_network_and_token_creation(tmp_path):
    created = run(tmp_path, "network", "create", "sarcelles", "--name", "Sarcelles", "--timezone", "Europe/Paris")
    assert "created network sarcelles" in created.stdout
    again = run(tmp_path, "network", "create", "sarcelles", "--name", "Sarcelles", check=False)
    assert again.returncode == 2 and "exists already" in again.stderr
    token = run(tmp_path, "token", "create", "--network", "sarcelles", "--role", "auditor", "--member", "Inès")
    secret = token.stdout.strip().splitlines()[-1]
    assert secret.startswith("lp_") and " " not in secret
    services = build(settings_for(tmp_path))
    try:
        found = services.app.authenticate(secret)
        assert (found.role, found.member) == ("auditor", "Inès")
    finally:
        services.close()


def test_bad_input_on_the_command_line_is_explained(tmp_path):
    bad_zone = run(tmp_path, "network", "create", "x", "--name", "X", "--timezone", "Mars/Base", check=False)
    assert bad_zone.returncode == 2 and "unknown time zone" in bad_zone.stderr
    bad_role = run(tmp_path, "token", "create", "--network", "x", "--role", "king", "--member", "A", check=False)
    assert bad_role.returncode == 2


def test_demo_loads_once_shows_progress_and_prints_a_token(tmp_path):
    first = run(tmp_path, "demo")
    assert "Loading the demo network" in first.stdout and "demo network loaded" in first.stdout
    second = run(tmp_path, "demo")
    assert "already present" in second.stdout
    services = build(settings_for(tmp_path))
    try:
        position = services.app.recorder.max_notification_id()
        token = services.app.authenticate(second.stdout.strip().splitlines()[-1])
        assert token is not None and token.role == "coordinator"
        network = services.app.network(token.network_id)
        assert network.slug == "vilvoorde"
        assert position > 250  # a year of interactions, loaded once (the second run adds one token only)
    finally:
        services.close()
    third = run(tmp_path, "demo")
    services = build(settings_for(tmp_path))
    try:
        assert services.app.recorder.max_notification_id() == position + 2  # token issued + registered
    finally:
        services.close()
    assert third.returncode == 0


@pytest.mark.timeout(60)
def test_serve_answers_health_checks(tmp_path):
    import socket
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "LINKINGPIN_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'lp.sqlite'}",
           "LINKINGPIN_MASTER_KEY_FILE": str(tmp_path / "data" / "master.key")}
    server = subprocess.Popen([LINKINGPIN, "serve", "--host", "127.0.0.1", "--port", str(port)], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not start"
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["status"] == "ok"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_projections_status_and_rebuild_show_positions_and_progress(tmp_path):
    run(tmp_path, "demo")
    status = run(tmp_path, "projections", "status").stdout.splitlines()
    views = {line.split()[0]: line for line in status}
    assert {"directory", "activity", "feeding", "groups", "network_map", "event_log"} <= set(views)
    assert all(line.rstrip().endswith("lag 0") for line in views.values())
    rebuilt = run(tmp_path, "projections", "rebuild", "activity")
    assert "Rebuilding activity" in rebuilt.stdout and "now active" in rebuilt.stdout
    assert "activity     generation b" in run(tmp_path, "projections", "status").stdout
    unknown = run(tmp_path, "projections", "rebuild", "nonsense", check=False)
    assert unknown.returncode == 2 and "unknown view" in unknown.stderr
