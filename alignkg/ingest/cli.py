"""``alignkg ingest PATH…`` and ``alignkg review [show|accept|reject] ID``."""

from __future__ import annotations

import sys
from pathlib import Path

import click



@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--no-embed", is_flag=True, help="Skip embedding the passages (search will embed them later).")
@click.option("--model", default=None, metavar="NAME_OR_PATH", help="Embedding model (default: all-MiniLM-L6-v2).")
@click.pass_context
def ingest_cmd(ctx: click.Context, paths: tuple[Path, ...], no_embed: bool, model: str | None) -> None:
    """Ingest Markdown, MDX, text and HTML files (folders recursively) into the 'ingested' layer.

    Unchanged files are skipped, changed ones replace their passages, files gone from an
    ingested folder are forgotten. A file that cannot be read is reported on one line and
    the others are still ingested (the exit status is then 2).
    """
    from alignkg.ingest.pipeline import ingest, layers_key
    from alignkg.ingest.workspace import LAYER_NAME
    from alignkg.kg import load
    from alignkg.layers import select

    known = [layer for layer in select(ctx.obj.get("layers"), ctx.obj.get("data")) if layer.name != LAYER_NAME]
    report = ingest(list(paths), knowledge=lambda: load(ctx.obj.get("data"), layers=[l.name for l in known]).graph,
                    key=layers_key(known), embed=not no_embed, model=model)
    for line in report.warnings:
        click.echo(f"alignkg: warning: {line}", err=True)
    for line in report.errors:
        click.echo(f"alignkg: error: {line}" if ": skipped: " not in line else f"alignkg: {line}", err=True)
    click.echo(report.summary(), err=True)
    if any(": skipped: " not in line for line in report.errors):
        sys.exit(2)


@click.group("review", invoke_without_command=True)
@click.option("--kind", type=click.Choice(["entity", "link", "finding", "publication"]), default=None,
              help="Only this kind of proposal.")
@click.option("--limit", type=int, default=50, show_default=True, help="Show at most this many (0: all).")
@click.pass_context
def review(ctx: click.Context, kind: str | None, limit: int) -> None:
    """List the open proposals (most confident first); see `review show|accept|reject ID`."""
    if ctx.invoked_subcommand:
        return
    from alignkg.ingest.review import queue

    proposals = [p for p in queue() if kind is None or p["kind"] == kind]
    for p in proposals[: limit or None]:
        passages = len(p["proposed"]["passages"])
        click.echo(f"{p['id']}  {p['proposed']['confidence']:.2f}  {p['kind']:<11} {p['entry']['type']:<12} "
                   f"{_headline(p)[:70]}  [{p['proposed']['rule']}; {passages} passage(s)]")
    shown = min(len(proposals), limit or len(proposals))
    click.echo(f"{shown} of {len(proposals)} open proposal(s)", err=True)


def _headline(proposal: dict) -> str:
    """What a proposal says in a few words: the entry's label, or for a link "technique → risk".

    >>> _headline({"kind": "link", "entry": {"label": "Scheming", "addressed_by": [{"technique": "debate", "as": "Debate"}]}})
    'Debate → Scheming'
    """
    entry = proposal["entry"]
    if proposal["kind"] == "link":
        return f"{entry['addressed_by'][0]['as']} → {entry['label']}"
    return entry["label"]


@review.command("show")
@click.argument("proposal_id")
def show(proposal_id: str) -> None:
    """Show one proposal as a curated YAML entry with its 'proposed' marker and its passages."""
    from alignkg.ingest import workspace
    from alignkg.ingest.review import as_yaml, find

    proposal = find(proposal_id)
    click.echo(as_yaml(proposal), nl=False)
    records = workspace.load_documents()
    for iri in proposal["proposed"]["passages"][:3]:
        doc_id, position = iri.rsplit("/", 2)[-2], int(iri.rsplit("/p", 1)[1])
        passage = next((p for p in records.get(doc_id, {}).get("passages", []) if p["position"] == position), None)
        if passage:
            click.echo(f"# passage {position}: {passage['text'][:300]}")


@review.command("accept")
@click.argument("proposal_id")
@click.option("--description", default=None, help="The entry's description, in your own words (else a TODO).")
@click.option("--id", "entry_id", default=None, help="Use this id instead of the proposed one.")
@click.option("--about", default=None, metavar="A,B", help="For a finding: the ids of the entities it is about.")
@click.pass_context
def accept_cmd(ctx: click.Context, proposal_id: str, description: str | None, entry_id: str | None,
               about: str | None) -> None:
    """Write the proposal into the curated data (validated first); it cites its document and passage."""
    from alignkg.graph import DATA_DIR
    from alignkg.ingest.review import accept

    data_dir = ctx.obj.get("data") or DATA_DIR
    entry, target = accept(proposal_id, data_dir, description=description, entry_id=entry_id,
                           about=[a.strip() for a in about.split(",") if a.strip()] if about else None)
    click.echo(f"accepted {proposal_id}: wrote '{entry.get('id') or entry.get('risk')}' to {target}", err=True)
    if not description:
        click.echo("the description is a TODO: write it in your own words before `alignkg build` (which refuses it)",
                   err=True)


@review.command("reject")
@click.argument("proposal_id")
@click.option("--reason", default="", help="Why (kept with the decision).")
def reject_cmd(proposal_id: str, reason: str) -> None:
    """Reject the proposal: re-ingesting will not propose it again."""
    from alignkg.ingest.review import reject

    proposal = reject(proposal_id, reason)
    click.echo(f"rejected {proposal_id} ({proposal['key']})", err=True)


