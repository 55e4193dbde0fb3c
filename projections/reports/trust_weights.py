"""The trust formula's weights (documented in docs/trust.md), with defaults and JSON overrides.

The composition root sets the process default once from LINKINGPIN_TRUST_WEIGHTS:
`use_weights(TrustWeights.from_json(settings.trust_weights))`. A ReportContext may also carry
its own `trust_weights`, which wins.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class TrustWeights:
    start: float = 50.0
    # Promises, by who made them: kept by the due date, kept late, or broken.
    kept_on_time_by_us: float = 5.0
    kept_late_by_us: float = -1.0
    missed_by_us: float = -8.0
    kept_on_time_by_them: float = 4.0
    kept_late_by_them: float = -1.0
    missed_by_them: float = -5.0
    # Information: an exchange that keeps the give and take even builds more than a one-sided one.
    information_reciprocal: float = 2.0
    information_one_sided: float = 0.5
    imbalance_tolerance: int = 2
    # Declines: "tell them you cannot share and why".
    declined_by_us_with_reason: float = -1.0
    declined_by_us_silently: float = -4.0
    declined_by_them_with_reason: float = -1.0
    declined_by_them_silently: float = -3.0
    # What became of our asks.
    ask_accepted: float = 2.0
    ask_declined: float = -1.0
    ask_no_response: float = -3.0
    # Meeting attendance.
    attended_present: float = 1.0
    attended_excused: float = 0.0
    attended_absent: float = -2.0
    # Neglect: per day past the maximum contact interval, the score sinks toward `decay_toward`.
    neglect_decay_per_day: float = 0.25
    decay_toward: float = 50.0
    # A successor starts from this share of the predecessor's distance from the start.
    handover_carry: float = 1.0

    @classmethod
    def from_json(cls, text: str | None) -> TrustWeights:
        """Defaults overridden by a JSON object of numbers; unknown names are refused, not ignored."""
        if not text or not text.strip():
            return cls()
        try:
            given = json.loads(text)
        except ValueError as error:
            raise ValueError(f"trust weights are not valid JSON: {error}") from None
        if not isinstance(given, dict):
            raise ValueError("trust weights must be a JSON object of names and numbers")
        return cls.from_mapping(given)

    @classmethod
    def from_mapping(cls, given: dict[str, Any]) -> TrustWeights:
        known = {f.name: f.type for f in fields(cls)}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ValueError(f"unknown trust weight {unknown[0]!r}; known: {', '.join(sorted(known))}")
        for name, value in given.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"trust weight {name!r} must be a finite number")
        clean = {name: int(v) if name == "imbalance_tolerance" else float(v) for name, v in given.items()}
        return replace(cls(), **clean)

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


_default: list[TrustWeights] = [TrustWeights()]


def use_weights(weights: TrustWeights | None) -> None:
    """Set the process default (None restores the documented defaults)."""
    _default[0] = weights or TrustWeights()


def current_weights(override: TrustWeights | None = None) -> TrustWeights:
    return override or _default[0]
