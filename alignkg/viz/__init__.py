"""Pictures of the knowledge graph: interactive HTML pages and static PNG/SVG.

Views (:data:`VIEWS`): ``risk-technique`` (risks and the techniques that
address them), ``coverage`` (the risk × technique matrix by maturity),
``around`` (a node's neighbourhood), ``construct`` (a CONSTRUCT query's
answer) and ``graph`` (everything). Every view renders to ``html`` (vis-network
inlined, works offline), ``png`` and ``svg`` from the same data.

Example
-------
>>> import alignkg
>>> kg = alignkg.load()
>>> picture = kg.draw("around", node="Debate", depth=1)
>>> picture.graph.graph["title"]
'Debate and its neighbourhood (depth 1)'
>>> picture.to_bytes("png")[:4]
b'\\x89PNG'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alignkg.errors import AlignKGError

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure

    from alignkg.kg import KnowledgeGraph
    from alignkg.viz.coverage import Coverage

VIEWS = ("risk-technique", "coverage", "around", "construct", "graph")
FORMATS = ("html", "png", "svg")
__all__ = ["FORMATS", "VIEWS", "Picture", "draw", "format_for"]


@dataclass(repr=False)
class Picture:
    """A drawn view: ``graph`` (a styled networkx graph) or ``coverage`` (the matrix).

    ``html()``, ``figure()``, ``to_bytes(fmt)`` and ``save(path)`` render it; ``size`` says
    what it holds; in a notebook it shows as its PNG.
    """

    view: str
    graph: "nx.DiGraph | None" = None
    coverage: "Coverage | None" = None

    def html(self) -> str:
        """The self-contained interactive page."""
        from alignkg.viz import page

        return page.coverage_html(self.coverage) if self.coverage is not None else page.network_html(self.graph)

    def figure(self) -> "Figure":
        """The static matplotlib figure."""
        from alignkg.viz import mpl

        return mpl.coverage_figure(self.coverage) if self.coverage is not None else mpl.network_figure(self.graph)

    def to_bytes(self, fmt: str = "png") -> bytes:
        """The picture as ``html``, ``png`` or ``svg`` bytes."""
        if fmt == "html":
            return self.html().encode("utf-8")
        if fmt in ("png", "svg"):
            from alignkg.viz import mpl

            return mpl.render(self.figure(), fmt)
        raise AlignKGError(f"unknown picture format '{fmt}' (one of: {', '.join(FORMATS)})")

    def save(self, path: Path | str, fmt: str | None = None) -> Path:
        """Write the picture atomically; the format comes from ``fmt`` or the file's suffix."""
        from alignkg.atomic import write_bytes

        path = Path(path)
        write_bytes(path, self.to_bytes(format_for(path, fmt)))
        return path

    @property
    def size(self) -> str:
        """What the picture holds: ``55 nodes, 47 links`` or ``26 risks × 29 techniques``."""
        if self.coverage is not None:
            return f"{len(self.coverage.risks)} risks × {len(self.coverage.techniques)} techniques"
        return f"{self.graph.number_of_nodes()} nodes, {self.graph.number_of_edges()} links"

    def __repr__(self) -> str:
        return f"<Picture {self.view}: {self.size}>"

    def _repr_png_(self) -> bytes:
        return self.to_bytes("png")


def format_for(path: Path | str | None, fmt: str | None = None) -> str:
    """The picture format named by ``fmt``, else by the suffix of ``path``.

    >>> format_for("docs/img/coverage.svg")
    'svg'
    """
    chosen = fmt or (Path(path).suffix.lstrip(".").lower() if path else "")
    chosen = "html" if chosen == "htm" else chosen
    if chosen not in FORMATS:
        raise AlignKGError(f"cannot tell the picture format of '{path}': use a .html, .png or .svg file "
                           f"(or name the format: {', '.join(FORMATS)})")
    return chosen


def draw(kg: "KnowledgeGraph", view: str = "risk-technique", *, node: str | None = None, depth: int = 2,
         query: str | None = None, output: Path | str | None = None, fmt: str | None = None,
         **options: Any) -> Picture:
    """Build a view of ``kg`` and, with ``output``, write it there.

    ``node`` and ``depth`` are for ``around``; ``query`` (SPARQL text, a ``.rq``
    file or a named query) is for ``construct``; ``deployed_levels`` may be passed for
    ``coverage``.
    """
    from alignkg.viz import views

    if output is not None:
        fmt = format_for(output, fmt)  # a bad suffix fails before any drawing
    if view == "risk-technique":
        picture = Picture(view, graph=views.risk_technique(kg))
    elif view == "coverage":
        from alignkg.viz.coverage import coverage

        picture = Picture(view, coverage=coverage(kg, **options))
    elif view == "around":
        if not node:
            raise AlignKGError("the 'around' view needs a node (a label, alt label or id)")
        picture = Picture(view, graph=views.neighbourhood(kg, node, depth))
    elif view == "construct":
        if not query:
            raise AlignKGError("the 'construct' view needs a query (a .rq file, a named query or SPARQL text)")
        picture = Picture(view, graph=views.construct(kg, query))
    elif view == "graph":
        picture = Picture(view, graph=views.whole(kg))
    else:
        raise AlignKGError(f"unknown view '{view}' (one of: {', '.join(VIEWS)})")
    if output is not None:
        picture.save(output, fmt)
    return picture
