"""Whether the asks fall on the same few people: the share the top carry, and the Gini coefficient.

0 means every stakeholder carries as many asks as the next; values near 1 mean one person
carries nearly all of them. Stakeholders never asked count too: they are the people the
coordinator could spread the load over.
"""

from __future__ import annotations

import math
from typing import Any
from uuid import UUID

TOP = 3
TOP_FRACTION = 0.2


def gini(values: list[int]) -> float:
    """Mean absolute difference over twice the mean, in its sorted form."""
    ordered = sorted(values)
    n, total = len(ordered), sum(ordered)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum(rank * value for rank, value in enumerate(ordered, start=1))
    return round(2 * weighted / (n * total) - (n + 1) / n, 4)


def _share(part: int, total: int) -> float:
    return round(part / total, 4) if total else 0.0


def concentration(counts: dict[UUID, int], everyone: int, *, window_days: int) -> dict[str, Any]:
    """`counts`: asks per stakeholder in the window (only those asked); `everyone`: how many could have been
    asked, those never asked included (they carry nothing, so they rank last and add only zeros)."""
    ranked = sorted((s for s in counts if counts[s]), key=lambda s: (-counts[s], str(s)))
    carried = [counts[s] for s in ranked] + [0] * (everyone - len(ranked))
    total = sum(carried)
    top_fifth = math.ceil(TOP_FRACTION * len(carried)) if carried else 0
    return {
        "window_days": window_days,
        "asks": total,
        "stakeholders": len(carried),
        "gini": gini(carried),
        "top_share": _share(sum(carried[:TOP]), total),
        "top_20_percent_share": _share(sum(carried[:top_fifth]), total),
        "top": [{"stakeholder_id": s, "asks": counts[s], "share": _share(counts[s], total)} for s in ranked[:TOP]],
    }
