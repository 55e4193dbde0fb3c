"""Who hears about a network's alerts: webhook endpoints and members who get the email digest.

A webhook's `whsec_` secret is shown once to whoever created it and kept sealed under the
network's key. The digest goes to members (people holding a token of the network) who gave an
email address: the network's `Recipients` lists both, so delivery needs no read model.
"""

from __future__ import annotations

import base64
import ipaddress
import secrets
from datetime import datetime
from urllib.parse import urlsplit
from uuid import UUID, uuid5

from eventsourcing.domain import event

from domain.base import NetworkAggregate
from domain.errors import InvalidValue, NotAllowed

SECRET_PREFIX = "whsec_"
URL_LIMIT = 2000


def new_webhook_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def webhook_channel(webhook_id: UUID) -> str:
    return f"webhook:{webhook_id}"


def email_channel(member: str) -> str:
    return f"email:{member}"


def is_private_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Addresses a webhook must not reach from the server: its own, its neighbours', and non-routable ones."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (address.is_loopback or address.is_private or address.is_link_local or address.is_multicast
            or address.is_reserved or address.is_unspecified or not address.is_global)


def check_webhook_url(url: object, *, allow_private: bool) -> str:
    """An http(s) URL without credentials; obvious local targets are refused here, and the
    delivery resolves the host name again before every request (names can change)."""
    if not isinstance(url, str) or not url.strip() or len(url) > URL_LIMIT:
        raise InvalidValue(f"must be an http or https URL of at most {URL_LIMIT} characters", field="url")
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidValue("must be an http or https URL with a host", field="url")
    if parts.username or parts.password:
        raise InvalidValue("must not carry a user name or password", field="url")
    if not allow_private and _names_private_host(parts.hostname):
        raise InvalidValue("must not point at a loopback, private or link-local address", field="url")
    return url


def _names_private_host(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return is_private_address(ipaddress.ip_address(host.split("%")[0]))
    except ValueError:
        return False  # a name: checked when it is resolved, at delivery


class Webhook(NetworkAggregate):
    @event("Created")
    def __init__(
        self, *, network_id: UUID, url: str, kinds: list[str], secret: str, occurred_at: datetime, recorded_by: str,
    ) -> None:
        self.network_id = network_id
        self.url = url
        self.kinds = kinds
        self.secret = secret  # sealed
        self.created_at = occurred_at
        self.disabled_at: datetime | None = None
        self.disabled_reason = ""

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None

    @property
    def channel(self) -> str:
        return webhook_channel(self.id)

    def wants(self, kind: str) -> bool:
        return self.is_active and kind in self.kinds

    def disable(self, *, reason: str, occurred_at: datetime, recorded_by: str) -> None:
        if not self.is_active:
            raise NotAllowed("the webhook is already disabled", field="id")
        self._disabled(reason=reason, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("Disabled")
    def _disabled(self, *, reason: str, occurred_at: datetime, recorded_by: str) -> None:
        self.disabled_at, self.disabled_reason = occurred_at, reason


class Recipients(NetworkAggregate):
    @staticmethod
    def create_id(network_id: UUID, **_: object) -> UUID:
        return recipients_id(network_id)

    @event("Opened")
    def __init__(self, *, network_id: UUID, occurred_at: datetime, recorded_by: str) -> None:
        self.network_id = network_id
        self.webhook_ids: list[UUID] = []
        self.digest: dict[str, dict] = {}  # member -> {"email": sealed, "kinds": [...]}

    @event("WebhookAdded")
    def add_webhook(self, *, webhook_id: UUID, occurred_at: datetime, recorded_by: str) -> None:
        self.webhook_ids.append(webhook_id)

    @event("DigestSubscribed")
    def subscribe(self, *, member: str, email: str, kinds: list[str], occurred_at: datetime, recorded_by: str) -> None:
        # Subscribing again changes the address or kinds; the member keeps one subscription.
        self.digest[member] = {"email": email, "kinds": kinds}

    def unsubscribe(self, *, member: str, occurred_at: datetime, recorded_by: str) -> None:
        if member not in self.digest:
            raise NotAllowed("the member does not get the digest", field="member")
        self._unsubscribed(member=member, occurred_at=occurred_at, recorded_by=recorded_by)

    @event("DigestUnsubscribed")
    def _unsubscribed(self, *, member: str, occurred_at: datetime, recorded_by: str) -> None:
        del self.digest[member]


def recipients_id(network_id: UUID) -> UUID:
    return uuid5(network_id, "linkingpin:alert-recipients")
