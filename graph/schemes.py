"""Find a taxonomy (a SKOS concept scheme) of the loaded graph by a short name.

Our own schemes (``mit-risk-domain-taxonomy`` …) and, with the atlas layer
loaded, every AI Atlas Nexus taxonomy (``ibm-risk-atlas``, ``owasp-asi`` …) can
be named by the last part of their IRI or by their ``dcterms:identifier``; a
few common names are :data:`ALIASES`. ``alignkg search --scheme`` and
``alignkg viz coverage --taxonomy`` use it.

Example
-------
>>> import alignkg
>>> find_scheme(alignkg.load().graph, "mit-risk-domain-taxonomy")
rdflib.term.URIRef('https://w3id.org/alignkg/id/mit-risk-domain-taxonomy')
"""

from __future__ import annotations

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from alignkg.errors import QueryError
from alignkg.graph.convert import local_name

#: Everyday names of AI Atlas Nexus taxonomies, to their ids.
ALIASES = {
    "owasp-agentic": "owasp-asi",
    "owasp-llm": "owasp-llm-2.0",
    "nist-genai": "nist-ai-rmf",
    "air-2024": "ai-risk-taxonomy",
    "ibm": "ibm-risk-atlas",
}


def schemes(graph: Graph) -> list[URIRef]:
    """Every concept scheme of ``graph``: what some concept is ``skos:inScheme`` of, or is typed a scheme."""
    found = {s for s in graph.objects(None, SKOS.inScheme) if isinstance(s, URIRef)}
    found |= {s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)}
    return sorted(found)


def find_scheme(graph: Graph, name: str) -> URIRef:
    """The scheme called ``name`` (an IRI, the IRI's last part, its identifier or an alias).

    Raises ``QueryError`` listing the schemes there are.
    """
    name = ALIASES.get(name.strip(), name.strip())
    known = schemes(graph)
    for matches in ((s for s in known if str(s) == name), (s for s in known if local_name(s) == name),
                    (s for s in known if str(graph.value(s, DCTERMS.identifier) or "") == name)):
        found = list(matches)
        if found:
            return found[0]
    names = sorted({local_name(s) for s in known} | set(ALIASES))
    raise QueryError(f"no taxonomy '{name}' in the loaded graph (known: {', '.join(names)}; "
                     "the AI Atlas Nexus ones need --layers curated,atlas)")
