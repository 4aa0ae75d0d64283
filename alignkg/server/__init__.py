"""``alignkg serve``: the graph over HTTP — a read-only SPARQL 1.1 endpoint, search, a page.

``app`` builds the Starlette app, ``guard`` refuses what a public endpoint must not run,
``pool`` runs queries in worker processes with a time limit, ``results`` negotiates and
writes the answers, ``cli`` holds the ``serve`` and ``store`` commands. See docs/serve.md.
"""
