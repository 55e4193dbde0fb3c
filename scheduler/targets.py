"""Where webhooks may go: the host is resolved before every request, and addresses of the
server's own machine and network (loopback, private, link-local, multicast, reserved) are
refused unless the deployment allows them (tests, closed networks)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from domain.webhook import is_private_address


class TargetRefused(Exception):
    """The webhook's address is not one linkingpin may send to."""


def check_target(url: str, *, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused("not an http or https URL")
    if allow_private:
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        resolved = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise TargetRefused(f"the host name does not resolve ({error.strerror})") from None
    for *_, sockaddr in resolved:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        # Every address must be public: a name answering with one private address is refused.
        if is_private_address(address):
            raise TargetRefused(f"resolves to a non-public address ({address})")
