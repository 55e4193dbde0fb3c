"""Clients as a careful integrator writes them, and the log check that follows a faulty run.

A client keeps one Idempotency-Key per write and sends it again after a dropped connection, a 503 or
507 (waiting as Retry-After says) or a 409 "still in flight", until it gets an answer it can keep.
Each contact is marked by a unique `occurred_at`, a field that is stored in clear, so the log tells
how many times each write landed without opening any personal data.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from uuid import UUID

import httpx
from eventsourcing.utils import get_topic

from api.composition import Services
from domain.interactions import Contact

BASE = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=20)
IN_FLIGHT = "urn:linkingpin:problem:idempotency-in-flight"
CARRIED_OUT = "urn:linkingpin:problem:already-carried-out"


@dataclass
class Tally:
    """What the clients sent and got back; shared by their threads."""

    acknowledged: dict[datetime, str] = field(default_factory=dict)  # marker -> id of the written contact
    statuses: Counter = field(default_factory=Counter)
    requests: int = 0
    dropped: int = 0  # connections refused or cut (the server was dead or dying)
    missing_retry_after: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, response: httpx.Response | None) -> None:
        with self.lock:
            self.requests += 1
            if response is None:
                self.dropped += 1
                return
            self.statuses[response.status_code] += 1
            if response.status_code in (503, 507, 429) and "retry-after" not in response.headers:
                self.missing_retry_after += 1

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500 and status not in (503, 507))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def client(base_url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers=bearer(token), timeout=httpx.Timeout(20, connect=2))


def marker(client_number: int, write_number: int) -> datetime:
    return BASE + timedelta(seconds=client_number * 100_000 + write_number)


def contact(stakeholder_id: str, at: datetime) -> dict:
    return {"type": "contact", "stakeholder_id": stakeholder_id, "channel": "phone", "initiated_by": "us",
            "purpose": "check_in", "summary": "Checked in about the youth centre", "occurred_at": at.isoformat()}


def until_answered(api: httpx.Client, method: str, path: str, body: dict | None, tally: Tally, *,
                   key: str | None = None, give_up_after: float = 120) -> httpx.Response:
    """Send, and send again with the same key, until an answer that is not a fault."""
    key = key or str(uuid.uuid4())
    deadline = time.monotonic() + give_up_after
    while True:
        assert time.monotonic() < deadline, f"no answer for {method} {path} in {give_up_after} s"
        try:
            response = api.request(method, path, json=body, headers={"Idempotency-Key": key})
        except httpx.TransportError:
            tally.saw(None)
            time.sleep(0.2)
            continue
        tally.saw(response)
        if response.status_code in (503, 507):
            time.sleep(min(float(response.headers.get("retry-after", 1)), 2.0))
        elif response.status_code == 409 and response.json().get("type") == IN_FLIGHT:
            time.sleep(0.3)
        else:
            return response


def write_contacts(api: httpx.Client, stakeholder_id: str, number: int, tally: Tally, stop: threading.Event) -> None:
    """One client: contact after contact until told to stop; each acknowledged one is remembered."""
    write = 0
    while not stop.is_set():
        at = marker(number, write)
        answer = until_answered(api, "POST", "/v1/interactions", contact(stakeholder_id, at), tally)
        # A retry after a crash may learn that its first attempt was carried out, and which object it wrote.
        carried_out = answer.status_code == 409 and answer.json().get("type") == CARRIED_OUT
        assert answer.status_code == 201 or carried_out, answer.text
        with tally.lock:
            tally.acknowledged[at] = answer.json()["id"]
        write += 1


def start_writers(base_url: str, token: str, stakeholder_id: str, tally: Tally, stop: threading.Event, *,
                  count: int) -> list[threading.Thread]:
    """`count` clients, each on its own connection, writing contacts until `stop` is set."""
    writers = [threading.Thread(target=write_contacts, args=(client(base_url, token), stakeholder_id, n, tally, stop))
               for n in range(count)]
    for writer in writers:
        writer.start()
    return writers


def stop_writers(writers: list[threading.Thread], stop: threading.Event) -> None:
    stop.set()
    for writer in writers:
        writer.join(timeout=180)


def contacts_in_log(services: Services) -> dict[datetime, list[UUID]]:
    """Every contact the log holds, by its occurred_at."""
    found: dict[datetime, list[UUID]] = {}
    notifications = services.app.recorder.select_notifications(start=1, limit=10_000_000,
                                                                topics=[get_topic(Contact.Logged)])
    for notification in notifications:
        event = services.app.mapper.to_domain_event(notification)
        found.setdefault(event.occurred_at, []).append(event.originator_id)
    return found


def landed(services: Services, tally: Tally) -> tuple[int, int]:
    """(acknowledged writes in the log exactly once under their own id, writes that landed more than once)."""
    log = contacts_in_log(services)
    every_id = Counter(written for ids in log.values() for written in ids)
    once = sum(1 for at, written in tally.acknowledged.items()
               if UUID(written) in log.get(at, []) and every_id[UUID(written)] == 1)
    return once, sum(1 for ids in log.values() if len(ids) > 1)


def check_after_faults(env: dict[str, str], tally: Tally) -> tuple[int, int]:
    """After the faults: (acknowledged writes found exactly once, writes that landed twice); the audit
    chain still verifies and the views equal a rebuild."""
    from tests.e2e.test_faults_support import built, views_equal_a_rebuild

    services = built(env)
    try:
        found = landed(services, tally)
        verified = services.audit.verify()
        assert verified["ok"], verified["problems"][:5]  # say which positions and why
        views_equal_a_rebuild(services)
        return found
    finally:
        services.close()
