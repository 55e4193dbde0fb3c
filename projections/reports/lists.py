"""Cursor-paginated lists. Cursors are opaque to clients: base64 of the last row's sort key."""

from __future__ import annotations

import base64
import bisect
import json
from collections.abc import Callable
from operator import attrgetter
from typing import Any, NamedTuple, Protocol
from uuid import UUID

from sqlalchemy import Select, tuple_

from projections.reports.context import ReportContext

SCAN_CHUNK = 500  # rows read at a time when a filter can only run after decryption


class BadCursor(ValueError):
    """The cursor was not one this server handed out."""


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, UnicodeDecodeError):
        raise BadCursor("cursor is not valid") from None
    if not isinstance(values, list) or len(values) != size:
        raise BadCursor("cursor is not valid")
    return values


class Weighed(Protocol):
    """An item weighed in memory: its sort key, and the cursor that resumes after it."""

    @property
    def key(self) -> Any: ...

    def cursor(self) -> str: ...


class WeighedPage(NamedTuple):
    shown: list
    paging: dict[str, Any]  # {"next_cursor": ...} when a limit was asked for; nothing for every item


def weighed_page(ordered: list[Weighed], *, after: Any | None, limit: int | None) -> WeighedPage:
    """The items of a list sorted by their `key` (overuse, neglect) that come after a cursor's key: at
    most `limit` of them and the cursor for the next page, or every item when `limit` is None."""
    if after is not None:
        ordered = ordered[bisect.bisect_right(ordered, after, key=attrgetter("key")):]
    if limit is None:
        return WeighedPage(ordered, {})
    shown = ordered[:limit]
    return WeighedPage(shown, {"next_cursor": shown[-1].cursor() if len(ordered) > limit else None})


Keys = list[tuple[Any, Callable[[str], Any]]]


def _after(query: Select, keys: Keys, values: list[Any], *, descending: bool) -> Select:
    columns = [column for column, _ in keys]
    return query.where(tuple_(*columns) < tuple_(*values) if descending else tuple_(*columns) > tuple_(*values))


def _parse(cursor: str, keys: Keys) -> list[Any]:
    raw = decode_cursor(cursor, len(keys))
    try:
        return [parse(value) for (_, parse), value in zip(keys, raw)]
    except (TypeError, ValueError):
        raise BadCursor("cursor is not valid") from None


def paginate(ctx: ReportContext, query: Select, keys: Keys, *, cursor: str | None, limit: int,
             render: Callable[[Any], dict], descending: bool = False,
             keep: Callable[[list], list] | None = None) -> dict[str, Any]:
    """Keyset pagination over `keys` (columns unique together, each with a parser for its cursor value).

    `keep` filters rows the database cannot (sealed names): rows are then read in chunks until a
    page is full, and the cursor points at the last row shown, so nothing is skipped or repeated."""
    columns = [column for column, _ in keys]
    order = [c.desc() for c in columns] if descending else columns
    position = _parse(cursor, keys) if cursor else None
    rows: list = []
    while len(rows) <= limit:
        chunk_query = _after(query, keys, position, descending=descending) if position else query
        size = limit + 1 if keep is None else max(SCAN_CHUNK, limit + 1)
        chunk = list(ctx.connection.execute(chunk_query.order_by(*order).limit(size)))
        rows.extend(chunk if keep is None else keep(chunk))
        if len(chunk) < size or keep is None:
            break
        position = [getattr(chunk[-1], c.name) for c in columns]
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor([str(getattr(rows[-1], c.name)) for c in columns]) if more else None
    return {"items": [render(row) for row in rows], "next_cursor": next_cursor}


def stakeholders(ctx: ReportContext, *, cursor: str | None, limit: int, filters: dict[str, Any]) -> dict[str, Any]:
    """The directory: profile plus engagement summary; filters sector, side, level, status, community,
    organisation_id and q (a name search, done after decryption since names are sealed)."""
    from projections.reports.directory import matching_names, render_page, stakeholder_query

    query = stakeholder_query(ctx, filters)
    keep = matching_names(ctx, filters["q"]) if filters.get("q") else None
    page = paginate(ctx, query, [(ctx.t.stakeholders.c.id, UUID)], cursor=cursor, limit=limit,
                    render=lambda row: row, keep=keep)
    return {"items": render_page(ctx, page["items"]), "next_cursor": page["next_cursor"]}
