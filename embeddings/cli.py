"""``alignkg search``, ``alignkg ask`` and ``alignkg index``: search and questions from the command line (docs/search.md).

Examples::

    alignkg search "how can a weak model supervise a strong one?" -k 5
    alignkg search "AI that pretends to be aligned" --explain
    alignkg search "AI that pretends to be aligned" --type Risk --format json
    alignkg ask "which techniques address deceptive alignment?"
    alignkg index            # build or refresh the index, say what was re-embedded
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from alignkg.embeddings.ann import KINDS, IndexSettings
from alignkg.embeddings.search import FUSIONS, MODES, engine_for
from alignkg.embeddings.store import export_query_encoder

MODEL = click.option("--model", default=None, metavar="NAME_OR_PATH",
                     help="sentence-transformers model name or folder (default: $ALIGNKG_MODEL or all-MiniLM-L6-v2).")
CACHE = click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Where the index is cached (default: $ALIGNKG_CACHE or ~/.cache/alignkg).")
KIND = click.option("--index", "kind", type=click.Choice(KINDS), default="auto",
                    show_default=True, help="FAISS index kind (auto: exact below 50,000 entities, else HNSW).")


def _options(model: str | None, cache_dir: Path | None, kind: str) -> dict:
    options: dict = {"model": model, "cache_dir": cache_dir}
    if kind != "auto":
        options["settings"] = IndexSettings(kind=kind)
    return {k: v for k, v in options.items() if v is not None}


@click.command()
@click.argument("text")
@click.option("-k", "k", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many results.")
@click.option("--type", "types", multiple=True, metavar="CLASS",
              help="Only entities of this class (subclasses included); repeatable: --type Risk --type Technique.")
@click.option("--scheme", default=None, metavar="TAXONOMY",
              help="Only the concepts of this taxonomy (an id, e.g. owasp-agentic or ibm-risk-atlas with "
                   "--layers curated,atlas; `alignkg query hub-coverage-by-taxonomy` lists them).")
@click.option("--scope", default=None, metavar="SPARQL",
              help="A SELECT query (text, .rq file or named query); only the IRIs it returns are candidates.")
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True)
@click.option("--fusion", type=click.Choice(FUSIONS), default="zscore", show_default=True,
              help="How hybrid mode combines the dense and BM25 scores.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--explain", is_flag=True, help="Say why each result matched (words, similarity, evidence, priors).")
@MODEL
@CACHE
@KIND
@click.pass_context
def search(ctx: click.Context, text: str, k: int, types: tuple[str, ...], scheme: str | None, scope: str | None,
           mode: str, fusion: str, fmt: str, explain: bool, model: str | None, cache_dir: Path | None,
           kind: str) -> None:
    """Find the entities that best match TEXT (hybrid semantic + keyword ranking)."""
    from alignkg.cli import _kg

    results = _kg(ctx).search(text, k=k, types=list(types) or None, scope=scope, scheme=scheme, mode=mode, fusion=fusion,
                              **_options(model, cache_dir, kind))
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in results], indent=1, ensure_ascii=False))
        return
    if not results:
        click.echo("(no results)")
    for rank, r in enumerate(results, start=1):
        mark = " (exact name)" if r.exact else ""
        where = f" · {r.scheme}" if r.scheme else ""
        click.echo(f"{rank:>2}. {r.label}  [{r.type}{where}]  score {r.score:.3f}{mark}")
        click.echo(f"    {r.iri}")
        links: dict[str, list[str]] = {}
        for n in r.neighbors:
            if n.relation != "source":
                links.setdefault(n.relation if n.direction == "out" else f"{n.relation} (by)", []).append(n.label)
        for relation, labels in list(links.items())[:4]:
            more = f" +{len(labels) - 4}" if len(labels) > 4 else ""
            click.echo(f"    {relation}: {', '.join(labels[:4])}{more}")
        for evidence in r.evidence:
            click.echo(f"    evidence: {evidence.label} [{evidence.type}]")
        if explain:
            click.echo(f"    why: {_why(r.why)}")


def _why(why: dict) -> str:
    """One line from a result's ``why``: "name: debate; text: judge; similarity 0.61; lift +0.12"."""
    parts = ["exact name"] if why.get("exact") else []
    parts += [f"{field} words: {', '.join(why[field])}" for field in ("name", "text") if why.get(field)]
    parts += [f"similarity {why['similarity']:.2f}", f"BM25 {why['lexical']:.2f}"]
    labels = {"type_prior": "question asks for a {}", "lift": "lifted by its evidence {:+.2f}",
              "demoted": "evidence steps back {:+.2f}", "named_in_query": "named in the query {:+.2f}",
              "linked_to_named": "linked to a name in the query {:+.2f}",
              "answer_link": "linked to a match, of the class asked for {:+.2f}"}
    parts += [text.format(why[key]) for key, text in labels.items() if key in why]
    return "; ".join(parts)


@click.command()
@click.argument("question")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("-k", "k", type=click.IntRange(1, 100), default=5, show_default=True,
              help="Search results shown when unsure.")
@click.pass_context
def ask(ctx: click.Context, question: str, fmt: str, k: int) -> None:
    """Answer QUESTION from the graph: the answer table and the SPARQL that found it.

    When no question form fits or the match is unsure, it says so and shows search results instead of a guess."""
    from alignkg.cli import _kg
    from alignkg.graph.sparql import _text_table

    answer = _kg(ctx).ask(question, k=k)
    if fmt == "json":
        click.echo(json.dumps(answer.to_dict(), indent=1, ensure_ascii=False))
        return
    if not answer.confident:
        click.echo(f"Unsure: {answer.reason.removeprefix('unsure: ')}.")
        if answer.sparql:  # it was read, and the graph records nothing for it
            click.echo(f"\nThe SPARQL it ran, which found nothing (edit and run with `alignkg query`):\n{answer.sparql}\n")
        click.echo("Search results instead:")
        for rank, hit in enumerate(answer.fallback, start=1):
            click.echo(f"{rank:>2}. {hit['label']}  [{hit['type']}]  {hit['iri']}")
        return
    found = ", ".join(f"{e.label} [{e.type}]" for e in answer.entities)
    click.echo(f"{answer.form}" + (f" — {found}" if found else ""))
    click.echo(_text_table(answer.columns, [["" if v is None else str(v) for v in row] for row in answer.rows]))
    click.echo(f"\nSPARQL (edit and run with `alignkg query`):\n{answer.sparql}")


@click.command()
@MODEL
@CACHE
@KIND
@click.pass_context
def index(ctx: click.Context, model: str | None, cache_dir: Path | None, kind: str) -> None:
    """Build or refresh the search index; say what was re-embedded and where it lives."""
    from alignkg.cli import _kg

    started = time.perf_counter()
    engine = engine_for(_kg(ctx).graph, **_options(model, cache_dir, kind))
    status, stored = engine.stored.status, engine.stored
    click.echo(f"{len(engine.docs)} entities, model {engine.spec.name}, {stored.index.__class__.__name__}; "
               f"{status.reason}: {status.encoded} embedded, {status.reused} reused "
               f"({time.perf_counter() - started:.1f} s)")
    click.echo(f"index: {stored.folder}")
    click.echo(f"query encoder: {export_query_encoder(engine.spec, engine.root)}")
