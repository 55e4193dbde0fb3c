"""The dashboard in process (FastAPI's TestClient): signing in and out, sessions, CSRF.

Fast checks of what a browser cannot easily show: a forged cookie, a revoked token, a form posted
without its CSRF secret. The `site` fixture and `Visitor` serve the other test_dashboard_* modules too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.e2e.conftest import InProcess, in_process

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
PERSON = {"name": "Hassan Ouali", "sector": "religious_community", "side": "informal", "level": "operational"}


@dataclass
class Visitor:
    """One browser: its own cookies, signed in (or not) as one member."""

    client: TestClient
    secret: str = ""
    pages: list[str] = field(default_factory=list)

    def get(self, path: str, **options: Any) -> Any:
        response = self.client.get(path, **options)
        assert response.status_code < 500, (path, response.text[:2000])
        return response

    def csrf(self, path: str = "/today") -> str:
        found = CSRF.search(self.get(path).text)
        assert found, f"no CSRF secret on {path}"
        return found.group(1)

    def post(self, path: str, data: dict[str, Any] | None = None, *, csrf: str | None = None) -> Any:
        body = {"csrf": self.csrf() if csrf is None else csrf, **(data or {})}
        response = self.client.post(path, data=body)
        assert response.status_code < 500, (path, response.text[:2000])
        return response

    def sign_in(self, secret: str) -> Any:
        return self.client.post("/sign-in", data={"csrf": self.csrf("/sign-in"), "token": secret, "next": "/today"})


@dataclass
class Site:
    built: InProcess
    other_network: Any
    other_secret: str
    other_person: Any

    @property
    def services(self) -> Any:
        return self.built.services

    @property
    def network_id(self) -> Any:
        return self.built.network_id

    def visitor(self) -> Visitor:
        return Visitor(TestClient(self.built.client.app, follow_redirects=False, raise_server_exceptions=False))

    def signed_in(self, role: str) -> Visitor:
        visitor = self.visitor()
        assert visitor.sign_in(self.built.tokens[role]).status_code == 303
        return visitor

    def person(self, **fields: Any) -> Any:
        written = self.services.app.register_stakeholder(self.network_id, **{**PERSON, **fields}, recorded_by="test")
        self.services.views.wait_for(written.position)
        return written.id

    def events(self) -> int:
        return self.services.app.recorder.max_notification_id() or 0


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:  # noqa: ANN001
    built = in_process(tmp_path_factory.mktemp("dashboard"))
    app = built.services.app
    other = app.create_network(slug="sarcelles", name="Sarcelles", timezone="Europe/Paris", recorded_by="test").id
    _, other_secret = app.issue_token(other, member="Sarcelles coordinator", role="coordinator", recorded_by="test")
    other_person = app.register_stakeholder(other, **PERSON, recorded_by="test")
    built.services.views.wait_for(other_person.position)
    yield Site(built=built, other_network=other, other_secret=other_secret, other_person=other_person.id)
    built.client.close()
    built.services.close()


def test_pages_send_visitors_to_sign_in_and_back(site: Site):
    visitor = site.visitor()
    answer = visitor.get("/stakeholders?sector=police")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=/stakeholders%3Fsector%3Dpolice"
    form = {"csrf": visitor.csrf("/sign-in"), "next": "/stakeholders?sector=police", "token": site.built.tokens["viewer"]}
    signed = visitor.client.post("/sign-in", data=form)
    assert signed.headers["location"] == "/stakeholders?sector=police"
    assert visitor.get("/stakeholders?sector=police").status_code == 200


def test_the_session_cookie_is_httponly_samesite_and_names_no_token(site: Site):
    visitor = site.visitor()
    answer = visitor.sign_in(site.built.tokens["coordinator"])
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert site.built.tokens["coordinator"] not in cookie
    assert visitor.get("/today").status_code == 200


def test_a_wrong_token_is_refused_and_never_shown_back(site: Site):
    visitor = site.visitor()
    answer = visitor.sign_in("lp_not-a-real-token")
    assert answer.status_code == 401
    assert "unknown, mistyped or revoked" in answer.text
    assert "lp_not-a-real-token" not in answer.text
    assert visitor.get("/today").status_code == 303


def test_sign_in_needs_the_forms_csrf_secret(site: Site):
    visitor = site.visitor()  # never loaded the sign-in page, so it holds no secret
    answer = visitor.client.post("/sign-in", data={"csrf": "guessed", "token": site.built.tokens["admin"]})
    assert answer.status_code == 403
    assert visitor.get("/today").status_code == 303


def test_a_forged_or_altered_cookie_is_a_signed_out_visitor(site: Site):
    visitor = site.signed_in("coordinator")
    value = visitor.client.cookies.get("lp_session")
    payload, signature = value.split(".")
    for forged in (f"{payload}.{signature[:-2]}AA", f"{payload[:-2]}AA.{signature}", "garbage", ""):
        visitor.client.cookies.set("lp_session", forged)
        assert visitor.get("/today").status_code == 303, forged


def test_revoking_the_token_ends_the_session(site: Site):
    app = site.services.app
    _, secret = app.issue_token(site.network_id, member="Temporary colleague", role="coordinator", recorded_by="test")
    visitor = site.visitor()
    assert visitor.sign_in(secret).status_code == 303
    assert visitor.get("/today").status_code == 200
    token = next(t for t in app.tokens(site.network_id) if t.member == "Temporary colleague")
    app.revoke_token(site.network_id, token.id, recorded_by="test")
    assert visitor.get("/today").status_code == 303


def test_sign_out_ends_the_session(site: Site):
    visitor = site.signed_in("viewer")
    answer = visitor.post("/sign-out")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in")
    assert visitor.get("/today").status_code == 303


def test_forms_without_the_sessions_csrf_secret_write_nothing(site: Site):
    person = site.person(name="Anna Csrf")
    visitor = site.signed_in("coordinator")
    attacker = site.signed_in("coordinator")  # a real session, but not this visitor's
    before = site.events()
    contact = {"stakeholder_id": str(person), "channel": "phone", "initiated_by": "us", "purpose": "check_in"}
    for secret in ("", "x" * 32, attacker.csrf()):
        answer = visitor.post("/log/contact", contact, csrf=secret)
        assert answer.status_code == 403
        assert "out of date" in answer.text
    assert site.events() == before
    assert visitor.post("/log/contact", contact).status_code == 303
    assert site.events() == before + 1


def test_the_map_shows_the_step_each_sector_has_reached(site: Site):
    app = site.services.app
    officer = site.person(name="Agent Peeters", sector="police")
    site.person(name="Juf Els", sector="education")  # in the network, not contacted yet
    site.services.views.wait_for(app.log_contact(site.network_id, stakeholder_id=officer, channel="phone",
                                                 initiated_by="us", purpose="introduction", recorded_by="test").position)
    page = site.signed_in("viewer").get("/network").text
    rows = {cells[0]: cells[1:] for cells in re.findall(
        r'<tr><th scope="row">([^<]+)</th><td data-label="People">(\d+)</td>\s*'
        r'<td data-label="Contacted">(\d+)</td><td data-label="Step reached">([^<]+)</td></tr>', page)}
    assert rows["Police"] == ("1", "1", "1") and rows["Education"] == ("1", "0", "none yet")
