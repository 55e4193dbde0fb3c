"""Which dashboard pages to measure, with real ids found as a coordinator would click to them."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi.testclient import TestClient

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
ID = r"[0-9a-f-]{36}"
AUDITOR_PAGES = {"event log": "/events", "event log filtered": "/events?type=Contact.Logged", "verify": "/audit/verify"}


def signed_in(app: Any, secret: str) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    csrf = CSRF.search(client.get("/sign-in").text).group(1)
    assert client.post("/sign-in", data={"csrf": csrf, "token": secret}).status_code == 303
    return client


def first(client: TestClient, path: str, pattern: str) -> str:
    found = re.search(pattern, client.get(path).text)
    assert found, f"nothing matching {pattern} on {path}"
    return found.group(0).rstrip('"')


def person_named(client: TestClient, name: str) -> str:
    """The page of the person called exactly `name`: the search matches parts of names ("Person 1"
    finds "Person 12" too), so follow its pages until the name itself shows up."""
    path: str | None = f"/stakeholders?{urlencode({'q': name})}"
    while path:
        text = client.get(path).text
        found = re.search(rf'href="(/stakeholders/{ID})">{re.escape(html.escape(name))}</a>', text)
        if found:
            return found.group(1)
        more = re.search(r'href="(/stakeholders\?[^"]*cursor=[^"]*)"', text)
        path = html.unescape(more.group(1)) if more else None
    raise AssertionError(f"nobody called {name}")


def pages(coordinator: TestClient, *, busiest: str) -> dict[str, str]:
    """Every coordinator page with real ids: the person called `busiest` (someone with many asks and
    a long timeline), an alert, a group, an open expectation and ask, a fact."""
    person = person_named(coordinator, busiest)
    months_ago = (datetime.now() - timedelta(days=180)).date().isoformat()
    return {
        "today": "/today", "stakeholders": "/stakeholders", "stakeholders filtered": "/stakeholders?sector=police",
        "stakeholder": person, "stakeholder edit": f"{person}/edit", "register stakeholder": "/stakeholders/new",
        "log contact": "/log/contact", "log meeting": "/log/meeting", "log introduction": "/log/introduction",
        "agree expectation": "/expectations/new",
        "expectation outcome": first(coordinator, "/today", rf"/expectations/{ID}/outcome"),
        "ask outcome": first(coordinator, person, rf"/asks/{ID}/outcome"),
        "network map": "/network", "organisations": "/organisations",
        "group": first(coordinator, "/network", rf"/groups/{ID}"),
        "alerts": "/alerts", "alert": first(coordinator, "/alerts", rf'/alerts/{ID}(?=")'),
        "fact": first(coordinator, person, rf"/facts/{ID}"),
        f"network map as of {months_ago} (replay)": f"/network?as_of={months_ago}",
    }
