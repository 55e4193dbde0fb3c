"""Database faults on SQLite, over real HTTP: a file locked by another connection, a disk that fills up.
Never a 500; writes either wait and succeed or are refused with a clear problem and Retry-After, and
succeed when retried once the fault is gone; nothing acknowledged is lost and the file stays intact."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from tests.e2e.test_faults_clients import (
    BASE, CARRIED_OUT, Tally, check_after_faults, client, contact, marker, start_writers, stop_writers, until_answered,
)
from tests.e2e.test_faults_support import (
    admin_token, launch, new_server, record_figures, shut, store_env,
)

PERSON = {"name": "Rachid Tahiri", "sector": "police", "side": "formal", "level": "operational",
          "occurred_at": (BASE - timedelta(days=1)).isoformat()}


def check_store(env: dict[str, str], tally: Tally) -> tuple[int, int]:
    with sqlite3.connect(env["LINKINGPIN_DATABASE_URL"].removeprefix("sqlite:///")) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return check_after_faults(env, tally)


def hold_exclusive(database: str, *, seconds: float, times: int, held: list[float]) -> None:
    for _ in range(times):
        time.sleep(0.5)
        with sqlite3.connect(database, isolation_level=None) as db:
            db.execute("BEGIN EXCLUSIVE")
            started = time.monotonic()
            time.sleep(seconds)
            db.execute("COMMIT")
            held.append(time.monotonic() - started)


@pytest.mark.slow
def test_a_locked_sqlite_file_makes_writes_wait_never_fail(tmp_path, request):
    env = store_env("sqlite", tmp_path, request)
    server = new_server(env, tmp_path)
    token = admin_token(server)
    launch(server)
    tally, stop, held = Tally(), threading.Event(), []
    try:
        person = client(server.base_url, token).post("/v1/stakeholders", json=PERSON).json()["id"]
        writers = start_writers(server.base_url, token, person, tally, stop, count=4)
        hold_exclusive(env["LINKINGPIN_DATABASE_URL"].removeprefix("sqlite:///"), seconds=2.5, times=2, held=held)
        time.sleep(0.5)
        stop_writers(writers, stop)
    finally:
        stop.set()
        shut(server)
    once, duplicated = check_store(env, tally)
    record_figures(request, "SQLite locked (BEGIN EXCLUSIVE)", seconds_locked=round(sum(held), 1),
                   requests_sent=tally.requests, answered_503=tally.statuses[503],
                   acknowledged_writes=len(tally.acknowledged), found_exactly_once=once,
                   server_errors=tally.server_errors)
    assert tally.server_errors == 0 and tally.missing_retry_after == 0, tally.statuses
    assert once == len(tally.acknowledged) and duplicated == 0


@pytest.fixture
def small_disk(tmp_path) -> Path:  # noqa: ANN001
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], capture_output=True,
                             text=True)
    if mounted.returncode != 0:
        pytest.skip(f"a full disk is simulated with a small tmpfs, and mounting one failed: {mounted.stderr.strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path, *, leave_kib: int) -> Path:
    filler = disk / "filler"
    free = int(subprocess.run(["df", "-k", "--output=avail", str(disk)], capture_output=True, text=True,
                              check=True).stdout.split()[-1])
    filler.write_bytes(b"\0" * max(0, free - leave_kib) * 1024)
    return filler


@pytest.mark.slow
def test_a_full_disk_refuses_writes_clearly_and_corrupts_nothing(small_disk, request):
    env = store_env("sqlite", small_disk, request)
    server = new_server(env, small_disk)
    token = admin_token(server)
    launch(server, lease=3.0, log=small_disk.parent / "serve.log")
    tally, refused, carried_out = Tally(), [], 0
    try:
        api = client(server.base_url, token)
        person = api.post("/v1/stakeholders", json=PERSON).json()["id"]
        filler = fill(small_disk, leave_kib=150)
        for number in range(40):
            at = marker(0, number)
            body = {**contact(person, at), "summary": "x" * 3000}
            answer = api.post("/v1/interactions", json=body, headers={"Idempotency-Key": f"full-{number}"})
            tally.saw(answer)
            if answer.status_code == 201:
                tally.acknowledged[at] = answer.json()["id"]
            else:
                assert answer.status_code == 507 and "storage is full" in answer.json()["detail"], answer.text
                refused.append((at, body, f"full-{number}"))
        filler.unlink()  # an operator frees space; the server carries on without a restart
        for at, body, key in refused:
            answer = until_answered(api, "POST", "/v1/interactions", body, tally, key=key)
            # The disk may fill after the write, while its answer is stored: the retry then learns that the
            # first attempt was carried out, and which object it wrote (the key's receipt), writing nothing.
            carried_out += answer.status_code == 409 and answer.json().get("type") == CARRIED_OUT
            assert answer.status_code == 201 or answer.json().get("type") == CARRIED_OUT, answer.text
            tally.acknowledged[at] = answer.json()["id"]
    finally:
        shut(server)
    once, duplicated = check_store(env, tally)
    record_figures(request, "disk full (8 MiB tmpfs)", writes_sent=40, refused_507=len(refused),
                   retried_after_freeing=len(refused), found_carried_out=carried_out, found_exactly_once=once,
                   landed_twice=duplicated,
                   server_errors=tally.server_errors)
    assert refused, "the disk never filled up"
    assert tally.server_errors == 0 and tally.missing_retry_after == 0, tally.statuses
    assert once == len(tally.acknowledged) == 40 and duplicated == 0
