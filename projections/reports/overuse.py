"""Overuse: "Do not abuse the network. Pick your battles."

"If you use them continuously and frequently, they get tired of you." Each active stakeholder
is checked for asks in their rolling window against their capacity, asks against feeding over
90 days, a streak of asks left without an answer, and whether they carry the network's asks.
Every reason says why in plain words, with the asks behind it as evidence.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.network import EngagementPlan
from projections.reports.concentration import concentration
from projections.reports.context import ReportContext
from projections.reports.facts import PERSON, StoredIds, active_stakeholders, by_id, names, plan_of
from projections.reports.overuse_reads import (
    active_among, active_windows, asks_since, feedings_since, moments, recent_asks,
)

RATIO_DAYS = 90
MIN_ASKS_FOR_RATIO = 3  # fewer asks than this is not a pattern yet
MAX_ASKS_PER_FEEDING = 1.0  # more asks than moments of feeding: taking more than giving
UNANSWERED_AFTER_DAYS = 5  # an ask still without an answer after this long counts as ignored
STREAK_LIMIT = 2  # this many unanswered asks in a row
MIN_ASKS_FOR_CONCENTRATION = 5
CONCENTRATION_GINI = 0.5
CONCENTRATION_SHARE = 0.25  # one person carrying a quarter of a lopsided network's asks


def reason(code: str, text: str, asks: list) -> dict[str, Any]:
    return {"code": code, "text": text, "event_ids": [a.id for a in asks]}  # as stored until shown


def over_capacity(recent: list, plan: EngagementPlan) -> dict | None:
    if len(recent) <= plan.max_asks:
        return None
    return reason("over_capacity", f"Asked {len(recent)} times in the last {plan.window_days} days; "
                                   f"they can carry {plan.max_asks}. Pick your battles.", recent)


def taking_more_than_giving(asked: list, fed: int) -> dict | None:
    if len(asked) < MIN_ASKS_FOR_RATIO or len(asked) <= fed * MAX_ASKS_PER_FEEDING:
        return None
    return reason("taking_more_than_giving",
                  f"{len(asked)} asks against {fed} moments of feeding in {RATIO_DAYS} days: "
                  "too much taking, too little giving.", asked)


def unanswered_streak(asks: list) -> dict | None:
    """The latest asks left without an answer, newest first until an answer breaks the run.
    Asks younger than the grace period may still be answered: they neither count nor break it."""
    streak = []
    for ask in reversed(asks):
        outcome = ask.answer
        if outcome is None and ask.young:
            continue
        if outcome not in (None, "no_response"):
            break
        streak.append(ask)
    if len(streak) < STREAK_LIMIT:
        return None
    streak.reverse()
    silent = sum(1 for a in streak if a.answer == "no_response")
    return reason("unanswered_streak",
                  f"{len(streak)} asks in a row without an answer ({silent} with no response, "
                  f"{len(streak) - silent} still open after {UNANSWERED_AFTER_DAYS} days): they may be tired of us.",
                  streak)


def carrying(asked: list, spread: dict[str, Any]) -> dict | None:
    total = spread["asks"]
    if total < MIN_ASKS_FOR_CONCENTRATION or spread["gini"] < CONCENTRATION_GINI:
        return None
    if len(asked) / total < CONCENTRATION_SHARE:
        return None
    return reason("carries_many_asks",
                  f"Carries {len(asked)} of the network's {total} asks in {RATIO_DAYS} days "
                  f"({round(100 * len(asked) / total)}%): the asks fall on the same few people.", asked)


def overuse(ctx: ReportContext, *, only: UUID | None = None) -> dict[str, Any]:
    """Everyone over-asked, with the network's concentration of asks; `only` weighs one person."""
    defaults = ctx.defaults()
    active, windows = active_windows(ctx)
    at = moments(ctx, windows, defaults.window_days, ratio_days=RATIO_DAYS, grace_days=UNANSWERED_AFTER_DAYS)
    asks, counts = recent_asks(ctx, at, only=only), asks_since(ctx, at.ratio)
    # Everyone who could carry asks: the active, and anyone else asked (archived since). With everyone's
    # asks read, the active among those asked are the people with an ask in the 90 days.
    asked = (sum(1 for own in asks.values() if any(a.in_ratio for a in own)) if only is None
             else active_among(ctx, list(counts)))
    spread = concentration(counts, active + len(counts) - asked, window_days=RATIO_DAYS)
    fed = feedings_since(ctx, list(asks), at.ratio)
    # Every reason needs at least one ask, so only the people asked are read and weighed.
    items, shown = [], []
    for row in active_stakeholders(ctx, ctx.t.stakeholders.c.id.in_(list(asks)), columns=PERSON) if asks else []:
        item = _item(row, plan=plan_of(row, defaults), asks=asks[row.id], fed=fed.get(row.id, 0), spread=spread)
        if item["reasons"]:
            items.append(item)
            shown.append(row)
    opened, ids = names(ctx, shown), StoredIds()  # only the names shown; each ask's UUID built once
    for item in items:
        item["name"] = opened.get(item["stakeholder_id"])
        for cited in item["reasons"]:
            cited["event_ids"] = ids.of(cited["event_ids"])
    items.sort(key=lambda i: (-i["asks_in_window"] / i["max_asks"], -len(i["reasons"]), by_id(i["stakeholder_id"])))
    return {"as_of": ctx.at, "items": items, "concentration": spread}


def _item(row: Any, *, plan: EngagementPlan, asks: list, fed: int, spread: dict[str, Any]) -> dict[str, Any]:
    recent = [a for a in asks if a.in_window]
    asked = [a for a in asks if a.in_ratio]
    found = [over_capacity(recent, plan), taking_more_than_giving(asked, fed), unanswered_streak(asks),
             carrying(asked, spread)]
    return {
        "stakeholder_id": row.id, "name": None, "asks_in_window": len(recent), "max_asks": plan.max_asks,
        "window_days": plan.window_days, "asks_90_days": len(asked), "fed_90_days": fed,
        "reasons": [r for r in found if r is not None],
    }
