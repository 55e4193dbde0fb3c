"""Routing to the read models (through a fake `views`), health, readiness, metrics, rate limits, the last resort."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from api.auth import BadTokenLimiter
from tests.e2e.conftest import InProcess, in_process
from tests.e2e.test_api_validation import assert_problem

PERSON = {"name": "Ann Goossens", "sector": "justice", "side": "formal", "level": "operational"}


class FakeViews:
    """Records what the API asks of the read side and answers in the facade's shapes."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []
        self.lag_value: Any = 0

    def wait_for(self, position: int | None, timeout: float) -> bool:
        self.calls.append(("wait_for", (position,), {"timeout": timeout}))
        return True

    def page(self, kind: str, network_id: uuid.UUID, **options: Any) -> dict:
        self.calls.append(("page", (kind, network_id), options))
        return {"items": [{"kind": kind}], "next_cursor": "bmV4dA"}

    def report(self, name: str, network_id: uuid.UUID, **moments: Any) -> dict:
        self.calls.append(("report", (name, network_id), moments))
        return {"as_of": None, "items": [{"report": name}]}

    def trust(self, network_id: uuid.UUID, stakeholder_id: uuid.UUID, **moments: Any) -> dict:
        self.calls.append(("trust", (network_id, stakeholder_id), moments))
        return {"stakeholder_id": str(stakeholder_id), "score": 50, "history": []}

    def lag(self) -> Any:
        return self.lag_value


class Seconds:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def seconds() -> Seconds:
    return Seconds()


@pytest.fixture
def app(tmp_path, seconds: Seconds) -> Iterator[InProcess]:  # noqa: ANN001
    built = in_process(tmp_path, bad_tokens=BadTokenLimiter(limit=3, window_seconds=60, clock=seconds))
    with built.client:
        yield built
    built.services.close()


def fake_views(app: InProcess) -> FakeViews:
    app.services.views = FakeViews()
    return app.services.views


def test_lists_pass_paging_and_the_named_filters_to_the_read_models(app: InProcess):
    views, viewer = fake_views(app), app.as_("viewer")
    person = uuid.uuid4()
    answer = app.client.get(f"/v1/interactions?stakeholder_id={person}&type=ask&from=2026-01-01T00:00:00%2B01:00",
                            headers=viewer)
    assert answer.json() == {"items": [{"kind": "interactions"}], "next_cursor": "bmV4dA"}
    name, (kind, network_id), options = views.calls[-1]
    assert (name, kind, network_id) == ("page", "interactions", app.network_id)
    assert options["cursor"] is None and options["limit"] == 50
    assert options["filters"]["stakeholder_id"] == person and options["filters"]["type"] == "ask"
    assert type(options["filters"]["type"]) is str and options["filters"]["from"] == datetime.fromisoformat(
        "2026-01-01T00:00:00+01:00")
    app.client.get("/v1/expectations?status=open&owed_by=them&cursor=abc&limit=7", headers=viewer)
    assert views.calls[-1][2] == {"cursor": "abc", "limit": 7, "filters": {"status": "open", "owed_by": "them"},
                                  "as_of": None, "known_at": None}
    for kind in ("stakeholders", "organisations", "groups"):
        assert app.client.get(f"/v1/{kind}", headers=viewer).json()["items"] == [{"kind": kind}]
        assert views.calls[-1][:2] == ("page", (kind, app.network_id)) and views.calls[-1][2]["filters"] == {}


def test_the_directory_and_the_timeline_ask_the_read_models_as_of_a_moment(app: InProcess):
    views, viewer = fake_views(app), app.as_("viewer")
    moment = datetime.fromisoformat("2026-03-01T12:00:00+00:00")
    for kind in ("stakeholders", "interactions"):
        app.client.get(f"/v1/{kind}?as_of=2026-03-01T12:00:00Z&known_at=2026-03-02T12:00:00Z&sector=police",
                       headers=viewer)
        name, (asked, _), options = views.calls[-1]
        assert (name, asked, options["as_of"], options["known_at"]) == ("page", kind, moment, moment + timedelta(days=1))
        assert_problem(app.client.get(f"/v1/{kind}?as_of=yesterday", headers=viewer), 422, "as_of")


def test_reports_and_trust_ask_the_read_models_as_of_a_moment(app: InProcess):
    views, viewer = fake_views(app), app.as_("viewer")
    for name in ("neglect", "overuse", "reciprocity", "expectations", "network", "organisations"):
        answer = app.client.get(f"/v1/reports/{name}?as_of=2026-03-01T12:00:00Z", headers=viewer)
        assert answer.status_code == 200 and answer.json()["items"] == [{"report": name}]
        paging = {"cursor": None, "limit": 50} if name in ("neglect", "overuse", "reciprocity") else {}  # people
        kept = {"status": None} if name == "neglect" else {}
        assert views.calls[-1] == ("report", (name, app.network_id),
                                   {"as_of": datetime.fromisoformat("2026-03-01T12:00:00+00:00"), "known_at": None,
                                    **paging, **kept})
    app.client.get("/v1/reports/neglect?status=neglected&limit=7", headers=viewer)
    assert views.calls[-1][2] == {"as_of": None, "known_at": None, "cursor": None, "limit": 7, "status": "neglected"}
    assert_problem(app.client.get("/v1/reports/neglect?status=late", headers=viewer), 422, "status")
    assert_problem(app.client.get(f"/v1/stakeholders/{uuid.uuid4()}/trust", headers=viewer), 404)
    assert views.calls[-1][0] == "report"  # an unknown (or another network's) stakeholder never reaches the views
    person = app.client.post("/v1/stakeholders", json=PERSON, headers=app.as_("coordinator")).json()["id"]
    trust = app.client.get(f"/v1/stakeholders/{person}/trust?known_at=2026-03-01T12:00:00%2B01:00", headers=viewer)
    assert trust.json()["score"] == 50 and views.calls[-1][2]["as_of"] is None


def test_every_write_waits_for_the_read_models_to_hold_it(app: InProcess):
    views = fake_views(app)
    answer = app.client.post("/v1/stakeholders", json=PERSON, headers=app.as_("coordinator"))
    assert answer.status_code == 201
    assert views.calls[-1][:2] == ("wait_for", (app.services.app.recorder.max_notification_id(),))


def test_read_models_not_built_yet_answer_501(app: InProcess):
    views = fake_views(app)

    def unfinished(*_: Any, **__: Any) -> dict:
        raise NotImplementedError("trust history is being built")

    views.trust = unfinished
    person = app.client.post("/v1/stakeholders", json=PERSON, headers=app.as_("coordinator")).json()["id"]
    assert_problem(app.client.get(f"/v1/stakeholders/{person}/trust", headers=app.as_("viewer")), 501)


def test_health_readiness_and_metrics(app: InProcess, monkeypatch):
    assert app.client.get("/healthz").json() == {"status": "ok"}
    ready = app.client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["store"] == "ok"
    person = app.client.post("/v1/stakeholders", json=PERSON, headers=app.as_("coordinator")).json()["id"]
    app.client.get(f"/v1/stakeholders/{person}", headers=app.as_("viewer"))
    app.client.get("/no/such/path")
    views = fake_views(app)
    views.lag_value = {"directory": 5000, "activity": 3}
    lagging = app.client.get("/readyz")
    assert lagging.status_code == 503 and lagging.json()["projection_lag"]["directory"] == 5000
    metrics = app.client.get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert 'linkingpin_http_requests_total{method="GET",route="/v1/stakeholders/{stakeholder_id}",status="200"} 1.0' \
        in text
    assert 'route="unmatched",status="404"' in text and person not in text
    assert 'linkingpin_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/v1/stakeholders"}' in text
    assert 'linkingpin_projection_lag_events{view="directory"} 5000.0' in text
    views.lag_value = 0
    monkeypatch.setattr(app.services.app.recorder, "max_notification_id", _unreachable)
    down = app.client.get("/readyz")
    assert down.status_code == 503 and down.json()["store"] == "unreachable"


def _unreachable() -> int:
    raise ConnectionError("store is down")


def test_repeated_bad_tokens_are_rate_limited_per_address(app: InProcess, seconds: Seconds):
    for _ in range(3):
        assert_problem(app.client.get("/v1/network", headers={"Authorization": "Bearer lp_guess"}), 401)
    limited = app.client.get("/v1/network", headers={"Authorization": "Bearer lp_guess"})
    assert_problem(limited, 429)
    assert 1 <= int(limited.headers["retry-after"]) <= 61
    assert app.client.get("/v1/network", headers=app.as_("viewer")).status_code == 429
    seconds.now = 61.0
    assert app.client.get("/v1/network", headers=app.as_("viewer")).status_code == 200


def test_an_unexpected_error_is_a_bare_500_problem_and_the_log_keeps_no_personal_text(app: InProcess, monkeypatch,
                                                                                      caplog):
    personal = "Imam Abdelkader Benali"

    def broken(*_: Any) -> None:
        raise RuntimeError(personal)

    monkeypatch.setattr("api.routes.network.present_network", broken)  # only this route, not background work
    with caplog.at_level(logging.ERROR, logger="linkingpin.api"):
        answer = app.client.get("/v1/network", headers=app.as_("viewer"))
    assert_problem(answer, 500)
    assert personal not in answer.text and "RuntimeError" not in answer.text
    logged = "\n".join(record.getMessage() for record in caplog.records if record.name == "linkingpin.api")
    assert "unhandled RuntimeError on GET /v1/network" in logged and personal not in logged
