"""Network map: the edges between stakeholders, and whom the coordinator has reached.

Edges come from introductions the coordinator brokered, co-attendance at meetings, and
direct contacts stakeholders report without the coordinator ("the network works on its own").
Who the coordinator has reached (`first_contacts`) is kept here too, so the map and its as-of
replays need neither the activity view nor its facts. Groups and meetings are a view of their own
(`projections.views.groups`): neglect reads them (groups that have not met) but not the map.
"""

from __future__ import annotations

from itertools import combinations
from types import SimpleNamespace

from eventsourcing.dispatch import singledispatchmethod
from sqlalchemy import Column, Index, MetaData, String, Table, Uuid

from domain.interactions import Contact, DirectContact, Introduction
from domain.meeting import Meeting
from projections.db import UtcDateTime
from projections.views.base import View, eid
from projections.views.kept import first_contacts, note_contact

# Co-attendance pairs grow with the square of a meeting's size; beyond this a meeting is a crowd, not a link.
MAX_CO_ATTENDANCE = 40


def define(metadata: MetaData, prefix: str) -> SimpleNamespace:
    return SimpleNamespace(
        edges=Table(
            # Kept in the order the map pages through them, pair by pair (on SQLite the rows live in the
            # key's B-tree itself), so a page of links reads only its own rows.
            f"{prefix}edges", metadata,
            Column("network_id", Uuid, primary_key=True), Column("a", Uuid, primary_key=True),
            Column("b", Uuid, primary_key=True), Column("event_id", Uuid, primary_key=True),
            Column("kind", String(16), nullable=False), Column("occurred_at", UtcDateTime(), nullable=False),
            # The network's introductions and direct contacts alone; with the key beside each entry (on
            # SQLite's tables without rowid, every index holds it), how many events made them, too.
            Index(f"ix_{prefix}edges_network_kind", "network_id", "kind", "occurred_at"),
            sqlite_with_rowid=False,
        ),
        first_contacts=first_contacts(metadata, prefix),
    )


class NetworkMapView(View):
    name = "network_map"
    define = staticmethod(define)

    @singledispatchmethod
    def apply(self, e: object) -> None:
        pass

    @apply.register
    def _(self, e: Meeting.Held) -> None:
        present = sorted({a["stakeholder_id"] for a in e.attendees if a["attendance"] == "present"}, key=str)
        if len(present) <= MAX_CO_ATTENDANCE:
            self._edges(e, present, "co_attendance")

    @apply.register
    def _(self, e: Contact.Logged) -> None:
        t = self.t.first_contacts
        self.prepared("first_contact", lambda: note_contact(t, self.view.engine), {
            "stakeholder_id": e.stakeholder_id, "network_id": e.network_id, "occurred_at": e.occurred_at}, t)

    @apply.register
    def _(self, e: Introduction.Logged) -> None:
        self._edges(e, e.stakeholder_ids, "introduction")

    @apply.register
    def _(self, e: DirectContact.Logged) -> None:
        self._edges(e, e.stakeholder_ids, "direct_contact")

    def _edges(self, e: object, stakeholder_ids: list, kind: str) -> None:
        for a, b in combinations(sorted(stakeholder_ids, key=str), 2):
            self.insert(self.t.edges, {"event_id": eid(e), "a": a, "b": b, "network_id": e.network_id, "kind": kind,
                                       "occurred_at": e.occurred_at})
