"""Audit throughput beside the bare library, in the same run, on the same events.

    python -m bench.audit_bench [--events N] [--postgres URL]

Writes N events (contacts with sealed summaries, across a few networks) to a fresh store, then
times: reading them with the bare library (select_notifications + mapper.to_domain_event),
building the chain, verify and export; then the same after encrypting the store at rest
(AES-GCM with zlib compression), and what compression saves per event.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
import zlib
from collections.abc import Callable
from pathlib import Path

from pydantic import SecretStr

from api.composition import build
from api.settings import Settings
from domain.privacy import Vault
from projections.audit import tables
from projections.audit.reading import stored_rows

BY = "bench"


def write_events(services, count: int) -> None:  # noqa: ANN001
    app = services.app
    people = []
    for n in range(4):
        network_id = app.create_network(slug=f"bench-{n}", name=f"Bench {n}", timezone="Europe/Brussels").id
        people += [(network_id, app.register_stakeholder(network_id, name=f"Person {n}-{i}", sector="education",
                                                         side="formal", level="operational", recorded_by=BY).id)
                   for i in range(10)]
    for i in range(count - app.recorder.max_notification_id()):
        network_id, person = people[i % len(people)]
        app.log_contact(network_id, stakeholder_id=person, channel="phone", initiated_by="us", purpose="check_in",
                        summary=f"Talked about the youth centre's plans, week {i}", recorded_by=BY)


def timed(work: Callable[[], int]) -> float:
    started = time.perf_counter()
    done = work()
    return done / (time.perf_counter() - started)


def bare_read(services) -> int:  # noqa: ANN001
    mapper = services.app.mapper
    return sum(1 for n in stored_rows(services.app.recorder) if mapper.to_domain_event(n) is not None)


def rebuild_chain(services) -> int:  # noqa: ANN001
    with services.engine.begin() as connection:
        connection.execute(tables.links.delete())
        connection.execute(tables.checkpoints.delete())
        connection.execute(tables.tracking.tracking.update().where(
            tables.tracking.tracking.c.view == tables.TRACKING_KEY).values(notification_id=0))
    return services.audit.catch_up()


def measure(services, label: str, rounds: int = 5) -> list[tuple[str, float]]:  # noqa: ANN001
    """Best of several rounds, each timing every reader in turn, so that load from other processes
    on the machine falls on all of them alike and the ratios stay fair."""
    work = {"bare library read": lambda: bare_read(services),
            "audit verify": lambda: services.audit.verify()["checked"],
            "audit export": lambda: sum(1 for _ in services.audit.export()),
            "chain from scratch": lambda: rebuild_chain(services)}
    best = dict.fromkeys(work, 0.0)
    for _ in range(rounds):
        for name, reader in work.items():
            best[name] = max(best[name], timed(reader))
    rows = [(f"{label}: {name}", value) for name, value in best.items()]
    bare = best["bare library read"]
    return rows + [(f"{label}: verify / bare", best["audit verify"] / bare),
                   (f"{label}: export / bare", best["audit export"] / bare)]


def sizes(services) -> list[tuple[str, float]]:  # noqa: ANN001
    """Bytes per stored state: plain JSON, zlib, AES-GCM (+28 bytes), and what zlib costs per event."""
    states = [n.state for n in stored_rows(services.app.recorder)]
    plain = sum(map(len, states)) / len(states)
    started = time.perf_counter()
    packed = [zlib.compress(s) for s in states]
    compress_us = (time.perf_counter() - started) / len(states) * 1e6
    started = time.perf_counter()
    for p in packed:
        zlib.decompress(p)
    decompress_us = (time.perf_counter() - started) / len(states) * 1e6
    zipped = sum(map(len, packed)) / len(states)
    return [("bytes/event plain JSON", plain), ("bytes/event zlib", zipped), ("zlib saves (fraction)", 1 - zipped / plain),
            ("bytes/event encrypted", plain + 28), ("bytes/event zlib + encrypted", zipped + 28),
            ("zlib compress us/event", compress_us), ("zlib decompress us/event", decompress_us)]


def settings_for(args: argparse.Namespace, folder: Path) -> Settings:
    common = {"master_key": Vault.new_master_key(), "signing_key_file": folder / "signing.key", "_env_file": None}
    if args.postgres:
        schema = f"lp_bench_{uuid.uuid4().hex[:10]}"
        return Settings(database_url=args.postgres, database_schema=schema, **common)
    return Settings(database_url=f"sqlite:///{folder / 'bench.sqlite'}", **common)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL; a scratch schema is created and dropped")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        settings = settings_for(args, Path(scratch))
        services = build(settings)
        try:
            started = time.perf_counter()
            write_events(services, args.events)
            print(f"wrote {args.events} events in {time.perf_counter() - started:.1f}s "
                  f"({'PostgreSQL' if args.postgres else 'SQLite'})")
            results = sizes(services) + measure(services, "plain")
            services.close()
            settings.cipher_key = SecretStr(Vault.new_master_key())
            services = build(settings)
            rekeyed = time.perf_counter()
            services.audit.rekey()
            results.append(("rekey (encrypt) events/s", args.events / (time.perf_counter() - rekeyed)))
            results += measure(services, "encrypted+zlib")
        finally:
            services.close()
            if args.postgres:
                drop_schema(settings)
    width = max(len(label) for label, _ in results)
    for label, value in results:
        unit = "" if "/" in label.split(":")[-1] or "bytes" in label or "fraction" in label or "us/" in label \
            else " events/s"
        print(f"{label:<{width}}  {value:>12,.2f}{unit}")


def drop_schema(settings: Settings) -> None:
    import psycopg

    with psycopg.connect(settings.database_url, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{settings.database_schema}" CASCADE')


if __name__ == "__main__":
    main()
