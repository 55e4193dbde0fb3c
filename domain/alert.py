"""Alerts: what a scan found, one alert per episode, and what was done about it.

An episode starts when a scan first finds a condition (a stakeholder neglected, asked too often,
an expectation overdue) and ends when a later scan no longer finds it. A new episode of the same
condition is a new alert; resolved alerts stay in the log. The network's `AlertBook` knows which
conditions have an open episode, so scanning again raises nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from domain.base import NetworkAggregate, check_not_before
from domain.errors import InvalidValue, NotAllowed


class AlertKind(StrEnum):
    NEGLECT = "neglect"
    OVERUSE = "overuse"
    EXPECTATION_OVERDUE = "expectation_overdue"


class AlertStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    SNOOZED = "snoozed"
    RESOLVED = "resolved"


class SubjectType(StrEnum):
    STAKEHOLDER = "stakeholder"
    GROUP = "group"


class DeliveryResult(StrEnum):
    DELIVERED = "delivered"
    FAILED = "failed"  # worth another attempt
    REJECTED = "rejected"  # the receiver refused it for good
    GONE = "gone"  # the receiver answered 410: the endpoint is disabled
    REFUSED = "refused"  # we refused to send: the target is not an allowed address


FINAL_RESULTS = frozenset(r.value for r in DeliveryResult if r is not DeliveryResult.FAILED)


@dataclass(frozen=True)
class Finding:
    """One condition a scan found. `concern_id` names the episode's object: the stakeholder or
    group, or for an overdue expectation the expectation (one stakeholder may owe several)."""

    kind: str
    subject_type: str
    subject_id: UUID
    rule: str
    concern_id: UUID | None = None
    thresholds: dict[str, Any] = field(default_factory=dict)
    observed: dict[str, Any] = field(default_factory=dict)
    evidence: list[UUID] = field(default_factory=list)

    @property
    def key(self) -> str:
        return concern_key(self.kind, self.concern_id or self.subject_id)


def concern_key(kind: str, concern_id: UUID) -> str:
    return f"{kind}:{concern_id}"


def kind_of(key: str) -> str:
    return key.split(":", 1)[0]


def alert_id_for(network_id: UUID, key: str, episode: int) -> UUID:
    """Deterministic, so two scans racing on one episode collide instead of raising it twice."""
    return uuid5(network_id, f"linkingpin:alert:{key}:{episode}")


class Alert(NetworkAggregate):
    @staticmethod
    def create_id(network_id: UUID, kind: str, subject_id: UUID, concern_id: UUID | None, episode: int,
                  **_: object) -> UUID:
        return alert_id_for(network_id, concern_key(kind, concern_id or subject_id), episode)

    @event("Raised")
    def __init__(
        self, *, network_id: UUID, kind: str, subject_type: str, subject_id: UUID, concern_id: UUID | None,
        episode: int, rule: str, thresholds: dict, observed: dict, evidence: list[UUID], occurred_at: datetime,
        recorded_by: str,
    ) -> None:
        self.network_id = network_id
        self.kind, self.subject_type, self.subject_id = kind, subject_type, subject_id
        self.concern_id, self.episode = concern_id, episode
        self.rule, self.thresholds, self.observed, self.evidence = rule, thresholds, observed, evidence
        self.raised_at = occurred_at
        self.acknowledged_at: datetime | None = None
        self.acknowledged_by: str | None = None
        self.note = ""
        self.snoozed_until: datetime | None = None
        self.snooze_reason = ""
        self.resolved_at: datetime | None = None
        self.resolution = ""
        self.deliveries: dict[str, list[dict[str, Any]]] = {}

    @property
    def key(self) -> str:
        return concern_key(self.kind, self.concern_id or self.subject_id)

    def status_at(self, moment: datetime) -> str:
        """A snooze ends by itself at its date: from then on the alert is open (loud) again."""
        if self.resolved_at is not None:
            return AlertStatus.RESOLVED.value
        if self.snoozed_until is not None and moment < self.snoozed_until:
            return AlertStatus.SNOOZED.value
        if self.acknowledged_at is not None:
            return AlertStatus.ACKNOWLEDGED.value
        return AlertStatus.OPEN.value

    def acknowledge(self, *, note: str, occurred_at: datetime, recorded_by: str) -> None:
        self._check_unresolved("acknowledge", occurred_at)
        if self.acknowledged_at is not None:
            raise NotAllowed("the alert is already acknowledged", field="status")
        self._acknowledged(note=note, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("Acknowledged")
    def _acknowledged(self, *, note: str, occurred_at: datetime, recorded_by: str) -> None:
        self.acknowledged_at, self.acknowledged_by, self.note = occurred_at, recorded_by, note
        self.snoozed_until = None

    def snooze(self, *, until: datetime, reason: str, occurred_at: datetime, recorded_by: str) -> None:
        self._check_unresolved("snooze", occurred_at)
        if until <= occurred_at:
            raise InvalidValue("must lie in the future", field="until")
        self._snoozed(until=until, reason=reason, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("Snoozed")
    def _snoozed(self, *, until: datetime, reason: str, occurred_at: datetime, recorded_by: str) -> None:
        # A snooze asks to be reminded: when it ends the alert is open again, not acknowledged.
        self.snoozed_until, self.snooze_reason = until, reason
        self.acknowledged_at = self.acknowledged_by = None

    def resolve(self, *, reason: str, occurred_at: datetime, recorded_by: str) -> None:
        self._check_unresolved("resolve", occurred_at)
        self._resolved(reason=reason, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("Resolved")
    def _resolved(self, *, reason: str, occurred_at: datetime, recorded_by: str) -> None:
        self.resolved_at, self.resolution = occurred_at, reason

    def record_delivery(
        self, *, channel: str, attempt: int, result: str, detail: str, occurred_at: datetime, recorded_by: str,
    ) -> None:
        if self.delivered_to(channel):
            raise NotAllowed("was delivered already; a delivery that succeeded is never repeated", field="channel")
        if self.settled(channel):
            raise NotAllowed("has a final delivery result; no further attempts", field="channel")
        expected = self.attempts(channel) + 1
        if attempt != expected:
            raise InvalidValue(f"must be {expected}, the next attempt on this channel", field="attempt")
        check_not_before("a delivery", occurred_at, self.raised_at)
        self._delivered(channel=channel, attempt=attempt, result=result, detail=detail, occurred_at=occurred_at,
                        recorded_by=recorded_by)

    @event("Delivered")
    def _delivered(self, *, channel: str, attempt: int, result: str, detail: str, occurred_at: datetime,
                   recorded_by: str) -> None:
        self.deliveries.setdefault(channel, []).append(
            {"attempt": attempt, "result": result, "detail": detail, "at": occurred_at})

    def attempts(self, channel: str) -> int:
        return len(self.deliveries.get(channel, ()))

    def delivered_to(self, channel: str) -> bool:
        return any(d["result"] == DeliveryResult.DELIVERED for d in self.deliveries.get(channel, ()))

    def settled(self, channel: str) -> bool:
        return any(d["result"] in FINAL_RESULTS for d in self.deliveries.get(channel, ()))

    def _check_unresolved(self, action: str, occurred_at: datetime) -> None:
        if self.resolved_at is not None:
            raise NotAllowed(f"cannot {action} an alert that is resolved", field="status")
        check_not_before(action, occurred_at, self.raised_at)


class AlertBook(NetworkAggregate):
    """The network's index of alerts: the open episode per condition, and every alert ever raised."""

    @staticmethod
    def create_id(network_id: UUID, **_: object) -> UUID:
        return alert_book_id(network_id)

    @event("Opened")
    def __init__(self, *, network_id: UUID, occurred_at: datetime, recorded_by: str) -> None:
        self.network_id = network_id
        self.open: dict[str, UUID] = {}
        self.alert_ids: list[UUID] = []
        self.episodes: dict[str, int] = {}
        self.last_scan_at: datetime | None = None
        self.scans = 0

    def next_episode(self, key: str) -> int:
        return self.episodes.get(key, 0) + 1

    def open_episode(self, *, key: str, alert_id: UUID, occurred_at: datetime, recorded_by: str) -> None:
        if key in self.open:
            raise NotAllowed("an alert for this condition is open already", field="kind")
        self._episode_opened(key=key, alert_id=alert_id, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("EpisodeOpened")
    def _episode_opened(self, *, key: str, alert_id: UUID, occurred_at: datetime, recorded_by: str) -> None:
        self.open[key] = alert_id
        self.alert_ids.append(alert_id)
        self.episodes[key] = self.episodes.get(key, 0) + 1

    def close_episode(self, *, key: str, alert_id: UUID, occurred_at: datetime, recorded_by: str) -> None:
        if self.open.get(key) != alert_id:
            raise NotAllowed("this alert's episode is not open", field="id")
        self._episode_closed(key=key, alert_id=alert_id, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("EpisodeClosed")
    def _episode_closed(self, *, key: str, alert_id: UUID, occurred_at: datetime, recorded_by: str) -> None:
        del self.open[key]

    @event("Scanned")
    def record_scan(self, *, kinds: list[str], raised: int, resolved: int, occurred_at: datetime,
                    recorded_by: str) -> None:
        # Kept as a fact so auditors (and tests) can see when scans ran and what each one did.
        self.last_scan_at = occurred_at
        self.scans += 1


def alert_book_id(network_id: UUID) -> UUID:
    return uuid5(network_id, "linkingpin:alert-book")
