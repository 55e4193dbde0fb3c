"""Where persisted jobs find this process's services.

APScheduler 3 pickles jobs into the database, so a job holds only a textual reference to a
module-level function and plain arguments: a network id and the name of its runtime. The
function asks this registry for the runtime registered under that name in this process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scheduler.runtime import AlertRuntime

_runtimes: dict[str, AlertRuntime] = {}
_nudges: dict[str, Callable[[], None]] = {}


def register(name: str, runtime: AlertRuntime, *, nudge: Callable[[], None] | None = None) -> None:
    """`nudge` asks the scheduler that serves this runtime for a delivery pass soon."""
    _runtimes[name] = runtime
    if nudge:
        _nudges[name] = nudge


def unregister(name: str, runtime: AlertRuntime) -> None:
    if _runtimes.get(name) is runtime:
        del _runtimes[name]
        _nudges.pop(name, None)


def current(name: str | None = None) -> AlertRuntime:
    if name in _runtimes:
        return _runtimes[name]
    if len(_runtimes) == 1:
        # Jobs stored under another name (a database restored elsewhere) still have one runtime to use.
        return next(iter(_runtimes.values()))
    raise LookupError(f"no alert runtime named {name!r} in this process; start the scheduler first")


def nudge(app: Any) -> None:
    """Deliver soon, if this process runs the scheduler for `app`; otherwise the leader's next pass will."""
    for name, runtime in list(_runtimes.items()):
        wake = _nudges.get(name)
        if wake and runtime.app is app:
            wake()
