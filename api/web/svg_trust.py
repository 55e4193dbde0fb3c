"""The trust history as an SVG step chart drawn on the server.

Each change is a point that links to its row in the table below the chart, where the events
that moved it are named; the table is also what screen readers and keyboards use.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 34
MIN_RANGE = 20  # a few points of change should show, but not look like a landslide


def scale(scores: list[float]) -> tuple[float, float]:
    """The band of scores to draw: the history's own range with a margin, in steps of five."""
    low = max(0.0, math.floor((min(scores) - 5) / 5) * 5)
    high = min(100.0, math.ceil((max(scores) + 5) / 5) * 5)
    while high - low < MIN_RANGE:
        low, high = max(0.0, low - 5), min(100.0, high + 5)
    return low, high


def _x(moment: datetime, start: datetime, span: float) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * ((moment - start).total_seconds() / span if span else 1.0)


def _y(score: float, band: tuple[float, float]) -> float:
    low, high = band
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (score - low) / (high - low))


def _grid(start: datetime, end: datetime, zone: ZoneInfo, band: tuple[float, float]) -> list[str]:
    parts = []
    low, high = band
    for step in range(5):
        value = round(low + (high - low) * step / 4, 1)
        y = _y(value, band)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value:g}</text>')
    for moment, anchor, x in ((start, "start", LEFT), (end, "end", WIDTH - RIGHT)):
        shown = moment.astimezone(zone).strftime("%-d %b %Y")
        parts.append(f'<text class="axis" x="{x}" y="{HEIGHT - 10}" text-anchor="{anchor}">{shown}</text>')
    return parts


def _step_path(points: list[tuple[float, float]]) -> str:
    path = [f"M{points[0][0]:.1f},{points[0][1]:.1f}"]
    for x, y in points[1:]:
        path.append(f"H{x:.1f}V{y:.1f}")
    return "".join(path)


def chart(history: list[dict[str, Any]], *, zone: ZoneInfo, now: datetime, name: str) -> Markup:
    if not history:
        return Markup("")
    start = history[0]["at"]
    end = max(now, history[-1]["at"])
    span = (end - start).total_seconds()
    band = scale([p["score"] for p in history])
    coordinates = [(_x(p["at"], start, span), _y(p["score"], band)) for p in history]
    line = _step_path(coordinates + [(_x(end, start, span), coordinates[-1][1])])
    dots = []
    previous = None
    for index, (point, (x, y)) in enumerate(zip(history, coordinates)):
        delta = 0.0 if previous is None else point["score"] - previous
        previous = point["score"]
        kind = "up" if delta > 0 else "down" if delta < 0 else "same"
        when = point["at"].astimezone(zone).strftime("%-d %b %Y")
        label = f"{when}: {point['score']:g} ({delta:+g})"
        dots.append(f'<a href="#change-{index}" aria-label="{escape(label)}"><circle class="dot {kind}" '
                    f'cx="{x:.1f}" cy="{y:.1f}" r="5"><title>{escape(label)}</title></circle></a>')
    title = escape(f"Trust indicator of {name} over time, now {history[-1]['score']:g} of 100")
    body = "".join(_grid(start, end, zone, band)) + f'<path class="trust-line" d="{line}"/>' + "".join(dots)
    return Markup(f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="trust-title">'
                  f'<title id="trust-title">{title}</title>{body}</svg>')


def changes(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The history as table rows: each point with its change and its reasons."""
    rows, previous = [], None
    for index, point in enumerate(history):
        delta = 0.0 if previous is None else round(point["score"] - previous, 2)
        previous = point["score"]
        rows.append({"index": index, "at": point["at"], "score": point["score"], "delta": delta,
                     "factors": point.get("factors", [])})
    return rows
