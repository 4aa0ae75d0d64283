"""How the pictures encode the graph: colours, shapes and sizes, in one place.

Both renderers (the interactive HTML page and the matplotlib picture) read the
same per-node attributes that :func:`style_graph` sets, so the two outputs of a
view always agree.

Encoding
--------
- Techniques: colour = RICE principle (:data:`PRINCIPLE_COLORS`, Okabe–Ito
  colour-blind-safe), shape = direction (circle forward, square backward).
- Risks: diamonds; colour and size = severity (:data:`SEVERITY_COLORS`).
- Other entities: one colour per class (:data:`TYPE_COLORS`), circles.

Example
-------
>>> PRINCIPLE_COLORS["principle-robustness"]
'#0072B2'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alignkg.graph.schema import ID

if TYPE_CHECKING:
    import networkx as nx

PRINCIPLE_COLORS = {
    "principle-robustness": "#0072B2",
    "principle-interpretability": "#E69F00",
    "principle-controllability": "#009E73",
    "principle-ethicality": "#CC79A7",
}
NO_PRINCIPLE_COLOR = "#8C8C8C"
SEVERITY_COLORS = {"severity-critical": "#B2182B", "severity-high": "#E6604A", "severity-medium": "#F4A582"}
NO_SEVERITY_COLOR = "#D9B8B0"
SEVERITY_SIZES = {"severity-critical": 3, "severity-high": 2, "severity-medium": 1}
#: The shape of a technique by direction: a name both renderers know.
DIRECTION_SHAPES = {"forward-alignment": "circle", "backward-alignment": "square"}
NO_DIRECTION_SHAPE = "triangle"
#: Maturity colours by the vocabulary's rank (6 … 1): green only for deployed (6); the levels
#: that are not yet deployed go from yellow to dark red, so the gap reads at a glance.
MATURITY_COLORS = {6: "#1A9850", 5: "#FEE08B", 4: "#FDAE61", 3: "#F46D43", 2: "#D73027", 1: "#A50026"}
NO_MATURITY_COLOR = "#9E9E9E"
TYPE_COLORS = {
    "Organization": "#56B4E9", "Person": "#F0E442", "Publication": "#BBBBBB", "Finding": "#999933",
    "Assessment": "#882255", "Challenge": "#AA4499", "Concept": "#44AA99", "Attack": "#661100",
    "AIModel": "#6699CC", "Benchmark": "#DDCC77", "Policy": "#117733", "CapabilityArea": "#332288",
    "AlignmentProblem": "#CC6677", "OpenQuestion": "#88CCEE", "Projection": "#A6761D",
}
OTHER_COLOR = "#CCCCCC"
#: Readable names of the node groups (principles, severities), for legends and column headings.
GROUP_TITLES = {
    "principle-robustness": "Robustness", "principle-interpretability": "Interpretability",
    "principle-controllability": "Controllability", "principle-ethicality": "Ethicality",
    "no-principle": "No principle given", "severity-critical": "Critical", "severity-high": "High",
    "severity-medium": "Medium", "no-severity": "No severity given",
}
#: Marker names of :data:`DIRECTION_SHAPES` and ``diamond`` in matplotlib and vis-network.
MPL_MARKERS = {"circle": "o", "square": "s", "triangle": "^", "diamond": "D"}
VIS_SHAPES = {"circle": "dot", "square": "square", "triangle": "triangle", "diamond": "diamond"}

#: Attributes shown when hovering a node, in this order, with their captions.
DETAILS = (
    ("type", "Type"), ("principleLabel", "Principle"), ("directionLabel", "Direction"),
    ("maturityLabel", "Maturity"), ("severityLabel", "Severity"), ("sourceLabel", "Source"),
)


def short_label(label: str, limit: int = 34) -> str:
    """A label cut to ``limit`` characters at a word boundary, for drawing (hover shows it whole).

    >>> short_label("Debate raises judge accuracy on QuALITY from 59.4% to 88.9%", 30)
    'Debate raises judge accuracy…'
    """
    if len(label) <= limit:
        return label
    cut = label[: limit - 1].rsplit(" ", 1)[0] if " " in label[: limit - 1] else label[: limit - 1]
    return cut.rstrip(" ,;:-") + "…"


def is_technique(data: dict[str, Any]) -> bool:
    """Techniques and their subclass Defense."""
    return data.get("type") in ("Technique", "Defense")


def node_style(data: dict[str, Any]) -> dict[str, Any]:
    """The colour, shape, size and group of one node, from its attributes.

    Example
    -------
    >>> node_style({"type": "Technique", "primaryPrinciple": "principle-ethicality",
    ...             "direction": "backward-alignment"})
    {'color': '#CC79A7', 'shape': 'square', 'size': 1, 'group': 'principle-ethicality'}
    """
    if is_technique(data):
        principle = data.get("primaryPrinciple")
        return {
            "color": PRINCIPLE_COLORS.get(principle, NO_PRINCIPLE_COLOR),
            "shape": DIRECTION_SHAPES.get(data.get("direction"), NO_DIRECTION_SHAPE),
            "size": 1,
            "group": principle if principle in PRINCIPLE_COLORS else "no-principle",
        }
    if data.get("type") == "Risk":
        severity = data.get("severity")
        return {
            "color": SEVERITY_COLORS.get(severity, NO_SEVERITY_COLOR),
            "shape": "diamond",
            "size": SEVERITY_SIZES.get(severity, 1),
            "group": severity if severity in SEVERITY_COLORS else "no-severity",
        }
    kind = data.get("type", "Resource")
    return {"color": TYPE_COLORS.get(kind, OTHER_COLOR), "shape": "circle", "size": 1, "group": kind}


def style_graph(G: "nx.Graph", full: "nx.MultiDiGraph") -> "nx.Graph":
    """Set ``color``, ``shape``, ``size``, ``group`` and readable detail labels on every node.

    ``full`` is the whole knowledge graph (from ``to_networkx``): it gives the labels of
    levels (``maturity-research`` → "Research") and the sources of each node, for the
    hover details. Returns ``G`` itself.
    """
    def label(slug: str) -> str:  # a level's label, by its slug (looked up, not a scan of the whole graph)
        for node in (f"{ID}{slug}", slug):
            if node in full:
                return full.nodes[node]["label"]
        return slug

    for node, data in G.nodes(data=True):
        data.update(node_style(data))
        for attribute, shown in (("primaryPrinciple", "principleLabel"), ("direction", "directionLabel"),
                                 ("maturity", "maturityLabel"), ("severity", "severityLabel")):
            if attribute in data:
                data[shown] = " | ".join(label(s) for s in str(data[attribute]).split(" | "))
        if node in full:
            sources = [full.nodes[o]["label"] for _, o, key in full.out_edges(node, keys=True) if key == "source"]
            if sources:
                data["sourceLabel"] = " | ".join(sorted(sources))
    return G


def legend_entries(G: "nx.Graph") -> list[tuple[str, str, str]]:
    """``(label, colour, shape)`` for each kind of node present in ``G``, in a stable order."""
    present = {(d.get("group"), d.get("type")) for _, d in G.nodes(data=True)}
    groups = {g for g, _ in present}
    entries = []
    for principle, color in PRINCIPLE_COLORS.items():
        if principle in groups:
            entries.append((f"Technique: {GROUP_TITLES[principle]}", color, "circle"))
    if "no-principle" in groups:
        entries.append(("Technique: no principle given", NO_PRINCIPLE_COLOR, "circle"))
    techniques = [d for _, d in G.nodes(data=True) if is_technique(d)]
    if techniques:
        entries += [("Forward alignment", "#FFFFFF", "circle"), ("Backward alignment (bold outline)", "#FFFFFF", "square")]
    if any(d.get("direction") not in DIRECTION_SHAPES for d in techniques):
        entries.append(("Direction not given", "#FFFFFF", NO_DIRECTION_SHAPE))
    for severity, color in SEVERITY_COLORS.items():
        if severity in groups:
            entries.append((f"Risk: {severity.split('-', 1)[1]} severity", color, "diamond"))
    if "no-severity" in groups:
        entries.append(("Risk: severity not given", NO_SEVERITY_COLOR, "diamond"))
    for kind in sorted({t for _, t in present if t not in ("Risk", "Technique", "Defense")}):
        entries.append((kind, TYPE_COLORS.get(kind, OTHER_COLOR), "circle"))
    return entries
