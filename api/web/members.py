"""Who is signed in, and what their role lets them do on the dashboard.

The same roles as the API (api.auth): viewers read, coordinators and admins write, auditors and
admins read the event log. Every lookup then uses the member's network, so another network's
objects are "not found" from the domain itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from starlette.datastructures import FormData

from api.auth import AUDIT, WRITE
from api.web import session as sessions
from api.web.routing import PageError, SignInNeeded
from domain.errors import NotFound


@dataclass(frozen=True)
class Member:
    network_id: UUID
    name: str
    role: str
    token_id: UUID
    csrf: str
    network_name: str
    zone: ZoneInfo

    @property
    def can_write(self) -> bool:
        return self.role in WRITE

    @property
    def can_audit(self) -> bool:
        return self.role in AUDIT


def current(request: Request) -> Member | None:
    """The member behind the session cookie, or None; the token is checked on every request."""
    if hasattr(request.state, "web_member"):
        return request.state.web_member
    request.state.web_member = _lookup(request)
    return request.state.web_member


def _lookup(request: Request) -> Member | None:
    session = sessions.read(request)
    if session is None or not session.signed_in:
        return None
    app = request.app.state.services.app
    try:
        token = app.token(session.network_id, session.token_id)
        network = app.network(session.network_id)
    except NotFound:
        return None
    if not token.is_active:
        return None
    return Member(network_id=network.id, name=token.member, role=token.role, token_id=token.id,
                  csrf=session.csrf, network_name=network.name, zone=ZoneInfo(network.timezone))


def signed_in(request: Request) -> Member:
    member = current(request)
    if member is None:
        back_to = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInNeeded(back_to if request.method == "GET" else "/today")
    return member


def writer(member: Annotated[Member, Depends(signed_in)]) -> Member:
    if not member.can_write:
        raise PageError(403, f"Your role ({member.role}) can look at the network but not change it. "
                             "Ask a coordinator to record this.")
    return member


def auditor(member: Annotated[Member, Depends(signed_in)]) -> Member:
    if not member.can_audit:
        raise PageError(403, f"The event log is for auditors; your role is {member.role}.")
    return member


@dataclass(frozen=True)
class Posted:
    """A submitted form whose CSRF secret matched the session's."""

    member: Member
    form: FormData

    def get(self, name: str, default: str = "") -> str:
        value = self.form.get(name, default)
        return value if isinstance(value, str) else default

    def getlist(self, name: str) -> list[str]:
        return [v for v in self.form.getlist(name) if isinstance(v, str)]


async def _checked(request: Request, member: Member) -> Posted:
    form = await request.form()
    session = sessions.read(request)
    if not sessions.csrf_matches(session, form.get("csrf")):
        raise PageError(403, "This form was out of date or did not come from this dashboard. "
                             "Go back, reload the page and try again.")
    return Posted(member=member, form=form)


async def written_form(request: Request, member: Annotated[Member, Depends(writer)]) -> Posted:
    return await _checked(request, member)


async def member_form(request: Request, member: Annotated[Member, Depends(signed_in)]) -> Posted:
    return await _checked(request, member)


SignedIn = Annotated[Member, Depends(signed_in)]
Writer = Annotated[Member, Depends(writer)]
Auditor = Annotated[Member, Depends(auditor)]
WriterForm = Annotated[Posted, Depends(written_form)]
MemberForm = Annotated[Posted, Depends(member_form)]

