"""``alignkg viz``: draw the graph to an interactive HTML page, a PNG or an SVG.

Examples::

    alignkg viz risk-technique -o risk-technique.html
    alignkg viz coverage -o docs/img/coverage.png
    alignkg viz around "Debate" --depth 2 -o debate.svg
    alignkg viz construct my-query.rq -o answer.html
"""

from __future__ import annotations

from pathlib import Path

import click

from alignkg.viz import FORMATS

OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
                      help="Where to write the picture: .html (interactive, offline), .png or .svg.")
FORMAT = click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                      help="Picture format (default: from the output file's suffix).")


def _draw(ctx: click.Context, view: str, output: Path, fmt: str | None, **options: object) -> None:
    from alignkg.cli import _kg
    from alignkg.viz import draw

    picture = draw(_kg(ctx), view, output=output, fmt=fmt, **options)
    click.echo(f"wrote {output} ({picture.size})", err=True)


@click.group()
def viz() -> None:
    """Draw the graph: risk–technique network, coverage matrix, neighbourhoods, CONSTRUCT answers."""


@viz.command("risk-technique")
@OUTPUT
@FORMAT
@click.pass_context
def risk_technique(ctx: click.Context, output: Path, fmt: str | None) -> None:
    """Risks and the techniques that address them (colour = principle, shape = direction)."""
    _draw(ctx, "risk-technique", output, fmt)


@viz.command()
@OUTPUT
@FORMAT
@click.option("--by", type=click.Choice(["maturity", "strength"]), default="maturity", show_default=True,
              help="Colour cells by the technique's maturity or by the strength of the evidence for the link.")
@click.option("--taxonomy", default=None, metavar="ID",
              help="Rows are this outside taxonomy's risks (e.g. owasp-agentic, ibm-risk-atlas; needs "
                   "--layers curated,atlas): which ones alignment techniques reach, and the gap.")
@click.pass_context
def coverage(ctx: click.Context, output: Path, fmt: str | None, by: str, taxonomy: str | None) -> None:
    """Risks × techniques by maturity (or evidence strength); risks with only research-stage or early answers highlighted."""
    _draw(ctx, "coverage", output, fmt, by=by, taxonomy=taxonomy)


@viz.command()
@click.argument("node")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="How many links away from NODE to go.")
@OUTPUT
@FORMAT
@click.pass_context
def around(ctx: click.Context, node: str, depth: int, output: Path, fmt: str | None) -> None:
    """The neighbourhood of NODE (a label such as "Debate", an alt label, or an id)."""
    _draw(ctx, "around", output, fmt, node=node, depth=depth)


@viz.command()
@click.argument("query")
@OUTPUT
@FORMAT
@click.pass_context
def construct(ctx: click.Context, query: str, output: Path, fmt: str | None) -> None:
    """The answer of a CONSTRUCT query (a .rq file, a named query or SPARQL text) as a graph."""
    _draw(ctx, "construct", output, fmt, query=query)


@viz.command("graph")
@OUTPUT
@FORMAT
@click.pass_context
def whole_graph(ctx: click.Context, output: Path, fmt: str | None) -> None:
    """Every entity and link (without vocabulary, sections and mitigation records)."""
    _draw(ctx, "graph", output, fmt)
