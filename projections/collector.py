"""Fewer garbage collections while views catch up.

A catch-up allocates millions of short-lived objects that hold no reference cycles (decoded events,
row dicts, driver tuples). At the interpreter's default thresholds they trigger a full collection
every few batches, and each one walks every object the process holds: a fifth of a 200,000-event
catch-up and a tenth of a 1,000,000-event one (docs/design.md). While any catch-up runs, objects that
existed before it are moved out of the collector's way (`gc.freeze`) and young collections run ten
times less often; both are undone when the last concurrent catch-up ends.
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
    """Reentrant and thread-safe: the process's own settings come back when the last user leaves."""
    global _active, _saved
    with _lock:
        if _active == 0:
            _saved = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(max(YOUNG_THRESHOLD, _saved[0]), *_saved[1:])
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                gc.unfreeze()
