"""Questions several reports ask of the tables at a moment T: who is active, their plans and names,
their asks and their feeding. Every query counts only facts that occurred by T."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID, SafeUUID

from sqlalchemy import String, func, select, type_coerce

from domain.network import EngagementPlan
from projections.reports.context import ReportContext

DAY = 86400.0
HEX_DIGITS = 32  # how SQLite holds a UUID column
_new, _set, _UNKNOWN = object.__new__, object.__setattr__, SafeUUID.unknown  # an enum member is slow to look up


def days_between(earlier: datetime, later: datetime) -> float:
    return round((later - earlier).total_seconds() / DAY, 2)


def by_id(row_id: Any) -> str:
    """The tie-break every sort ends with, so equal values always come out in the same order."""
    return str(row_id)


# What most reports need of a person: who, their name (sealed), since when, and their plan.
PERSON = ("id", "name", "erased", "occurred_at", "ideal_interval_days", "max_interval_days", "max_asks",
          "window_days")


def people(ctx: ReportContext, *where: Any, columns: tuple[str, ...] | None = None, extra: tuple = ()) -> list:
    """Stakeholders of the network by T matching `where`, in `by_id` order: UUIDs sort the same as their
    text on SQLite (lower-case hex) and PostgreSQL (bytes). Reading only the `columns` a report shows
    matters at thousands of people; `extra` adds computed columns such as `last_fed_column`."""
    s = ctx.t.stakeholders
    chosen = [s.c[name] for name in columns] if columns else [s]
    query = (select(*chosen, *extra).where(s.c.network_id == ctx.network_id, s.c.occurred_at <= ctx.at, *where)
             .order_by(s.c.id))
    return list(ctx.connection.execute(query))


def active_at(ctx: ReportContext) -> tuple[Any, ...]:
    """Who counts as active at T: of the network, the relationship started by T, not archived."""
    s = ctx.t.stakeholders
    return s.c.network_id == ctx.network_id, s.c.status == "active", s.c.occurred_at <= ctx.at


def active_stakeholders(ctx: ReportContext, *where: Any, columns: tuple[str, ...] | None = None,
                        extra: tuple = ()) -> list:
    """Everyone active at T (archived people are neither due nor over-asked)."""
    return people(ctx, ctx.t.stakeholders.c.status == "active", *where, columns=columns, extra=extra)


def known_stakeholders(ctx: ReportContext, columns: tuple[str, ...] | None = None, extra: tuple = ()) -> list:
    """Everyone the relationship had started with by T, archived or not."""
    return people(ctx, columns=columns, extra=extra)


def last_fed_column(ctx: ReportContext) -> Any:
    """When each stakeholder was last fed by T, as a column beside them: one seek per person on the
    (stakeholder_id, occurred_at) index instead of grouping every feeding the network ever had.
    A feeding's network is always its stakeholder's (commands refuse anyone from another network)."""
    f, s = ctx.t.feedings, ctx.t.stakeholders
    return (select(func.max(f.c.occurred_at)).where(f.c.stakeholder_id == s.c.id, f.c.occurred_at <= ctx.at)
            .scalar_subquery().label("last_fed"))


class StoredIds(dict):
    """UUIDs by the form a raw id column reads back as (32 hex digits on SQLite, a UUID on PostgreSQL), each
    built once: rows read through `stored_id` columns share them instead of building one per row, which
    costs more than the rest of reading a row when there are thousands."""

    def __missing__(self, raw: Any) -> UUID:
        self[raw] = found = as_uuid(raw)
        return found

    def of(self, raws: Iterable[Any]) -> list[UUID]:
        """These ids as UUIDs, the new ones built in one pass (thousands per report: calls add up)."""
        raws = raws if isinstance(raws, list) else list(raws)
        new = [raw for raw in raws if raw not in self]
        self.update(zip(new, map(as_uuid, new)))
        return list(map(self.__getitem__, raws))


def as_uuid(raw: Any) -> UUID:
    """A UUID from an id read as stored (see `stored_id`)."""
    if isinstance(raw, UUID):
        return raw
    if len(raw) != HEX_DIGITS:
        return UUID(raw)
    # What UUID(raw) makes, in under half the time: its constructor spends most of it cleaning up forms of
    # text a stored id never takes. Reports build thousands per call (7,000 in one overuse report).
    made = _new(UUID)
    _set(made, "int", int(raw, 16))
    _set(made, "is_safe", _UNKNOWN)
    return made


def by_stored_id(ids: Iterable[UUID]) -> StoredIds:
    """These ids, ready to be found by their stored form; membership (`in`) tells whether a raw id is one."""
    return StoredIds({key: i for i in ids for key in (i, i.hex)})


def stored_id(column: Any, name: str | None = None) -> Any:
    """An id column read back as stored, without building a UUID (see `StoredIds`)."""
    return type_coerce(column, String).label(name or column.name)


def plan_of(row: Any, defaults: EngagementPlan) -> EngagementPlan:
    return EngagementPlan(ideal_interval_days=row.ideal_interval_days, max_interval_days=row.max_interval_days,
                          max_asks=row.max_asks, window_days=row.window_days).over(defaults)


def names(ctx: ReportContext, rows: Iterable[Any]) -> dict[UUID, str | None]:
    """Stakeholders' names opened in one key look-up; None once erased."""
    sealed = {row.id: [row.name] for row in rows if row.name and not row.erased}
    opened = ctx.vault.open_many(sealed) if sealed else {}
    return {row_id: texts[0] for row_id, texts in opened.items()}


def open_texts(ctx: ReportContext, sealed: list[tuple[Any, UUID, str]]) -> dict[Any, str | None]:
    """Open many (key, subject, sealed text) at once: one key look-up per batch; None once erased."""
    by_subject: dict[UUID, list[str]] = defaultdict(list)
    for _, subject, text in sealed:
        by_subject[subject].append(text)
    opened = {s: iter(texts) for s, texts in ctx.vault.open_many(dict(by_subject)).items()} if by_subject else {}
    return {key: next(opened[subject]) for key, subject, _ in sealed}
