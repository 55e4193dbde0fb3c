"""One person's standing: their neglect and overuse items exactly as the network's reports list them,
weighed for that person alone (the person page shows them; the reports weigh everyone)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from projections.reports.context import ReportContext
from projections.reports.neglect import neglect
from projections.reports.overuse import overuse


def standing(ctx: ReportContext, *, stakeholder_id: UUID) -> dict[str, Any]:
    due = neglect(ctx, only=stakeholder_id)["items"]
    asked = overuse(ctx, only=stakeholder_id)["items"]
    return {"neglect": due[0] if due else None, "overuse": asked[0] if asked else None}
