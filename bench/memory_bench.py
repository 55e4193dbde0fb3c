"""Peak resident memory of `serve` (answering every report over HTTP) and `worker`, on a full-size store.

Goal: `serve` under 400 MB resident at 10,000 stakeholders and 1,000,000 events.
"""

from __future__ import annotations

import time
from pathlib import Path
from uuid import UUID

import httpx

from api.composition import build
from bench import servers
from bench.results import Row
from projections.reports.registry import REPORTS

SECTION = "Memory (peak resident set, VmHWM)"
GOAL_MB = 400.0


def _token(settings, network_id: UUID) -> str:  # noqa: ANN001
    services = build(settings)
    try:
        return services.app.issue_token(network_id, member="bench", role="coordinator", recorded_by="bench")[1]
    finally:
        services.close()


def measure(settings, network_id: UUID, *, total: int, logs: Path, rounds: int = 5) -> list[Row]:  # noqa: ANN001
    token = _token(settings, network_id)
    with servers.serve(settings, logs=logs) as (url, process):
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=300) as http:
            for _ in range(rounds):
                for name in REPORTS:
                    http.get(f"/v1/reports/{name}").raise_for_status()
        serve_mb = servers.peak_rss_mb(process.pid)
    with servers.worker(settings, logs=logs) as process:
        time.sleep(10)  # it checks every view's position and the audit chain, then follows the log
        worker_mb = servers.peak_rss_mb(process.pid)
    verdict = "met" if serve_mb < GOAL_MB else "missed"
    print(f"[memory] serve {serve_mb:.0f} MB, worker {worker_mb:.0f} MB", flush=True)
    return [Row(SECTION, "serve: after answering every report 5 times", total, serve_mb, "MB",
                note=f"goal < {GOAL_MB:.0f} MB: {verdict}"),
            Row(SECTION, "worker: started on the store, following the log", total, worker_mb, "MB")]
