"""Feeding: each time a stakeholder was fed ("don't leave your network alone"), and when each was last fed.

Contact, information shared, attending a meeting and a promise of ours kept feed a relationship; an ask
does not. Neglect reads only this view, the directory and the groups, so its as-of replays skip the
interactions, asks and information the activity view keeps.
"""

from __future__ import annotations

from types import SimpleNamespace

from eventsourcing.dispatch import singledispatchmethod
from sqlalchemy import Column, Index, MetaData, String, Table, Uuid, bindparam, literal, select

from domain.expectation import Expectation
from domain.interactions import Contact, InformationExchange
from domain.meeting import Meeting
from domain.stakeholder import Stakeholder
from projections.db import UtcDateTime, upsert_ignore
from projections.views.activity_tables import unique_key
from projections.views.base import View, eid
from projections.views.kept import last_fed, note_feeding


def define(metadata: MetaData, prefix: str) -> SimpleNamespace:
    return SimpleNamespace(
        feedings=Table(
            f"{prefix}feedings", metadata,
            Column("event_id", Uuid, nullable=False), Column("stakeholder_id", Uuid, nullable=False),
            Column("network_id", Uuid, nullable=False), Column("kind", String(32), nullable=False),
            Column("occurred_at", UtcDateTime(), nullable=False),
            unique_key(prefix, "feedings", "event_id", "stakeholder_id"),
            # When each person was last fed or contacted, and how often lately: one seek per person,
            # from the index alone.
            Index(f"ix_{prefix}feedings_stakeholder_occurred", "stakeholder_id", "occurred_at", "kind"),
        ),
        last_fed=last_fed(metadata, prefix),
        # Whose promise each expectation is: a fulfilment feeds the stakeholder only when the promise was ours.
        promises=Table(
            f"{prefix}promises", metadata,
            Column("id", Uuid, primary_key=True), Column("stakeholder_id", Uuid, nullable=False),
            Column("network_id", Uuid, nullable=False), Column("owed_by", String(8), nullable=False),
        ),
    )


class FeedingView(View):
    name = "feeding"
    define = staticmethod(define)

    @singledispatchmethod
    def apply(self, e: object) -> None:
        pass

    @apply.register
    def _(self, e: Contact.Logged) -> None:
        self._fed(e, e.stakeholder_id, "contact")

    @apply.register
    def _(self, e: InformationExchange.Logged) -> None:
        if e.direction == "shared":
            self._fed(e, e.stakeholder_id, "information_shared")

    @apply.register
    def _(self, e: Meeting.Held) -> None:
        for attendee in e.attendees:
            if attendee["attendance"] == "present":
                self._fed(e, attendee["stakeholder_id"], "meeting_attended")

    @apply.register
    def _(self, e: Expectation.Agreed) -> None:
        self.insert(self.t.promises, {"id": e.originator_id, "stakeholder_id": e.stakeholder_id,
                                      "network_id": e.network_id, "owed_by": e.owed_by})

    @apply.register
    def _(self, e: Expectation.Fulfilled) -> None:
        """A promise we kept feeds the stakeholder; the event does not say whose promise, the row does."""
        p, f = self.t.promises, self.t.feedings
        agreed = self.pending_row(p, e.originator_id)
        if agreed is not None:  # agreed in this batch: the row is still in memory
            if agreed["owed_by"] == "us":
                self._fed(e, agreed["stakeholder_id"], "expectation_fulfilled")
            return
        # Whose promise it was never changes, so this may run anywhere in the batch: it only writes feedings.
        self.prepared("fed_by_promise", lambda: f.insert().from_select(
            ["event_id", "stakeholder_id", "network_id", "kind", "occurred_at"],
            select(bindparam("event_id", type_=Uuid), p.c.stakeholder_id, p.c.network_id,
                   literal("expectation_fulfilled"), bindparam("occurred_at", type_=UtcDateTime()))
            .where(p.c.id == bindparam("row_id"), p.c.owed_by == "us")),
            {"event_id": eid(e), "occurred_at": e.occurred_at, "row_id": e.originator_id}, f)
        k = self.t.last_fed
        self.prepared("last_fed_by_promise", lambda: note_feeding(k, self.view.engine, select(
            p.c.stakeholder_id, p.c.network_id, bindparam("occurred_at", type_=UtcDateTime()))
            .where(p.c.id == bindparam("row_id"), p.c.owed_by == "us")),
            {"occurred_at": e.occurred_at, "row_id": e.originator_id}, k)

    @apply.register
    def _(self, e: Stakeholder.Registered) -> None:
        t = self.t.last_fed  # never fed yet: neglect counts from the start of the relationship
        self.prepared("registered", lambda: upsert_ignore(t, self.view.engine),
                      {"stakeholder_id": e.originator_id, "network_id": e.network_id, "last_at": None}, t)

    def _fed(self, e: object, stakeholder_id: object, kind: str) -> None:
        self.insert(self.t.feedings, {"event_id": eid(e), "stakeholder_id": stakeholder_id, "network_id": e.network_id,
                                      "kind": kind, "occurred_at": e.occurred_at})
        t = self.t.last_fed
        self.prepared("last_fed", lambda: note_feeding(t, self.view.engine), {
            "stakeholder_id": stakeholder_id, "network_id": e.network_id, "last_at": e.occurred_at}, t)
