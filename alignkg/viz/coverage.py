"""The coverage matrix: which techniques address which risks, and how mature they are.

This is the "capability–safety gap" view: a risk is a **gap** when no
technique that addresses it is deployed (every answer is still at a research,
growing, developing, early or limited stage), or when nothing addresses it at
all. This is the same rule as the named query ``coverage-gap``, which lists the
first kind; the second kind (``Coverage.uncovered``) shows as an empty row.

Example
-------
>>> import alignkg
>>> matrix = coverage(alignkg.load())
>>> all(risk in matrix.risk_ids for risk in matrix.gaps)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from alignkg.errors import AlignKGError
from alignkg.viz.style import (MATURITY_COLORS, NO_MATURITY_COLOR, NO_PRINCIPLE_COLOR, NO_SEVERITY_COLOR,
                               PRINCIPLE_COLORS, SEVERITY_COLORS, is_technique)
from alignkg.viz.views import entity_graph, level_ranks

if TYPE_CHECKING:
    from alignkg.kg import KnowledgeGraph

#: Maturity levels that count as a real, deployed answer to a risk.
DEPLOYED_LEVELS = ("maturity-deployed",)
#: Cell levels when the matrix is coloured by the strength of the evidence (``by="strength"``, docs/crosswalks.md).
STRENGTH_LEVELS = {"strong": {"label": "Strong evidence", "rank": 6}, "moderate": {"label": "Moderate evidence", "rank": 4},
                   "weak": {"label": "Weak evidence", "rank": 2}}
COLOR_BY = ("maturity", "strength")


@dataclass
class Coverage:
    """Risks (rows) × techniques (columns); ``cells`` maps ``(risk, technique)`` slugs to a maturity slug
    (or, with ``by="strength"``, to the link's evidence strength: weak, moderate, strong)."""

    risks: list[dict] = field(default_factory=list)
    techniques: list[dict] = field(default_factory=list)
    cells: dict[tuple[str, str], str] = field(default_factory=dict)
    gaps: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    levels: dict[str, dict] = field(default_factory=dict)
    deployed_levels: tuple[str, ...] = DEPLOYED_LEVELS
    by: str = "maturity"
    title: str = "Which risks have only research-stage or early answers? (capability–safety gap)"
    gap_note: str = "gap: no deployed technique addresses this risk (only research-stage or early ones, or none)"
    gap_label: str = "gap: no deployed technique"  # the short form, for the PNG/SVG legend

    @property
    def noun(self) -> str:
        """What the cell colours show, in words."""
        return "evidence strength" if self.by == "strength" else "maturity"

    @property
    def risk_ids(self) -> list[str]:
        return [r["id"] for r in self.risks]

    @property
    def technique_ids(self) -> list[str]:
        return [t["id"] for t in self.techniques]

    def color(self, level: str) -> str:
        """The cell colour of a level (a maturity, or an evidence strength); grey when it has no rank."""
        rank = self.levels.get(level, {}).get("rank")
        return MATURITY_COLORS.get(rank, NO_MATURITY_COLOR)

    def legend(self) -> list[tuple[str, str]]:
        """``(label, colour)`` of each cell level, highest rank first, then "not given" if a cell has no level."""
        ranked = sorted(self.levels.items(), key=lambda item: -(item[1].get("rank") or 0))
        entries = [(v["label"], self.color(slug)) for slug, v in ranked]
        if any(not level for level in self.cells.values()):
            entries.append((f"{self.noun} not given", self.color("")))
        return entries


def coverage(kg: "KnowledgeGraph", deployed_levels: tuple[str, ...] = DEPLOYED_LEVELS, by: str = "maturity",
             taxonomy: str | None = None) -> Coverage:
    """Build the matrix from the graph's ``addresses`` links; cells coloured ``by`` maturity or evidence strength.

    Rows: every risk, most severe first, gaps first within a severity. Columns:
    every technique that addresses a risk, grouped by principle, most mature first.
    With ``taxonomy`` (e.g. ``owasp-agentic``; needs the atlas layer) the rows are
    that taxonomy's risks instead, and a technique reaches one through a risk of
    ours that our mappings match to it (:func:`taxonomy_coverage`).
    """
    if by not in COLOR_BY:
        raise AlignKGError(f"unknown coverage colouring '{by}' (one of: {', '.join(COLOR_BY)})")
    G = entity_graph(kg)
    ranks = level_ranks(G)
    levels = STRENGTH_LEVELS if by == "strength" else {
        d["id"]: {"label": d["label"], "rank": d.get("rank")} for _, d in G.nodes(data=True) if d["type"] == "MaturityLevel"}
    matrix = Coverage(levels=levels, deployed_levels=tuple(deployed_levels), by=by)
    if taxonomy:
        return taxonomy_coverage(kg, G, matrix, taxonomy)
    risks = {n: d for n, d in G.nodes(data=True) if d["type"] == "Risk"}
    answers: dict[str, list[str]] = {d["id"]: [] for d in risks.values()}
    techniques: dict[str, dict] = {}
    for t, r, key in G.edges(keys=True):
        if key == "addresses" and r in risks and is_technique(G.nodes[t]):
            tech = G.nodes[t]
            techniques[tech["id"]] = tech
            maturity = str(tech.get("maturity", ""))
            matrix.cells[risks[r]["id"], tech["id"]] = str(G.edges[t, r, key].get("strength", "")) if by == "strength" else maturity
            answers[risks[r]["id"]].append(maturity)
    matrix.gaps = sorted(r for r, found in answers.items() if not any(m in deployed_levels for m in found))
    matrix.uncovered = sorted(r for r, found in answers.items() if not found)
    gap_set = set(matrix.gaps)
    matrix.risks = sorted(
        ({"id": d["id"], "label": d["label"], "severity": d.get("severity"),
          "color": SEVERITY_COLORS.get(d.get("severity"), NO_SEVERITY_COLOR), "gap": d["id"] in gap_set,
          "answers": len(answers[d["id"]])} for d in risks.values()),
        key=lambda r: (-(ranks.get(r["severity"]) or 0), not r["gap"], r["label"].lower()))
    principle_order = {p: i for i, p in enumerate(PRINCIPLE_COLORS)}
    matrix.techniques = sorted(
        ({"id": d["id"], "label": d["label"], "principle": d.get("primaryPrinciple"),
          "maturity": d.get("maturity"), "color": PRINCIPLE_COLORS.get(d.get("primaryPrinciple"), NO_PRINCIPLE_COLOR)}
         for d in techniques.values()),
        key=lambda t: (principle_order.get(t["principle"], 99), -(ranks.get(t["maturity"]) or 0), t["label"].lower()))
    return matrix


#: Each risk of a taxonomy with the techniques that reach it: (entry, label, technique, strength of the link).
_REACH = """
SELECT ?e ?label ?t ?strength WHERE {
  ?e skos:inScheme ?scheme ; a akg:AtlasRisk ; rdfs:label ?label .
  OPTIONAL {
    ?r skos:exactMatch|skos:closeMatch|skos:broadMatch|skos:narrowMatch|skos:relatedMatch ?e .
    ?t akg:addresses ?r .
    OPTIONAL { ?link akg:technique ?t ; akg:risk ?r ; akg:strength ?strength }
  }
}"""


def taxonomy_coverage(kg: "KnowledgeGraph", G: "object", matrix: Coverage, taxonomy: str) -> Coverage:
    """Rows: the risks of ``taxonomy`` (reached ones first, then the gap); columns: the techniques that
    reach them; a cell is the technique's maturity (or the strongest evidence among the links it goes through).

    >>> import alignkg
    >>> coverage(alignkg.load(), taxonomy="nist-genai")   # doctest: +SKIP
    """
    from rdflib.namespace import RDFS

    from alignkg.graph.schemes import find_scheme

    scheme = find_scheme(kg.graph, taxonomy)
    name = kg.graph.value(scheme, RDFS.label) or taxonomy
    matrix.title = f"{name}: which risks do alignment techniques reach? (coverage gap)"
    matrix.gap_note = "gap: no alignment technique reaches this risk (no risk of ours that one addresses maps to it)"
    matrix.gap_label = "gap: no technique reaches it"
    order = {"": 0, "weak": 1, "moderate": 2, "strong": 3}
    technique_nodes = {str(n): d for n, d in G.nodes(data=True) if is_technique(d)}
    rows: dict[str, dict] = {}
    for row in kg.execute(_REACH, {"scheme": scheme}):
        entry = str(row.e).rsplit("/", 1)[-1]
        risk = rows.setdefault(entry, {"id": entry, "label": str(row.label), "severity": None,
                                       "color": NO_SEVERITY_COLOR, "gap": True, "answers": 0})
        tech = technique_nodes.get(str(row.t)) if row.t is not None else None
        if tech is None:
            continue
        risk["gap"] = False
        cell = (entry, tech["id"])
        if matrix.by == "strength":
            strength = str(row.strength or "")
            if cell not in matrix.cells or order[strength] > order[matrix.cells[cell]]:
                matrix.cells[cell] = strength
        else:
            matrix.cells[cell] = str(tech.get("maturity", ""))
    if not rows:
        raise AlignKGError(f"the taxonomy '{taxonomy}' has no risks in the loaded graph "
                           "(import the AI Atlas Nexus with `alignkg import atlas --package` and load it "
                           "with --layers curated,atlas)")
    for risk_id, tech_id in matrix.cells:
        rows[risk_id]["answers"] += 1
    ranks = level_ranks(G)
    used = {tech_id for _, tech_id in matrix.cells}
    techniques = [d for d in technique_nodes.values() if d["id"] in used]
    matrix.gaps = sorted(r for r, d in rows.items() if d["gap"])
    matrix.uncovered = list(matrix.gaps)
    matrix.risks = sorted(rows.values(), key=lambda r: (r["gap"], r["label"].lower()))
    principle_order = {p: i for i, p in enumerate(PRINCIPLE_COLORS)}
    matrix.techniques = sorted(
        ({"id": d["id"], "label": d["label"], "principle": d.get("primaryPrinciple"),
          "maturity": d.get("maturity"), "color": PRINCIPLE_COLORS.get(d.get("primaryPrinciple"), NO_PRINCIPLE_COLOR)}
         for d in techniques),
        key=lambda t: (principle_order.get(t["principle"], 99), -(ranks.get(t["maturity"]) or 0), t["label"].lower()))
    return matrix
