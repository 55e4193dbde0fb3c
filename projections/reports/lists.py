"""Cursor-paginated lists. Cursors are opaque to clients: base64 of the last row's sort key."""

from __future__ import annotations

import base64
import json
from typing import Any

from collections.abc import Callable
from uuid import UUID

from sqlalchemy import Select, tuple_

from projections.reports.context import ReportContext


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


def paginate(ctx: ReportContext, query: Select, keys: list[tuple[Any, Callable[[str], Any]]], *,
             cursor: str | None, limit: int, render: Callable[[Any], dict], descending: bool = False) -> dict[str, Any]:
    """Keyset pagination over `keys` (columns unique together, each with a parser for its cursor value)."""
    columns = [column for column, _ in keys]
    if cursor:
        raw = decode_cursor(cursor, len(keys))
        try:
            after = [parse(value) for (_, parse), value in zip(keys, raw)]
        except (TypeError, ValueError):
            raise BadCursor("cursor is not valid") from None
        query = query.where(tuple_(*columns) < tuple_(*after) if descending else tuple_(*columns) > tuple_(*after))
    order = [c.desc() for c in columns] if descending else columns
    rows = list(ctx.connection.execute(query.order_by(*order).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor([str(getattr(rows[-1], c.name)) for c in columns]) if more else None
    return {"items": [render(row) for row in rows], "next_cursor": next_cursor}


def stakeholders(ctx: ReportContext, *, cursor: str | None, limit: int, filters: dict[str, Any]) -> dict[str, Any]:
    """The directory: profile plus engagement summary; filters sector, side, level, status, community,
    organisation_id and q (a name search, done after decryption since names are sealed)."""
    from projections.reports.directory import render_stakeholder, stakeholder_query

    query = stakeholder_query(ctx, filters)
    return paginate(ctx, query, [(ctx.t.stakeholders.c.id, UUID)], cursor=cursor, limit=limit,
                    render=lambda row: render_stakeholder(ctx, row))

