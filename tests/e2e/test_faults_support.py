"""What the fault, load and bad-input tests share: a server they may kill, and the figures they measured.

The server's output goes to a file, not a pipe: under load a pipe nobody reads fills up and stalls the
server. Figures are printed as they come (visible with -s) and again together after the run's summary,
where docs/guarantees.md takes its numbers from.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from api.composition import Services, build
from api.settings import Settings
from tests.e2e.conftest import Server, free_port, wait_until_healthy
from tests.projection_checks import live_snapshot

FIGURES = pytest.StashKey[list[str]]()
# Run `linkingpin serve` with the Idempotency-Key lease shortened: a claim left by a killed process is
# taken over after LEASE seconds instead of two minutes, so crash tests finish in seconds.
SERVE = ("import sys, api.idempotency as i; i.LEASE_SECONDS = float(sys.argv.pop(1)); "
         "from api.cli import main; sys.argv[0] = 'linkingpin'; main()")


def store_env(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    env = {**os.environ, "LINKINGPIN_MASTER_KEY_FILE": str(tmp_path / "data" / "master.key"),
           "LINKINGPIN_SCHEDULER_ENABLED": "false"}
    if kind == "sqlite":
        env["LINKINGPIN_DATABASE_URL"] = f"sqlite:///{tmp_path / 'data' / 'linkingpin.sqlite'}"
    else:
        url, schema = request.getfixturevalue("pg_schema")
        env.update(LINKINGPIN_DATABASE_URL=url, LINKINGPIN_DATABASE_SCHEMA=schema)
    return env


def new_server(env: dict[str, str], cwd: Path) -> Server:
    return Server(base_url=f"http://127.0.0.1:{free_port()}", env=env, cwd=cwd)


def launch(server: Server, *, lease: float | None = None, log: Path | None = None) -> None:
    """Start serve (again, on the same port) and wait until it answers."""
    port = server.base_url.rsplit(":", 1)[1]
    head = [sys.executable, "-c", SERVE, str(lease)] if lease else [str(Path(sys.executable).with_name("linkingpin"))]
    output = open(log or server.cwd / "serve.log", "a")  # noqa: SIM115 - the process keeps it
    server.process = subprocess.Popen([*head, "serve", "--host", "127.0.0.1", "--port", port], cwd=server.cwd,
                                      env=server.env, stdout=output, stderr=subprocess.STDOUT)
    output.close()
    wait_until_healthy(server, output=lambda: (server.cwd / "serve.log").read_text()[-3000:])


def kill(server: Server) -> None:
    """kill -9: no shutdown handler runs, whatever the process was doing."""
    assert server.process is not None
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=10)


def shut(server: Server) -> None:
    if server.process is not None and server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            kill(server)


def admin_token(server: Server, slug: str = "vilvoorde") -> str:
    return server.network(slug)


def built(env: dict[str, str]) -> Services:
    """The store the server used, opened in this process once the server is gone."""
    schema = env.get("LINKINGPIN_DATABASE_SCHEMA", "public")
    return build(Settings(database_url=env["LINKINGPIN_DATABASE_URL"], database_schema=schema,
                          master_key_file=Path(env["LINKINGPIN_MASTER_KEY_FILE"]), scheduler_enabled=False,
                          _env_file=None))


def views_equal_a_rebuild(services: Services) -> None:
    """The views, caught up, are row for row what a rebuild from the first event makes."""
    services.views.catch_up()
    live = live_snapshot(services.views)
    services.views.rebuild()
    assert live_snapshot(services.views) == live


def record_figures(request: pytest.FixtureRequest, topic: str, **numbers: object) -> None:
    config = request.config
    lines = config.stash.get(FIGURES, None)
    if lines is None:
        lines = config.stash[FIGURES] = []
        config.add_cleanup(lambda: _print_all(config, lines))
    line = f"{topic}: " + ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in numbers.items())
    lines.append(line)
    print(line)


def _print_all(config: pytest.Config, lines: list[str]) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or not lines:
        return
    reporter.write_sep("-", "linkingpin guarantees: measured figures")
    for line in lines:
        reporter.write_line(line)
