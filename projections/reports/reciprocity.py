"""Reciprocity: "If you want them to share information with you, you should be willing to share
information with them. Don't sit on your information." And when you cannot: "Tell them you cannot
share and why." Per stakeholder and per sector: information shared and received, declines by
either side and how many of them came with a reason.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func, select

from projections.reports.context import ReportContext
from projections.reports.facts import known_stakeholders, names, stored_id

BALANCE_TOLERANCE = 1  # one exchange either way is still a balanced relationship
PEOPLE = ("id", "name", "erased", "sector", "status")  # what is read of each person


def tally() -> dict[str, Any]:
    return {"shared": 0, "received": 0, "declined": {party: {"total": 0, "with_reason": 0} for party in ("us", "them")}}


def count(ctx: ReportContext) -> dict[Any, dict[str, Any]]:
    """Each stakeholder's tally by their id as stored, counted by the database: one row per (person, kind,
    side, reason) instead of one per exchange. The (network_id, kind, stakeholder_id, occurred_at) index
    covers the shared and received counts, so only declines are read from the table."""
    i = ctx.t.information
    found: dict[Any, dict[str, Any]] = defaultdict(tally)
    exchanged = (select(stored_id(i.c.stakeholder_id), i.c.kind, func.count().label("n"))
                 .where(i.c.network_id == ctx.network_id, i.c.kind.in_(("shared", "received")),
                        i.c.occurred_at <= ctx.at).group_by(i.c.stakeholder_id, i.c.kind))
    for who, kind, n in ctx.connection.execute(exchanged):
        found[who][kind] += n
    declined = (select(stored_id(i.c.stakeholder_id), i.c.by, i.c.reason_given, func.count().label("n"))
                .where(i.c.network_id == ctx.network_id, i.c.kind == "declined", i.c.occurred_at <= ctx.at)
                .group_by(i.c.stakeholder_id, i.c.by, i.c.reason_given))
    for who, by, reason_given, n in ctx.connection.execute(declined):
        side = found[who]["declined"][by]
        side["total"] += n
        side["with_reason"] += n if reason_given else 0
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
    # Everyone known by T who is active (the same moment filter) or exchanged anything; `key` is the id as
    # the tallies have it.
    known = known_stakeholders(ctx, columns=PEOPLE, extra=(stored_id(ctx.t.stakeholders.c.id, "key"),))
    rows = [row for row in known if row.status == "active" or row.key in counts]
    opened = names(ctx, rows)
    people, sectors, network = [], defaultdict(tally), tally()
    members: Counter = Counter()
    # Thousands of people: each row is unpacked once rather than read field by field.
    for person_id, _, _, sector, _, key in rows:
        mine = counts.get(key) or tally()
        people.append((-abs(mine["shared"] - mine["received"]), key, {
            "stakeholder_id": person_id, "name": opened.get(person_id), "sector": sector, **balance(mine, "them")}))
        members[sector] += 1
        if key in counts:  # an empty tally adds nothing
            add(sectors[sector], mine)
            add(network, mine)
    # Ties in `by_id` order: the stored id sorts as the id's text does, and costs nothing to compare.
    people.sort(key=lambda p: p[:2])
    by_sector = [{"sector": sector, "stakeholders": members[sector], **balance(sectors[sector], sector_words(sector))}
                 for sector in sorted(members)]
    return {"as_of": ctx.at, "items": [person for *_, person in people], "sectors": by_sector,
            "network": balance(network, "the network")}
