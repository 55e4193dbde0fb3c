"""Write-behind for views: statements collected while a batch of events is applied, run at the end.

Handlers never read the tables they write within a batch (they write blindly, or with
INSERT ... SELECT from tables they declare), so statements can be grouped into one executemany
each, as long as no statement touching the same tables lies between two members of a group.
That is what lets catch-up keep pace with reading the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Executable


@dataclass
class _Group:
    index: int
    statement: Executable
    keys: tuple[str, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)


class Batch:
    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._groups: list[_Group] = []
        self._latest: dict[tuple[int, tuple[str, ...]], _Group] = {}
        self._last_touch: dict[str, int] = {}
        self._last_barrier = -1

    def add(self, statement: Executable, params: dict[str, Any] | None = None, *,
            tables: frozenset[str] | None = None) -> None:
        """Queue a statement; `tables` are all tables it reads or writes (None: unknown, a barrier)."""
        keys = tuple(params) if params is not None else ()
        candidate = self._latest.get((id(statement), keys)) if params is not None and tables is not None else None
        if candidate is not None and self._last_barrier <= candidate.index \
                and all(self._last_touch.get(t, -1) <= candidate.index for t in tables):
            candidate.rows.append(params)  # nothing that touches these tables came after the group
            return
        group = _Group(len(self._groups), statement, keys, [params] if params is not None else [])
        self._groups.append(group)
        self._latest[(id(statement), keys)] = group
        if tables is None:
            self._last_barrier = group.index
        else:
            for table in tables:
                self._last_touch[table] = group.index

    def __len__(self) -> int:
        return sum(max(1, len(g.rows)) for g in self._groups)

    def flush(self, connection: Connection) -> None:
        for group in self._groups:
            if group.rows:
                connection.execute(group.statement, group.rows)
            else:
                connection.execute(group.statement)
        self.clear()
