"""Webhooks: endpoints that receive the network's alerts, signed, and what each delivery attempt did.

Only coordinators and admins see them, listing included: a webhook URL often carries the
receiver's own secret (chat and automation services put it in the path).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.auth import Writer
from api.deps import Paging, ServicesDep, settle
from api.paging import keyset_page
from api.routing import new_router
from api.schemas.alerts import DeliveryList, Webhook, WebhookIn, WebhookList

router = new_router("webhooks")


def present(webhook: Any, secret: str | None = None) -> dict:
    return {"id": webhook.id, "url": webhook.url, "kinds": webhook.kinds, "is_active": webhook.is_active,
            "created_at": webhook.created_at, "disabled_at": webhook.disabled_at,
            "disabled_reason": webhook.disabled_reason, "secret": secret}


@router.post("/v1/webhooks", status_code=201, response_model=Webhook)
def create_webhook(body: WebhookIn, caller: Writer, services: ServicesDep) -> dict:
    """A new endpoint; its `whsec_` signing secret is in this answer only (an idempotent replay shows null)."""
    written, secret = services.app.create_webhook(
        caller.network_id, url=body.url, kinds=body.kinds, allow_private=services.settings.webhook_allow_private,
        recorded_by=caller.member)
    settle(services, written)
    return present(services.app.webhook(caller.network_id, written.id), secret)


@router.get("/v1/webhooks", response_model=WebhookList)
def list_webhooks(caller: Writer, services: ServicesDep, paging: Paging) -> dict:
    """The network's endpoints, newest first, without their secrets."""
    found = services.app.webhooks(caller.network_id)
    listed = keyset_page(found, key=lambda w: (w.created_at.timestamp(), str(w.id)), paging=paging)
    return {**listed, "items": [present(webhook) for webhook in listed["items"]]}


@router.get("/v1/webhooks/{webhook_id}/deliveries", response_model=DeliveryList)
def list_deliveries(webhook_id: UUID, caller: Writer, services: ServicesDep, paging: Paging) -> dict:
    """Every attempt to deliver an alert to the endpoint, newest first."""
    found = services.app.webhook_deliveries(caller.network_id, webhook_id)
    return keyset_page(found, key=lambda d: (d["at"].timestamp(), str(d["alert_id"]), d["attempt"]), paging=paging)
