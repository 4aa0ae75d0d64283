"""Self-contained interactive HTML pages: vis-network inlined, data as JSON, no external URL.

The node and edge data sit in ``<script type="application/json" id="alignkg-data">``
so a test (or a curious reader) can count them. Once the network has drawn,
the page writes what it drew into ``#alignkg-status``
(``data-state="drawn" data-drawn-nodes=… data-drawn-edges=…``). A
Content-Security-Policy forbids the page from loading anything from anywhere.

Example
-------
>>> import networkx as nx
>>> G = nx.DiGraph(title="t")
>>> G.add_node("a", id="a", label="A", type="Risk", color="#B2182B", shape="diamond", size=3, x=0, y=0)
>>> page = network_html(G)
>>> '"label": "A"' in page
True
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from alignkg.graph.sparql import PREFIXES
from alignkg.viz.layout import tallest_column
from alignkg.viz.style import DETAILS, VIS_SHAPES, legend_entries, short_label

if TYPE_CHECKING:
    import networkx as nx

    from alignkg.viz.coverage import Coverage

VIS_NETWORK_VERSION = "10.1.5"
CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
#: Pixels between two rows of a layered picture, and its column width.
ROW_PX, COLUMN_PX = 58, 900
#: Pixels between two rings of a neighbourhood picture.
RING_PX = 260

STYLE = """
html:has(body.network), body.network { height: 100%; overflow: hidden; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 0; color: #222; }
header { padding: 8px 16px; border-bottom: 1px solid #ddd; }
h1 { font-size: 18px; margin: 4px 0; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; }
.legend span.key { display: inline-block; width: 12px; height: 12px; margin-right: 4px; border: 1px solid #555; vertical-align: -1px; }
.legend .circle { border-radius: 50%; } .legend .diamond { transform: rotate(45deg) scale(0.8); }
.legend .triangle { clip-path: polygon(50% 0, 100% 100%, 0 100%); background: #8C8C8C !important; }
#alignkg-status { font-size: 12px; color: #666; }
#network { width: 100%; height: calc(100% - 110px); }
div.vis-tooltip { font-family: inherit !important; }
.tip { max-width: 360px; font-size: 13px; white-space: normal; }
.tip b { font-size: 14px; } .tip dl { margin: 4px 0 0; } .tip dt { font-weight: 600; float: left; margin-right: 4px; }
table.coverage { border-collapse: collapse; font-size: 12px; margin: 12px 16px; }
table.coverage th.col { white-space: nowrap; vertical-align: bottom; padding: 2px 0; font-weight: 600; }
table.coverage th.col > div { writing-mode: vertical-rl; transform: rotate(180deg); margin: 0 auto; color: var(--principle); }
table.coverage th.row { text-align: right; padding: 1px 8px; white-space: nowrap; border-left: 6px solid var(--severity); }
table.coverage tr.gap th.row { background: #fde0dd; font-weight: 700; }
table.coverage td { width: 20px; height: 20px; border: 1px solid #eee; padding: 0; }
"""

NETWORK_SCRIPT = """
(function () {
  var MIN_SCALE = 0.75, LABEL_ROOM = 320;  // 16-unit labels drawn at >= 12 px; room for the outer labels
  var status = document.getElementById('alignkg-status');
  window.addEventListener('error', function (e) { status.dataset.state = 'error'; status.textContent = 'error: ' + e.message; });
  var data = JSON.parse(document.getElementById('alignkg-data').textContent);
  function tooltip(n) {
    var box = document.createElement('div'); box.className = 'tip';
    var b = document.createElement('b'); b.textContent = n.label; box.appendChild(b);
    var dl = document.createElement('dl');
    n.details.forEach(function (pair) {
      var dt = document.createElement('dt'); dt.textContent = pair[0] + ':';
      var dd = document.createElement('dd'); dd.textContent = pair[1];
      dl.appendChild(dt); dl.appendChild(dd);
    });
    box.appendChild(dl);
    if (n.description) { var p = document.createElement('p'); p.textContent = n.description; box.appendChild(p); }
    return box;
  }
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return { id: n.id, label: n.shortLabel, shape: n.shape, size: n.size, x: n.x, y: n.y, title: tooltip(n),
             borderWidth: n.borderWidth, font: { size: 16, strokeWidth: 3, strokeColor: '#ffffff' },
             color: { background: n.color, border: n.border, highlight: { background: n.color, border: '#000000' },
                      hover: { background: n.color, border: '#000000' } } };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return { id: i, from: e.from, to: e.to, arrows: 'to', title: e.title, label: data.edgeLabels ? e.relation : undefined,
             font: { size: 10, color: '#777777', strokeWidth: 2 }, color: { color: e.color, opacity: 0.55 },
             smooth: false, width: e.width };
  }));
  var network = new vis.Network(document.getElementById('network'), { nodes: nodes, edges: edges }, {
    physics: false, layout: { randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 80, dragNodes: true, dragView: true, zoomView: true, keyboard: true },
  });
  network.once('afterDrawing', function () {
    status.dataset.drawnNodes = network.body.nodeIndices.length;
    status.dataset.drawnEdges = network.body.edgeIndices.length;
    status.dataset.state = 'drawn';
    status.textContent = network.body.nodeIndices.length + ' nodes, ' + network.body.edgeIndices.length +
      ' links. Scroll to zoom, drag to move, hover for details.';
  });
  network.fit();
  // Open legibly: labels (16 units) at least 12 px, the picture's width used, its top (a ring picture: its centre) first.
  var box = document.getElementById('network').getBoundingClientRect();
  var xs = data.nodes.map(function (n) { return n.x; }), ys = data.nodes.map(function (n) { return n.y; });
  var left = Math.min.apply(null, xs), right = Math.max.apply(null, xs);
  var top = Math.min.apply(null, ys), bottom = Math.max.apply(null, ys);
  var scale = Math.max(MIN_SCALE, Math.min(1, box.width / (right - left + LABEL_ROOM)));
  if (data.nodes.length && scale > network.getScale()) {
    var y = data.layout === 'radial' ? (top + bottom) / 2 : Math.min((top + bottom) / 2, top - 40 + box.height / (2 * scale));
    network.moveTo({ position: { x: (left + right) / 2, y: y }, scale: scale });
  }
  window.alignkgNetwork = network;
})();
"""


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vendored vis-network standalone build (see ``alignkg/viz/vendor/README.md``)."""
    return resources.files("alignkg.viz").joinpath("vendor/vis-network.min.js").read_text(encoding="utf-8")


def compact(iri: str) -> str:
    """A short, URL-free name for an IRI: ``id:debate``, ``skos:related``; other IRIs unchanged."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def network_data(G: "nx.Graph") -> dict[str, Any]:
    """The JSON the page draws: nodes with pixel positions, style and hover details; edges."""
    layered = G.graph.get("layout") == "layered"
    if layered:
        scale_x, scale_y = COLUMN_PX, ROW_PX * (tallest_column(G) + 8)
    elif G.graph.get("layout") == "radial":
        scale_x = scale_y = 2 * RING_PX * G.graph.get("extent", 1.0)
    else:
        scale_x = 90 * max(G.number_of_nodes(), 4) ** 0.5
        scale_y = scale_x * 0.75
    nodes = []
    for node, d in G.nodes(data=True):
        backward = d.get("direction") == "backward-alignment"
        nodes.append({
            "id": compact(node), "label": d["label"], "shortLabel": short_label(d["label"]), "type": d["type"], "group": d.get("group"),
            "color": d["color"], "border": "#222222" if backward else "#555555", "borderWidth": 3 if backward else 1,
            "shape": VIS_SHAPES[d["shape"]], "size": 8 + 4 * d.get("size", 1),
            "x": round(d.get("x", 0.5) * scale_x, 1), "y": round(d.get("y", 0.5) * scale_y, 1),
            "description": d.get("description", ""),
            "details": [[caption, str(d[key])] for key, caption in DETAILS if d.get(key)],
        })
    edges = []
    for s, o, d in G.edges(data=True):
        title = d.get("relation", "")
        if d.get("strength"):
            title += f" ({d['strength']})"
        if d.get("articleWording"):
            title += f': "{d["articleWording"]}"'
        edges.append({"from": compact(s), "to": compact(o), "relation": d.get("relation", ""), "title": title,
                      "color": G.nodes[s].get("color", "#999999") if layered else "#888888",
                      "width": {"strong": 3, "moderate": 2}.get(d.get("strength"), 1)})
    return {"title": G.graph.get("title", "alignkg"), "layout": G.graph.get("layout", "spread"),
            "edgeLabels": not layered and len(edges) <= 80, "nodes": nodes, "edges": edges}


def network_html(G: "nx.Graph") -> str:
    """The interactive page of a styled, positioned view graph (see :mod:`alignkg.viz.views`)."""
    data = network_data(G)
    return _page(data["title"], _legend(G), '<div id="network"></div>', data,
                 f"<script>{vis_network_js()}</script>\n<script>{NETWORK_SCRIPT}</script>")


def coverage_html(matrix: "Coverage") -> str:
    """The coverage matrix as a self-contained HTML table; gap rows highlighted."""
    head = "".join(
        f'<th class="col" style="--principle:{t["color"]}"><div>{html.escape(t["label"])}</div></th>'
        for t in matrix.techniques)
    rows = []
    for r in matrix.risks:
        cells = []
        for t in matrix.techniques:
            maturity = matrix.cells.get((r["id"], t["id"]))
            if maturity is None:
                cells.append("<td></td>")
                continue
            level = matrix.levels.get(maturity, {}).get("label", f"unknown {matrix.noun}")
            tip = html.escape(f"{t['label']} addresses {r['label']} ({level})", quote=True)
            cells.append(f'<td data-{matrix.by}="{html.escape(maturity)}" title="{tip}" '
                         f'style="background:{matrix.color(maturity)}"></td>')
        marker = " ⚠" if r["gap"] else ""
        rows.append(f'<tr class="{"gap" if r["gap"] else ""}" data-risk="{html.escape(r["id"])}">'
                    f'<th class="row" style="--severity:{r["color"]}">{html.escape(r["label"])}{marker}</th>'
                    f'{"".join(cells)}</tr>')
    legend = "".join(f'<span><span class="key" style="background:{color}"></span>{html.escape(label)}</span>'
                     for label, color in matrix.legend())
    legend += f'<span>⚠ {html.escape(matrix.gap_note)}</span>'
    table = f'<table class="coverage"><tr><th></th>{head}</tr>{"".join(rows)}</table>'
    data = {"title": "Coverage", "risks": matrix.risks, "techniques": matrix.techniques, "gaps": matrix.gaps,
            "cells": [[r, t, m] for (r, t), m in sorted(matrix.cells.items())]}
    status = (f'<div id="alignkg-status" data-state="drawn">{len(matrix.risks)} risks × {len(matrix.techniques)} '
              f'techniques; {len(matrix.gaps)} gap(s). Hover a cell for details.</div>')
    title = "by technique maturity" if matrix.by == "maturity" else "by strength of the evidence"
    return _page(f"Risk × technique coverage, {title}", legend, table, data, "", status)


def _legend(G: "nx.Graph") -> str:
    return "".join(
        f'<span><span class="key {shape}" style="background:{color}"></span>{html.escape(label)}</span>'
        for label, color, shape in legend_entries(G))


def _page(title: str, legend: str, body: str, data: dict[str, Any], scripts: str, status: str = "") -> str:
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="generator" content="alignkg (vis-network {VIS_NETWORK_VERSION}, inlined)">
<title>{html.escape(title)}</title>
<style>{STYLE}</style>
</head>
<body class="{"network" if scripts else "table"}">
<header><h1>{html.escape(title)}</h1><div class="legend">{legend}</div>
{status or '<div id="alignkg-status" data-state="loading">loading…</div>'}</header>
{body}
<script type="application/json" id="alignkg-data">{payload}</script>
{scripts}
</body>
</html>
"""
