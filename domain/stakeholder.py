"""A stakeholder: a person in the network, with a relationship that has a history.

Personal fields (name, contact details) arrive sealed by the application's vault; the
aggregate keeps them as opaque strings, so erasing the key erases them everywhere.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import NetworkAggregate, check_not_before
from domain.errors import InvalidValue, NotAllowed
from domain.vocabulary import StakeholderStatus

# Profile fields a coordinator may change after registration ("profile updated").
PROFILE_FIELDS = (
    "name", "organisation_id", "function", "sector", "side", "level", "communities", "contact", "introduced_by",
)


class Stakeholder(NetworkAggregate):
    @event("Registered")
    def __init__(
        self, *, id: UUID, network_id: UUID, name: str, organisation_id: UUID | None, function: str, sector: str,
        side: str, level: str, communities: list[str], contact: str, introduced_by: UUID | None,
        plan: dict, occurred_at: datetime, recorded_by: str,
    ) -> None:
        self.network_id = network_id
        self.name = name
        self.organisation_id = organisation_id
        self.function = function
        self.sector = sector
        self.side = side
        self.level = level
        self.communities = communities
        self.contact = contact
        self.introduced_by = introduced_by
        self.plan = plan
        self.status = StakeholderStatus.ACTIVE.value
        self.successor_id: UUID | None = None
        self.erased = False
        self.registered_at = occurred_at

    @property
    def is_active(self) -> bool:
        return self.status == StakeholderStatus.ACTIVE

    def update_profile(self, *, changes: dict, occurred_at: datetime, recorded_by: str) -> None:
        self.check_not_erased("update the profile of")
        unknown = set(changes) - set(PROFILE_FIELDS)
        if unknown:
            raise InvalidValue("is not a profile field", field=sorted(unknown)[0])
        if changes.get("introduced_by") == self.id:
            raise InvalidValue("a stakeholder cannot introduce themselves", field="introduced_by")
        check_not_before("a profile update", occurred_at, self.registered_at)
        self._profile_updated(changes=changes, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("ProfileUpdated")
    def _profile_updated(self, *, changes: dict, occurred_at: datetime, recorded_by: str) -> None:
        for field, value in changes.items():
            setattr(self, field, value)

    def set_plan(self, *, plan: dict, occurred_at: datetime, recorded_by: str) -> None:
        self.check_not_erased("set the engagement plan of")
        check_not_before("an engagement plan", occurred_at, self.registered_at)
        self._plan_set(plan=plan, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("EngagementPlanSet")
    def _plan_set(self, *, plan: dict, occurred_at: datetime, recorded_by: str) -> None:
        self.plan = plan

    def hand_over(self, *, successor_id: UUID, occurred_at: datetime, recorded_by: str) -> None:
        self.check_active("hand over")
        if successor_id == self.id:
            raise InvalidValue("a stakeholder cannot succeed themselves", field="successor_id")
        check_not_before("a hand-over", occurred_at, self.registered_at)
        self._handed_over(successor_id=successor_id, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("HandedOver")
    def _handed_over(self, *, successor_id: UUID, occurred_at: datetime, recorded_by: str) -> None:
        self.successor_id = successor_id
        self.status = StakeholderStatus.ARCHIVED.value

    def archive(self, *, occurred_at: datetime, recorded_by: str) -> None:
        self.check_active("archive")
        check_not_before("archiving", occurred_at, self.registered_at)
        self._archived(occurred_at=occurred_at, recorded_by=recorded_by)

    @event("Archived")
    def _archived(self, *, occurred_at: datetime, recorded_by: str) -> None:
        self.status = StakeholderStatus.ARCHIVED.value

    def reactivate(self, *, occurred_at: datetime, recorded_by: str) -> None:
        self.check_not_erased("reactivate")
        if self.is_active:
            raise NotAllowed("the stakeholder is already active", field="status")
        check_not_before("reactivation", occurred_at, self.registered_at)
        self._reactivated(occurred_at=occurred_at, recorded_by=recorded_by)

    @event("Reactivated")
    def _reactivated(self, *, occurred_at: datetime, recorded_by: str) -> None:
        self.status = StakeholderStatus.ACTIVE.value
        self.successor_id = None

    def erase(self, *, occurred_at: datetime, recorded_by: str) -> None:
        self.check_not_erased("erase")
        self._erased(occurred_at=occurred_at, recorded_by=recorded_by)

    @event("PersonalDataErased")
    def _erased(self, *, occurred_at: datetime, recorded_by: str) -> None:
        # The key is destroyed by the application; here the person also leaves the active network.
        self.erased = True
        self.status = StakeholderStatus.ARCHIVED.value

    def check_active(self, action: str) -> None:
        self.check_not_erased(action)
        if not self.is_active:
            raise NotAllowed(f"cannot {action} an archived stakeholder", field="stakeholder_id")

    def check_not_erased(self, action: str) -> None:
        if self.erased:
            raise NotAllowed(f"cannot {action} a stakeholder whose personal data was erased", field="stakeholder_id")
