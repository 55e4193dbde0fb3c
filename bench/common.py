"""Shared benchmark helpers: timing, temporary stores, printing ratios."""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

POSTGRES_URL = os.environ.get("LINKINGPIN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@dataclass
class Rate:
    label: str
    count: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else float("inf")


def timed(label: str, count: int, work: Callable[[], object]) -> Rate:
    start = time.perf_counter()
    work()
    return Rate(label, count, time.perf_counter() - start)


def report(title: str, baseline: Rate, others: list[Rate]) -> list[str]:
    lines = [f"## {title}", "", "| measurement | events | seconds | events/s | ratio to baseline |", "|---|---|---|---|---|"]
    for rate in [baseline, *others]:
        ratio = rate.per_second / baseline.per_second
        lines.append(f"| {rate.label} | {rate.count} | {rate.seconds:.3f} | {rate.per_second:,.0f} | {ratio:.2f} |")
    lines.append("")
    print("\n".join(lines), flush=True)
    return lines


@contextmanager
def sqlite_file() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield os.path.join(folder, "bench.sqlite")


@contextmanager
def postgres_schema() -> Iterator[tuple[str, str] | None]:
    """A throwaway schema on the local server, or None when it is unreachable."""
    try:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
    except Exception as error:  # noqa: BLE001
        print(f"(PostgreSQL unreachable at {POSTGRES_URL}: {error}; its rows are skipped)")
        yield None
        return
    try:
        yield POSTGRES_URL, schema
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
