"""The graphs the pictures show, built from the one RDF → networkx conversion.

Each view returns a ``networkx.DiGraph`` ready to draw: nodes keep the
attributes of :func:`alignkg.graph.convert.to_networkx` and get a style
(:mod:`alignkg.viz.style`) and a position ``x``, ``y`` in the unit box
(:mod:`alignkg.viz.layout`); ``G.graph["title"]`` names the picture.

Example
-------
>>> import alignkg
>>> kg = alignkg.load()
>>> G = risk_technique(kg)
>>> {d["type"] for _, d in G.nodes(data=True)} <= {"Risk", "Technique", "Defense"}
True
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from alignkg.errors import QueryError
from alignkg.graph.convert import VOCABULARY_TYPES, to_networkx
from alignkg.viz import layout
from alignkg.viz.style import PRINCIPLE_COLORS, SEVERITY_COLORS, is_technique, style_graph

if TYPE_CHECKING:
    import networkx as nx

    from alignkg.kg import KnowledgeGraph

#: Classes left out of neighbourhood and whole-graph views: they are shown as node
#: attributes (vocabulary), are hubs that link everything (sections, taxonomy schemes),
#: or restate an edge (mitigation and mapping records).
HIDDEN_TYPES = VOCABULARY_TYPES | {"SourceSection", "Mitigation", "Mapping", "TaxonomyScheme"}


def entity_graph(kg: "KnowledgeGraph") -> "nx.MultiDiGraph":
    """The whole knowledge graph as networkx (cached on ``kg`` until its triple count changes)."""
    try:
        size = len(kg.graph)
    except Exception:  # a remote store may not count its triples cheaply: no caching then
        return to_networkx(kg.graph)
    cached = getattr(kg, "_viz_entity_graph", None)
    if cached is not None and cached[0] == size:
        return cached[1]
    G = to_networkx(kg.graph)
    kg._viz_entity_graph = (size, G)
    return G


def risk_technique(kg: "KnowledgeGraph") -> "nx.DiGraph":
    """Every risk and every technique that addresses one; ``addresses`` edges between them.

    Risks form the left column, grouped by severity (most severe first);
    techniques the right column, grouped by RICE principle.
    """
    import networkx as nx

    full = entity_graph(kg)
    view = nx.DiGraph(title="Risks and the techniques that address them", layout="layered")
    for node, data in full.nodes(data=True):
        if data["type"] == "Risk":
            view.add_node(node, **data)
    for technique, risk, relation in full.edges(keys=True):
        if relation == "addresses" and full.nodes[risk]["type"] == "Risk":
            view.add_node(technique, **full.nodes[technique])
            view.add_edge(technique, risk, **full.edges[technique, risk, relation])
    style_graph(view, full)
    rank = level_ranks(full)
    risks = [n for n, d in view.nodes(data=True) if d["type"] == "Risk"]
    techniques = [n for n, d in view.nodes(data=True) if is_technique(d)]
    left = _groups(view, risks, [*SEVERITY_COLORS, "no-severity"],
                   lambda n: (-rank.get(view.nodes[n].get("severity"), 0), view.nodes[n]["label"].lower()))
    right = _groups(view, techniques, [*PRINCIPLE_COLORS, "no-principle"],
                    lambda n: view.nodes[n]["label"].lower())
    _place(view, layout.layered(view, left, right))
    return view


def neighbourhood(kg: "KnowledgeGraph", node: str, depth: int = 2) -> "nx.DiGraph":
    """The entities within ``depth`` links of ``node`` (a label, alt label, slug or IRI).

    Links are followed in both directions; vocabulary entries, article sections
    and mitigation records are left out (see :data:`HIDDEN_TYPES`), and so are
    links between two nodes that are both ``depth`` links away. Nodes sit on one
    ring per hop (:func:`alignkg.viz.layout.radial`).
    """
    if depth < 0:
        raise QueryError(f"--depth must be 0 or more (got {depth})")
    full = entity_graph(kg)
    centre = find_node(full, node)
    near = _within(full, centre, depth)
    view = _simple(full.subgraph(near))
    # links between two nodes of the outer ring lead nowhere nearer the centre: leave them out
    view.remove_edges_from([(s, o) for s, o in view.edges() if depth and near[s] == near[o] == depth])
    view.graph.update(title=f"{full.nodes[centre]['label']} and its neighbourhood (depth {depth})",
                      layout="radial", centre=centre, rings=max(near.values()))
    for n, hops in near.items():
        view.nodes[n]["hops"] = hops
    style_graph(view, full)
    positions, angles, view.graph["extent"] = layout.radial(view, centre, near)
    _place(view, positions)
    for n, angle in angles.items():
        view.nodes[n]["angle"] = angle
    return view


def _within(G: "nx.MultiDiGraph", centre: str, depth: int) -> dict[str, int]:
    """Hops from ``centre`` to each node within ``depth`` links (either direction), not through
    :data:`HIDDEN_TYPES`: a breadth-first walk that touches only the nodes it reaches."""
    near, frontier = {centre: 0}, [centre]
    for hop in range(1, depth + 1):
        reached = []
        for node in frontier:
            for other in (*G.successors(node), *G.predecessors(node)):
                if other not in near and G.nodes[other]["type"] not in HIDDEN_TYPES:
                    near[other] = hop
                    reached.append(other)
        frontier = reached
    return near


def construct(kg: "KnowledgeGraph", query: str) -> "nx.DiGraph":
    """The answer of a SPARQL ``CONSTRUCT`` (or ``DESCRIBE``) query, as a graph.

    Every IRI linked to another IRI in the answer is a node; types and labels
    come from the knowledge graph; literal triples become node attributes.
    """
    result = kg.execute(query)
    if result.type not in ("CONSTRUCT", "DESCRIBE"):
        raise QueryError(f"a picture needs a CONSTRUCT or DESCRIBE query, not {result.type}")
    full = entity_graph(kg)
    view = _simple(to_networkx(result.graph, context=kg.graph, all_nodes=True))
    for node, data in view.nodes(data=True):  # principle, severity… come from the whole graph
        if node in full:
            data.update({**full.nodes[node], **data})
    view.graph.update(title="CONSTRUCT result", layout="spread")
    style_graph(view, full)
    _place(view, layout.spread(view))
    return view


def whole(kg: "KnowledgeGraph") -> "nx.DiGraph":
    """Every entity and link of the graph, without the :data:`HIDDEN_TYPES`."""
    full = entity_graph(kg)
    view = _simple(full.subgraph(n for n, d in full.nodes(data=True) if d["type"] not in HIDDEN_TYPES))
    view.graph.update(title="The alignment knowledge graph", layout="spread")
    style_graph(view, full)
    _place(view, layout.spread(view))
    return view


def find_node(G: "nx.Graph", name: str) -> str:
    """The node whose IRI, slug (``debate``, ``id:debate``), label or alt label is ``name``.

    Raises ``QueryError`` naming the close matches when there is no such node, or
    the candidates when several share the label.
    """
    key = name.strip()
    if key in G:
        return key
    slug = key.removeprefix("id:")
    for node, data in G.nodes(data=True):
        if key == node or slug == data.get("id"):
            return node
    folded = key.casefold()
    hits = [n for n, d in G.nodes(data=True) if d["type"] not in HIDDEN_TYPES
            and (d["label"].casefold() == folded
                 or folded in (a.strip().casefold() for a in str(d.get("altLabel", "")).split(" | ")))]
    if len(hits) == 1:
        return hits[0]
    if hits:
        listed = ", ".join(sorted(G.nodes[h]["id"] for h in hits))
        raise QueryError(f"'{name}' names several entities ({listed}); give the id instead")
    names = {d["label"]: d["id"] for _, d in G.nodes(data=True)}
    close = difflib.get_close_matches(key, list(names), n=5, cutoff=0.6)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    raise QueryError(f"no entity named '{name}'{hint}")


def _simple(G: "nx.MultiDiGraph") -> "nx.DiGraph":
    """Collapse parallel edges into one, keeping their relations joined; nodes and edges in sorted order."""
    import networkx as nx

    view = nx.DiGraph()  # sorted: networkx subgraph views iterate a set, whose order changes between runs
    view.add_nodes_from(sorted((n, dict(d)) for n, d in G.nodes(data=True)))
    for s, o, data in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("relation", ""))):
        if view.has_edge(s, o):
            view.edges[s, o]["relation"] += f", {data['relation']}"
        else:
            view.add_edge(s, o, **data)
    return view


def level_ranks(G: "nx.Graph") -> dict[str, int]:
    """The ``rank`` of each vocabulary level, by slug (``severity-critical`` → 3)."""
    return {d["id"]: int(d["rank"]) for _, d in G.nodes(data=True) if isinstance(d.get("rank"), int)}


def _groups(G: "nx.Graph", nodes: list[str], order: list[str], key: Any) -> list[list[str]]:
    groups: dict[str, list[str]] = {name: [] for name in order}
    for node in nodes:
        groups.setdefault(G.nodes[node]["group"], []).append(node)
    return [sorted(members, key=key) for members in groups.values() if members]


def _place(G: "nx.Graph", positions: dict[str, tuple[float, float]]) -> None:
    for node, (x, y) in positions.items():
        G.nodes[node]["x"], G.nodes[node]["y"] = x, y
