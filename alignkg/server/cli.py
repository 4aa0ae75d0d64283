"""``alignkg serve`` and ``alignkg store build``: serve the graph, and put it in a persistent store.

Example
-------
    $ alignkg store build oxigraph:build/oxigraph          # compile + load, atomically
    $ alignkg serve --store oxigraph:build/oxigraph --port 8000
    $ curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/sparql?query=SELECT%20*%20WHERE%20%7B?s%20?p%20?o%7D%20LIMIT%203'
"""

from __future__ import annotations

import time
from pathlib import Path

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--store", "store", default=None, metavar="SPEC",
              help="memory (default), oxigraph:PATH, or endpoint:URL.")
@click.option("--endpoint", default=None, metavar="URL", help="Use this SPARQL 1.1 endpoint as the store.")
@click.option("--time-limit", default=10.0, show_default=True, type=click.FloatRange(0.1), help="Seconds a query may run.")
@click.option("--row-limit", default=10_000, show_default=True, type=click.IntRange(1),
              help="Rows (or triples) an answer may hold; longer answers are cut.")
@click.option("--max-request-bytes", default=65_536, show_default=True, type=click.IntRange(1024),
              help="Largest POST body or GET query string.")
@click.option("--memory-limit", default=2048, show_default=True, type=click.IntRange(0), metavar="MIB",
              help="Memory (MiB) one query may add to its worker before it is stopped (503); 0: no cap.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Query worker processes.")
@click.option("--cors", is_flag=True, help="Allow browser pages on other sites to query (read-only, no cookies).")
@click.option("--search/--no-search", default=True, show_default=True,
              help="Build the search index at start-up (else on the first /search).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, store: str | None, endpoint: str | None, time_limit: float,
          row_limit: int, max_request_bytes: int, memory_limit: int, workers: int, cors: bool, search: bool) -> None:
    """Serve the graph over HTTP: a read-only SPARQL 1.1 endpoint at /sparql, /search, /health and a page at /."""
    import uvicorn

    from alignkg.kg import load
    from alignkg.server.app import Settings, create_app

    if store and endpoint:
        raise click.UsageError("give --store or --endpoint, not both")
    spec = f"endpoint:{endpoint}" if endpoint else store or ctx.obj.get("store")
    started = time.perf_counter()
    kg = load(ctx.obj.get("data"), layers=ctx.obj.get("layers"), store=spec)
    settings = Settings(time_limit=time_limit, row_limit=row_limit, max_request_bytes=max_request_bytes,
                        workers=workers, memory_limit=memory_limit or None, cors=cors)
    app = create_app(kg, settings)  # forks the query workers before any thread starts
    try:
        if search:
            kg.search("alignment", k=1)  # build the index now, not in the first request
        click.echo(f"alignkg: serving {kg.store} on http://{host}:{port}/ "
                   f"(ready in {time.perf_counter() - started:.1f} s)", err=True)
        uvicorn.run(app, host=host, port=port, log_level="warning", http="h11",  # h11: 414 past the limit
                    h11_max_incomplete_event_size=max_request_bytes + 16_384)
    finally:
        app.state.pool.close()


@click.group()
def store() -> None:
    """Manage a persistent store (pyoxigraph on disk)."""


@store.command("build")
@click.argument("spec")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def store_build(ctx: click.Context, spec: str, files: tuple[Path, ...]) -> None:
    """(Re)build the store SPEC (oxigraph:PATH) from the curated data, or from RDF FILES.

    The store is built beside PATH and renamed into place: readers never see half of it.
    """
    from alignkg.errors import StoreError
    from alignkg.graph.store import StoreSpec, build_oxigraph

    parsed = StoreSpec.parse(spec)
    if parsed.kind != "oxigraph":
        raise StoreError(f"only an oxigraph:PATH store can be built here, not '{spec}'")
    started = time.perf_counter()
    if files:
        count = build_oxigraph(parsed.location, files)
    else:
        from alignkg.kg import compose
        from alignkg.layers import select

        layers = select(ctx.obj.get("layers"), ctx.obj.get("data"))
        count = build_oxigraph(parsed.location, compose(layers)[0])
    click.echo(f"built {parsed} with {count:,} triples in {time.perf_counter() - started:.1f} s", err=True)
