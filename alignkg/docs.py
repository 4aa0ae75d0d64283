"""Documentation generated from the graph's own files: the ontology page (pyLODE).

``alignkg docs ontology -o FILE.html`` and the server's ``/ontology`` both come from
:func:`ontology_html`: pyLODE's OntPub profile over ``ontology/alignkg.ttl``, with an
anchor per class and property named by its local name, so the vocabulary IRI
``https://w3id.org/alignkg/ontology#Technique`` resolves to ``ontology#Technique``.

Example
-------
>>> page = ontology_html()
>>> 'id="Technique"' in page and 'id="addresses"' in page
True
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources

import click


def ontology_turtle() -> bytes:
    """The ontology's Turtle file as shipped in the package."""
    return resources.files("alignkg.ontology").joinpath("alignkg.ttl").read_bytes()


@lru_cache(maxsize=1)
def ontology_html() -> str:
    """The ontology documentation as one HTML page (pyLODE OntPub; about 2 s, then cached)."""
    from rdflib import Graph

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    from pylode import OntPub  # its import configures the root logger (DEBUG, a stderr handler): undo that

    root.setLevel(level)
    root.handlers[:] = handlers

    graph = Graph().parse(data=ontology_turtle(), format="turtle")
    return OntPub(ontology=graph).make_html()


@click.group()
def docs() -> None:
    """Write documentation generated from the graph's files."""


@docs.command("ontology")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="The HTML file to write.")
def ontology(output: str) -> None:
    """The ontology's documentation page (pyLODE) as one HTML file."""
    from pathlib import Path

    from alignkg.atomic import write_bytes

    data = ontology_html().encode("utf-8")
    write_bytes(Path(output), data)
    click.echo(f"wrote {output} ({len(data):,} bytes)", err=True)
