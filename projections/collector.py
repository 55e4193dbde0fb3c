"""Fewer garbage collections while views catch up.

A catch-up allocates millions of short-lived objects that hold no reference cycles (decoded events,
row dicts, driver tuples). At the interpreter's default thresholds they trigger a full collection
every few batches, each walking every object the process holds: 182 of them in a million-event
catch-up, about a tenth of its time (docs/design.md). While any catch-up runs, young collections run
every 10,000 allocations instead of 700, so full ones come 14 times less often; the process's own
thresholds come back when the last concurrent catch-up ends.

The heap is not frozen here (`gc.freeze`): unfreezing afterwards would also hand back what `serve`
and `worker` froze at start-up (`api.cli.settle_heap`), and full collections would walk it again.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 10_000

_lock = threading.Lock()
_active = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Reentrant and thread-safe: the process's own thresholds come back when the last user leaves."""
    global _active, _saved
    with _lock:
        if _active == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(YOUNG_THRESHOLD, _saved[0]), *_saved[1:])
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _saved is not None:
                gc.set_threshold(*_saved)
