"""Hypothesis strategies for histories: random sequences of coordinator commands on one network.

Shared by the reload property (domain) and the projection properties (views equal rebuilds).
"""

from __future__ import annotations

import copy
from datetime import timedelta
from uuid import UUID

from hypothesis import strategies as st

from domain.application import Linkingpin
from domain.errors import DomainError
from domain.vocabulary import (
    AskOutcome, Attendance, Channel, ContactPurpose, Direction, GroupKind, Importance, MeetingFormat, Party,
    Sector, Sensitivity, Side,
)

BY = "hypothesis"
COMMANDS = [
    "register", "register", "contact", "contact", "information", "decline", "ask", "ask_outcome", "meeting",
    "agree", "close_expectation", "renegotiate", "group", "add_member", "remove_member", "archive", "reactivate",
    "hand_over", "update", "erase", "introduce", "direct",
]


def values(enum) -> st.SearchStrategy[str]:  # noqa: ANN001
    return st.sampled_from([member.value for member in enum])


class RecordingApp(Linkingpin):
    """Remembers each aggregate exactly as the commands left it, to compare with what reloads."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.saved: dict[UUID, object] = {}

    def _save(self, *aggregates):  # noqa: ANN002, ANN202
        position = super()._save(*aggregates)
        for aggregate in aggregates:
            self.saved[aggregate.id] = copy.deepcopy(aggregate)
        return position


class History:
    """Draws and runs commands; refusals are part of life and leave nothing behind."""

    def __init__(self, app: Linkingpin, network_id: UUID, data: st.DataObject, *, start_days_ago: int = 400) -> None:
        self.app, self.n, self.data = app, network_id, data
        self.people: list[UUID] = []
        self.asks: list[UUID] = []
        self.expectations: list[UUID] = []
        self.groups: list[UUID] = []
        self.day = float(start_days_ago)
        self.refused = 0

    def when(self):  # noqa: ANN201
        self.day = max(0.0, self.day - self.data.draw(st.floats(0, 6), label="days pass"))
        return self.app.clock() - timedelta(days=self.day)

    def pick(self, items: list[UUID], label: str) -> UUID:
        return self.data.draw(st.sampled_from(items), label=label)

    def run(self, steps: int) -> None:
        for _ in range(steps):
            command = self.data.draw(st.sampled_from(COMMANDS), label="command")
            if command != "register" and not self.people:
                command = "register"
            try:
                getattr(self, f"_{command}")()
            except DomainError:
                self.refused += 1

    def _register(self) -> None:
        written = self.app.register_stakeholder(
            self.n, name=self.data.draw(st.text(min_size=1, max_size=20).filter(str.strip), label="name"),
            sector=self.data.draw(values(Sector)), side=self.data.draw(values(Side)),
            level=self.data.draw(st.sampled_from(["strategic", "operational"])),
            communities=self.data.draw(st.lists(st.sampled_from(["Centrum", "Far-West", "Koningslo"]), max_size=2)),
            plan=self.data.draw(st.sampled_from([None, {"ideal_interval_days": 14, "max_interval_days": 40},
                                                 {"max_asks": 2, "window_days": 14}])),
            occurred_at=self.when(), recorded_by=BY)
        self.people.append(written.id)

    def _contact(self) -> None:
        self.app.log_contact(
            self.n, stakeholder_id=self.pick(self.people, "who"), channel=self.data.draw(values(Channel)),
            initiated_by=self.data.draw(values(Party)), purpose=self.data.draw(values(ContactPurpose)),
            summary="talked", occurred_at=self.when(), recorded_by=BY)

    def _information(self) -> None:
        self.app.log_information(
            self.n, stakeholder_id=self.pick(self.people, "who"), direction=self.data.draw(values(Direction)),
            topic="topic", sensitivity=self.data.draw(values(Sensitivity)), occurred_at=self.when(), recorded_by=BY)

    def _decline(self) -> None:
        self.app.log_information_declined(
            self.n, stakeholder_id=self.pick(self.people, "who"), declined_by=self.data.draw(values(Party)),
            reason=self.data.draw(st.sampled_from(["", "confidential"])), occurred_at=self.when(), recorded_by=BY)

    def _ask(self) -> None:
        written = self.app.make_ask(
            self.n, stakeholder_id=self.pick(self.people, "who"), purpose="host",
            importance=self.data.draw(values(Importance)), occurred_at=self.when(), recorded_by=BY)
        self.asks.append(written.id)

    def _ask_outcome(self) -> None:
        if self.asks:
            self.app.record_ask_outcome(self.n, self.pick(self.asks, "ask"), outcome=self.data.draw(values(AskOutcome)),
                                        occurred_at=self.when(), recorded_by=BY)

    def _meeting(self) -> None:
        chosen = self.data.draw(st.lists(st.sampled_from(self.people), min_size=1, max_size=4, unique=True))
        self.app.hold_meeting(
            self.n, title="meeting", format=self.data.draw(values(MeetingFormat)),
            attendees=[{"stakeholder_id": p, "attendance": self.data.draw(values(Attendance))} for p in chosen],
            group_id=self.pick(self.groups, "group") if self.groups and self.data.draw(st.booleans()) else None,
            occurred_at=self.when(), recorded_by=BY)

    def _agree(self) -> None:
        at = self.when()
        written = self.app.agree_expectation(
            self.n, stakeholder_id=self.pick(self.people, "who"), owed_by=self.data.draw(values(Party)),
            description="promise", due_on=(at + timedelta(days=self.data.draw(st.integers(-5, 40)))).date(),
            occurred_at=at, recorded_by=BY)
        self.expectations.append(written.id)

    def _close_expectation(self) -> None:
        if self.expectations:
            action = self.data.draw(st.sampled_from(["fulfil", "miss", "withdraw"]))
            getattr(self.app, f"{action}_expectation")(
                self.n, self.pick(self.expectations, "expectation"), occurred_at=self.when(), recorded_by=BY)

    def _renegotiate(self) -> None:
        if self.expectations:
            at = self.when()
            self.app.renegotiate_expectation(
                self.n, self.pick(self.expectations, "expectation"), due_on=(at + timedelta(days=20)).date(),
                reason="later", occurred_at=at, recorded_by=BY)

    def _group(self) -> None:
        written = self.app.form_group(self.n, name="group", kind=self.data.draw(values(GroupKind)),
                                      occurred_at=self.when(), recorded_by=BY)
        self.groups.append(written.id)

    def _add_member(self) -> None:
        if self.groups:
            self.app.add_group_member(self.n, self.pick(self.groups, "group"), stakeholder_id=self.pick(self.people, "who"),
                                      occurred_at=self.when(), recorded_by=BY)

    def _remove_member(self) -> None:
        if self.groups:
            self.app.remove_group_member(self.n, self.pick(self.groups, "group"),
                                         stakeholder_id=self.pick(self.people, "who"), occurred_at=self.when(),
                                         recorded_by=BY)

    def _archive(self) -> None:
        self.app.archive_stakeholder(self.n, self.pick(self.people, "who"), occurred_at=self.when(), recorded_by=BY)

    def _reactivate(self) -> None:
        self.app.reactivate_stakeholder(self.n, self.pick(self.people, "who"), occurred_at=self.when(), recorded_by=BY)

    def _hand_over(self) -> None:
        self.app.hand_over(self.n, self.pick(self.people, "who"), successor_id=self.pick(self.people, "successor"),
                           occurred_at=self.when(), recorded_by=BY)

    def _update(self) -> None:
        self.app.update_stakeholder(
            self.n, self.pick(self.people, "who"), changes={"function": "role", "sector": self.data.draw(values(Sector)),
                                                             "plan": {"ideal_interval_days": 10}},
            occurred_at=self.when(), recorded_by=BY)

    def _erase(self) -> None:
        if self.data.draw(st.integers(0, 4), label="rarely erase") == 0:
            self.app.erase_stakeholder(self.n, self.pick(self.people, "who"), recorded_by=BY)

    def _introduce(self) -> None:
        if len(self.people) >= 2:
            pair = self.data.draw(st.lists(st.sampled_from(self.people), min_size=2, max_size=3, unique=True))
            self.app.log_introduction(self.n, stakeholder_ids=pair, reason="same youth", occurred_at=self.when(),
                                      recorded_by=BY)

    def _direct(self) -> None:
        if len(self.people) >= 2:
            pair = self.data.draw(st.lists(st.sampled_from(self.people), min_size=2, max_size=2, unique=True))
            self.app.log_direct_contact(self.n, stakeholder_ids=pair, occurred_at=self.when(), recorded_by=BY)
