"""Suggest AI Atlas Nexus entries for each of our risks and techniques, for a curator to judge.

For every alignment risk (and technique), the entries of each target taxonomy
whose embedding is closest to ours (cosine of the two entities' indexed texts,
the search index's vectors), best first. A suggestion is not a mapping: the
curator reads both descriptions and writes the rows that hold into
``graph/data/atlas-mappings.yaml`` (justification in our words, confidence,
source), or records that nothing matches.

Needs the atlas layer (``alignkg import atlas --package``)::

    .venv/bin/python scripts/atlas_candidates.py [--top 3] [--kind Risk|Technique] [--scheme ibm-risk-atlas ...]
"""

from __future__ import annotations

import argparse

from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

import alignkg
from alignkg.embeddings.search import engine_for
from alignkg.graph.atlas import atlas_iri
from alignkg.graph.schema import AKG

#: The taxonomies our risks are mapped to (AI Atlas Nexus ids).
TARGETS = ("ibm-risk-atlas", "owasp-asi", "owasp-llm-2.0", "nist-ai-rmf", "ai-risk-taxonomy")


def candidates(kg: alignkg.KnowledgeGraph, kind: str, schemes: tuple[str, ...], top: int) -> list[dict]:
    """For each of our entities of ``kind``, the ``top`` closest entries of each scheme, with the cosine."""
    engine = engine_for(kg.graph)
    graph = kg.graph
    found = []
    ours = sorted(s for s in graph.subjects(RDF.type, AKG[kind]) if isinstance(s, URIRef))
    for scheme in schemes:
        theirs = [s for s in graph.subjects(SKOS.inScheme, atlas_iri(scheme))
                  if (s, RDF.type, AKG.AtlasRisk) in graph and str(s) in engine.row]
        if not theirs:
            continue
        matrix = engine.stored.vectors[[engine.row[str(s)] for s in theirs]]
        for node in ours:
            if str(node) not in engine.row:
                continue
            scores = matrix @ engine.stored.vectors[engine.row[str(node)]]
            best = sorted(range(len(theirs)), key=lambda i: -scores[i])[:top]
            found.append({
                "ours": str(node).rsplit("/", 1)[-1], "scheme": scheme,
                "suggestions": [(str(graph.value(theirs[i], DCTERMS.identifier)), str(graph.value(theirs[i], RDFS.label)),
                                 round(float(scores[i]), 3)) for i in best],
            })
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--kind", default="Risk", choices=["Risk", "Technique"])
    parser.add_argument("--scheme", nargs="*", default=list(TARGETS))
    args = parser.parse_args()
    kg = alignkg.load(layers=["curated", "atlas"])
    for row in sorted(candidates(kg, args.kind, tuple(args.scheme), args.top), key=lambda r: (r["ours"], r["scheme"])):
        shown = "; ".join(f"{i} ({label}) {score}" for i, label, score in row["suggestions"])
        print(f"{row['ours']:<34} {row['scheme']:<18} {shown}")


if __name__ == "__main__":
    main()
