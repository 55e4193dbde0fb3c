"""Which function answers which report and list."""

from __future__ import annotations

from projections.reports import listings, lists, timeline
from projections.reports.expectations import expectations
from projections.reports.neglect import neglect
from projections.reports.network_map import network
from projections.reports.organisations import organisations
from projections.reports.overuse import overuse
from projections.reports.reciprocity import reciprocity
from projections.reports.trust import trust

REPORTS = {
    "neglect": neglect,
    "overuse": overuse,
    "reciprocity": reciprocity,
    "expectations": expectations,
    "network": network,
    "organisations": organisations,
}

# Reports listing one item per person of the network: too long to answer whole, so paged like every list.
PAGED = {"reciprocity"}

LISTS = {
    "stakeholders": lists.stakeholders,
    "organisations": listings.organisations,
    "interactions": timeline.interactions,
    "expectations": listings.expectations,
    "groups": listings.groups,
}

__all__ = ["LISTS", "PAGED", "REPORTS", "trust"]
