"""A real `linkingpin serve` process on a SQLite file or a PostgreSQL schema, and in-process apps for speed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.composition import Services, build
from tests.conftest import sqlite_settings

LINKINGPIN = str(Path(sys.executable).with_name("linkingpin"))


def no_server_errors(response: httpx.Response) -> None:
    # Every request in these tests doubles as a check that no input produces a 5xx.
    assert response.status_code < 500, f"{response.request.method} {response.request.url} -> {response.status_code}"


@dataclass
class Server:
    base_url: str
    env: dict[str, str]
    cwd: Path
    process: subprocess.Popen | None = None
    clients: list[httpx.Client] = field(default_factory=list)

    def cli(self, *args: str) -> str:
        done = subprocess.run([LINKINGPIN, *args], cwd=self.cwd, env=self.env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def network(self, slug: str) -> str:
        """A new network and an admin token for it, made the way an operator makes them."""
        self.cli("network", "create", slug, "--name", slug.title(), "--timezone", "Europe/Brussels")
        return self.cli("token", "create", "--network", slug, "--role", "admin", "--member", f"{slug} admin") \
            .strip().splitlines()[-1]

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client = httpx.Client(base_url=self.base_url, headers=headers, timeout=30,
                              event_hooks={"response": [no_server_errors]})
        self.clients.append(client)
        return client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(server: Server) -> None:
    port = server.base_url.rsplit(":", 1)[1]
    server.process = subprocess.Popen(
        [LINKINGPIN, "serve", "--host", "127.0.0.1", "--port", port], cwd=server.cwd, env=server.env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wait_until_healthy(server, output=server.process.stdout.read)


def wait_until_healthy(server: Server, *, output: Callable[[], str], seconds: float = 60) -> None:
    """Until /healthz answers; if the process dies first, fail with what it printed."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{server.base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert server.process.poll() is None, output()
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)


def stop(server: Server) -> str:
    for client in server.clients:
        client.close()
    assert server.process is not None
    server.process.terminate()
    try:
        output, _ = server.process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        output, _ = server.process.communicate()
    return output


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path) -> Iterator[Server]:  # noqa: ANN001
    """`linkingpin serve` as users start it, on the store the parameter names."""
    env = {**os.environ, "LINKINGPIN_MASTER_KEY_FILE": str(tmp_path / "data" / "master.key")}
    if request.param == "sqlite":
        env["LINKINGPIN_DATABASE_URL"] = f"sqlite:///{tmp_path / 'data' / 'linkingpin.sqlite'}"
    else:
        url, schema = request.getfixturevalue("pg_schema")
        env.update(LINKINGPIN_DATABASE_URL=url, LINKINGPIN_DATABASE_SCHEMA=schema)
    running = Server(base_url=f"http://127.0.0.1:{free_port()}", env=env, cwd=tmp_path)
    start(running)
    try:
        yield running
    finally:
        output = stop(running)
    assert "unhandled" not in output and "Traceback" not in output, output[-4000:]


@dataclass
class InProcess:
    services: Services
    client: TestClient
    network_id: Any
    tokens: dict[str, str]

    def as_(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


def in_process(tmp_path: Path, *, slug: str = "vilvoorde", **app_options: Any) -> InProcess:
    services = build(sqlite_settings(tmp_path))
    services.start_background()
    network_id = services.app.create_network(slug=slug, name=slug.title(), timezone="Europe/Brussels").id
    tokens = {role: services.app.issue_token(network_id, member=f"{role} member", role=role, recorded_by="test")[1]
              for role in ("viewer", "coordinator", "auditor", "admin")}
    client = TestClient(create_app(services, **app_options), raise_server_exceptions=False)
    return InProcess(services=services, client=client, network_id=network_id, tokens=tokens)


@pytest.fixture(scope="module")
def api(tmp_path_factory) -> Iterator[InProcess]:  # noqa: ANN001
    """One in-process app per module, on a SQLite file, with a token per role."""
    built = in_process(tmp_path_factory.mktemp("api"))
    with built.client:
        yield built
    built.services.close()
