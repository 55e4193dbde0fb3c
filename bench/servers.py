"""`linkingpin serve` and `linkingpin worker` as subprocesses of a benchmark, and their peak memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

LAUNCH = "from api.cli import main; main()"


def environment(settings) -> dict[str, str]:  # noqa: ANN001
    """The same store and keys as the benchmark's own Services; no scheduler (it would only add noise)."""
    env = {**os.environ, "LINKINGPIN_DATABASE_URL": settings.database_url,
           "LINKINGPIN_DATABASE_SCHEMA": settings.database_schema,
           "LINKINGPIN_MASTER_KEY_FILE": str(settings.master_key_file),
           "LINKINGPIN_SIGNING_KEY_FILE": str(settings.signing_key_file),
           "LINKINGPIN_SCHEDULER_ENABLED": "false", "PYTHONPATH": str(Path(__file__).parent.parent)}
    if settings.master_key is not None:
        env["LINKINGPIN_MASTER_KEY"] = settings.master_key.get_secret_value()
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    """The kernel's high-water mark of resident memory (VmHWM), in MB; 0 where /proc is not there."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@contextmanager
def serve(settings, *, logs: Path, projections: bool = True) -> Iterator[tuple[str, subprocess.Popen]]:  # noqa: ANN001
    """`projections=False` when a worker keeps the views, as a deployment with several API processes would."""
    port = free_port()
    env = {**environment(settings), "LINKINGPIN_PROJECTIONS_ENABLED": "true" if projections else "false"}
    with open(logs / f"serve-{port}.log", "w") as log:
        process = subprocess.Popen([sys.executable, "-c", LAUNCH, "serve", "--port", str(port)],
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url, process)
            yield url, process
        finally:
            stop(process)


@contextmanager
def worker(settings, *, logs: Path) -> Iterator[subprocess.Popen]:  # noqa: ANN001
    with open(logs / "worker.log", "w") as log:
        process = subprocess.Popen([sys.executable, "-c", LAUNCH, "worker"], env=environment(settings),
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 300) -> None:
    # A server on a big store first catches its views up, so this may take a while.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with {process.returncode}")
        try:
            httpx.get(f"{url}/healthz", timeout=2).raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise TimeoutError(f"serve at {url} did not answer within {timeout}s")
