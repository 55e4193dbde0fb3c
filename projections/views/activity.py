"""Activity: every interaction and what it means for the relationship (asks, information, promises);
feeding is a view of its own (`projections.views.feeding`).

Rows are facts keyed by event, so the reports computed from them (neglect, overuse, trust,
reciprocity, expectations, timeline) do not depend on the order facts were recorded in.
"""

from __future__ import annotations

from eventsourcing.dispatch import singledispatchmethod
from sqlalchemy import bindparam

from domain.ask import Ask
from domain.expectation import Expectation
from domain.interactions import Contact, DirectContact, InformationDeclined, InformationExchange, Introduction
from domain.meeting import Meeting
from domain.stakeholder import Stakeholder
from projections.db import upsert_ignore
from projections.views.activity_tables import define
from projections.views.base import View, eid
from projections.views.exchanges import add_counts, figures


class ActivityView(View):
    name = "activity"
    define = staticmethod(define)

    @singledispatchmethod
    def apply(self, e: object) -> None:
        pass

    @apply.register
    def _(self, e: Contact.Logged) -> None:
        self._interaction(e, "contact", [e.stakeholder_id], sealed={"summary": e.summary}, sealed_by=e.stakeholder_id,
                          channel=e.channel, initiated_by=e.initiated_by, purpose=e.purpose)

    @apply.register
    def _(self, e: InformationExchange.Logged) -> None:
        self._interaction(e, "information", [e.stakeholder_id], sealed={"topic": e.topic}, sealed_by=e.stakeholder_id,
                          direction=e.direction, sensitivity=e.sensitivity)
        self._information(e, kind=e.direction, sensitivity=e.sensitivity)

    @apply.register
    def _(self, e: InformationDeclined.Logged) -> None:
        self._interaction(e, "information_declined", [e.stakeholder_id], sealed={"reason": e.reason},
                          sealed_by=e.stakeholder_id, declined_by=e.declined_by, reason_given=e.reason_given)
        self._information(e, kind="declined", by=e.declined_by, reason_given=e.reason_given)

    @apply.register
    def _(self, e: Ask.Made) -> None:
        self._interaction(e, "ask", [e.stakeholder_id], sealed={"purpose": e.purpose}, sealed_by=e.stakeholder_id,
                          importance=e.importance)
        self.insert(self.t.asks, {
            "id": e.originator_id, "network_id": e.network_id, "stakeholder_id": e.stakeholder_id,
            "importance": e.importance, "occurred_at": e.occurred_at, "outcome": None, "answered_at": None,
            "outcome_event_id": None})
        t = self.t.asked
        self.prepared("asked", lambda: upsert_ignore(t, self.view.engine),
                      {"network_id": e.network_id, "stakeholder_id": e.stakeholder_id}, t)

    @apply.register
    def _(self, e: Ask.OutcomeRecorded) -> None:
        self.update(self.t.asks, e.originator_id, outcome=e.outcome, answered_at=e.occurred_at, outcome_event_id=eid(e))

    @apply.register
    def _(self, e: Meeting.Held) -> None:
        self._interaction(e, "meeting", [], sealed={"title": e.title, "takeaways": e.takeaways}, sealed_by=e.network_id,
                          format=e.format, themes=e.themes, group_id=e.group_id and str(e.group_id),
                          disseminated_to=[str(s) for s in e.disseminated_to])
        for attendee in e.attendees:
            self._party(e, attendee["stakeholder_id"], attendee["attendance"])

    @apply.register
    def _(self, e: Introduction.Logged) -> None:
        self._interaction(e, "introduction", e.stakeholder_ids, sealed={"reason": e.reason}, sealed_by=e.network_id)

    @apply.register
    def _(self, e: DirectContact.Logged) -> None:
        self._interaction(e, "direct_contact", e.stakeholder_ids, sealed={"summary": e.summary}, sealed_by=e.network_id)

    @apply.register
    def _(self, e: Expectation.Agreed) -> None:
        self.insert(self.t.expectations, {
            "id": e.originator_id, "network_id": e.network_id, "stakeholder_id": e.stakeholder_id,
            "owed_by": e.owed_by, "description": e.description, "agreed_at": e.occurred_at, "due_on": e.due_on,
            "status": "open", "closed_at": None, "closed_event_id": None, "renegotiations": 0,
            "version": e.originator_version})

    @apply.register
    def _(self, e: Expectation.Renegotiated) -> None:
        t = self.t.expectations
        agreed = self.pending_row(t, e.originator_id)
        if agreed is not None:
            agreed.update(due_on=e.due_on, renegotiations=agreed["renegotiations"] + 1, version=e.originator_version)
            return
        self.prepared("renegotiated", lambda: t.update().where(t.c.id == bindparam("row_id")).values(
            due_on=bindparam("due_on"), renegotiations=t.c.renegotiations + 1, version=bindparam("version")),
            {"row_id": e.originator_id, "due_on": e.due_on, "version": e.originator_version}, t)

    @apply.register(Expectation.Fulfilled)
    @apply.register(Expectation.Missed)
    @apply.register(Expectation.Withdrawn)
    def _(self, e: Expectation.Event) -> None:
        status = {"Fulfilled": "fulfilled", "Missed": "missed", "Withdrawn": "withdrawn"}[type(e).__name__]
        self.update(self.t.expectations, e.originator_id, status=status, closed_at=e.occurred_at,
                    closed_event_id=eid(e), version=e.originator_version)

    @apply.register
    def _(self, e: Stakeholder.PersonalDataErased) -> None:
        # Erasure reaches the view's sealed copies too.
        t, x = self.t.interactions, self.t.expectations
        self.prepared("erase_interactions", lambda: t.update().where(t.c.sealed_by == bindparam("subject"))
                      .values(sealed={}), {"subject": e.originator_id}, t)
        self.prepared("erase_expectations", lambda: x.update().where(x.c.stakeholder_id == bindparam("subject"))
                      .values(description=""), {"subject": e.originator_id}, x)

    def _interaction(self, e: object, kind: str, parties: list, *, sealed: dict, sealed_by: object,
                     **details: object) -> None:
        self.insert(self.t.interactions, {
            "id": eid(e), "network_id": e.network_id, "type": kind, "occurred_at": e.occurred_at,
            "recorded_at": e.timestamp, "recorded_by": e.recorded_by, "details": details, "sealed": sealed,
            "sealed_by": sealed_by})
        for stakeholder_id in parties:
            self._party(e, stakeholder_id, None)

    def _party(self, e: object, stakeholder_id: object, attendance: str | None) -> None:
        self.insert(self.t.parties, {"interaction_id": eid(e), "stakeholder_id": stakeholder_id,
                                     "network_id": e.network_id, "attendance": attendance, "occurred_at": e.occurred_at})

    def _information(self, e: object, *, kind: str, by: str | None = None, sensitivity: str | None = None,
                     reason_given: bool | None = None) -> None:
        self.insert(self.t.information, {
            "id": eid(e), "network_id": e.network_id, "stakeholder_id": e.stakeholder_id, "kind": kind, "by": by,
            "sensitivity": sensitivity, "reason_given": reason_given, "occurred_at": e.occurred_at})
        t = self.t.exchanges
        self.prepared("count_exchange", lambda: add_counts(t, self.view.engine), {
            "stakeholder_id": e.stakeholder_id, "network_id": e.network_id, "last_at": e.occurred_at,
            **figures(kind, by=by, reason_given=reason_given)}, t)
