"""Static pictures (PNG, SVG) with matplotlib, from the same view graphs as the HTML pages.

matplotlib is imported inside the functions. Nodes of one group are drawn as
one scatter whose SVG id is ``nodes-<kind>-<group>-<shape>`` (e.g.
``nodes-technique-principle-robustness-circle``), edges as one collection
``edges``, coverage cells as ``cells-<maturity>``: a test or a script can
count them in the SVG. SVG text stays text (``svg.fonttype: none``).

Example
-------
>>> import alignkg
>>> from alignkg.viz import views
>>> fig = network_figure(views.risk_technique(alignkg.load()))
>>> fig.axes[0].get_title(loc="left")
'Risks and the techniques that address them'
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import TYPE_CHECKING

from alignkg.viz.layout import tallest_column
from alignkg.viz.style import (GROUP_TITLES, MPL_MARKERS, PRINCIPLE_COLORS, SEVERITY_COLORS, is_technique, legend_entries,
                               short_label)

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure

    from alignkg.viz.coverage import Coverage

RC = {"svg.fonttype": "none", "svg.hashsalt": "alignkg", "font.family": "DejaVu Sans"}
#: Above this many nodes, a spread picture labels only the best-connected ones.
MAX_LABELS = 120


def render(fig: "Figure", fmt: str) -> bytes:
    """The figure as ``png`` or ``svg`` bytes, without a timestamp (reproducible files)."""
    import matplotlib

    out = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None} if fmt == "png" else None
    tight = "tight" if getattr(fig, "alignkg_tight", True) else None  # "tight" draws the figure twice
    with matplotlib.rc_context(RC):
        fig.savefig(out, format=fmt, dpi=150, bbox_inches=tight, metadata=metadata)
    return out.getvalue()


def network_figure(G: "nx.Graph") -> "Figure":
    """Draw a styled, positioned view graph (see :mod:`alignkg.viz.views`)."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        layered = G.graph.get("layout") == "layered"
        n = G.number_of_nodes()
        if layered:
            fig = Figure(figsize=(14, max(6.0, 0.3 * max(tallest_column(G), 1) + 2.5)))
        elif G.graph.get("layout") == "radial":
            side = min(26.0, 7.0 + 2.4 * G.graph.get("extent", 1.0))
            fig = Figure(figsize=(side, side))
        else:
            side = min(20.0, max(8.0, 1.3 * n ** 0.5))
            fig = Figure(figsize=(side * 1.25, side))
        ax = fig.add_subplot()
        if layered:
            ax.set_title(G.graph.get("title", ""), fontsize=14, loc="left", pad=34)
        else:
            fig.suptitle(G.graph.get("title", ""), fontsize=14, x=0.01, y=1 - 0.15 / fig.get_size_inches()[1],
                         ha="left", va="top")
        ax.set_axis_off()
        ax.invert_yaxis()
        _edges(ax, G, layered)
        _nodes(ax, G)
        _labels(ax, G, layered)
        if layered:
            _group_titles(ax, G)
            ax.set_xlim(-0.75, 1.75)
            _legend(ax, G)
        else:  # everything inside the figure: one drawing pass when saving
            ax.set_aspect("equal")
            ax.margins(0.18 if G.graph.get("layout") == "radial" else 0.08)
            width, height = fig.get_size_inches()
            columns = max(2, int(width / 3.4))
            rows = -(-len(legend_entries(G)) // columns)
            fig.subplots_adjust(left=0.01, right=0.99, top=1 - 0.6 / height, bottom=(0.3 + 0.24 * rows) / height)
            _legend(fig, G, loc="lower left", anchor=(0.01, 0.0), columns=columns)
            fig.alignkg_tight = False
    return fig


def _edges(ax, G: "nx.Graph", layered: bool) -> None:  # noqa: ANN001 - matplotlib Axes
    from matplotlib.collections import LineCollection

    segments = [[(G.nodes[s]["x"], G.nodes[s]["y"]), (G.nodes[o]["x"], G.nodes[o]["y"])] for s, o in G.edges()]
    colors = [G.nodes[s]["color"] if layered else "#888888" for s, _ in G.edges()]
    lines = LineCollection(segments, colors=colors, linewidths=0.9, alpha=0.45 if layered else 0.35, zorder=1)
    lines.set_gid("edges")
    ax.add_collection(lines)


def _nodes(ax, G: "nx.Graph") -> None:  # noqa: ANN001
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for node, d in G.nodes(data=True):
        kind = "technique" if is_technique(d) else d["type"].lower()
        groups[kind, str(d["group"]), d["shape"]].append(node)
    centre = G.graph.get("centre")
    for (kind, group, shape), members in sorted(groups.items()):
        data = [G.nodes[m] for m in members]
        backward = [d.get("direction") == "backward-alignment" for d in data]
        scatter = ax.scatter(
            [d["x"] for d in data], [d["y"] for d in data], c=[d["color"] for d in data],
            s=[(45 + 35 * d.get("size", 1)) * (2.5 if m == centre else 1) for m, d in zip(members, data)],
            marker=MPL_MARKERS[shape], edgecolors=["#111111" if b else "#555555" for b in backward],
            linewidths=[1.8 if b else 0.6 for b in backward], zorder=3)
        scatter.set_gid(f"nodes-{kind}-{group}-{shape}")


def _labels(ax, G: "nx.Graph", layered: bool) -> None:  # noqa: ANN001
    import math

    shown = set(G)
    radial = G.graph.get("layout") == "radial"
    if not layered and not radial and len(G) > MAX_LABELS:
        shown = set(sorted(G, key=lambda n: -G.degree(n))[:MAX_LABELS]) | {G.graph.get("centre")}
    for node, d in G.nodes(data=True):
        if node not in shown:
            continue
        text, gid = short_label(d["label"]), f"label-{d['id']}"
        if layered:
            left = d["x"] < 0.5
            ax.text(d["x"] + (-0.025 if left else 0.025), d["y"], text, ha="right" if left else "left",
                    va="center", fontsize=9, zorder=4, gid=gid)
        elif radial and d.get("hops"):
            angle = d["angle"]
            degrees = -math.degrees(angle)  # the y axis points down
            left = math.cos(angle) < 0
            ax.annotate(text, (d["x"], d["y"]), xytext=(9 * math.cos(angle), -9 * math.sin(angle)),
                        textcoords="offset points", rotation=degrees + (180 if left else 0),
                        rotation_mode="anchor", ha="right" if left else "left", va="center",
                        fontsize=8, zorder=4, gid=gid)
        else:
            ax.annotate(text, (d["x"], d["y"]), xytext=(0, -9), textcoords="offset points", ha="center",
                        va="top", fontsize=9 if node == G.graph.get("centre") else 8, zorder=4, gid=gid,
                        fontweight="bold" if node == G.graph.get("centre") else "normal",
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})


def _group_titles(ax, G: "nx.Graph") -> None:  # noqa: ANN001
    firsts: dict[tuple[float, str], float] = {}
    for _, d in G.nodes(data=True):
        key = (d["x"], str(d["group"]))
        firsts[key] = min(firsts.get(key, 2.0), d["y"])
    for (x, group), y in firsts.items():
        color = PRINCIPLE_COLORS.get(group) or SEVERITY_COLORS.get(group) or "#555555"
        ax.text(x, y - 0.012, GROUP_TITLES.get(group, group), ha="center", va="bottom", fontsize=10,
                fontweight="bold", color=color, zorder=4)
    top = min(y for _, y in firsts.items()) - 0.04
    ax.text(0.0, top, "RISKS (by severity)", ha="center", va="bottom", fontsize=11, fontweight="bold")
    ax.text(1.0, top, "TECHNIQUES (by RICE principle)", ha="center", va="bottom", fontsize=11, fontweight="bold")


def _legend(where, G: "nx.Graph", loc: str = "upper left", anchor: tuple = (0.0, -0.01),  # noqa: ANN001
            columns: int = 4) -> None:
    """The legend on an Axes (below it) or on the Figure (inside its bottom edge)."""
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker=MPL_MARKERS[shape], linestyle="none", markerfacecolor=color,
                      markeredgecolor="#333333", markersize=8, label=label)
               for label, color, shape in legend_entries(G)]
    if handles:
        where.legend(handles=handles, loc=loc, bbox_to_anchor=anchor, ncol=min(columns, len(handles)),
                     frameon=False, fontsize=9)


def coverage_figure(matrix: "Coverage") -> "Figure":
    """The coverage heatmap: risks × techniques, cells coloured by maturity (or evidence strength), gap rows banded in red."""
    import matplotlib
    from matplotlib.collections import PatchCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Rectangle

    with matplotlib.rc_context(RC):
        n_rows, n_cols = len(matrix.risks), len(matrix.techniques)
        fig = Figure(figsize=(max(8.0, 0.32 * n_cols + 4.5), max(5.0, 0.32 * n_rows + 3.5)))
        ax = fig.add_subplot()
        col = {t["id"]: j for j, t in enumerate(matrix.techniques)}
        for i, r in enumerate(matrix.risks):
            if r["gap"]:
                ax.axhspan(i - 0.5, i + 0.5, color="#FDE0DD", zorder=0, gid=f"gap-{r['id']}")
        cells: dict[str, list] = defaultdict(list)
        for i, r in enumerate(matrix.risks):
            for t in matrix.techniques:
                maturity = matrix.cells.get((r["id"], t["id"]))
                if maturity is not None:
                    cells[maturity].append(Rectangle((col[t["id"]] - 0.42, i - 0.42), 0.84, 0.84))
        for maturity, patches in sorted(cells.items()):
            collection = PatchCollection(patches, facecolor=matrix.color(maturity), edgecolor="#444444",
                                         linewidth=0.4, zorder=2)
            collection.set_gid(f"cells-{maturity or 'unknown'}")
            ax.add_collection(collection)
        ax.set_xlim(-0.5, n_cols - 0.5)
        ax.set_ylim(n_rows - 0.5, -0.5)
        ax.set_xticks(range(n_cols), [t["label"] for t in matrix.techniques], rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(n_rows), [r["label"] for r in matrix.risks], fontsize=8.5)
        for tick, t in zip(ax.get_xticklabels(), matrix.techniques):
            tick.set_color(t["color"])
        for tick, r in zip(ax.get_yticklabels(), matrix.risks):
            if r["gap"]:
                tick.set_fontweight("bold")
                tick.set_color("#B2182B")
        ax.set_xticks([x + 0.5 for x in range(n_cols)], minor=True)
        ax.set_yticks([y + 0.5 for y in range(n_rows)], minor=True)
        ax.grid(which="minor", color="#EEEEEE", linewidth=0.5)
        ax.tick_params(which="minor", length=0)
        ax.set_title(matrix.title, fontsize=12, loc="left")
        handles = [Patch(facecolor=color, edgecolor="#444444", label=label) for label, color in matrix.legend()]
        handles.append(Patch(facecolor="#FDE0DD", label=matrix.gap_label))
        ax.legend(handles=handles, title="Technique maturity" if matrix.by == "maturity" else "Evidence strength", loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  fontsize=8, title_fontsize=9, frameon=False)
        fig.tight_layout()
    return fig
