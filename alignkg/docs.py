"""Documentation generated from the graph's own files: the ontology page (pyLODE).

``alignkg docs ontology -o FILE.html`` and the server's ``/ontology`` both come from
:func:`ontology_html`: pyLODE's OntPub profile over ``ontology/alignkg.ttl``, with an
anchor per class and property named by its local name, so the vocabulary IRI
``https://w3id.org/alignkg/ontology#Technique`` resolves to ``ontology#Technique``.

Example
-------
>>> page = ontology_html()
>>> 'id="Technique"' in page and 'id="addresses"' in page and 'id="successLow"' in page
True
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rdflib import Graph


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
    return anchor_local_names(OntPub(ontology=graph).make_html(), graph)


def anchor_local_names(page: str, graph: "Graph") -> str:
    """Give every term of the ontology an anchor named by its local name.

    pyLODE names a term's anchor after its label where the two differ
    (``akg:successLow`` → ``#successprobability,lowend``); an anchor ``id="successLow"``
    is added inside that term's block so that the IRI's fragment finds it.
    """
    import re

    from rdflib import OWL, RDF

    from alignkg.graph.schema import AKG

    anchors = set(re.findall(r'id="([^"]+)"', page))
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in sorted(graph.subjects(RDF.type, kind)):
            name = str(term).removeprefix(str(AKG))
            where = page.find(f"<code>{term}</code>")
            if name == str(term) or name in anchors or where < 0:
                continue
            block = page.rfind('id="', 0, where)
            end = page.index(">", block) + 1
            page = f'{page[:end]}<span id="{name}"></span>{page[end:]}'
            anchors.add(name)
    return page


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
