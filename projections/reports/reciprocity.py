"""Reciprocity: "If you want them to share information with you, you should be willing to share
information with them. Don't sit on your information." And when you cannot: "Tell them you cannot
share and why." Per stakeholder and per sector: information shared and received, declines by
either side and how many of them came with a reason.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

from projections.reports.context import ReportContext
from projections.reports.facts import active_stakeholders, by_id, known_stakeholders, names

BALANCE_TOLERANCE = 1  # one exchange either way is still a balanced relationship


def tally() -> dict[str, Any]:
    return {"shared": 0, "received": 0, "declined": {party: {"total": 0, "with_reason": 0} for party in ("us", "them")}}


def count(ctx: ReportContext) -> dict[Any, dict[str, Any]]:
    i = ctx.t.information
    query = select(i).where(i.c.network_id == ctx.network_id, i.c.occurred_at <= ctx.at)
    found: dict[Any, dict[str, Any]] = defaultdict(tally)
    for row in ctx.connection.execute(query):
        counts = found[row.stakeholder_id]
        if row.kind == "declined":
            counts["declined"][row.by]["total"] += 1
            counts["declined"][row.by]["with_reason"] += 1 if row.reason_given else 0
        else:
            counts[row.kind] += 1
    return found


def add(total: dict[str, Any], part: dict[str, Any]) -> None:
    total["shared"] += part["shared"]
    total["received"] += part["received"]
    for party in ("us", "them"):
        for key in ("total", "with_reason"):
            total["declined"][party][key] += part["declined"][party][key]


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


def reciprocity(ctx: ReportContext) -> dict[str, Any]:
    counts = count(ctx)
    active = {row.id for row in active_stakeholders(ctx)}
    rows = [row for row in known_stakeholders(ctx) if row.id in active or row.id in counts]
    opened = names(ctx, rows)
    people, sectors, network = [], defaultdict(tally), tally()
    members: dict[str, int] = defaultdict(int)
    for row in rows:
        mine = counts.get(row.id, tally())
        people.append({"stakeholder_id": row.id, "name": opened.get(row.id), "sector": row.sector,
                       **balance(mine, "them")})
        add(sectors[row.sector], mine)
        add(network, mine)
        members[row.sector] += 1
    people.sort(key=lambda p: (-abs(p["shared"] - p["received"]), by_id(p["stakeholder_id"])))
    by_sector = [{"sector": sector, "stakeholders": members[sector], **balance(sectors[sector], sector_words(sector))}
                 for sector in sorted(sectors)]
    return {"as_of": ctx.at, "items": people, "sectors": by_sector, "network": balance(network, "the network")}
