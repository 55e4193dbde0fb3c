"""Keyset pages over lists the application hands back in memory (alerts, webhooks, deliveries)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from api.deps import PageQuery
from api.errors import ProblemError

Row = TypeVar("Row")
Key = tuple[Any, ...]


def keyset_page(rows: Sequence[Row], *, key: Callable[[Row], Key], paging: PageQuery) -> dict[str, Any]:
    """One page of `rows`, largest `key` first; the cursor is the last key handed out.

    Keys never change once a row exists, so a cursor stays valid while alerts change status
    or new rows arrive (an offset would skip or repeat rows then).
    """
    ordered = sorted(rows, key=key, reverse=True)
    if paging.cursor is not None:
        after = _decoded(paging.cursor)
        try:
            ordered = [row for row in ordered if key(row) < after]
        except TypeError:
            raise _bad_cursor() from None
    items = ordered[:paging.limit]
    more = len(ordered) > paging.limit
    return {"items": items, "next_cursor": _encoded(key(items[-1])) if more else None}


def _encoded(key: Key) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key), separators=(",", ":")).encode()).decode()


def _decoded(cursor: str) -> Key:
    try:
        found = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (binascii.Error, ValueError):
        raise _bad_cursor() from None
    if not isinstance(found, list) or not all(isinstance(v, (str, int, float)) for v in found):
        raise _bad_cursor()
    return tuple(found)


def _bad_cursor() -> ProblemError:
    return ProblemError(422, "The cursor is not one this server handed out.", slug="validation",
                        errors=[{"field": "cursor", "reason": "is not a cursor this server handed out"}])
