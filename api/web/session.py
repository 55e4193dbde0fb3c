"""The session cookie: a signed, HttpOnly, SameSite=Lax cookie naming the member's token and a CSRF secret.

The cookie never holds the token itself, only its id; the token is checked again on every
request, so revoking it ends the session. SameSite=Lax rather than Strict, so that links in the alert
digest open signed in; forms are guarded by the CSRF secret instead. The signature is HMAC-SHA256
under a key derived from the master key, so sessions survive restarts and cannot be forged without it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from uuid import UUID

from fastapi import Request, Response

COOKIE = "lp_session"
MAX_AGE_SECONDS = 12 * 3600  # one working day; sign in again tomorrow
PURPOSE = b"linkingpin:web-session:v1"


@dataclass(frozen=True)
class Session:
    csrf: str
    issued: int
    network_id: UUID | None = None
    token_id: UUID | None = None

    @property
    def signed_in(self) -> bool:
        return self.token_id is not None and self.network_id is not None


def fresh(*, network_id: UUID | None = None, token_id: UUID | None = None) -> Session:
    """A new session with a new CSRF secret: signing in never keeps the secret from before."""
    return Session(csrf=secrets.token_urlsafe(24), issued=int(time.time()), network_id=network_id,
                   token_id=token_id)


def signing_key(request: Request) -> bytes:
    state = request.app.state
    key = getattr(state, "web_session_key", None)
    if key is None:
        master = request.app.state.services.settings.resolved_master_key()
        key = state.web_session_key = hmac.new(master.encode("utf-8"), PURPOSE, hashlib.sha256).digest()
    return key


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def dumps(session: Session, key: bytes) -> str:
    body = {"c": session.csrf, "i": session.issued}
    if session.signed_in:
        body.update(n=str(session.network_id), t=str(session.token_id))
    payload = _b64(json.dumps(body, separators=(",", ":")).encode("utf-8"))
    return f"{payload}.{_b64(hmac.new(key, payload.encode('ascii'), hashlib.sha256).digest())}"


def loads(value: str, key: bytes, *, now: float | None = None) -> Session | None:
    """The session in a cookie value, or None when it is forged, damaged or too old."""
    payload, _, signature = value.partition(".")
    expected = _b64(hmac.new(key, payload.encode("ascii", "replace"), hashlib.sha256).digest())
    if not signature or not hmac.compare_digest(signature, expected):
        return None
    try:
        body = json.loads(_unb64(payload))
        session = Session(csrf=str(body["c"]), issued=int(body["i"]),
                          network_id=UUID(body["n"]) if "n" in body else None,
                          token_id=UUID(body["t"]) if "t" in body else None)
    except (ValueError, KeyError, TypeError):
        return None
    age = (time.time() if now is None else now) - session.issued
    return session if 0 <= age + 60 and age <= MAX_AGE_SECONDS else None


def read(request: Request) -> Session | None:
    value = request.cookies.get(COOKIE)
    return loads(value, signing_key(request)) if value and len(value) < 1024 else None


def write(response: Response, request: Request, session: Session) -> Response:
    response.set_cookie(COOKIE, dumps(session, signing_key(request)), max_age=MAX_AGE_SECONDS, path="/",
                        httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return response


def clear(response: Response, request: Request) -> Response:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return response


def csrf_matches(session: Session | None, submitted: object) -> bool:
    return (session is not None and isinstance(submitted, str) and bool(submitted)
            and hmac.compare_digest(session.csrf.encode(), submitted.encode("utf-8", "replace")))
