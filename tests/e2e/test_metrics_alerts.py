"""/metrics counts alerts raised, resolved and open, from the event log."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from tests.e2e.conftest import in_process


def gauge(text: str, state: str) -> float:
    found = re.search(rf'^linkingpin_alerts{{state="{state}"}} ([0-9.]+)$', text, re.MULTILINE)
    assert found, f"no alerts gauge for {state}:\n{text}"
    return float(found.group(1))


def test_alert_figures_follow_scans(tmp_path):
    api = in_process(tmp_path)
    with api.client:
        long_ago = (datetime.now(timezone.utc) - timedelta(days=200)).isoformat()
        registered = api.client.post("/v1/stakeholders", headers=api.as_("coordinator"), json={
            "name": "Jonas", "sector": "media", "side": "informal", "level": "operational", "occurred_at": long_ago})
        assert registered.status_code == 201, registered.text
        before = api.client.get("/metrics").text
        assert gauge(before, "raised") == 0 and gauge(before, "open") == 0
        scanned = api.client.post("/v1/alerts/scan", headers=api.as_("coordinator"))
        assert scanned.status_code == 200 and scanned.json()["raised"] == 1, scanned.text
        api.services.views.catch_up()
        after = api.client.get("/metrics").text
        assert gauge(after, "raised") == 1 and gauge(after, "open") == 1 and gauge(after, "resolved") == 0
    api.services.close()
