"""Prometheus metrics on a registry of the app's own: requests and latencies per route template, projection lag."""

from __future__ import annotations

import time
from typing import Any, Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def lag_by_view(lag: Any) -> dict[str, float]:
    """`views.lag()` as {view: events behind}; a bare number counts as the whole of the read models."""
    if isinstance(lag, dict):
        return {str(view): float(value) for view, value in lag.items() if isinstance(value, (int, float))}
    return {"all": float(lag)} if isinstance(lag, (int, float)) else {}


class LagCollector:
    def __init__(self, lag: Callable[[], Any]) -> None:
        self.lag = lag

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("linkingpin_projection_lag_events", "Events not yet in each read model",
                                   labels=["view"])
        try:
            for view, value in lag_by_view(self.lag()).items():
                family.add_metric([view], value)
        except Exception:  # noqa: BLE001 - a failing probe must not break the scrape
            pass
        yield family


ALERT_EVENTS = {"Alert.Raised": "raised", "Alert.Resolved": "resolved", "Alert.Delivered": "delivery_attempts"}


class AlertCollector:
    """Alerts raised, resolved and delivery attempts so far, and how many are open, from the event log index."""

    def __init__(self, counts: Callable[[list[str]], dict[str, int]]) -> None:
        self.counts = counts

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("linkingpin_alerts", "Alerts by what happened to them (all networks)",
                                   labels=["state"])
        try:
            counts = self.counts(list(ALERT_EVENTS))
            for event_type, state in ALERT_EVENTS.items():
                family.add_metric([state], float(counts[event_type]))
            family.add_metric(["open"], float(counts["Alert.Raised"] - counts["Alert.Resolved"]))
        except Exception:  # noqa: BLE001 - a failing probe must not break the scrape
            pass
        yield family


class Metrics:
    def __init__(self, lag: Callable[[], Any] | None,
                 alert_counts: Callable[[list[str]], dict[str, int]] | None = None) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("linkingpin_http_requests", "HTTP requests answered",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("linkingpin_http_request_duration_seconds", "Time to answer an HTTP request",
                                 ["method", "route"], registry=self.registry)
        if lag is not None:
            self.registry.register(LagCollector(lag))
        if alert_counts is not None:
            self.registry.register(AlertCollector(alert_counts))

    def observe(self, *, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)


class MetricsMiddleware:
    """Counts by route template, not raw path, so ids do not explode the label space."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def capturing_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capturing_send)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            self.metrics.observe(method=scope["method"], route=route, status=status,
                                 seconds=time.perf_counter() - started)
