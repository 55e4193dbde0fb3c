"""`python -m bench [--quick]`: the whole suite; writes bench/results/results.md and bench/results/cost.png.

Full mode builds histories of 10,000, 100,000 and 1,000,000 events (10,000 stakeholders at the largest)
and takes an hour or more on 2 cores; quick mode (CI) uses 5,000 and 20,000 events and takes minutes.
At each size: the read side, every report and every dashboard page on the largest network.
Results are rewritten after every step, so an interrupted run still leaves what it measured.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from api.composition import build
from api.settings import Settings
from bench import history_bench, ingest_bench, memory_bench, pages_bench, reports_bench, results
from bench.common import postgres_schema

NOTES = [
    "Every ratio is against a baseline measured in the same run on the same store. The machine is shared with",
    "other engineers' test runs (2 cores), so absolute rates are noisy; ratios are what count.",
]


@contextmanager
def sqlite_settings() -> Iterator[Settings]:
    with tempfile.TemporaryDirectory() as folder:
        yield Settings(database_url=f"sqlite:///{Path(folder) / 'bench.sqlite'}", master_key_file=Path(folder) / "mk",
                       signing_key_file=Path(folder) / "signing.key", _env_file=None)


@contextmanager
def postgres_settings() -> Iterator[Settings | None]:
    with postgres_schema() as pg, tempfile.TemporaryDirectory() as folder:
        if pg is None:
            yield None
            return
        url, schema = pg
        yield Settings(database_url=url, database_schema=schema, master_key_file=Path(folder) / "mk",
                       signing_key_file=Path(folder) / "signing.key", _env_file=None)


def page_rows(found: dict[str, list[float]], *, total: int) -> list[results.Row]:
    """p50 and p99 per page; the p50 ratio is against /healthz, the first series, served the same way."""
    goal = pages_bench.GOAL_MS
    section = f"Dashboard pages on the largest network (in-process TestClient, p50 and p99; goal p99 < {goal:.0f} ms)"
    baseline = statistics.median(next(iter(found.values())))
    rows = []
    for index, (label, times) in enumerate(found.items()):
        p50, p99 = statistics.median(times), pages_bench.percentile(times, 0.99)
        verdict = "" if index == 0 else f"goal < {goal:.0f} ms: {'met' if p99 < goal else 'missed'}"
        rows.append(results.Row(section, f"{label}: p50", total, p50, "ms", p50 / baseline, f"{len(times)} requests"))
        rows.append(results.Row(section, f"{label}: p99", total, p99, "ms", note=verdict))
    return rows


class Suite:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args, self.rows = args, []
        self.logs = Path(tempfile.mkdtemp(prefix="linkingpin-bench-"))
        self.title = f"linkingpin benchmarks ({'quick' if args.quick else 'full'} run, {time.strftime('%Y-%m-%d')})"

    def save(self, new: list[results.Row]) -> None:
        self.rows += new
        path = results.write(self.rows, title=self.title, notes=NOTES, folder=self.args.out)
        print(f"(results so far in {path.name})", flush=True)

    def history(self, events: int, *, largest: bool) -> None:
        with sqlite_settings() as settings:
            services = build(settings)
            try:
                networks = history_bench.generate(services, events)
                self.save(history_bench.measure(services, networks))
                total = services.app.recorder.max_notification_id()
                self.save(reports_bench.measure(services, networks[0][0], total=total, quick=self.args.quick))
                self.save(self.pages(services, networks[0][0], total=total))
            finally:
                services.close()
            if largest:
                self.save(memory_bench.measure(settings, networks[0][0], total=total, logs=self.logs))

    def pages(self, services, network_id, *, total: int) -> list[results.Row]:  # noqa: ANN001
        # p99 of few requests is their maximum; quick mode only shows that every page still renders.
        sampling = {"at_least": 3, "at_most": 10, "budget": 1.0} if self.args.quick else \
            {"at_least": 5, "at_most": 100, "budget": 10.0}
        found = pages_bench.measure(services, network_id, busiest="Person 0", **sampling)
        return page_rows(found, total=total)

    def ingestion(self) -> None:
        count, http_count = (300, 200) if self.args.quick else (3000, 2000)
        with sqlite_settings() as settings:
            self.save(self._ingest("SQLite", settings, count, http_count, processes=(1, 4)))
        with postgres_settings() as settings:
            if settings is not None:
                self.save(self._ingest("PostgreSQL", settings, count, http_count, processes=(1, 4)))

    def _ingest(self, label: str, settings: Settings, count: int, http_count: int, *,
                processes: tuple[int, ...]) -> list[results.Row]:
        services = build(settings)
        try:
            spent = ingest_bench.in_process(services, count)
            found = ingest_bench.rows(label, spent, count)
            base = found[0].value
            for api in processes:
                seconds, latencies = ingest_bench.over_http(services, count=http_count, clients=8, api_processes=api,
                                                            logs=self.logs)
                rate = http_count / seconds
                name = f"HTTP, 8 clients, {api} API process{'es + 1 worker' if api > 1 else ''}"
                found.append(results.Row(found[0].section, name, http_count, rate, "events/s", rate / base,
                                         "includes waiting for the views (read-your-writes)"))
                ordered = sorted(latencies)
                for label_, q in (("p50", 0.50), ("p99", 0.99)):
                    value = ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000
                    found.append(results.Row(found[0].section, f"{name}: {label_} latency", http_count, value, "ms",
                                             None, ""))
            return found
        finally:
            services.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small histories, for CI (minutes)")
    parser.add_argument("--sizes", type=int, nargs="*", help="history sizes in events (default by mode)")
    parser.add_argument("--skip-ingestion", action="store_true")
    parser.add_argument("--out", type=Path, default=results.RESULTS, help="folder for results.md and cost.png")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([5_000, 20_000] if args.quick else [10_000, 100_000, 1_000_000])
    suite = Suite(args)
    if not args.skip_ingestion:
        suite.ingestion()
    for events in sizes:
        suite.history(events, largest=events == max(sizes))
    print(f"done; server logs in {suite.logs}", flush=True)


if __name__ == "__main__":
    main()
