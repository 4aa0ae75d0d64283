"""The ``alignkg`` command line: a thin layer over :class:`alignkg.KnowledgeGraph`.

Expected errors (bad data, bad queries, a missing model) print one line on
stderr and exit non-zero without a traceback; see ``alignkg.errors`` for the
exit codes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from alignkg.errors import AlignKGError
from alignkg.graph.export import FORMATS as EXPORT_FORMATS, RDF_FORMATS
from alignkg.graph.sparql import FORMATS as QUERY_FORMATS, format_result, named_queries


class Failure(click.ClickException):
    """An AlignKGError surfaced at the CLI boundary, keeping its exit code."""

    def __init__(self, error: AlignKGError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo(f"alignkg: error: {self.message}", err=True)


class Group(click.Group):
    """A click group that turns AlignKGError into a one-line message and exit code."""

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
        click.echo(f"{q.name}\n    {q.description}")


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


from alignkg.viz.cli import viz  # noqa: E402 - registered after the core commands

cli.add_command(viz)

from alignkg.docs import docs  # noqa: E402
from alignkg.server.cli import serve, store  # noqa: E402
from alignkg.site import site  # noqa: E402

cli.add_command(serve)
cli.add_command(docs)
cli.add_command(site)
cli.add_command(store)

from alignkg.crosswalk_cli import import_group, mappings  # noqa: E402

cli.add_command(mappings)
cli.add_command(import_group)

from alignkg.embeddings.cli import index, search  # noqa: E402

cli.add_command(search)
cli.add_command(index)


def main() -> None:
    """Entry point of the ``alignkg`` console script."""
    cli(obj={})
