"""Which function answers which report and list."""

from __future__ import annotations

from projections.reports import lists
from projections.reports.neglect import neglect

REPORTS = {
    "neglect": neglect,
}

LISTS = {
    "stakeholders": lists.stakeholders,
}


def trust(ctx, *, stakeholder_id):  # noqa: ANN001, ANN201
    raise NotImplementedError("trust history is being built")
