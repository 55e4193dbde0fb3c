"""What the alert tests share: a real webhook receiver, a real SMTP server, a network with one
stakeholder per alert kind, and a runtime with fast retries. Its own tests check the receiver."""

from __future__ import annotations

import email
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from uuid import UUID

import httpx
import pytest
from standardwebhooks.webhooks import Webhook as StandardWebhook
from standardwebhooks.webhooks import WebhookVerificationError

from api.composition import Services, build
from scheduler.runtime import AlertRuntime, DeliveryConfig
from tests.builders import BY, network, stakeholder
from tests.conftest import Clock, sqlite_settings

PUBLIC_URL = "https://linkingpin.example.org"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(
    condition: Callable[[], object], *, timeout: float = 20.0, every: float = 0.05,
    context: Callable[[], object] = lambda: "",
) -> None:
    """Poll `condition`; on timeout fail with whatever `context` says about the state."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"condition not met in time {context()}"
        time.sleep(every)


class Receiver:
    """A webhook endpoint on 127.0.0.1 that checks every request with the `standardwebhooks`
    package and answers the scripted statuses in turn (then 200)."""

    def __init__(self, *statuses: int) -> None:
        self.secret: str | None = None
        self.statuses = list(statuses)
        self.received: list[dict] = []  # verified requests
        self.forged: list[dict] = []  # requests whose signature did not verify
        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), self._handler())
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hooks/linkingpin"

    def ids(self) -> list[str]:
        return [r["headers"]["webhook-id"] for r in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers["content-length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    payload = StandardWebhook(receiver.secret).verify(body, headers)
                except WebhookVerificationError:
                    receiver.forged.append({"headers": headers, "body": body})
                    status = 400
                else:
                    receiver.received.append({"headers": headers, "payload": payload})
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        return Handler


class Mailbox:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it accepts."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[email.message.EmailMessage] = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802 - aiosmtpd's handler API
        message = email.message_from_bytes(envelope.content, policy=email_policy)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def close(self) -> None:
        self.controller.stop()


@dataclass
class Scene:
    """A network with one stakeholder per alert kind, as of the services' clock."""

    network_id: UUID
    amal: UUID  # never fed since registered 90 days ago: neglected
    bram: UUID  # fed, but asked four times in ten days against a capacity of three: overused
    chloe: UUID  # owed a report we promised three days ago: an overdue expectation
    expectation_id: UUID
    ask_ids: list[UUID]


def scene(services: Services) -> Scene:
    app = services.app
    now = app.clock()
    network_id = network(app)
    amal = stakeholder(app, network_id, "Amal Haddad", occurred_at=now - timedelta(days=90))
    bram = stakeholder(app, network_id, "Bram Peeters", occurred_at=now - timedelta(days=90))
    chloe = stakeholder(app, network_id, "Chloé Dubois", occurred_at=now - timedelta(days=10))
    app.log_contact(network_id, stakeholder_id=bram, channel="phone", initiated_by="us", purpose="check_in",
                    occurred_at=now - timedelta(days=12), recorded_by=BY)
    # Chloé was fed at registration time, so only her promise is late.
    app.log_contact(network_id, stakeholder_id=chloe, channel="phone", initiated_by="us", purpose="introduction",
                    occurred_at=now - timedelta(days=10), recorded_by=BY)
    asks = [app.make_ask(network_id, stakeholder_id=bram, purpose="host the parents' evening",
                         occurred_at=now - timedelta(days=d), recorded_by=BY).id for d in (10, 8, 6, 4)]
    for ask_id in asks:
        app.record_ask_outcome(network_id, ask_id, outcome="accepted", occurred_at=now - timedelta(days=3),
                               recorded_by=BY)
    expectation = app.agree_expectation(
        network_id, stakeholder_id=chloe, owed_by="us", description="send the training report",
        due_on=(now - timedelta(days=3)).date(), occurred_at=now - timedelta(days=9), recorded_by=BY).id
    services.views.catch_up()
    return Scene(network_id, amal, bram, chloe, expectation, asks)


def fast_runtime(services: Services, **config: object) -> AlertRuntime:
    values = {"public_url": PUBLIC_URL, "allow_private": True, "backoff_seconds": 0.01,
              "backoff_max_seconds": 0.05, "timeout_seconds": 5.0, **config}
    return AlertRuntime(app=services.app, views=services.views, delivery=DeliveryConfig(**values))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.close()


def test_the_receiver_refuses_a_forged_signature(receiver):
    receiver.secret = "whsec_" + "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ=="
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(int(time.time())), "webhook-signature": "v1,Zm9yZ2Vk"}
    response = httpx.post(receiver.url, content=json.dumps({"type": "alert.raised"}), headers=headers)
    assert response.status_code == 400
    assert receiver.received == [] and len(receiver.forged) == 1


@pytest.fixture
def services(tmp_path, clock: Clock) -> Iterator[Services]:  # noqa: ANN001
    """A SQLite store whose facts follow the test's clock (shared by the alert and delivery tests)."""
    built = build(sqlite_settings(tmp_path), clock=clock)
    yield built
    built.close()
