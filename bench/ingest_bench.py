"""Ingestion: raw SQL inserts, the bare library's save, the application's command, and HTTP with concurrent clients.

Each is one event per transaction, as the API writes them. Ratios are against the bare library's save
(`Application.save` of one new aggregate), measured in the same run on the same store kind.
Goal: through the application within 2x of the bare library (ratio ≥ 0.50).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import httpx

from bench import servers
from bench.results import Row
from domain.interactions import Contact

BY = "bench"


def _people(app, network_id, count: int = 50) -> list:  # noqa: ANN001
    return [app.register_stakeholder(network_id, name=f"Person {i}", sector="education", side="formal",
                                     level="operational", recorded_by=BY).id for i in range(count)]


def raw_sql(services, count: int) -> float:  # noqa: ANN001
    """Seconds for `count` single-row INSERT transactions of an event-sized blob, beside the event store."""
    blob = b"x" * 400
    with services.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        connection.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, "
                                   f"body {'BLOB' if sqlite else 'BYTEA'})")
        connection.commit()
        insert = f"INSERT INTO bench_raw (id, body) VALUES ({'?, ?' if sqlite else '%s, %s'})"
        started = time.perf_counter()
        for i in range(count):
            connection.exec_driver_sql(insert, (i, blob))
            connection.commit()
        return time.perf_counter() - started


def in_process(services, count: int) -> dict[str, float]:  # noqa: ANN001
    app = services.app
    network_id = app.create_network(slug="ingest", name="Ingest").id
    people = _people(app, network_id)
    now = app.clock()

    def bare() -> None:
        for i in range(count):
            app.save(Contact(network_id=network_id, stakeholder_id=people[i % 50], channel="phone", initiated_by="us",
                             purpose="check_in", summary="", occurred_at=now - timedelta(minutes=i), recorded_by=BY))

    def command() -> None:
        for i in range(count):
            app.log_contact(network_id, stakeholder_id=people[i % 50], channel="phone", initiated_by="us",
                            purpose="check_in", summary="", occurred_at=now - timedelta(minutes=i), recorded_by=BY)

    spent = {"raw": raw_sql(services, count)}
    for name, work in (("bare", bare), ("app", command)):
        started = time.perf_counter()
        work()
        spent[name] = time.perf_counter() - started
    return spent


def over_http(services, *, count: int, clients: int, api_processes: int,  # noqa: ANN001
              logs: Path) -> tuple[float, list[float]]:
    """Seconds for `count` contacts posted by `clients` threads spread over the API processes, and each latency."""
    app = services.app
    network_id = app.create_network(slug=f"http-{api_processes}-{clients}", name="HTTP").id
    people = [str(p) for p in _people(app, network_id, 20)]
    _, token = app.issue_token(network_id, member="bench", role="coordinator", recorded_by=BY)
    with _processes(services.settings, api_processes, logs) as urls:
        def client(n: int) -> None:
            with httpx.Client(base_url=urls[n % len(urls)], headers={"Authorization": f"Bearer {token}"},
                              timeout=60) as http:
                for i in range(n, count, clients):
                    sent = time.perf_counter()
                    http.post("/v1/interactions", json={"type": "contact", "stakeholder_id": people[i % 20],
                              "channel": "phone", "initiated_by": "us", "purpose": "check_in"}).raise_for_status()
                    latencies.append(time.perf_counter() - sent)

        latencies: list[float] = []
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(client, range(clients)))
        return time.perf_counter() - started, latencies


class _processes:
    """Several `serve` processes (and, beside more than one, a `worker`), all on the same store."""

    def __init__(self, settings, count: int, logs: Path) -> None:  # noqa: ANN001
        self.settings, self.count, self.logs, self.stack = settings, count, logs, []

    def __enter__(self) -> list[str]:
        from contextlib import ExitStack

        self.stack = ExitStack()
        if self.count > 1:
            self.stack.enter_context(servers.worker(self.settings, logs=self.logs))
        alone = self.count == 1  # beside a worker, API processes leave the views to it
        return [self.stack.enter_context(servers.serve(self.settings, logs=self.logs, projections=alone))[0]
                for _ in range(self.count)]

    def __exit__(self, *exc: object) -> None:
        self.stack.close()


def rows(label: str, spent: dict[str, float], count: int) -> list[Row]:
    section = f"Ingestion on {label} (one event per transaction)"
    base = count / spent["bare"]
    names = {"raw": "raw SQL insert of an event-sized row", "bare": "bare library: Application.save (baseline)",
             "app": "application command (log_contact)"}
    found = []
    for key, seconds in sorted(spent.items(), key=lambda kv: kv[0] != "bare"):
        rate = count / seconds
        label_ = names.get(key, key)
        note = "goal: ratio ≥ 0.50" if key == "app" else ""
        found.append(Row(section, label_, count, rate, "events/s", rate / base, note))
    return found
