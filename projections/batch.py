"""Write-behind for views: statements collected while a batch of events is applied, run in order at the end.

Handlers never read the tables they write within a batch (they write blindly, or with
INSERT ... SELECT that runs in order), so consecutive identical statements can be sent as
one executemany. That is what lets catch-up keep pace with reading the log.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Executable


class Batch:
    def __init__(self) -> None:
        self._ops: list[tuple[Executable, dict[str, Any] | None]] = []

    def add(self, statement: Executable, params: dict[str, Any] | None = None) -> None:
        self._ops.append((statement, params))

    def clear(self) -> None:
        self._ops.clear()

    def __len__(self) -> int:
        return len(self._ops)

    def flush(self, connection: Connection) -> None:
        i = 0
        while i < len(self._ops):
            statement, params = self._ops[i]
            if params is None:
                connection.execute(statement)
                i += 1
                continue
            group = [params]
            j = i + 1
            # Same statement object and same keys: one executemany round trip.
            while j < len(self._ops) and self._ops[j][0] is statement and self._ops[j][1] is not None \
                    and self._ops[j][1].keys() == params.keys():
                group.append(self._ops[j][1])
                j += 1
            connection.execute(statement, group)
            i = j
        self._ops.clear()
