"""`linkingpin demo`: about a year in the life of a local network, following the field guide's three steps.

Step 1 (months 0-4) individual outreach; step 2 (months 4-8) homogeneous groups with a training;
step 3 (months 8-12) a heterogeneous network with case consultations, introductions and direct
contacts. Some stakeholders are neglected, some are over-asked, promises go both ways.
Loading is idempotent: a second run finds the network and adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from uuid import UUID

from api import demo_data as cast
from domain.application import Linkingpin
from domain.errors import NotFound
from domain.network import network_id_for

RECORDER = "demo loader"


class DemoScript:
    def __init__(self, app: Linkingpin, *, now: datetime) -> None:
        self.app = app
        self.now = now
        self.start = now - timedelta(days=360)
        self.rng = random.Random(2015)
        self.network_id = network_id_for(cast.SLUG)
        self.orgs: dict[str, UUID] = {}
        self.people: dict[str, UUID] = {}
        self.groups: dict[str, UUID] = {}

    def day(self, n: float, hour: int = 10) -> datetime:
        return (self.start + timedelta(days=n)).replace(hour=hour, minute=0, second=0, microsecond=0)

    def run(self) -> Iterator[None]:
        """Perform the script, yielding once per recorded fact (for progress bars)."""
        self.app.create_network(slug=cast.SLUG, name=cast.NAME, timezone=cast.TIMEZONE, recorded_by=RECORDER)
        yield
        # Facts are recorded in an order that keeps every stakeholder active when a fact about them is logged.
        for part in (self._register, self._outreach, self._expectations, self._groups, self._network_phase,
                     self._feeding, self._asks):
            yield from part()

    def _register(self) -> Iterator[None]:
        for key, (name, sector, side, mandate) in cast.ORGANISATIONS.items():
            self.orgs[key] = self.app.register_organisation(
                self.network_id, name=name, sector=sector, side=side, mandate=mandate, occurred_at=self.day(0),
                recorded_by=RECORDER).id
            yield
        for i, (key, person) in enumerate(cast.STAKEHOLDERS.items()):
            when = self.day(270) if key == "sofie" else self.day(2 + i * 5)
            self.people[key] = self._register_person(person, when)
            yield

    def _register_person(self, person: tuple, when: datetime) -> UUID:
        name, org, function, sector, side, level, communities, email = person
        plan = {"ideal_interval_days": 21, "max_interval_days": 45} if level == "strategic" else None
        return self.app.register_stakeholder(
            self.network_id, name=name, organisation_id=self.orgs.get(org), function=function, sector=sector,
            side=side, level=level, communities=communities, email=email, plan=plan, occurred_at=when,
            recorded_by=RECORDER).id

    def _outreach(self) -> Iterator[None]:
        for i, key in enumerate(k for k in cast.STAKEHOLDERS if k != "sofie"):
            first = 2 + i * 5
            self._contact(key, first, "introduction", "Introduced myself and our focus: a network to prevent "
                                                      "radicalisation among our youth.")
            self._contact(key, first + 14, "awareness", "Talked about polarisation in town.")
            self.app.log_information(
                self.network_id, stakeholder_id=self.people[key], direction="shared", topic="Local situation report",
                sensitivity="internal", occurred_at=self.day(first + 15), recorded_by=RECORDER)
            yield
        self.app.log_information(
            self.network_id, stakeholder_id=self.people["youssef"], direction="received",
            topic="Signals from Far-West", sensitivity="confidential", occurred_at=self.day(60), recorded_by=RECORDER)
        self.app.log_information_declined(
            self.network_id, stakeholder_id=self.people["hassan"], declined_by="us",
            reason="Case details are confidential under the privacy rules; we shared the general picture instead.",
            occurred_at=self.day(75), recorded_by=RECORDER)
        self.app.log_information_declined(
            self.network_id, stakeholder_id=self.people["marc"], declined_by="them", occurred_at=self.day(90),
            recorded_by=RECORDER)
        yield

    def _contact(self, key: str, day: float, purpose: str, summary: str, initiated_by: str = "us") -> None:
        channel = self.rng.choice(["in_person", "in_person", "phone", "email", "video"])
        self.app.log_contact(
            self.network_id, stakeholder_id=self.people[key], channel=channel, initiated_by=initiated_by,
            purpose=purpose, summary=summary, occurred_at=self.day(day), recorded_by=RECORDER)

    def _groups(self) -> Iterator[None]:
        for key, (name, kind, theme, sector, members) in cast.GROUPS.items():
            formed = 240 if kind == "heterogeneous" else 125
            self.groups[key] = self.app.form_group(
                self.network_id, name=name, kind=kind, theme=theme, sector=sector,
                members=[self.people[m] for m in members], occurred_at=self.day(formed), recorded_by=RECORDER).id
            yield
        for month in range(4):
            for key in ("schools", "youth"):
                self._meeting(key, 130 + month * 30, "homogeneous_group", f"{cast.GROUPS[key][0]}: exchange of experiences")
                yield
        for key in ("schools", "youth"):
            self._meeting(key, 200, "training", "Training: awareness, signals and context")
            yield

    def _meeting(self, group: str, day: float, format: str, title: str) -> None:
        members = [m for m in cast.GROUPS[group][4] if self._active(m, day)]
        attendance = ["present", "present", "present", "excused", "absent"]
        self.app.hold_meeting(
            self.network_id, title=title, format=format, themes=[cast.GROUPS[group][2]], group_id=self.groups[group],
            attendees=[{"stakeholder_id": self.people[m], "attendance": self.rng.choice(attendance)} for m in members],
            takeaways="Agreed who follows up on which signal.", disseminated_to=[self.people[m] for m in members],
            occurred_at=self.day(day, 14), recorded_by=RECORDER)

    def _active(self, key: str, day: float) -> bool:
        return not (key == "youssef" and day >= 275) and not (key == "sofie" and day < 270)

    def _network_phase(self) -> Iterator[None]:
        self._meeting("together", 245, "network_event", "Together we prevent violent extremism")
        yield
        self.app.hand_over(
            self.network_id, self.people["youssef"], successor_id=self.people["sofie"], occurred_at=self.day(275),
            recorded_by=RECORDER)
        together = self.groups["together"]
        self.app.remove_group_member(
            self.network_id, together, stakeholder_id=self.people["youssef"], occurred_at=self.day(276),
            recorded_by=RECORDER)
        self.app.add_group_member(
            self.network_id, together, stakeholder_id=self.people["sofie"], occurred_at=self.day(276),
            recorded_by=RECORDER)
        yield
        for day in (280, 310, 340):
            self._meeting("together", day, "case_consultation", "Case consultation")
            yield
        for pair, day in ((("karim", "coach"), 150), (("samira", "hanne"), 160), (("fatima", "aminata"), 250),
                          (("imam", "marc"), 255)):
            self.app.log_introduction(
                self.network_id, stakeholder_ids=[self.people[p] for p in pair],
                reason="They work with the same young people.", occurred_at=self.day(day), recorded_by=RECORDER)
            yield
        for pair, day in ((("karim", "coach"), 200), (("samira", "hanne"), 290), (("fatima", "aminata"), 330)):
            self.app.log_direct_contact(
                self.network_id, stakeholder_ids=[self.people[p] for p in pair],
                summary="Worked together on a case without the coordinator.", occurred_at=self.day(day),
                recorded_by=RECORDER)
            yield

    def _feeding(self) -> Iterator[None]:
        # Regularly fed people; jonas, father, lien, mourad and aminata are left alone after outreach.
        fed = ["els", "pieter", "samira", "marc", "hanne", "kristof", "karim", "nora", "ann", "imam", "hassan",
               "coach", "fatima"]
        for key in fed:
            day = 80 + self.rng.randint(0, 20)
            while day < 355:
                if self._active(key, day):
                    purpose = self.rng.choice(["check_in", "follow_up", "support", "feedback"])
                    self._contact(key, day, purpose, "Checked in on how things are going.",
                                  self.rng.choice(["us", "us", "them"]))
                    yield
                day += self.rng.randint(18, 40)
        self._contact("sofie", 277, "introduction", "Welcomed the new neighbourhood officer.")
        yield

    def _asks(self) -> Iterator[None]:
        # Karim and the imam carry most asks: over-asked in the last month, with streaks of silence.
        heavy = [("karim", "accepted"), ("karim", "accepted"), ("karim", "no_response"), ("karim", "no_response"),
                 ("karim", None), ("imam", "accepted"), ("imam", "declined"), ("imam", "no_response"), ("imam", None)]
        for i, (key, outcome) in enumerate(heavy):
            self._ask(key, 333 + i * 3, outcome, "Spread the message about the parents' evening")
            yield
        for key, day in (("samira", 180), ("hanne", 220), ("coach", 260), ("fatima", 300), ("marc", 320)):
            self._ask(key, day, "accepted", "Present your expertise at the network meeting")
            yield

    def _ask(self, key: str, day: float, outcome: str | None, purpose: str) -> None:
        ask = self.app.make_ask(
            self.network_id, stakeholder_id=self.people[key], purpose=purpose,
            importance=self.rng.choice(["routine", "important", "critical"]), occurred_at=self.day(day),
            recorded_by=RECORDER)
        if outcome is not None:
            self.app.record_ask_outcome(
                self.network_id, ask.id, outcome=outcome, occurred_at=self.day(day + 2), recorded_by=RECORDER)

    def _expectations(self) -> Iterator[None]:
        # who, owed by, what, agreed (day), due (day), how it ended, when
        plans = [
            ("samira", "us", "Send the fact sheet on polarisation in schools", 40, 60, "fulfil", 55),
            ("youssef", "us", "Give feedback on the signals he shared", 62, 80, "fulfil", 95),
            ("imam", "us", "Raise the parking problem at Friday prayers with the city", 70, 120, "miss", 125),
            ("fatima", "us", "Find a room for the mothers' language class", 300, 340, None, None),
            ("hassan", "them", "Share the youth activity plan for the summer", 330, 370, None, None),
            ("coach", "them", "Nominate two coaches for the training", 150, 190, "fulfil", 185),
            ("karim", "us", "Arrange a meeting with the social welfare office", 200, 230, "renegotiate", 228),
            ("kristof", "us", "Co-fund the homework club", 210, 260, "withdraw", 250),
            ("hanne", "them", "Advise on the referral route for a worried parent", 290, 300, "miss", 310),
        ]
        for who, owed_by, description, agreed, due, ending, ending_day in plans:
            written = self.app.agree_expectation(
                self.network_id, stakeholder_id=self.people[who], owed_by=owed_by, description=description,
                due_on=self.day(due).date(), occurred_at=self.day(agreed), recorded_by=RECORDER)
            if ending == "renegotiate":
                self.app.renegotiate_expectation(
                    self.network_id, written.id, due_on=self.day(due + 60).date(),
                    reason="The office asked for a later date.", occurred_at=self.day(ending_day), recorded_by=RECORDER)
            elif ending is not None:
                getattr(self.app, f"{ending}_expectation")(
                    self.network_id, written.id, occurred_at=self.day(ending_day), recorded_by=RECORDER)
            yield


def load_demo(app: Linkingpin, *, now: datetime | None = None,
              progress: Callable[[int], object] | None = None) -> bool:
    """Load the demo network unless it exists already. Returns whether it loaded anything."""
    try:
        app.network(network_id_for(cast.SLUG))
        return False
    except NotFound:
        pass
    for _ in DemoScript(app, now=now or datetime.now(timezone.utc)).run():
        if progress:
            progress(1)
    return True


def count_steps(now: datetime | None = None) -> int:
    """How many progress ticks a load takes (a dry run in memory, for the progress bar's length)."""
    app = Linkingpin(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    return sum(1 for _ in DemoScript(app, now=now or datetime.now(timezone.utc)).run())
