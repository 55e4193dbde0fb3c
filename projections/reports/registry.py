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

# The views each report reads, so that an as-of replay rebuilds only those, from only the event types they
# handle. Every report reads the directory, which holds the network's settings.
_FACTS = frozenset({"activity", "directory", "feeding"})
_MAP = frozenset({"directory", "groups", "network_map"})
READS = {
    neglect: frozenset({"directory", "feeding", "groups"}),  # who was fed, and the groups that have not met
    overuse: _FACTS,
    reciprocity: _FACTS,
    expectations: _FACTS,
    network: _MAP,
    network_lists.nodes: _MAP,
    network_lists.edges: _MAP - {"groups"},  # links between people; nodes carry their groups
    organisations: _FACTS,  # each organisation's engagement
    WHOLE_MAP: _MAP,
    trust: _FACTS,
    lists.stakeholders: _FACTS,  # each profile's engagement summary
    timeline.interactions: _FACTS,
}


def reads(report) -> frozenset[str] | None:  # noqa: ANN001 - any report function
    """The views `report` reads; None (every view reports read) for one not declared here."""
    return READS.get(report)


__all__ = ["LISTS", "PAGED", "READS", "REPORTS", "WHOLE_MAP", "reads", "standing", "trust"]
