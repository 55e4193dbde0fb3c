"""The network drawn on the server: formal organisations' people on the left, informal voices on the
right, sectors side by side, links between them; and the three steps as a row of boxes."""

from __future__ import annotations

import math
from operator import itemgetter
from typing import Any

from markupsafe import Markup, escape

from projections.reports.network_map import strongest_of

WIDTH, HEIGHT = 960, 640
CX, CY, RADIUS = WIDTH / 2, HEIGHT / 2 + 10, 230
LABEL_LIMIT = 24
MANY = 80  # above this many people, names crowd each other: leave them to the hover titles
EDGE_KINDS = ("introduction", "co_attendance", "direct_contact")
# Beyond a few thousand lines the map is one dark disc and the page megabytes long: draw the strongest.
MAX_EDGES = 1500


def _angle(index: int, count: int, *, formal: bool) -> float:
    # Each side gets a half circle; people spread over it with a margin at top and bottom.
    share = (index + 0.5) / max(count, 1)
    start, end = (100, 260) if formal else (80, -80)
    return math.radians(start + (end - start) * share)


def layout(nodes: list[dict[str, Any]]) -> dict[Any, tuple[float, float, float]]:
    """(x, y, angle) per stakeholder: by side, then sector, then name, so sectors sit together."""
    placed = {}
    for formal in (True, False):
        side = sorted((n for n in nodes if (n["side"] == "formal") == formal),
                      key=lambda n: (n["sector"], (n["name"] or "").casefold(), str(n["stakeholder_id"])))
        for index, node in enumerate(side):
            angle = _angle(index, len(side), formal=formal)
            placed[node["stakeholder_id"]] = (CX + RADIUS * math.cos(angle), CY - RADIUS * math.sin(angle), angle)
    return placed


def _edge(edge: dict[str, Any], placed: dict) -> str:
    if edge["a"] not in placed or edge["b"] not in placed:
        return ""
    (x1, y1, _), (x2, y2, _) = placed[edge["a"]], placed[edge["b"]]
    kind = max(EDGE_KINDS, key=lambda k: edge["counts"].get(k, 0))
    width = 1 + min(4.0, math.log2(edge["total"]))
    # A curve through the middle keeps links between neighbours from hiding under the nodes.
    mx, my = (x1 + x2) / 2 * 0.6 + CX * 0.4, (y1 + y2) / 2 * 0.6 + CY * 0.4
    return f'<path class="edge edge-{kind}" d="M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}" ' \
           f'stroke-width="{width:.1f}"/>'


GROUP_COLOURS = 6  # ring styles; groups beyond them reuse the styles in turn


def _rings(node: dict[str, Any], x: float, y: float, groups: dict[Any, int]) -> str:
    """One ring per group the person belongs to, so mini-networks show on the map."""
    found = sorted(groups[g] for g in node["groups"] if g in groups)
    return "".join(f'<circle class="ring group-{index % GROUP_COLOURS}" cx="{x:.1f}" cy="{y:.1f}" '
                   f'r="{13 + 4 * depth}"/>' for depth, index in enumerate(found))


def _node(node: dict[str, Any], where: tuple[float, float, float], *, labelled: bool,
          groups: dict[Any, int]) -> str:
    x, y, angle = where
    name = node["name"] or "(erased)"
    title = escape(f"{name}: {node['sector'].replace('_', ' ')}, {node['side']}, {node['level']}")
    shape = (f'<circle class="node sector-{node["sector"]}" cx="{x:.1f}" cy="{y:.1f}" r="9"/>'
             if node["level"] == "operational" else
             f'<rect class="node sector-{node["sector"]}" x="{x - 9:.1f}" y="{y - 9:.1f}" width="18" height="18"/>')
    text = ""
    if labelled:
        short = name if len(name) <= LABEL_LIMIT else name[:LABEL_LIMIT - 1] + "…"
        right = math.cos(angle) >= 0
        tx, ty = x + (26 if right else -26), y + 4
        text = f'<text class="label" x="{tx:.1f}" y="{ty:.1f}" text-anchor="{"start" if right else "end"}">' \
               f'{escape(short)}</text>'
    return f'<a href="/stakeholders/{node["stakeholder_id"]}" aria-label="{title}"><title>{title}</title>' \
           f'{_rings(node, x, y, groups)}{shape}{text}</a>'


def group_styles(groups: list[dict[str, Any]]) -> dict[Any, int]:
    """Each group's ring style, in the order the page lists the groups."""
    return {group["id"]: index for index, group in enumerate(groups)}


def strongest(edges: list[dict[str, Any]], limit: int | None = None) -> list[dict[str, Any]]:
    """At most `limit` links (MAX_EDGES), those with the most shared facts, weakest first (the strong on top)."""
    return strongest_of(edges, limit or MAX_EDGES, total=itemgetter("total"))


def picture(report: dict[str, Any], *, network_name: str, groups: dict[Any, int]) -> Markup:
    nodes, edges = report["nodes"], report["edges"]
    drawn = strongest(edges)
    placed = layout(nodes)
    labelled = len(nodes) <= MANY
    parts = [f'<text class="side-title" x="{CX - RADIUS - 120}" y="34">Formal</text>',
             f'<text class="side-title" x="{CX + RADIUS + 120}" y="34" text-anchor="end">Informal</text>',
             f'<line class="divider" x1="{CX}" y1="40" x2="{CX}" y2="{HEIGHT - 20}"/>']
    parts += [_edge(edge, placed) for edge in drawn]
    parts += [_node(node, placed[node["stakeholder_id"]], labelled=labelled, groups=groups) for node in nodes]
    links = report.get("links", len(edges))  # the report may hold only the strongest of them
    shown = "" if len(drawn) == links else f" (the {len(drawn)} strongest drawn)"
    title = escape(f"Network map of {network_name}: {len(nodes)} active stakeholders and {links} links{shown}")
    return Markup(f'<svg class="network-map" viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="map-title">'
                  f'<title id="map-title">{title}</title>{"".join(parts)}</svg>')


def steps(report: dict[str, Any]) -> list[Markup]:
    """The field guide's three steps, one small picture each (they wrap on a phone), reached ones filled."""
    s = report["steps"]
    outreach, similar, same = s["individual_outreach"], s["homogeneous_groups"], s["heterogeneous_groups"]
    boxes = [("1. Individual outreach", f"{outreach['contacted']} of {outreach['stakeholders']} contacted"),
             ("2. Similar people together", f"{similar['groups']} groups, {similar['meetings']} meetings"),
             ("3. Same goals together", f"{same['groups']} groups, {same['meetings']} meetings")]
    pictures = []
    for index, (title, detail) in enumerate(boxes):
        reached = "reached" if s["current_step"] > index else "ahead"
        state = "reached" if reached == "reached" else "not reached yet"
        said = escape(f"{title}: {detail}, {state}")
        pictures.append(Markup(
            f'<svg class="step-box" viewBox="0 0 300 80" role="img" aria-label="{said}">'
            f'<rect class="step {reached}" x="2" y="2" width="296" height="76" rx="8"/>'
            f'<text class="step-title {reached}" x="16" y="34">{escape(title)}</text>'
            f'<text class="step-detail {reached}" x="16" y="60">{escape(detail)}</text></svg>'))
    return pictures
