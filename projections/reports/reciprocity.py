"""Reciprocity: "If you want them to share information with you, you should be willing to share
information with them. Don't sit on your information." And when you cannot: "Tell them you cannot
share and why." Per stakeholder and per sector: information shared and received, declines by
either side and how many of them came with a reason.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from projections.reports.context import ReportContext
from projections.reports.facts import names
from projections.reports.lists import BadCursor, decode_cursor, encode_cursor
from projections.reports.reciprocity_reads import FIGURES, people_page, per_sector

BALANCE_TOLERANCE = 1  # one exchange either way is still a balanced relationship


def tally(counts: Any) -> dict[str, Any]:
    """The nested shape clients read, from a row or mapping of the flat counts."""
    return {"shared": counts["shared"], "received": counts["received"],
            "declined": {party: {"total": counts[f"{party}_total"], "with_reason": counts[f"{party}_with_reason"]}
                         for party in ("us", "them")}}


def balance(counts: dict[str, Any], who: str) -> dict[str, Any]:
    """Plain words about one tally; `who` names the other side ("they", "the police sector")."""
    shared, received = counts["shared"], counts["received"]
    if shared == received == 0:
        code, text = "none", f"No information exchanged with {who} yet. Don't sit on your information."
    elif shared - received > BALANCE_TOLERANCE:
        code, text = "we_give_more", f"We shared {shared} and received {received}: we give more than we get."
    elif received - shared > BALANCE_TOLERANCE:
        code, text = "we_take_more", (f"We received {received} and shared {shared}: share back, "
                                      "or they will stop sharing with us.")
    else:
        code, text = "balanced", f"We shared {shared} and received {received}: about even."
    return {**counts, "transparency": transparency(counts), "balance": code, "text": text + silent(counts)}


def transparency(counts: dict[str, Any]) -> dict[str, float | None]:
    """The share of declines that came with a reason, per side; None when nothing was declined."""
    return {party: round(d["with_reason"] / d["total"], 4) if d["total"] else None
            for party, d in counts["declined"].items()}


def silent(counts: dict[str, Any]) -> str:
    ours = counts["declined"]["us"]
    unexplained = ours["total"] - ours["with_reason"]
    return f" We declined {unexplained} time(s) without saying why." if unexplained else ""


def sector_words(sector: str) -> str:
    return f"the {sector.replace('_', ' ')} sector"


def reciprocity(ctx: ReportContext, *, cursor: str | None = None, limit: int = 50) -> dict[str, Any]:
    """The network's and each sector's tallies whole; the people one page at a time, most lopsided first
    (thousands of them: only the page is read and only its names are opened)."""
    sectors = per_sector(ctx)
    network = {name: sum(counts[name] for _, _, counts in sectors) for name in FIGURES}
    rows = people_page(ctx, after=_after(cursor) if cursor else None, limit=limit)
    page, more = rows[:limit], len(rows) > limit
    opened = names(ctx, page)
    items = [{"stakeholder_id": row.id, "name": opened.get(row.id), "sector": row.sector,
              **balance(tally(row._mapping), "them")} for row in page]
    return {
        "as_of": ctx.at, "items": items,
        "next_cursor": encode_cursor([page[-1].gap, str(page[-1].id)]) if more else None,
        "sectors": [{"sector": sector, "stakeholders": people, **balance(tally(counts), sector_words(sector))}
                    for sector, people, counts in sectors],
        "network": balance(tally(network), "the network"),
    }


def _after(cursor: str) -> tuple[int, UUID]:
    gap, person = decode_cursor(cursor, 2)
    if not isinstance(gap, int) or isinstance(gap, bool) or gap < 0 or not isinstance(person, str):
        raise BadCursor("cursor is not valid")
    try:
        return gap, UUID(person)
    except ValueError:
        raise BadCursor("cursor is not valid") from None
