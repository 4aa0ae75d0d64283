"""Node positions shared by both renderers, in a unit box (x and y in 0…1, y down).

The risk–technique picture uses :func:`layered`: risks in one column,
techniques in another, each grouped (by severity, by principle) and ordered
within a group to reduce edge crossings. Other views use :func:`spread`, a
seeded force-directed layout, so a picture is the same every time.

Example
-------
>>> import networkx as nx
>>> G = nx.Graph([("r", "t")])
>>> pos = layered(G, [["r"]], [["t"]])
>>> pos["r"][0] < pos["t"][0]
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

Position = tuple[float, float]
#: Blank rows left between two groups of a column.
GROUP_GAP = 1.0


def layered(G: "nx.Graph", left: Sequence[Sequence[str]], right: Sequence[Sequence[str]],
            sweeps: int = 4) -> dict[str, Position]:
    """Two columns of grouped nodes; within each group, nodes sorted by the barycentre of their neighbours.

    ``left`` and ``right`` are lists of groups (lists of nodes) in the order they are stacked.
    """
    left = [list(group) for group in left]
    right = [list(group) for group in right]
    undirected = G.to_undirected(as_view=True) if G.is_directed() else G
    for _ in range(sweeps):
        rows = _rows(left)
        right = [_by_barycentre(group, rows, undirected) for group in right]
        rows = _rows(right)
        left = [_by_barycentre(group, rows, undirected) for group in left]
    left_rows, right_rows = _rows(left), _rows(right)
    height = max([*left_rows.values(), *right_rows.values(), 1.0])
    positions = {node: (0.0, row / height) for node, row in left_rows.items()}
    positions.update({node: (1.0, row / height) for node, row in right_rows.items()})
    return positions


def tallest_column(G: "nx.Graph") -> int:
    """How many nodes the longer column of a :func:`layered` picture holds (what its height depends on)."""
    return max(sum(1 for _, d in G.nodes(data=True) if d.get("x") == x) for x in (0.0, 1.0))


def _rows(groups: list[list[str]]) -> dict[str, float]:
    """The row of each node when the groups are stacked with a gap between them."""
    rows, row = {}, 0.0
    for group in groups:
        for node in group:
            rows[node] = row
            row += 1
        if group:
            row += GROUP_GAP
    if rows:  # centre the column on the same middle as a longer one would have
        last = max(rows.values())
        rows = {node: value - last / 2 for node, value in rows.items()}
        low = min(rows.values())
        rows = {node: value - low for node, value in rows.items()}
    return rows


def _by_barycentre(group: list[str], rows: dict[str, float], G: "nx.Graph") -> list[str]:
    def key(node: str) -> tuple[float, str]:
        placed = [rows[n] for n in G.neighbors(node) if n in rows]
        return (sum(placed) / len(placed) if placed else float("inf"), node)

    return sorted(group, key=key)


#: Up to this many nodes, :func:`spread` refines the spring layout with Kamada–Kawai.
KAMADA_KAWAI_MAX = 150
#: Up to this many nodes, :func:`spread` pushes apart nodes that sit on top of each other.
SEPARATE_MAX = 300


def spread(G: "nx.Graph", seed: int = 7) -> dict[str, Position]:
    """A seeded force-directed layout (spring, then Kamada–Kawai for small graphs) scaled to the unit box."""
    import networkx as nx

    if G.number_of_nodes() == 0:
        return {}
    if G.number_of_nodes() == 1:
        return {next(iter(G)): (0.5, 0.5)}
    simple = nx.Graph(G.to_undirected(as_view=True))
    raw = _fruchterman_reingold(simple, seed=seed)
    if simple.number_of_nodes() <= KAMADA_KAWAI_MAX:  # evener spacing, fewer overlapping labels
        raw = nx.kamada_kawai_layout(simple, pos=raw)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    unit = {node: ((x - min(xs)) / span_x, (y - min(ys)) / span_y) for node, (x, y) in raw.items()}
    if len(unit) > SEPARATE_MAX:  # an overview: no labels to keep apart, and n² steps get slow
        return unit
    return _separate(unit, min_distance=min(0.08, max(0.02, 0.45 / len(unit) ** 0.5)))


def _separate(positions: dict[str, Position], min_distance: float, rounds: int = 60) -> dict[str, Position]:
    """Push apart nodes closer than ``min_distance`` (structurally equivalent nodes land on one spot)."""
    import numpy as np

    nodes = list(positions)
    pos = np.array([positions[n] for n in nodes], dtype=float)
    jitter = np.random.default_rng(0).normal(scale=1e-4, size=pos.shape)
    pos += jitter
    for _ in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.sqrt((delta * delta).sum(axis=-1)) + np.eye(len(nodes))
        overlap = np.clip(min_distance - distance, 0.0, None)
        if not overlap.any():
            break
        pos += 0.5 * (delta / distance[..., None] * overlap[..., None]).sum(axis=1)
    low, high = pos.min(axis=0), pos.max(axis=0)
    pos = (pos - low) / np.where(high - low > 0, high - low, 1.0)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos)}


#: Arc length, in ring spacings, that one node of a ring gets at least.
RING_ROOM = 0.4


def radial(G: "nx.Graph", centre: str, hops: dict[str, int]) -> tuple[dict[str, Position], dict[str, float], float]:
    """Concentric rings around ``centre``, one per hop; each node near its neighbours on the inner ring.

    Returns positions in the unit box, each node's angle (radians), which the
    static renderer uses to write labels outward along the radius, and the outer
    radius in ring spacings (how much room the picture needs).
    """
    import math

    rings: dict[int, list[str]] = {}
    for node, hop in hops.items():
        rings.setdefault(hop, []).append(node)
    angles: dict[str, float] = {centre: 0.0}
    radii: dict[int, float] = {0: 0.0}
    undirected = G.to_undirected(as_view=True) if G.is_directed() else G
    for hop in sorted(k for k in rings if k > 0):
        def key(node: str) -> tuple[float, str, str]:
            inner = [angles[n] for n in undirected.neighbors(node) if hops.get(n) == hop - 1 and n in angles]
            mean = math.atan2(sum(map(math.sin, inner)), sum(map(math.cos, inner))) % (2 * math.pi) if inner else 0.0
            return (mean if hop > 1 else 0.0, str(G.nodes[node].get("group", "")), str(G.nodes[node].get("label", node)))

        members = sorted(rings[hop], key=key)
        radii[hop] = max(radii[hop - 1] + 1.0, RING_ROOM * len(members) / (2 * math.pi))
        offset = key(members[0])[0] if hop > 1 else 0.0
        for i, node in enumerate(members):
            angles[node] = (offset + 2 * math.pi * i / len(members)) % (2 * math.pi)
    extent = max(radii.values()) or 1.0
    positions = {}
    for node, hop in hops.items():
        r = radii[hop] / extent / 2
        positions[node] = (0.5 + r * math.cos(angles[node]), 0.5 + r * math.sin(angles[node]))
    return positions, angles, extent


#: Pull towards the centre in :func:`_fruchterman_reingold`, so isolated nodes do not drift away.
GRAVITY = 0.5


def _fruchterman_reingold(G: "nx.Graph", seed: int, iterations: int = 80) -> dict[str, tuple[float, float]]:
    """Force-directed positions with dense numpy arrays (networkx switches to a slow sparse
    loop above 500 nodes; a dense n×n step is fast up to a few thousand)."""
    import numpy as np

    nodes = list(G)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    adjacency = np.zeros((n, n))
    for a, b in G.edges():
        if a != b:
            adjacency[index[a], index[b]] = adjacency[index[b], index[a]] = 1.0
    pos = np.random.default_rng(seed).random((n, 2))
    k = 1.5 / n ** 0.5
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        distance = np.maximum(np.sqrt(dx * dx + dy * dy), 0.01)
        force = k * k / (distance * distance) - adjacency * distance / k
        displacement = np.stack([(dx * force).sum(axis=1), (dy * force).sum(axis=1)], axis=1)
        displacement -= GRAVITY * (pos - pos.mean(axis=0)) * n ** 0.5  # keeps loose parts near the rest
        length = np.maximum(np.sqrt((displacement * displacement).sum(axis=1)), 0.01)
        pos += displacement * (temperature / length)[:, None]
        temperature -= cooling
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for i, node in enumerate(nodes)}
