"""Bearer tokens: who is calling, for which network, with which role.

Each route states the roles it admits through one of the `Reader`, `Writer`, `Auditor` or
`Admin` dependencies; every lookup then uses `caller.network_id`, so another network's
objects answer 404 from the domain itself.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Annotated, Callable
from uuid import UUID

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ProblemError
from domain.access import Role

READ = frozenset(Role)
WRITE = frozenset({Role.COORDINATOR, Role.ADMIN})
AUDIT = frozenset({Role.AUDITOR, Role.ADMIN})
ADMIN = frozenset({Role.ADMIN})

bearer = HTTPBearer(auto_error=False, description="A member's token: `Authorization: Bearer lp_...`")


@dataclass(frozen=True)
class Caller:
    network_id: UUID
    member: str
    role: str
    token_id: UUID


class BadTokenLimiter:
    """A sliding window of failed authentications per client address.

    Guessing tokens is hopeless (256 bits), but repeated failures still cost a store lookup
    each, so an address that keeps failing is told to wait.
    """

    def __init__(self, *, limit: int = 20, window_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.clock = limit, window_seconds, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, address: str) -> int | None:
        """Seconds to wait when the address is over its limit, else None."""
        with self._lock:
            failures = self._recent(address)
            if len(failures) < self.limit:
                return None
            return max(1, int(failures[0] + self.window - self.clock()) + 1)

    def failed(self, address: str) -> None:
        with self._lock:
            self._recent(address).append(self.clock())
            if len(self._failures) > 10_000:  # bound memory under a spray of addresses
                self._failures = {a: f for a, f in self._failures.items() if f}

    def _recent(self, address: str) -> deque[float]:
        failures = self._failures.setdefault(address, deque())
        while failures and failures[0] <= self.clock() - self.window:
            failures.popleft()
        return failures


def _unauthorized(detail: str, *, invalid: bool) -> ProblemError:
    challenge = 'Bearer error="invalid_token"' if invalid else "Bearer"
    return ProblemError(401, detail, slug="unauthorized", headers={"WWW-Authenticate": challenge})


def identify(request: Request) -> Caller:
    """The caller behind the request's bearer token (remembered on the request), or a 401/429 problem."""
    known = getattr(request.state, "caller", None)
    if isinstance(known, Caller):
        return known
    if isinstance(known, ProblemError):
        raise known
    try:
        request.state.caller = _authenticate(request)
    except ProblemError as problem:
        request.state.caller = problem
        raise
    return request.state.caller


def _authenticate(request: Request) -> Caller:
    header = request.headers.get("authorization")
    if not header:
        raise _unauthorized("This API needs a bearer token.", invalid=False)
    limiter: BadTokenLimiter = request.app.state.bad_tokens
    address = request.client.host if request.client else "unknown"
    wait = limiter.retry_after(address)
    if wait is not None:
        raise ProblemError(429, "Too many invalid tokens from this address; try again later.",
                           slug="rate-limited", headers={"Retry-After": str(wait)})
    scheme, _, secret = header.partition(" ")
    token = request.app.state.services.app.authenticate(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        limiter.failed(address)
        raise _unauthorized("The token is unknown, malformed or revoked.", invalid=True)
    return Caller(network_id=token.network_id, member=token.member, role=token.role, token_id=token.id)


def require(roles: frozenset[Role]) -> Callable[..., Caller]:
    allowed = ", ".join(sorted(roles))

    def dependency(request: Request, _: HTTPAuthorizationCredentials | None = Security(bearer)) -> Caller:
        caller = identify(request)
        if caller.role not in roles:
            raise ProblemError(403, f"Your role ({caller.role}) cannot do this; it needs one of: {allowed}.",
                               slug="forbidden")
        return caller

    return dependency


Reader = Annotated[Caller, Depends(require(READ))]
Writer = Annotated[Caller, Depends(require(WRITE))]
Auditor = Annotated[Caller, Depends(require(AUDIT))]
Admin = Annotated[Caller, Depends(require(ADMIN))]
