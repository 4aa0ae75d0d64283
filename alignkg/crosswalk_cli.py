"""``alignkg mappings`` and ``alignkg import``: crosswalks in and out (docs/crosswalks.md).

Examples::

    alignkg mappings export -o build/alignkg.sssom.tsv
    alignkg mappings import their-crosswalk.sssom.tsv
    alignkg import atlas ibm_risk_atlas_data.yaml
    alignkg import atlas --package        # the whole installed ai-atlas-nexus, as the layer 'atlas'
"""

from __future__ import annotations

from pathlib import Path

import click

INTO = click.option("--into", type=click.Path(file_okay=False, path_type=Path), default=None,
                    help="Data folder to add the import to (default: the --data folder, else the embedded data).")


def _data_dir(ctx: click.Context, into: Path | None) -> Path:
    from alignkg.graph import DATA_DIR

    return into or ctx.obj.get("data") or DATA_DIR


@click.group()
def mappings() -> None:
    """Crosswalk mappings (SKOS matches with justification, confidence, source) as SSSOM."""


@mappings.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (default: standard output).")
@click.pass_context
def export_mappings(ctx: click.Context, output: Path | None) -> None:
    """Write every crosswalk mapping as an SSSOM TSV (with its YAML metadata block)."""
    from alignkg.cli import _kg, _write

    _write(_kg(ctx).to_sssom().encode("utf-8"), output)


@mappings.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@INTO
@click.pass_context
def import_mappings(ctx: click.Context, file: Path, into: Path | None) -> None:
    """Check the SSSOM TSV FILE row by row and add it to the data as a mapping set.

    Every row must name a subject the graph knows and a SKOS match predicate;
    on the first bad row nothing is written.
    """
    from alignkg.cli import _kg
    from alignkg.graph.sssom import import_sssom

    target, rows = import_sssom(file, _kg(ctx).graph, _data_dir(ctx, into))
    click.echo(f"imported {len(rows)} mapping(s) into {target}", err=True)


@click.group("import")
def import_group() -> None:
    """Bring outside taxonomies into the graph."""


@import_group.command("atlas")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("--package", is_flag=True,
              help="Import the whole installed ai-atlas-nexus package as the layer 'atlas' (off by default).")
@INTO
@click.option("--replace", is_flag=True, help="Replace an earlier import of the same file.")
@click.pass_context
def import_atlas_cmd(ctx: click.Context, file: Path | None, package: bool, into: Path | None, replace: bool) -> None:
    """Import FILE (AI Atlas Nexus YAML: documents / taxonomies / groups / entries) as a SKOS scheme,
    or with --package every file of the installed ai-atlas-nexus as the layer 'atlas'.

    The file is checked as a whole first; a bad file is reported and nothing is written.
    With --package, importing the same version again does nothing; a new version
    replaces the layer and says what changed. Load it with `alignkg --layers curated,atlas`.
    """
    if package == (file is not None):
        raise click.UsageError("give either FILE or --package")
    if package:
        from alignkg.graph.atlas_layer import import_package

        if into or replace:
            raise click.UsageError("--into and --replace are for FILE; --package writes the layer 'atlas'")
        click.echo(import_package().summary(), err=True)
        return
    from alignkg.cli import _kg
    from alignkg.graph.atlas import import_atlas

    target, result = import_atlas(file, _data_dir(ctx, into), _kg(ctx).graph, replace=replace)
    counts = ", ".join(f"{n} {name}" for name, n in result.counts.items() if n)
    click.echo(f"imported {', '.join(result.schemes) or 'concepts'} ({counts}) into {target}", err=True)
    if result.skipped:
        skipped = ", ".join(f"{name} ({n})" for name, n in result.skipped.items())
        click.echo(f"not imported (not taxonomy collections): {skipped}", err=True)
