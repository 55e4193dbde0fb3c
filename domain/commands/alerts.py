"""Alerts and who hears about them.

A scan's findings become alerts here (`record_scan`): one per episode, resolved when the
condition clears, left alone while snoozed. Coordinators acknowledge, snooze and resolve;
the delivery worker records every attempt. Webhooks and the email digest are the recipients.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.alert import (
    Alert, AlertBook, AlertKind, DeliveryResult, Finding, SubjectType, alert_book_id, kind_of,
)
from domain.checks import check_choice, check_email, check_text
from domain.errors import InvalidValue, NotAllowed, NotFound
from domain.vocabulary import Limits
from domain.webhook import Recipients, Webhook, check_webhook_url, new_webhook_secret, recipients_id

if TYPE_CHECKING:
    from domain.application import Linkingpin, Written

MAX_EVIDENCE = 500
MAX_SNOOZE = timedelta(days=366)
CLEARED = "condition cleared"


def check_kinds(kinds: list[str] | None) -> list[str]:
    if kinds is None:
        return [k.value for k in AlertKind]
    if not isinstance(kinds, list) or not kinds:
        raise InvalidValue("must list at least one alert kind", field="kinds")
    return list(dict.fromkeys(check_choice("kinds", k, AlertKind).value for k in kinds))


def check_finding(finding: Finding) -> Finding:
    check_choice("kind", finding.kind, AlertKind)
    check_choice("subject_type", finding.subject_type, SubjectType)
    check_text("rule", finding.rule, limit=Limits.SHORT_TEXT)
    if len(finding.evidence) > MAX_EVIDENCE:
        raise InvalidValue(f"must name at most {MAX_EVIDENCE} events", field="evidence")
    return finding


class RecipientCommands:
    def recipients(self: Linkingpin, network_id: UUID) -> Recipients:
        """The network's recipients; a fresh, unsaved list before the first one is added."""
        try:
            return self._get(Recipients, network_id, recipients_id(network_id))
        except NotFound:
            self.network(network_id)
            return Recipients(network_id=network_id, occurred_at=self.clock(), recorded_by="system")

    def create_webhook(
        self: Linkingpin, network_id: UUID, *, url: str, kinds: list[str] | None = None,
        allow_private: bool = False, recorded_by: str,
    ) -> tuple[Written, str]:
        """A new endpoint; its `whsec_` secret is returned this once and kept sealed."""
        recipients = self.recipients(network_id)
        secret, at = new_webhook_secret(), self.clock()
        webhook = Webhook(
            network_id=network_id, url=check_webhook_url(url, allow_private=allow_private), kinds=check_kinds(kinds),
            secret=self.vault.seal(network_id, secret), occurred_at=at, recorded_by=recorded_by,
        )
        recipients.add_webhook(webhook_id=webhook.id, occurred_at=at, recorded_by=recorded_by)
        return self._written(webhook, recipients), secret

    def webhook(self: Linkingpin, network_id: UUID, webhook_id: UUID) -> Webhook:
        return self._get(Webhook, network_id, webhook_id)

    def webhooks(self: Linkingpin, network_id: UUID) -> list[Webhook]:
        return [self.webhook(network_id, i) for i in self.recipients(network_id).webhook_ids]

    def webhook_secret(self: Linkingpin, network_id: UUID, webhook_id: UUID) -> str:
        secret = self.vault.open(network_id, self.webhook(network_id, webhook_id).secret)
        if not secret:
            raise NotAllowed("the webhook's secret can no longer be opened", field="id")
        return secret

    def disable_webhook(self: Linkingpin, network_id: UUID, webhook_id: UUID, *, reason: str,
                        recorded_by: str) -> Written:
        webhook = self.webhook(network_id, webhook_id)
        webhook.disable(reason=check_text("reason", reason, limit=Limits.SHORT_TEXT), occurred_at=self.clock(),
                        recorded_by=recorded_by)
        return self._written(webhook)

    def webhook_deliveries(self: Linkingpin, network_id: UUID, webhook_id: UUID) -> list[dict[str, Any]]:
        """Every attempt to deliver to the endpoint, newest first."""
        channel = self.webhook(network_id, webhook_id).channel
        rows = [{"alert_id": alert.id, "kind": alert.kind, **attempt}
                for alert in self.alerts(network_id) for attempt in alert.deliveries.get(channel, ())]
        return sorted(rows, key=lambda r: (r["at"], r["attempt"]), reverse=True)

    def subscribe_to_digest(
        self: Linkingpin, network_id: UUID, *, member: str, email: str, kinds: list[str] | None = None,
        recorded_by: str,
    ) -> Written:
        """The member (someone holding an active token of the network) gets the email digest."""
        if member not in {t.member for t in self.tokens(network_id) if t.is_active}:
            raise InvalidValue("must be a member holding an active token of this network", field="member")
        address = check_email("email", email)
        if not address:
            raise InvalidValue("must not be empty", field="email")
        recipients = self.recipients(network_id)
        recipients.subscribe(member=member, email=self.vault.seal(network_id, address), kinds=check_kinds(kinds),
                             occurred_at=self.clock(), recorded_by=recorded_by)
        return self._written(recipients)

    def unsubscribe_from_digest(self: Linkingpin, network_id: UUID, *, member: str, recorded_by: str) -> Written:
        recipients = self.recipients(network_id)
        recipients.unsubscribe(member=member, occurred_at=self.clock(), recorded_by=recorded_by)
        return self._written(recipients)

    def digest_subscriptions(self: Linkingpin, network_id: UUID) -> list[dict[str, Any]]:
        return [{"member": member, "email": self.vault.open(network_id, entry["email"]), "kinds": entry["kinds"]}
                for member, entry in sorted(self.recipients(network_id).digest.items())]


class AlertCommands(RecipientCommands):
    def alert_book(self: Linkingpin, network_id: UUID) -> AlertBook:
        """The network's alert book; a fresh, unsaved one before the first scan."""
        try:
            return self._get(AlertBook, network_id, alert_book_id(network_id))
        except NotFound:
            self.network(network_id)
            return AlertBook(network_id=network_id, occurred_at=self.clock(), recorded_by="system")

    def record_scan(
        self: Linkingpin, network_id: UUID, *, findings: list[Finding], kinds: list[str],
        occurred_at: datetime | None = None, recorded_by: str,
    ) -> dict[str, Any]:
        """Raise an alert for each new condition; resolve open alerts of the scanned `kinds` whose
        condition is gone. Snoozed alerts whose condition persists stay as they are. One transaction."""
        book, at = self.alert_book(network_id), self._moment(occurred_at)
        found = {f.key: check_finding(f) for f in findings}
        changed: list[Alert] = []
        for key, finding in found.items():
            if key not in book.open:
                changed.append(self._open_episode(book, finding, at=at, recorded_by=recorded_by))
        raised = [a.id for a in changed]
        for key, alert_id in list(book.open.items()):
            if kind_of(key) not in kinds or key in found:
                continue
            alert = self.alert(network_id, alert_id)
            # A scan as of a moment before the alert was raised cannot say it has cleared.
            if at >= alert.raised_at:
                self._close_episode(book, alert, reason=CLEARED, at=at, recorded_by=recorded_by)
                changed.append(alert)
        resolved = [a.id for a in changed if a.id not in raised]
        book.record_scan(kinds=sorted(kinds), raised=len(raised), resolved=len(resolved), occurred_at=at,
                         recorded_by=recorded_by)
        return {"raised": raised, "resolved": resolved, "position": self._save(book, *changed)}

    def raise_alert(self: Linkingpin, network_id: UUID, finding: Finding, *, recorded_by: str,
                    occurred_at: datetime | None = None) -> Written | None:
        """Raise one alert by hand; None when the condition already has an open alert."""
        book = self.alert_book(network_id)
        if check_finding(finding).key in book.open:
            return None
        alert = self._open_episode(book, finding, at=self._moment(occurred_at), recorded_by=recorded_by)
        return self._written(alert, book)

    def alert(self: Linkingpin, network_id: UUID, alert_id: UUID) -> Alert:
        return self._get(Alert, network_id, alert_id)

    def alerts(self: Linkingpin, network_id: UUID, *, status: str | None = None,
               kind: str | None = None) -> list[Alert]:
        """The network's alerts, newest first, optionally of one status (as of now) and kind."""
        now = self.clock()
        found = [self.alert(network_id, i) for i in reversed(self.alert_book(network_id).alert_ids)]
        return [a for a in found if (status is None or a.status_at(now) == status) and (kind is None or a.kind == kind)]

    def acknowledge_alert(self: Linkingpin, network_id: UUID, alert_id: UUID, *, note: str = "", recorded_by: str,
                          occurred_at: datetime | None = None) -> Written:
        alert = self.alert(network_id, alert_id)
        note = check_text("note", note, limit=Limits.LONG_TEXT, required=False)
        alert.acknowledge(note=self._seal_for(alert, note), occurred_at=self._moment(occurred_at),
                          recorded_by=recorded_by)
        return self._written(alert)

    def snooze_alert(self: Linkingpin, network_id: UUID, alert_id: UUID, *, until: date | datetime,
                     reason: str = "", recorded_by: str, occurred_at: datetime | None = None) -> Written:
        """Quiet until `until`; a date means the start of that day in the network's time zone."""
        alert, at = self.alert(network_id, alert_id), self._moment(occurred_at)
        moment = self._snooze_end(network_id, until)
        if moment - at > MAX_SNOOZE:
            raise InvalidValue("must lie within a year", field="until")
        reason = check_text("reason", reason, limit=Limits.LONG_TEXT, required=False)
        alert.snooze(until=moment, reason=self._seal_for(alert, reason), occurred_at=at, recorded_by=recorded_by)
        return self._written(alert)

    def resolve_alert(self: Linkingpin, network_id: UUID, alert_id: UUID, *, reason: str = "resolved by hand",
                      recorded_by: str, occurred_at: datetime | None = None) -> Written:
        """Resolve by hand; if the condition persists, the next scan raises a new episode."""
        alert, book = self.alert(network_id, alert_id), self.alert_book(network_id)
        reason = check_text("reason", reason, limit=Limits.SHORT_TEXT)
        self._close_episode(book, alert, reason=reason, at=self._moment(occurred_at), recorded_by=recorded_by)
        return self._written(alert, book)

    def record_delivery(self: Linkingpin, network_id: UUID, alert_id: UUID, *, channel: str, attempt: int,
                        result: str, detail: str = "", recorded_by: str = "delivery") -> Written:
        alert = self.alert(network_id, alert_id)
        result = check_choice("result", result, DeliveryResult).value
        alert.record_delivery(channel=channel, attempt=attempt, result=result, detail=detail[:Limits.SHORT_TEXT],
                              occurred_at=self.clock(), recorded_by=recorded_by)
        return self._written(alert)

    def record_deliveries(self: Linkingpin, network_id: UUID, *, alert_ids: list[UUID], channel: str, result: str,
                          detail: str = "", recorded_by: str = "delivery") -> int | None:
        """One attempt that carried several alerts (a digest), recorded on each in one transaction."""
        alerts, at = [self.alert(network_id, i) for i in alert_ids], self.clock()
        result = check_choice("result", result, DeliveryResult).value
        for alert in alerts:
            alert.record_delivery(channel=channel, attempt=alert.attempts(channel) + 1, result=result,
                                  detail=detail[:Limits.SHORT_TEXT], occurred_at=at, recorded_by=recorded_by)
        return self._save(*alerts)

    def alert_record(self: Linkingpin, alert: Alert) -> dict[str, Any]:
        """An alert as the API and the digest show it (free text opened, or None once erased)."""
        is_person = alert.subject_type == SubjectType.STAKEHOLDER
        key_of = alert.subject_id if is_person else alert.network_id
        return {
            "id": alert.id, "kind": alert.kind, "status": alert.status_at(self.clock()),
            "stakeholder_id": alert.subject_id if is_person else None,
            "group_id": None if is_person else alert.subject_id,
            "expectation_id": alert.concern_id, "raised_at": alert.raised_at, "evidence": list(alert.evidence),
            "rule": alert.rule, "thresholds": dict(alert.thresholds), "observed": dict(alert.observed),
            "acknowledged_at": alert.acknowledged_at, "acknowledged_by": alert.acknowledged_by,
            "note": self.vault.open(key_of, alert.note), "snoozed_until": alert.snoozed_until,
            "snooze_reason": self.vault.open(key_of, alert.snooze_reason), "resolved_at": alert.resolved_at,
            "resolution": alert.resolution, "version": alert.version,
        }

    def _open_episode(self: Linkingpin, book: AlertBook, finding: Finding, *, at: datetime,
                      recorded_by: str) -> Alert:
        alert = Alert(
            network_id=book.network_id, kind=finding.kind, subject_type=finding.subject_type,
            subject_id=finding.subject_id, concern_id=finding.concern_id, episode=book.next_episode(finding.key),
            rule=finding.rule, thresholds=dict(finding.thresholds), observed=dict(finding.observed),
            evidence=list(dict.fromkeys(finding.evidence)), occurred_at=at, recorded_by=recorded_by,
        )
        book.open_episode(key=finding.key, alert_id=alert.id, occurred_at=at, recorded_by=recorded_by)
        return alert

    @staticmethod
    def _close_episode(book: AlertBook, alert: Alert, *, reason: str, at: datetime, recorded_by: str) -> None:
        alert.resolve(reason=reason, occurred_at=at, recorded_by=recorded_by)
        book.close_episode(key=alert.key, alert_id=alert.id, occurred_at=at, recorded_by=recorded_by)

    def _seal_for(self: Linkingpin, alert: Alert, text: str) -> str:
        # Notes about a person are sealed with that person's key, so erasing them erases the notes.
        is_person = alert.subject_type == SubjectType.STAKEHOLDER
        return self.vault.seal(alert.subject_id if is_person else alert.network_id, text)

    def _snooze_end(self: Linkingpin, network_id: UUID, until: object) -> datetime:
        if isinstance(until, datetime):
            if until.tzinfo is None or until.utcoffset() is None:
                raise InvalidValue("must carry a UTC offset (for example +01:00 or Z)", field="until")
            return until
        if isinstance(until, date):
            return datetime.combine(until, time(0), ZoneInfo(self.network(network_id).timezone))
        raise InvalidValue("must be a date (YYYY-MM-DD) or a date and time with a UTC offset", field="until")
