"""Which event store module? Saves, aggregate reads and log reads through the application, per module.

Candidates: `eventsourcing`'s own sqlite and postgres modules, and `eventsourcing-sqlalchemy` on the
same SQLite file kind and the same PostgreSQL server. The baseline is eventsourcing.sqlite.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone

from domain.application import Linkingpin
from bench.common import Rate, postgres_schema, report, sqlite_file, timed

BY = "bench"


def workload(app: Linkingpin, events: int) -> tuple[list[Rate], int]:
    now = datetime.now(timezone.utc)
    network = app.create_network(slug="bench", name="Bench").id
    people = [app.register_stakeholder(network, name=f"Person {i}", sector="education", side="formal",
                                       level="operational", recorded_by=BY).id for i in range(50)]

    def save() -> None:
        for i in range(events):
            app.log_contact(network, stakeholder_id=people[i % 50], channel="phone", initiated_by="us",
                            purpose="check_in", summary="", occurred_at=now - timedelta(minutes=i), recorded_by=BY)

    def read_log() -> None:
        position = 0
        while page := app.recorder.select_notifications(start=position + 1, limit=500):
            for notification in page:
                app.mapper.to_domain_event(notification)
            position = page[-1].id

    def get_aggregates() -> None:
        for person in people * 10:
            app.repository.get(person)

    rates = [timed("save (one event per transaction)", events, save)]
    total = app.recorder.max_notification_id()
    rates.append(timed("read and decode the log", total, read_log))
    rates.append(timed("get aggregate", 500, get_aggregates))
    return rates, total


def measure(label: str, env: dict[str, str], events: int) -> list[Rate]:
    app = Linkingpin(env={**env, "AGGREGATE_CACHE_MAXSIZE": ""})
    try:
        rates, _ = workload(app, events)
    finally:
        app.close()
    for rate in rates:
        rate.label = f"{label}: {rate.label}"
    return rates


def measure_postgres(label: str, events: int, env_for) -> list[Rate]:  # noqa: ANN001
    from sqlalchemy.engine import make_url

    with postgres_schema() as pg:
        if not pg:
            return []
        url, schema = pg
        parsed = make_url(url)
        return measure(label, env_for(url, parsed.host, str(parsed.port or 5432), parsed.database, schema), events)


def main(quick: bool = False) -> list[str]:
    events = 500 if quick else 5000
    results: list[Rate] = []
    with sqlite_file() as path:
        results += measure("eventsourcing.sqlite", {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path}, events)
    try:
        import eventsourcing_sqlalchemy  # noqa: F401
    except ImportError:
        print("(eventsourcing-sqlalchemy not installed: `make bench` installs it)")
        alchemy = False
    else:
        alchemy = True
    if alchemy:
        with sqlite_file() as path:
            results += measure("eventsourcing_sqlalchemy on SQLite",
                               {"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy", "SQLALCHEMY_URL": f"sqlite:///{path}"}, events)
    results += measure_postgres("eventsourcing.postgres", events, lambda url, host, port, db, schema: {
        "PERSISTENCE_MODULE": "eventsourcing.postgres", "POSTGRES_DBNAME": db, "POSTGRES_HOST": host,
        "POSTGRES_PORT": port, "POSTGRES_USER": "postgres", "POSTGRES_PASSWORD": "", "POSTGRES_SCHEMA": schema})
    if alchemy:
        results += measure_postgres("eventsourcing_sqlalchemy on PostgreSQL", events, lambda url, host, port, db, schema: {
            "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
            "SQLALCHEMY_URL": url.replace("postgresql://", "postgresql+psycopg://"), "SQLALCHEMY_SCHEMA": schema})
    lines = []
    for kind in ("save", "read and decode", "get aggregate"):
        group = [r for r in results if kind in r.label]
        lines += report(f"Event store: {kind}", group[0], group[1:])
    return lines


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
