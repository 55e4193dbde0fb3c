"""Catch-up and rebuild of every view, beside reading and decoding the same events with the bare library.

Goal (issue 3): catch-up at least half the bare read-and-decode rate; rebuild time for 1,000,000 events.
`python -m bench.projections_bench [--quick] [--events N] [--postgres]`
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from api.composition import build
from api.settings import Settings
from bench.common import Rate, postgres_schema, report, timed
from bench.generate import HistoryGenerator


def bare_read(services) -> int:  # noqa: ANN001
    app, position, count = services.app, 0, 0
    while page := app.recorder.select_notifications(start=position + 1, limit=1000):
        for notification in page:
            app.mapper.to_domain_event(notification)
        count += len(page)
        position = page[-1].id
    return count


def run(settings: Settings, *, events: int, label: str) -> list[str]:
    services = build(settings)
    try:
        generator = HistoryGenerator(services.app)
        stakeholders = max(20, events // 100)
        started = time.perf_counter()
        generator.network("bench", stakeholders=min(stakeholders, 10_000), events=events)
        print(f"[{label}] generated {services.app.recorder.max_notification_id():,} events in "
              f"{time.perf_counter() - started:.1f}s", flush=True)
        total = services.app.recorder.max_notification_id()
        baseline = timed("bare library: read and decode every event", total, lambda: bare_read(services))
        catch_up = timed("catch-up of every view (incremental, batched)", total, services.views.catch_up)
        rebuild = timed("rebuild of every view (one pass, readers switch at the end)", total, services.views.rebuild)
        lines = report(f"Projections on {label}, {total:,} events", baseline, [catch_up, rebuild])
        half = catch_up.per_second / baseline.per_second
        lines.append(f"catch-up / bare read-and-decode = {half:.2f} (goal: at least 0.50)\n")
        print(lines[-1], flush=True)
        return lines
    finally:
        services.close()


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20,000 events, for CI")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL")
    args = parser.parse_args(argv)
    events = 20_000 if args.quick else args.events
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        lines += run(Settings(database_url=f"sqlite:///{Path(folder) / 'bench.sqlite'}",
                              master_key_file=Path(folder) / "master.key", _env_file=None), events=events, label="SQLite")
    if args.postgres:
        with postgres_schema() as pg, tempfile.TemporaryDirectory() as folder:
            if pg:
                url, schema = pg
                lines += run(Settings(database_url=url, database_schema=schema,
                                      master_key_file=Path(folder) / "master.key", _env_file=None),
                             events=events, label="PostgreSQL")
    return lines


if __name__ == "__main__":
    main()
