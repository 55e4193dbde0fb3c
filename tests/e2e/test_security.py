"""Security over real HTTP: headers on pages, CORS closed, no personal data or secret in the server's logs,
and repeated bad tokens told to wait. One server for the module; the rate limit goes last, since it
locks this address out for a minute."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import Server
from tests.e2e.test_faults_clients import bearer, client
from tests.e2e.test_faults_support import admin_token, launch, new_server, record_figures, shut, store_env

ZAINAB = {"name": "Zainab Oukili-Vermeersch", "sector": "education", "side": "formal", "level": "operational",
          "contact": {"email": "z.oukili@school.example", "phone": "+32 470 12 34 56"}}
SUMMARY = "Worried about her brother Yassine and the Telegram group"
PAGE_HEADERS = {"content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"}


@pytest.fixture(scope="module")
def secured(tmp_path_factory, request) -> Iterator[tuple[Server, str, Path]]:  # noqa: ANN001
    home = tmp_path_factory.mktemp("security")
    server = new_server(store_env("sqlite", home, request), home)
    token = admin_token(server)
    launch(server)
    try:
        yield server, token, home / "serve.log"
    finally:
        shut(server)


def signed_in(server: Server, token: str) -> httpx.Client:
    browser = httpx.Client(base_url=server.base_url, timeout=20)
    form = browser.get("/sign-in").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    answer = browser.post("/sign-in", data={"token": token, "csrf": csrf, "next": "/today"})
    assert answer.status_code == 303, answer.text
    return browser


def test_pages_carry_security_headers(secured):
    server, token, _ = secured
    browser = signed_in(server, token)
    person = client(server.base_url, token).post("/v1/stakeholders", json=ZAINAB).json()["id"]
    pages = ["/sign-in", "/today", "/stakeholders", f"/stakeholders/{person}", "/stakeholders/new",
             f"/stakeholders/{uuid.uuid4()}"]
    for path in pages:
        answer = browser.get(path)
        assert answer.status_code in (200, 404), (path, answer.status_code)
        assert PAGE_HEADERS <= set(answer.headers), (path, dict(answer.headers))
        assert "script-src" not in answer.headers["content-security-policy"] or "'unsafe" not in \
            answer.headers["content-security-policy"]
        assert answer.headers["x-frame-options"] == "DENY"
    anonymous = httpx.get(f"{server.base_url}/today", follow_redirects=False)
    assert anonymous.status_code in (303, 307) and PAGE_HEADERS <= set(anonymous.headers)


def test_api_answers_are_never_sniffed_nor_cached(secured):
    server, token, _ = secured
    api = client(server.base_url, token)
    answers = [api.get("/v1/stakeholders"), api.get(f"/v1/stakeholders/{uuid.uuid4()}"),
               api.post("/v1/stakeholders", json={"name": ""}), httpx.get(f"{server.base_url}/v1/stakeholders")]
    assert [a.status_code for a in answers] == [200, 404, 422, 401]
    for answer in answers:
        assert answer.headers["x-content-type-options"] == "nosniff", answer.request.url
        assert answer.headers["cache-control"] == "no-store", answer.request.url


def test_cors_is_closed_to_other_origins(secured):
    server, token, _ = secured
    foreign = {"Origin": "https://evil.example"}
    preflight = httpx.options(f"{server.base_url}/v1/stakeholders", headers={
        **foreign, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"})
    assert preflight.status_code >= 400
    read = httpx.get(f"{server.base_url}/v1/network", headers={**foreign, **bearer(token)})
    for answer in (preflight, read):
        assert not any(name.startswith("access-control-") for name in answer.headers), dict(answer.headers)


def send_personal_data_and_secrets(server: Server, token: str) -> list[str]:
    """Everything a log must not hold, sent the ways clients send it; answers what to look for."""
    api = client(server.base_url, token)
    coordinator = api.post("/v1/tokens", json={"member": "Coordinator Zainab", "role": "coordinator"}).json()["secret"]
    person = api.post("/v1/stakeholders", json=ZAINAB).json()["id"]
    contact = {"type": "contact", "stakeholder_id": person, "channel": "phone", "initiated_by": "us",
               "purpose": "support", "summary": SUMMARY}
    assert client(server.base_url, coordinator).post("/v1/interactions", json=contact).status_code == 201
    assert api.post("/v1/interactions", json={**contact, "channel": "pigeon"}).status_code == 422
    assert api.post("/v1/stakeholders", json={**ZAINAB, "contact": {"email": "Zainab at home"}}).status_code == 422
    wrong = "lp_" + secrets.token_urlsafe(32)
    assert httpx.get(f"{server.base_url}/v1/network", headers=bearer(wrong)).status_code == 401
    assert httpx.get(f"{server.base_url}/v1/network", headers={"Authorization": wrong}).status_code == 401
    signed_in(server, coordinator).get(f"/stakeholders/{person}")
    return [ZAINAB["name"], "Oukili", ZAINAB["contact"]["email"], ZAINAB["contact"]["phone"], "Yassine",
            "Zainab at home", token, coordinator, wrong]


def test_bodies_tokens_and_keys_never_reach_the_logs(secured, request):
    server, token, log = secured
    sensitive = send_personal_data_and_secrets(server, token)
    data = log.parent / "data"
    sensitive += [(data / "master.key").read_text().strip()]
    written = log.read_text()
    leaked = [value for value in sensitive if value in written]
    record_figures(request, "logs", log_lines=len(written.splitlines()), sensitive_values_checked=len(sensitive),
                   found_in_log=len(leaked))
    assert "linkingpin serving on" in written, "the server's output was not captured: nothing was checked"
    assert not leaked


def test_search_words_never_reach_the_logs(secured):
    server, token, log = secured
    client(server.base_url, token).get("/v1/stakeholders", params={"q": "Oukili"})
    signed_in(server, token).get("/stakeholders", params={"q": "Oukili"})
    assert "Oukili" not in log.read_text()


def test_repeated_bad_tokens_are_told_to_wait(secured, request):
    server, token, _ = secured
    answers = [httpx.get(f"{server.base_url}/v1/network", headers=bearer(f"lp_guess{n}")) for n in range(25)]
    statuses = [a.status_code for a in answers]
    limited = [a for a in answers if a.status_code == 429]
    assert set(statuses) == {401, 429} and statuses.index(429) > 0 and statuses[statuses.index(429):] == \
        [429] * len(limited)
    assert all(int(a.headers["retry-after"]) > 0 for a in limited)
    assert all(a.headers["content-type"] == "application/problem+json" for a in limited)
    record_figures(request, "bad tokens", sent=len(answers), answered_401=statuses.count(401),
                   answered_429=len(limited), retry_after_seconds=limited[0].headers["retry-after"])
