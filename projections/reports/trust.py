"""Trust history: "Giving trust is receiving trust."

An indicator of trust-building behaviour in one relationship, not a judgement of a person. It
starts at 50 and moves with how promises and exchanges went; every point names the events that
moved it. The formula and its weights are documented in docs/trust.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby
from typing import Any
from uuid import UUID

from sqlalchemy import select

from domain.errors import NotFound
from projections.reports import trust_facts
from projections.reports.context import ReportContext
from projections.reports.facts import DAY, StoredIds, plan_of
from projections.reports.trust_facts import Fact, fact
from projections.reports.trust_weights import TrustWeights, current_weights

LOWEST, HIGHEST = 0.0, 100.0
SILENT = ("fed", "archived", "reactivated")  # facts that steer the neglect clock but weigh nothing


@dataclass
class Walk:
    """Where the indicator stands while a stakeholder's facts are replayed in order."""

    score: float
    last_fed: datetime
    previous: datetime
    active: bool = True
    shared: int = 0
    received: int = 0


class TrustBook:
    """Trust of several stakeholders from one round of queries; successors consult their predecessor."""

    def __init__(self, ctx: ReportContext, weights: TrustWeights | None = None) -> None:
        self.ctx = ctx
        self.weights = current_weights(weights or ctx.trust_weights)
        self.defaults = ctx.defaults()
        self.rows: dict[UUID, Any] = {}
        self.facts: dict[UUID, list[Fact]] = {}
        self.handed: dict[UUID, trust_facts.HandOver] = {}
        self.histories: dict[UUID, list[dict[str, Any]]] = {}

    def load(self, ids: list[UUID]) -> None:
        missing = [i for i in ids if i not in self.rows]
        if not missing:
            return
        s = self.ctx.t.stakeholders
        query = select(s).where(s.c.network_id == self.ctx.network_id, s.c.id.in_(missing),
                                s.c.occurred_at <= self.ctx.at)
        found = {row.id: row for row in self.ctx.connection.execute(query)}
        self.rows.update(found)
        self.facts.update(trust_facts.load(self.ctx, list(found)))
        self.handed.update(trust_facts.handovers(self.ctx, list(found)))

    def knows(self, stakeholder_id: UUID) -> bool:
        return stakeholder_id in self.rows

    def score(self, stakeholder_id: UUID) -> float:
        return self.history(stakeholder_id)[-1]["score"]

    def history(self, stakeholder_id: UUID, chain: frozenset = frozenset()) -> list[dict[str, Any]]:
        if stakeholder_id not in self.histories:
            self.histories[stakeholder_id] = self._walk(stakeholder_id, chain | {stakeholder_id})
        return self.histories[stakeholder_id]

    def _walk(self, stakeholder_id: UUID, chain: frozenset) -> list[dict[str, Any]]:
        row, w = self.rows[stakeholder_id], self.weights
        max_days = plan_of(row, self.defaults).max_interval_days
        facts, carried = self._facts_with_handover(stakeholder_id, chain)
        begin = min([row.occurred_at, *(f.at for f in facts[:1])])
        walk = Walk(score=w.start, last_fed=row.occurred_at, previous=begin)
        points = [point(begin, w.start, [{"code": "start", "delta": 0.0, "event_id": row.id}])]
        for moment, group in groupby(facts, key=lambda f: f.at):
            factors = self._decay(walk, moment, max_days)
            for one in group:
                factors.extend(self._apply(walk, one, carried))
            walk.score = min(HIGHEST, max(LOWEST, walk.score))
            if factors:
                points.append(point(moment, walk.score, factors))
        tail = self._decay(walk, self.ctx.at, max_days)
        if tail:
            points.append(point(self.ctx.at, walk.score, tail))
        return points

    def _facts_with_handover(self, stakeholder_id: UUID, chain: frozenset) -> tuple[list[Fact], float]:
        """The successor carries on from where the relationship with the predecessor stood."""
        facts = self.facts.get(stakeholder_id, [])
        handed = self.handed.get(stakeholder_id)
        if handed is None or handed.predecessor_id in chain:
            return facts, 0.0
        self.load([handed.predecessor_id])
        if not self.knows(handed.predecessor_id):
            return facts, 0.0
        before = [p for p in self.history(handed.predecessor_id, chain) if p["at"] <= handed.at]
        carried = (before[-1]["score"] - self.weights.start) * self.weights.handover_carry if before else 0.0
        moment = max(handed.at, self.rows[stakeholder_id].occurred_at)
        return sorted([*facts, fact(moment, handed.event_id, "handed_over")]), carried

    def _decay(self, walk: Walk, moment: datetime, max_days: int) -> list[dict[str, Any]]:
        """Days past the maximum contact interval, while active, sink the score toward `decay_toward`."""
        w = self.weights
        days = 0.0
        if walk.active:
            start = max(walk.previous, walk.last_fed + timedelta(days=max_days))
            days = max(0.0, (moment - start).total_seconds() / DAY)
        walk.previous = max(walk.previous, moment)
        drop = min(w.neglect_decay_per_day * days, max(0.0, walk.score - w.decay_toward))
        if drop <= 0:
            return []
        walk.score -= drop
        return [{"code": "neglect_decay", "delta": -round(drop, 2), "event_id": None, "days": round(days, 2)}]

    def _apply(self, walk: Walk, one: Fact, carried: float) -> list[dict[str, Any]]:
        if one.code in SILENT:
            steer(walk, one)
            return []
        code = exchange(walk, one.code, self.weights) if one.code.startswith("information_") else one.code
        delta = carried if code == "handed_over" else getattr(self.weights, code)
        if not delta:
            return []
        walk.score += delta
        return [{"code": code, "delta": round(delta, 2), "event_id": one.event_id}]


def steer(walk: Walk, one: Fact) -> None:
    if one.code == "fed":
        walk.last_fed = max(walk.last_fed, one.at)
    elif one.code == "archived":
        walk.active = False
    else:  # reactivated: the neglect clock starts again, archived time was not neglect
        walk.active = True
        walk.last_fed = max(walk.last_fed, one.at)


def exchange(walk: Walk, code: str, w: TrustWeights) -> str:
    """Information weighs more while the give and take stays even."""
    shared = code == "information_shared"
    ahead = walk.shared - walk.received if shared else walk.received - walk.shared
    walk.shared += shared
    walk.received += not shared
    return "information_reciprocal" if ahead < w.imbalance_tolerance else "information_one_sided"


def point(at: datetime, score: float, factors: list[dict[str, Any]]) -> dict[str, Any]:
    event_ids = list(dict.fromkeys(f["event_id"] for f in factors if f["event_id"] is not None))
    return {"at": at, "score": round(score, 2), "event_ids": event_ids, "factors": factors}


def trust(ctx: ReportContext, *, stakeholder_id: UUID) -> dict[str, Any]:
    book = TrustBook(ctx)
    stakeholder_id = UUID(str(stakeholder_id))
    book.load([stakeholder_id])
    if not book.knows(stakeholder_id):
        raise NotFound(f"no stakeholder {stakeholder_id} in this network", field="stakeholder_id")
    history = shown(book.history(stakeholder_id))
    return {"stakeholder_id": stakeholder_id, "score": history[-1]["score"], "history": history,
            "weights": book.weights.to_dict()}


def shown(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A history with its event ids as UUIDs: facts are read with their ids as stored (`trust_facts.load`)."""
    ids = StoredIds()
    for at in history:
        at["event_ids"] = ids.of(at["event_ids"])
        for factor in at["factors"]:
            if factor["event_id"] is not None:
                factor["event_id"] = ids[factor["event_id"]]
    return history


def trust_scores(ctx: ReportContext, ids: list[UUID]) -> dict[UUID, float]:
    """The current score of each of `ids` known by T, for lists that show it beside each person."""
    book = TrustBook(ctx)
    book.load(ids)
    return {i: book.score(i) for i in ids if book.knows(i)}
