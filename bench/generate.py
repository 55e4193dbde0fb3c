"""Synthetic histories shaped like the field guide: outreach first, groups later, some neglect, some over-asking.

Aggregates are built directly and saved a network's turn (25) per transaction, so a million events
take minutes, not hours; the events are exactly those the application's commands would record.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from domain.application import Linkingpin
from domain.ask import Ask
from domain.expectation import Expectation
from domain.group import Group
from domain.interactions import Contact, InformationExchange
from domain.meeting import Meeting
from domain.stakeholder import Stakeholder
from domain.vocabulary import Sector

BY = "generator"
TURN = 25  # aggregates of one network saved together before another network's turn
SECTORS = [s.value for s in Sector]
COMMUNITIES = ["Centrum", "Far-West", "Koningslo", "Muslim community", "Sub-Saharan community", "Syriac community"]


class HistoryGenerator:
    def __init__(self, app: Linkingpin, *, seed: int = 7, days: int = 3 * 365) -> None:
        self.app = app
        self.rng = random.Random(seed)
        self.days = days
        self.end = app.clock()
        self.start = self.end - timedelta(days=days)

    def networks(self, *, count: int, stakeholders: int, events: int,
                 progress: Callable[[int], object] | None = None) -> list[tuple[UUID, int]]:
        """Several networks sharing the totals unevenly (a few big cities, many small towns): the
        largest holds about a third. Answers each network's id and event count, largest first."""
        weights = [1 / (rank + 1) for rank in range(count)]
        shares = [w / sum(weights) for w in weights]
        made, streams = [], []
        for rank, share in enumerate(shares):
            people = max(20, round(stakeholders * share))
            size = max(people + 10, round(events * share))
            network_id, stream = self._network(f"bench-{rank}", stakeholders=people, events=size, progress=progress)
            made.append((network_id, size))
            streams.append((stream, size))
        self._interleave(streams, progress)
        return made

    def _network(self, slug: str, *, stakeholders: int, events: int,
                 progress: Callable[[int], object] | None) -> tuple[UUID, Iterator]:
        """The network and its people, saved; and its interactions, still to be saved."""
        network_id = self.app.create_network(slug=slug, name=f"Network {slug}").id
        people = [self._person(network_id, i, stakeholders) for i in range(stakeholders)]
        self._save(people, progress)
        return network_id, self._interactions(network_id, [p.id for p in people], events - stakeholders)

    def _interleave(self, streams: list[tuple[Iterator, int]], progress: Callable[[int], object] | None) -> None:
        """Save a few aggregates at a time of whichever network is furthest behind its share, so each
        network's events are spread over the whole log, as when municipalities log side by side (a
        replay of one network then reads past the others' events, as it would in production)."""
        done, left = [0] * len(streams), set(range(len(streams)))
        while left:
            turn = min(left, key=lambda k: done[k] / streams[k][1])
            batch = list(itertools.islice(streams[turn][0], TURN))
            if len(batch) < TURN:
                left.discard(turn)
            self._save(batch, progress)
            done[turn] += len(batch)

    def _save(self, aggregates: list, progress: Callable[[int], object] | None) -> None:
        if not aggregates:
            return
        count = sum(len(a.pending_events) for a in aggregates)
        self.app.save(*aggregates)
        if progress:
            progress(count)

    def when(self, low: float = 0.0, high: float = 1.0) -> datetime:
        """A moment in the history; outreach happens early (low), groups later."""
        fraction = self.rng.uniform(low, high)
        return self.by_now(self.start + timedelta(days=self.days * fraction, minutes=self.rng.randint(0, 600)))

    def by_now(self, moment: datetime) -> datetime:
        """Nothing is dated after the history's end (the application refuses moments in the future)."""
        return min(moment, self.end)

    def _meeting(self, network_id: UUID, fed: list[UUID], groups: list) -> Meeting:
        """Groups meet with their members (who sometimes send apologies); other meetings are small and
        ad hoc. Co-attendance therefore links people who work together, as in a real network."""
        if groups and self.rng.random() < 0.7:
            group_id, kind, members = self.rng.choice(groups)
            attendance = [{"stakeholder_id": m, "attendance": "present" if self.rng.random() < 0.8 else "excused"}
                          for m in members]
            return Meeting.hold(network_id=network_id, title="", format=f"{kind}_group", themes=[], group_id=group_id,
                                attendees=attendance, takeaways="", disseminated_to=[],
                                occurred_at=self.when(0.6, 1.0), recorded_by=BY)
        attendees = self.rng.sample(fed, min(len(fed), self.rng.randint(2, 4)))
        return Meeting.hold(network_id=network_id, title="", format="case_consultation", themes=[], group_id=None,
                            attendees=[{"stakeholder_id": a, "attendance": "present"} for a in attendees],
                            takeaways="", disseminated_to=[], occurred_at=self.when(0.3, 1.0), recorded_by=BY)

    def _person(self, network_id: UUID, i: int, total: int) -> Stakeholder:
        person_id = uuid4()
        return Stakeholder(
            id=person_id, network_id=network_id, name=self.app.vault.seal(person_id, f"Person {i}"),
            organisation_id=None, function="", sector=self.rng.choice(SECTORS),
            side=self.rng.choice(["formal", "formal", "informal"]), level=self.rng.choice(["strategic", "operational"]),
            communities=self.rng.sample(COMMUNITIES, self.rng.randint(0, 2)), contact="", introduced_by=None, plan={},
            occurred_at=self.when(0.0, 0.3 * (i + 1) / total + 0.01), recorded_by=BY)

    def _interactions(self, network_id: UUID, people: list[UUID], count: int) -> Iterator:
        # A tenth of the network is neglected (never fed again), a twentieth carries most asks.
        fed = people[: max(1, len(people) * 9 // 10)]
        asked = people[: max(1, len(people) // 20)]
        groups = []
        made = 0
        while made < count:
            roll = self.rng.random()
            if roll < 0.55:
                yield Contact(network_id=network_id, stakeholder_id=self.rng.choice(fed), channel="phone",
                              initiated_by="us", purpose="check_in", summary="", occurred_at=self.when(), recorded_by=BY)
                made += 1
            elif roll < 0.7:
                yield InformationExchange(network_id=network_id, stakeholder_id=self.rng.choice(fed),
                                          direction=self.rng.choice(["shared", "received"]), topic="",
                                          sensitivity="internal", occurred_at=self.when(), recorded_by=BY)
                made += 1
            elif roll < 0.85:
                ask = Ask(network_id=network_id, stakeholder_id=self.rng.choice(asked), purpose="", importance="routine",
                          occurred_at=self.when(0.5, 1.0), recorded_by=BY)
                if self.rng.random() < 0.6:
                    ask.record_outcome(outcome=self.rng.choice(["accepted", "declined", "no_response"]),
                                       occurred_at=self.by_now(ask.occurred_at + timedelta(days=1)), recorded_by=BY)
                made += len(ask.pending_events)
                yield ask
            elif roll < 0.93:
                agreed = self.when()
                expectation = Expectation(network_id=network_id, stakeholder_id=self.rng.choice(people),
                                          owed_by=self.rng.choice(["us", "them"]), description="",
                                          due_on=(agreed + timedelta(days=30)).date(), occurred_at=agreed, recorded_by=BY)
                if self.rng.random() < 0.7:
                    expectation.fulfil(occurred_at=self.by_now(agreed + timedelta(days=self.rng.randint(1, 45))),
                                       recorded_by=BY)
                elif agreed < self.end - timedelta(days=120):
                    # Promises long past their date are closed as missed: only recent ones stay open.
                    expectation.miss(occurred_at=agreed + timedelta(days=self.rng.randint(31, 90)), recorded_by=BY)
                made += len(expectation.pending_events)
                yield expectation
            elif roll < 0.94 and len(groups) < max(1, len(people) // 10):
                group = Group(network_id=network_id, name=f"Group {len(groups)}",
                              kind=self.rng.choice(["homogeneous", "heterogeneous"]), theme="", sector=None,
                              occurred_at=self.when(0.3, 0.6), recorded_by=BY)
                for member in self.rng.sample(people, min(len(people), 6)):
                    group.add_member(stakeholder_id=member, occurred_at=group.formed_at, recorded_by=BY)
                groups.append((group.id, group.kind, [m for m in group.members]))
                made += len(group.pending_events)
                yield group
            else:
                yield self._meeting(network_id, fed, groups)
                made += 1


