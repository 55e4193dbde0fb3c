"""Which event types a view handles, named as the event log names them, so a replay reads only those."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

from eventsourcing.domain import DomainEvent

from projections.views.base import View
from projections.views.event_log import type_name


def event_classes() -> Iterator[type]:
    """Every domain event class loaded (the domain's are made when its aggregates are defined)."""
    stack, seen = [DomainEvent], set()
    while stack:
        found = stack.pop()
        if found not in seen:
            seen.add(found)
            yield found
            stack.extend(found.__subclasses__())


def handled_types(view: View) -> frozenset[str] | None:
    """The types of the events this view's `apply` does something with; None when it takes every event
    (it overrides `process_event`, or its `apply` does not dispatch on type). Types that only move its
    position are left out: replaying without them fills the same rows. Two classes of one name count as
    handled if either is. Names are the classes' as loaded now, as the event log records them: every
    class a view handles is imported by the view's own module, with its subclasses."""
    own = inspect.getattr_static(type(view), "process_event") is not inspect.getattr_static(View, "process_event")
    if own or getattr(inspect.getattr_static(type(view), "apply"), "dispatcher", None) is None:
        return None
    ignored = view.handler(object)
    return frozenset(type_name(c) for c in event_classes() if view.handler(c) is not ignored)

