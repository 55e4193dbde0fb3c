"""Overuse: "Do not abuse the network. Pick your battles."

"If you use them continuously and frequently, they get tired of you." Each active stakeholder
is checked for asks in their rolling window against their capacity, asks against feeding over
90 days, a streak of asks left without an answer, and whether they carry the network's asks.
Every reason says why in plain words, with the asks behind it as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.network import EngagementPlan
from projections.reports.concentration import concentration
from projections.reports.context import ReportContext
from projections.reports.facts import StoredIds, by_id, names, plan_of
from projections.reports.lists import BadCursor, decode_cursor, encode_cursor, weighed_page
from projections.reports.overuse_reads import (
    NOT_AN_ANSWER, Cited, Pending, Tally, active_among, active_windows, ask_counts, asked_people, feedings_since, moments,
    pending_asks, window_asks,
)

RATIO_DAYS = 90
MIN_ASKS_FOR_RATIO = 3  # fewer asks than this is not a pattern yet
MAX_ASKS_PER_FEEDING = 1.0  # more asks than moments of feeding: taking more than giving
UNANSWERED_AFTER_DAYS = 5  # an ask still without an answer after this long counts as ignored
STREAK_LIMIT = 2  # this many unanswered asks in a row
MIN_ASKS_FOR_CONCENTRATION = 5
CONCENTRATION_GINI = 0.5
CONCENTRATION_SHARE = 0.25  # one person carrying a quarter of a lopsided network's asks
NONE = Tally(0, 0)
UNANSWERED = (None, NOT_AN_ANSWER)  # an ask left without response continues a streak
UNCITED = Cited([], [])


def over_capacity(tally: Tally, plan: EngagementPlan) -> str | None:
    if tally.in_window <= plan.max_asks:
        return None
    return (f"Asked {tally.in_window} times in the last {plan.window_days} days; "
            f"they can carry {plan.max_asks}. Pick your battles.")


def taking_more_than_giving(tally: Tally, fed: int) -> str | None:
    asked = tally.in_ratio
    if asked < MIN_ASKS_FOR_RATIO or asked <= fed * MAX_ASKS_PER_FEEDING:
        return None
    return f"{asked} asks against {fed} moments of feeding in {RATIO_DAYS} days: too much taking, too little giving."


def unanswered_streak(pending: list[Pending]) -> list[Pending]:
    """The latest asks left without an answer, oldest first: `pending` are the asks from the latest
    answered one on, and the run starts after the last real answer among them. Asks younger than the
    grace period may still be answered: they neither count nor break the run."""
    start = next((i + 1 for i in range(len(pending) - 1, -1, -1) if pending[i].answer not in UNANSWERED), 0)
    streak = [ask for ask in pending[start:] if ask.answer is not None or not ask.young]
    return streak if len(streak) >= STREAK_LIMIT else []


def streak_words(streak: list[Pending]) -> str | None:
    if not streak:
        return None
    silent = sum(1 for a in streak if a.answer == NOT_AN_ANSWER)
    return (f"{len(streak)} asks in a row without an answer ({silent} with no response, "
            f"{len(streak) - silent} still open after {UNANSWERED_AFTER_DAYS} days): they may be tired of us.")


def carrying(tally: Tally, spread: dict[str, Any]) -> str | None:
    total, asked = spread["asks"], tally.in_ratio
    if total < MIN_ASKS_FOR_CONCENTRATION or spread["gini"] < CONCENTRATION_GINI or asked / total < CONCENTRATION_SHARE:
        return None
    return (f"Carries {asked} of the network's {total} asks in {RATIO_DAYS} days "
            f"({round(100 * asked / total)}%): the asks fall on the same few people.")


@dataclass
class Weighed:
    """One person weighed from counts alone: the order of the report and its reasons, before any ask
    behind a reason is read."""

    row: Any
    plan: EngagementPlan
    tally: Tally
    fed: int
    streak: list[Pending]
    reasons: list[tuple[str, str]]  # (code, words)

    @property
    def key(self) -> tuple:
        return -self.tally.in_window / self.plan.max_asks, -len(self.reasons), by_id(self.row.id)

    def cursor(self) -> str:
        return encode_cursor([self.tally.in_window, self.plan.max_asks, len(self.reasons), str(self.row.id)])


def weigh(row: Any, *, plan: EngagementPlan, tally: Tally, fed: int, pending: list[Pending],
          spread: dict[str, Any]) -> Weighed:
    streak = unanswered_streak(pending)
    found = [("over_capacity", over_capacity(tally, plan)),
             ("taking_more_than_giving", taking_more_than_giving(tally, fed)),
             ("unanswered_streak", streak_words(streak)), ("carries_many_asks", carrying(tally, spread))]
    return Weighed(row, plan, tally, fed, streak, [(code, words) for code, words in found if words])


def overuse(ctx: ReportContext, *, only: UUID | None = None, cursor: str | None = None,
            limit: int | None = None) -> dict[str, Any]:
    """Everyone over-asked, most over capacity first, with the network's concentration of asks; `only`
    weighs one person. With a `limit`, one page of them (`next_cursor` for the next), as the API answers."""
    defaults = ctx.defaults()
    active, windows = active_windows(ctx)
    at = moments(ctx, windows, defaults.window_days, ratio_days=RATIO_DAYS, grace_days=UNANSWERED_AFTER_DAYS)
    counted, pending = ask_counts(ctx, at), pending_asks(ctx, at, only=only)
    # Every reason needs an ask in the window or the 90 days, or a streak: only they are weighed.
    rows = [row for row in asked_people(ctx, only=only) if row.id in counted or row.id in pending]
    counts = {who: c.in_ratio for who, c in counted.items() if c.in_ratio}
    # Everyone who could carry asks: the active, and anyone else asked (archived since).
    asked = (sum(1 for row in rows if row.id in counts) if only is None else active_among(ctx, list(counts)))
    spread = concentration(counts, active + len(counts) - asked, window_days=RATIO_DAYS)
    fed = feedings_since(ctx, at.ratio)
    weighed = [w for w in (weigh(row, plan=plan_of(row, defaults), fed=fed.get(row.id, 0), spread=spread,
                                 tally=counted[row.id].tally(row.window_days) if row.id in counted else NONE,
                                 pending=pending.get(row.id, [])) for row in rows) if w.reasons]
    weighed.sort(key=lambda w: w.key)
    shown, paging = weighed_page(weighed, after=_after(cursor) if cursor else None, limit=limit)
    evidence = window_asks(ctx, at, {w.row.id: w.plan.window_days for w in shown if w.tally != NONE})
    opened, ids = names(ctx, [w.row for w in shown]), StoredIds()  # only the names shown; each ask's UUID once
    items = [_item(w, evidence.get(w.row.id, UNCITED), opened, ids) for w in shown]
    return {"as_of": ctx.at, "items": items, "total": len(weighed), "concentration": spread, **paging}


def _after(cursor: str) -> tuple:
    in_window, max_asks, reasons, person = decode_cursor(cursor, 4)
    numbers = (in_window, max_asks, reasons)
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in numbers) or max_asks == 0:
        raise BadCursor("cursor is not valid")
    try:
        return -in_window / max_asks, -reasons, by_id(UUID(person))
    except (TypeError, ValueError):
        raise BadCursor("cursor is not valid") from None


# Which asks each reason cites.
EVIDENCE = {"over_capacity": "window", "taking_more_than_giving": "ratio", "unanswered_streak": "streak",
            "carries_many_asks": "ratio"}


def _item(w: Weighed, cited: Cited, opened: dict, ids: StoredIds) -> dict[str, Any]:
    behind = {"window": cited.in_window, "ratio": cited.in_ratio, "streak": [a.id for a in w.streak]}
    reasons = [{"code": code, "text": words, "event_ids": ids.of(behind[EVIDENCE[code]])} for code, words in w.reasons]
    return {
        "stakeholder_id": w.row.id, "name": opened.get(w.row.id), "asks_in_window": w.tally.in_window,
        "max_asks": w.plan.max_asks, "window_days": w.plan.window_days, "asks_90_days": w.tally.in_ratio,
        "fed_90_days": w.fed, "reasons": reasons,
    }
