"""Organisations, stakeholders and groups: who is in the network and how they are organised."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from domain.checks import check_choice, check_email, check_intervals, check_phone, check_text, check_texts
from domain.commands.networks import check_plan
from domain.group import Group
from domain.organisation import Organisation
from domain.stakeholder import Stakeholder
from domain.vocabulary import GroupKind, Level, Limits, Sector, Side

if TYPE_CHECKING:
    from domain.application import Linkingpin, Written


def clean_organisation(fields: dict[str, Any]) -> dict[str, Any]:
    checks = {
        "name": lambda v: check_text("name", v, limit=Limits.NAME),
        "sector": lambda v: check_choice("sector", v, Sector).value,
        "side": lambda v: check_choice("side", v, Side).value,
        "mandate": lambda v: check_text("mandate", v, limit=Limits.LONG_TEXT, required=False),
        "aims": lambda v: check_text("aims", v, limit=Limits.LONG_TEXT, required=False),
    }
    return {k: checks[k](v) if k in checks else v for k, v in fields.items()}


class PeopleCommands:
    # Organisations.

    def register_organisation(
        self: Linkingpin, network_id: UUID, *, name: str, sector: str, side: str, mandate: str = "",
        aims: str = "", occurred_at: datetime | None = None, recorded_by: str,
    ) -> Written:
        self.network(network_id)
        fields = clean_organisation({"name": name, "sector": sector, "side": side, "mandate": mandate, "aims": aims})
        organisation = Organisation(
            network_id=network_id, **fields, occurred_at=self._moment(occurred_at), recorded_by=recorded_by,
        )
        return self._written(organisation)

    def update_organisation(
        self: Linkingpin, network_id: UUID, organisation_id: UUID, *, changes: dict, recorded_by: str,
        expected_version: int | None = None, occurred_at: datetime | None = None,
    ) -> Written:
        organisation = self._get(Organisation, network_id, organisation_id)
        self._check_version(organisation, expected_version)
        organisation.update(
            changes=clean_organisation(changes), occurred_at=self._moment(occurred_at), recorded_by=recorded_by,
        )
        return self._written(organisation)

    def organisation(self: Linkingpin, network_id: UUID, organisation_id: UUID) -> Organisation:
        return self._get(Organisation, network_id, organisation_id)

    # Stakeholders.

    def register_stakeholder(
        self: Linkingpin, network_id: UUID, *, name: str, sector: str, side: str, level: str,
        organisation_id: UUID | None = None, function: str = "", communities: list[str] | None = None,
        email: str = "", phone: str = "", introduced_by: UUID | None = None, plan: dict | None = None,
        occurred_at: datetime | None = None, recorded_by: str,
    ) -> Written:
        self.network(network_id)
        stakeholder_id = uuid4()
        # Everything is checked before a key is created: a refused registration leaves no key behind.
        check_text("name", name, limit=Limits.NAME)
        check_email("contact.email", email)
        check_phone("contact.phone", phone)
        profile = self._clean_profile(network_id, stakeholder_id, {
            "organisation_id": organisation_id, "function": function, "sector": sector, "side": side,
            "level": level, "communities": communities or [], "introduced_by": introduced_by,
        })
        clean_plan = self._plan(network_id, plan or {})
        at = self._moment(occurred_at)
        profile.update(self._clean_profile(network_id, stakeholder_id, {
            "name": name, "contact": {"email": email, "phone": phone}}))
        stakeholder = Stakeholder(
            id=stakeholder_id, network_id=network_id, **profile, plan=clean_plan, occurred_at=at,
            recorded_by=recorded_by,
        )
        return self._written(stakeholder)

    def stakeholder(self: Linkingpin, network_id: UUID, stakeholder_id: UUID, *,
                    field: str = "stakeholder_id") -> Stakeholder:
        return self._get(Stakeholder, network_id, stakeholder_id, field=field)

    def active_stakeholder(self: Linkingpin, network_id: UUID, stakeholder_id: UUID, *, action: str,
                           field: str = "stakeholder_id") -> Stakeholder:
        stakeholder = self.stakeholder(network_id, stakeholder_id, field=field)
        stakeholder.check_active(action)
        return stakeholder

    def update_stakeholder(
        self: Linkingpin, network_id: UUID, stakeholder_id: UUID, *, changes: dict, recorded_by: str,
        expected_version: int | None = None, occurred_at: datetime | None = None,
    ) -> Written:
        stakeholder = self.stakeholder(network_id, stakeholder_id)
        self._check_version(stakeholder, expected_version)
        stakeholder.check_not_erased("update the profile of")
        plan = changes.pop("plan", None)
        at = self._moment(occurred_at)
        if changes:
            profile = self._clean_profile(network_id, stakeholder_id, changes)
            stakeholder.update_profile(changes=profile, occurred_at=at, recorded_by=recorded_by)
        if plan is not None:
            stakeholder.set_plan(plan=self._plan(network_id, plan), occurred_at=at, recorded_by=recorded_by)
        return self._written(stakeholder)

    def set_engagement_plan(
        self: Linkingpin, network_id: UUID, stakeholder_id: UUID, *, plan: dict, recorded_by: str,
        occurred_at: datetime | None = None,
    ) -> Written:
        stakeholder = self.stakeholder(network_id, stakeholder_id)
        stakeholder.set_plan(
            plan=self._plan(network_id, plan), occurred_at=self._moment(occurred_at), recorded_by=recorded_by,
        )
        return self._written(stakeholder)

    def hand_over(
        self: Linkingpin, network_id: UUID, stakeholder_id: UUID, *, successor_id: UUID, recorded_by: str,
        occurred_at: datetime | None = None,
    ) -> Written:
        stakeholder = self.stakeholder(network_id, stakeholder_id)
        if successor_id != stakeholder_id:
            self.active_stakeholder(network_id, successor_id, action="hand over to", field="successor_id")
        stakeholder.hand_over(successor_id=successor_id, occurred_at=self._moment(occurred_at), recorded_by=recorded_by)
        return self._written(stakeholder)

    def archive_stakeholder(
        self: Linkingpin, network_id: UUID, stakeholder_id: UUID, *, recorded_by: str,
        occurred_at: datetime | None = None,
    ) -> Written:
        stakeholder = self.stakeholder(network_id, stakeholder_id)
        stakeholder.archive(occurred_at=self._moment(occurred_at), recorded_by=recorded_by)
        return self._written(stakeholder)

    def reactivate_stakeholder(
        self: Linkingpin, network_id: UUID, stakeholder_id: UUID, *, recorded_by: str,
        occurred_at: datetime | None = None,
    ) -> Written:
        stakeholder = self.stakeholder(network_id, stakeholder_id)
        stakeholder.reactivate(occurred_at=self._moment(occurred_at), recorded_by=recorded_by)
        return self._written(stakeholder)

    def erase_stakeholder(self: Linkingpin, network_id: UUID, stakeholder_id: UUID, *, recorded_by: str) -> Written:
        """Crypto-shred: record the erasure, then destroy the key so every sealed field reads as erased."""
        stakeholder = self.stakeholder(network_id, stakeholder_id)
        stakeholder.erase(occurred_at=self.clock(), recorded_by=recorded_by)
        written = self._written(stakeholder)
        self.vault.shred(stakeholder_id)
        return written

    def _plan(self: Linkingpin, network_id: UUID, plan: dict) -> dict:
        """A stakeholder's own plan; with the network's defaults filling its gaps it must still make sense."""
        clean = check_plan(plan, partial=True)
        effective = self.effective_plan(network_id, clean)
        check_intervals(effective.ideal_interval_days, effective.max_interval_days)
        return clean

    def _clean_profile(self: Linkingpin, network_id: UUID, stakeholder_id: UUID, fields: dict) -> dict:
        clean: dict[str, Any] = {}
        for field, value in fields.items():
            if field == "name":
                clean[field] = self.vault.seal(stakeholder_id, check_text("name", value, limit=Limits.NAME))
            elif field == "contact":
                contact = value or {}
                email = check_email("contact.email", contact.get("email", ""))
                phone = check_phone("contact.phone", contact.get("phone", ""))
                sealed = json.dumps({"email": email, "phone": phone}) if email or phone else ""
                clean[field] = self.vault.seal(stakeholder_id, sealed)
            elif field == "organisation_id":
                clean[field] = value and self._get(Organisation, network_id, value, field=field).id
            elif field == "introduced_by":
                clean[field] = value and self.stakeholder(network_id, value, field=field).id
            elif field == "function":
                clean[field] = check_text(field, value, limit=Limits.SHORT_TEXT, required=False)
            elif field in ("sector", "side", "level"):
                vocabulary = {"sector": Sector, "side": Side, "level": Level}[field]
                clean[field] = check_choice(field, value, vocabulary).value
            elif field == "communities":
                clean[field] = check_texts(field, value)
            else:
                clean[field] = value  # unknown fields are refused by the aggregate
        return clean

    # Groups.

    def form_group(
        self: Linkingpin, network_id: UUID, *, name: str, kind: str, theme: str = "", sector: str | None = None,
        members: list[UUID] | None = None, occurred_at: datetime | None = None, recorded_by: str,
    ) -> Written:
        self.network(network_id)
        at = self._moment(occurred_at)
        group = Group(
            network_id=network_id, name=check_text("name", name, limit=Limits.NAME),
            kind=check_choice("kind", kind, GroupKind).value,
            theme=check_text("theme", theme, limit=Limits.SHORT_TEXT, required=False),
            sector=sector and check_choice("sector", sector, Sector).value, occurred_at=at, recorded_by=recorded_by,
        )
        for stakeholder_id in members or []:
            self.active_stakeholder(network_id, stakeholder_id, action="add to a group")
            group.add_member(stakeholder_id=stakeholder_id, occurred_at=at, recorded_by=recorded_by)
        return self._written(group)

    def group(self: Linkingpin, network_id: UUID, group_id: UUID, *, field: str = "id") -> Group:
        return self._get(Group, network_id, group_id, field=field)

    def add_group_member(
        self: Linkingpin, network_id: UUID, group_id: UUID, *, stakeholder_id: UUID, recorded_by: str,
        occurred_at: datetime | None = None,
    ) -> Written:
        group = self.group(network_id, group_id)
        self.active_stakeholder(network_id, stakeholder_id, action="add to a group")
        group.add_member(stakeholder_id=stakeholder_id, occurred_at=self._moment(occurred_at), recorded_by=recorded_by)
        return self._written(group)

    def remove_group_member(
        self: Linkingpin, network_id: UUID, group_id: UUID, *, stakeholder_id: UUID, recorded_by: str,
        occurred_at: datetime | None = None,
    ) -> Written:
        group = self.group(network_id, group_id)
        group.remove_member(
            stakeholder_id=stakeholder_id, occurred_at=self._moment(occurred_at), recorded_by=recorded_by,
        )
        return self._written(group)
