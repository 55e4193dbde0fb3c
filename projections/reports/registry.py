"""Which function answers which report and list."""

from __future__ import annotations

from projections.reports import listings, lists, network_lists, network_map, timeline
from projections.reports.expectations import expectations
from projections.reports.neglect import neglect
from projections.reports.network_map import network
from projections.reports.organisations import organisations
from projections.reports.overuse import overuse
from projections.reports.reciprocity import reciprocity
from projections.reports.standing import standing
from projections.reports.trust import trust

REPORTS = {
    "neglect": neglect,
    "overuse": overuse,
    "reciprocity": reciprocity,
    "expectations": expectations,
    "network": network,
    "network/nodes": network_lists.nodes,
    "network/edges": network_lists.edges,
    "organisations": organisations,
}

# Reports listing one item per person or link of the network: too long to answer whole, so paged like every list
# (in-process callers such as the scheduler's scans may still ask for every item).
PAGED = {"neglect", "overuse", "reciprocity", "network/nodes", "network/edges"}

# The network map whole (summary, every person and link), for the dashboard to draw.
WHOLE_MAP = network_map.whole

LISTS = {
    "stakeholders": lists.stakeholders,
    "organisations": listings.organisations,
    "interactions": timeline.interactions,
    "expectations": listings.expectations,
    "groups": listings.groups,
}

__all__ = ["LISTS", "PAGED", "REPORTS", "WHOLE_MAP", "standing", "trust"]
