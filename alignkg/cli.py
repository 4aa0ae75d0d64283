"""The ``alignkg`` command line: a thin layer over :class:`alignkg.KnowledgeGraph`.

Expected errors (bad data, bad queries, a missing model) print one line on
stderr and exit non-zero without a traceback; see ``alignkg.errors`` for the
exit codes.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

import click

from alignkg.errors import AlignKGError
from alignkg.graph.export import FORMATS as EXPORT_FORMATS, RDF_FORMATS
from alignkg.graph.sparql import FORMATS as QUERY_FORMATS, format_result, named_queries

# Commands defined in other modules, imported only when run (``alignkg --help`` stays fast):
# name -> (module, attribute, the one-line help ``--help`` lists; tests check it is the command's own).
LAZY_COMMANDS = {
    "ask": ("alignkg.embeddings.cli", "ask", "Answer QUESTION from the graph: the answer table and the SPARQL that found it."),
    "docs": ("alignkg.docs", "docs", "Write documentation generated from the graph's files."),
    "import": ("alignkg.crosswalk_cli", "import_group", "Bring outside taxonomies into the graph."),
    "ingest": ("alignkg.ingest.cli", "ingest_cmd",
               "Ingest Markdown, MDX, text and HTML files (folders recursively) into the 'ingested' layer."),
    "index": ("alignkg.embeddings.cli", "index", "Build or refresh the search index; say what was re-embedded and where it lives."),
    "mappings": ("alignkg.crosswalk_cli", "mappings",
                 "Crosswalk mappings (SKOS matches with justification, confidence, source) as SSSOM."),
    "review": ("alignkg.ingest.cli", "review", "List the open proposals (most confident first); see `review show|accept|reject ID`."),
    "search": ("alignkg.embeddings.cli", "search", "Find the entities that best match TEXT (hybrid semantic + keyword ranking)."),
    "serve": ("alignkg.server.cli", "serve", "Serve the graph over HTTP: a read-only SPARQL 1.1 endpoint at "
              "/sparql, /search, /health and a page at /."),
    "site": ("alignkg.site", "site", "Write the graph as a static website (works from file:// and on any static host)."),
    "store": ("alignkg.server.cli", "store", "Manage a persistent store (pyoxigraph on disk)."),
    "viz": ("alignkg.viz.cli", "viz", "Draw the graph: risk–technique network, coverage matrix, neighbourhoods, CONSTRUCT answers."),
}


class Failure(click.ClickException):
    """An AlignKGError surfaced at the CLI boundary, keeping its exit code."""

    def __init__(self, error: AlignKGError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo(f"alignkg: error: {self.message}", err=True)


class Group(click.Group):
    """A click group that turns AlignKGError into a one-line message and exit code, and imports
    the commands of :data:`LAZY_COMMANDS` only when they are run."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in LAZY_COMMANDS:
            module, attribute, _ = LAZY_COMMANDS[name]
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        rows = [(name, self.commands[name].get_short_help_str(limit) if name in self.commands
                 else click.utils.make_default_short_help(LAZY_COMMANDS[name][2], limit))
                for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):  # noqa: ANN201 - click's signature
        try:
            return super().invoke(ctx)
        except AlignKGError as error:
            raise Failure(error) from None


def _kg(ctx: click.Context):  # noqa: ANN202
    from alignkg.kg import load

    if "kg" not in ctx.obj:
        ctx.obj["kg"] = load(ctx.obj["data"], layers=ctx.obj.get("layers"), store=ctx.obj.get("store"))
    return ctx.obj["kg"]


def _write(data: bytes, output: Path | None) -> None:
    from alignkg.atomic import write_bytes

    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_bytes(output, data)
        click.echo(f"wrote {output} ({len(data):,} bytes)", err=True)


@click.group(cls=Group)
@click.version_option(package_name="alignkg")
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of curated YAML/Turtle files (default: the embedded graph).")
@click.option("--store", default=None, metavar="SPEC", envvar="ALIGNKG_STORE",
              help="Where the graph lives: memory (default), oxigraph:PATH or endpoint:URL.")
@click.option("--layers", default=None, metavar="A,B", envvar="ALIGNKG_LAYERS",
              help="The layers to load, e.g. curated,atlas (default: each layer's default; see `alignkg layers`).")
@click.pass_context
def cli(ctx: click.Context, data: Path | None, store: str | None, layers: str | None) -> None:
    """A knowledge graph of AI alignment: build it, query it with SPARQL, search it."""
    ctx.ensure_object(dict)
    ctx.obj["data"] = data
    ctx.obj["store"] = store
    ctx.obj["layers"] = layers


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("build/alignkg.ttl"), show_default=True, help="Where to write the graph.")
@click.option("--format", "fmt", type=click.Choice(list(RDF_FORMATS)), default="turtle", show_default=True)
@click.pass_context
def build(ctx: click.Context, output: Path, fmt: str) -> None:
    """Compile the curated data, validate it with SHACL, and write the graph."""
    from collections import Counter

    from alignkg.graph.convert import entity_types

    started = time.perf_counter()
    kg = _kg(ctx)
    kg.validate()
    _write(kg.export(fmt), output)
    counts = Counter(entity_types(kg.graph).values())
    summary = ", ".join(f"{n} {cls}" for cls, n in counts.most_common())
    click.echo(f"{len(kg.graph):,} triples; {summary}", err=True)
    click.echo(f"valid (SHACL) in {time.perf_counter() - started:.2f} s", err=True)


@cli.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.pass_context
def query(ctx: click.Context, query: str, fmt: str) -> None:
    """Answer QUERY: SPARQL text, a .rq file, or the name of a named query."""
    click.echo(format_result(_kg(ctx).execute(query), fmt))


@cli.command()
def queries() -> None:
    """List the named competency queries and what each answers."""
    for q in named_queries().values():
        needs = f"  (needs the layer(s) {', '.join(q.layers)}: --layers curated,{','.join(q.layers)})" if q.layers else ""
        click.echo(f"{q.name}{needs}\n    {q.description}")


@cli.command("layers")
@click.pass_context
def layers_cmd(ctx: click.Context) -> None:
    """List the layers that can be loaded: name, on or off by default, source, version."""
    from alignkg.layers import available, home

    for layer in available(ctx.obj["data"]).values():
        state = "on " if layer.default else "off"
        version = f" {layer.version}" if layer.version else ""
        click.echo(f"{layer.name:<12} {state}  {layer.title}{version} — {layer.source}")
    click.echo(f"(layer folders live in {home() / 'layers'}; set ALIGNKG_HOME to move them)", err=True)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (default: standard output).")
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Write the graph as Turtle, N-Triples, JSON-LD or GraphML."""
    _write(_kg(ctx).export(fmt), output)



def main() -> None:
    """Entry point of the ``alignkg`` console script."""
    cli(obj={})
