"""The read side against history size: catch-up, rebuild, as-of replay, audit, beside the bare library.

Every rate is set against reading and decoding the same events with the bare library in the same
run (the best of a read before and a read after, so load from other processes cannot flatter a ratio).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from uuid import UUID

from bench.generate import HistoryGenerator
from bench.projections_bench import bare_read
from bench.results import Row

SECTION = "Read side: catch-up, rebuild, as-of replay, audit"


def shape(events: int) -> dict[str, int]:
    """Stakeholders and networks for a history of this size: 10,000 stakeholders at 1,000,000 events."""
    return {"stakeholders": max(40, min(10_000, events // 100)), "count": max(2, min(10, events // 20_000))}


def generate(services, events: int) -> list[tuple[UUID, int]]:  # noqa: ANN001
    started = time.perf_counter()
    made = HistoryGenerator(services.app).networks(events=events, **shape(events))
    total = services.app.recorder.max_notification_id()
    print(f"[history] generated {total:,} events in {len(made)} networks in {time.perf_counter() - started:.0f}s",
          flush=True)
    return made


def seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def measure(services, networks: list[tuple[UUID, int]]) -> list[Row]:  # noqa: ANN001
    total = services.app.recorder.max_notification_id()
    bare_before = seconds(lambda: bare_read(services))
    catch_up = seconds(services.views.catch_up)
    rebuild = seconds(services.views.rebuild)
    largest, largest_events = networks[0]
    as_of = seconds(lambda: services.views.report("neglect", largest, as_of=services.views.clock()))
    # Replays are per network, as reports are; every network in turn replays the whole history once.
    every = seconds(lambda: [services.views.report("neglect", network, as_of=services.views.clock())
                             for network, _ in networks])
    replayed = sum(count for _, count in networks)
    chain = seconds(services.audit.catch_up)
    verify = seconds(services.audit.verify)
    export = seconds(lambda: sum(1 for _ in services.audit.export()))
    bare = min(bare_before, seconds(lambda: bare_read(services)))
    print(f"[history] {total:,} events: bare {total / bare:,.0f}/s, catch-up {total / catch_up:,.0f}/s", flush=True)

    def rate(label: str, spent: float, count: int = total, note: str = "") -> Row:
        return Row(SECTION, label, total, count / spent, "events/s", (count / spent) / (total / bare), note)

    return [
        rate("bare library: read and decode every event (baseline)", bare),
        rate("catch-up of every view from empty", catch_up, note="goal: ratio ≥ 0.50"),
        rate("rebuild of every view", rebuild),
        Row(SECTION, "rebuild of every view: time", total, rebuild, "s"),
        rate("as-of replay of the largest network", as_of, largest_events, note=f"{largest_events:,} events"),
        Row(SECTION, "as-of replay of the largest network: time", total, as_of, "s"),
        rate("as-of replay of every network in turn", every, replayed, note=f"{replayed:,} events: the whole history"),
        Row(SECTION, "as-of replay of every network in turn: time", total, every, "s", note="goal: < 60 s"),
        rate("audit chain from scratch", chain),
        rate("audit verify", verify),
        rate("audit export", export),
    ]
