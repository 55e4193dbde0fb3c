"""What the reciprocity report reads, ranked by the database.

A network has thousands of people; the report shows one page of them. Each person's exchanges come
from the running counts the activity view keeps (or, when those hold something that occurred after
T, are counted from the rows), people are ranked by how lopsided their exchange is where the counts
are, and only the page comes back, beside the per-sector sums.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import and_, case, exists, func, or_, select

from projections.reports.context import ReportContext
from projections.views.exchanges import FIGURES


def exchanges(ctx: ReportContext) -> Any:
    """Each person's exchanges by T in one row (`who` and the FIGURES): the running counts when none of
    them holds an exchange after T, which is always so in as-of replays and nearly always now."""
    c = ctx.t.exchanges
    later = exists().where(c.c.network_id == ctx.network_id, c.c.last_at > ctx.at)
    if not ctx.connection.execute(select(later)).scalar():
        return select(c.c.stakeholder_id.label("who"), *(c.c[name] for name in FIGURES)).where(
            c.c.network_id == ctx.network_id).subquery()
    return counted_from_rows(ctx)


def counted_from_rows(ctx: ReportContext) -> Any:
    """The same, counted from the information rows by T, in one pass of their covering index."""
    i = ctx.t.information
    declined = i.c.kind == "declined"

    def counted(name: str, *conditions: Any) -> Any:
        return func.sum(case((and_(*conditions), 1), else_=0)).label(name)

    return (select(i.c.stakeholder_id.label("who"), counted("shared", i.c.kind == "shared"),
                   counted("received", i.c.kind == "received"),
                   counted("us_total", declined, i.c.by == "us"),
                   counted("us_with_reason", declined, i.c.by == "us", i.c.reason_given),
                   counted("them_total", declined, i.c.by == "them"),
                   counted("them_with_reason", declined, i.c.by == "them", i.c.reason_given))
            .where(i.c.network_id == ctx.network_id, i.c.occurred_at <= ctx.at)
            .group_by(i.c.stakeholder_id).subquery())


def _counted(ctx: ReportContext) -> tuple[Any, list[Any], list[Any]]:
    """Everyone known by T who is active or exchanged anything, beside their counts (0 where none)."""
    s, x = ctx.t.stakeholders, exchanges(ctx)
    joined = s.outerjoin(x, x.c.who == s.c.id)
    figures = [func.coalesce(x.c[name], 0).label(name) for name in FIGURES]
    where = [s.c.network_id == ctx.network_id, s.c.occurred_at <= ctx.at,
             or_(s.c.status == "active", x.c.who.is_not(None))]
    return joined, figures, where


def people_page(ctx: ReportContext, *, after: tuple[int, UUID] | None, limit: int) -> list:
    """One page of people, most lopsided first (the gap between shared and received), then by id;
    `after` is the (gap, id) of the last person of the previous page. One row more than `limit`
    tells whether another page follows."""
    s = ctx.t.stakeholders
    joined, figures, where = _counted(ctx)
    gap = func.abs(figures[0] - figures[1])
    if after is not None:
        where.append(or_(gap < after[0], and_(gap == after[0], s.c.id > after[1])))
    query = (select(s.c.id, s.c.name, s.c.erased, s.c.sector, *figures, gap.label("gap"))
             .select_from(joined).where(*where).order_by(gap.desc(), s.c.id).limit(limit + 1))
    return list(ctx.connection.execute(query))


def per_sector(ctx: ReportContext) -> list[tuple[str, int, dict[str, int]]]:
    """(sector, people, summed counts) for every sector of the people the report covers, by name."""
    s = ctx.t.stakeholders
    joined, figures, where = _counted(ctx)
    query = (select(s.c.sector, func.count(), *[func.sum(f) for f in figures])
             .select_from(joined).where(*where).group_by(s.c.sector).order_by(s.c.sector))
    # int(): PostgreSQL sums integers as numeric.
    return [(sector, int(people), {name: int(value) for name, value in zip(FIGURES, sums)})
            for sector, people, *sums in ctx.connection.execute(query)]
