"""Processes started together on one fresh PostgreSQL schema (four API processes and a worker, say)
all come up: they make the schema's tables one at a time instead of racing each other's DDL, and
the master key file is made whole by one of them and read by the others."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid

import psycopg
import pytest

STARTER = """
import hashlib
from api.composition import build
from api.settings import Settings
services = build(Settings())
print("up", hashlib.sha256(services.settings.resolved_master_key().encode()).hexdigest())
services.close()
"""


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.parametrize("round_", range(3))
def test_processes_starting_together_on_a_fresh_schema_all_come_up(pg_schema, tmp_path, round_):
    url, _ = pg_schema
    schema = f"lp_start_{uuid.uuid4().hex[:12]}"  # not created yet: the processes race to make it too
    env = {**os.environ, "LINKINGPIN_DATABASE_URL": url, "LINKINGPIN_DATABASE_SCHEMA": schema,
           "LINKINGPIN_MASTER_KEY_FILE": str(tmp_path / "master.key")}
    try:
        starters = [subprocess.Popen([sys.executable, "-c", STARTER], env=env, cwd=os.getcwd(), text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(4)]
        outputs = [starter.communicate(timeout=120)[0] for starter in starters]
        failed = [out for starter, out in zip(starters, outputs) if starter.returncode != 0]
        assert not failed, failed[0]
        kept = hashlib.sha256((tmp_path / "master.key").read_text().strip().encode()).hexdigest()
        assert [out.split()[-2:] for out in outputs] == [["up", kept]] * 4, outputs  # all use the key kept
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
