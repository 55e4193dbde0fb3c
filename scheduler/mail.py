"""Sending one member's digest over SMTP, retried with backoff; each attempt is recorded on
every new alert it carried, so a digest that went out is never sent again for them."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Any
from uuid import UUID

from domain.alert import Alert, DeliveryResult
from domain.webhook import email_channel
from scheduler.digest import compose, line, subject_name
from scheduler.retry import RetryLater, backoff, despite_conflicts
from scheduler.runtime import AlertRuntime, DeliveryConfig


def send_message(config: DeliveryConfig, message: EmailMessage) -> tuple[str, str]:
    try:
        with smtplib.SMTP(config.smtp_host or "", config.smtp_port, timeout=config.timeout_seconds) as smtp:
            if config.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if config.smtp_user:
                smtp.login(config.smtp_user, config.smtp_password or "")
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused:
        return DeliveryResult.REJECTED.value, "recipient refused"
    except smtplib.SMTPResponseException as error:
        permanent = error.smtp_code >= 500
        return (DeliveryResult.REJECTED if permanent else DeliveryResult.FAILED).value, f"SMTP {error.smtp_code}"
    except (smtplib.SMTPException, OSError) as error:
        return DeliveryResult.FAILED.value, type(error).__name__
    return DeliveryResult.DELIVERED.value, "accepted"


def send_digest(runtime: AlertRuntime, network_id: UUID, *, member: str, subscription: dict[str, Any],
                alerts: list[Alert]) -> str | None:
    """The member's digest if any alert is new to them; the last result, or None when nothing was new."""
    app, config = runtime.app, runtime.delivery
    channel = email_channel(member)
    wanted = [a for a in alerts if a.kind in subscription["kinds"]]
    new = [a for a in wanted if not a.settled(channel) and a.attempts(channel) < config.max_attempts]
    if not new or not subscription["email"]:
        return None
    message = compose(
        sender=config.smtp_from, to=subscription["email"], member=member, network=app.network(network_id).name,
        new=[line(a, who=subject_name(app, a), public_url=config.public_url) for a in new],
        still_open=[line(a, who=subject_name(app, a), public_url=config.public_url)
                    for a in wanted if a.delivered_to(channel)],
        public_url=config.public_url,
    )
    ids = [a.id for a in new]
    used = max(a.attempts(channel) for a in new)

    def attempt() -> str:
        nonlocal used
        result, detail = send_message(config, message)
        despite_conflicts(lambda: app.record_deliveries(network_id, alert_ids=ids, channel=channel, result=result,
                                                        detail=detail))
        used += 1
        if result == DeliveryResult.FAILED and used < config.max_attempts:
            raise RetryLater(detail)
        return result

    return backoff(config, remaining=config.max_attempts - used)(attempt)
