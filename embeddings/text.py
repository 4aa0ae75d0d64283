"""Turn graph entities into the texts that are embedded and BM25-indexed.

One text per entity: its label, other names, class and main facets first
("Debate — Technique; Forward alignment; maturity Research; primary principle
Robustness"), then its description, then its links said in words ("addresses
Deceptive Alignment, Corrigibility Failure. Led by …"), then its other text
fields (key limitation, mechanism, metric, value …). The model reads the first
256 word pieces, so the order puts what identifies the entity first.

Indexed: every typed entity except :data:`EXCLUDED` — the vocabulary levels
(maturity, severity, horizon …: thin nodes whose meaning is already said in the
texts of the entities that use them), source sections (navigation, not
knowledge) and Mitigation nodes (the qualified form of a technique–risk link,
already said in both ends' texts). Principles are kept: "the RICE principles"
should find them.

Example
-------
>>> import alignkg
>>> docs = {d.iri: d for d in documents(alignkg.load().graph)}
>>> docs["https://w3id.org/alignkg/id/debate"].text.split(" — ")[1][:60]
'Technique; Forward alignment; maturity Research; primary pri'
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from alignkg.graph.convert import entity_types, local_name
from alignkg.graph.schema import AKG

EXCLUDED = frozenset({
    "AlignmentDirection", "MaturityLevel", "SeverityLevel", "AssessmentDimension", "OrganizationType",
    "Stance", "Horizon", "SourceSection", "Mitigation", "Mapping", "Section", "AtlasMapping", "AtlasMappingSet",
})

#: Links said before the description's trailing fields, as (predicate, phrase when outgoing, phrase when incoming).
LINKS: list[tuple[URIRef, str, str | None]] = [
    (AKG.addresses, "addresses", "addressed by"),
    (AKG.proposedSolution, "proposed solutions:", "proposed solution for"),
    (AKG.ledBy, "led by", "leads work on"),
    (AKG.worksOn, "works on", "worked on by"),
    (AKG.affiliatedWith, "affiliated with", "people:"),
    (AKG.formerlyAffiliatedWith, "formerly affiliated with", "former people:"),
    (AKG.memberOf, "member of", "members:"),
    (AKG.developedBy, "developed by", "developed"),
    (AKG.targets, "targets", "targeted by"),
    (AKG.subject, "grades", "graded in"),
    (AKG.assessedBy, "assessed by", "assessments made:"),
    (AKG.about, "about", "described in"),
    (DCTERMS.creator, "by", "author of"),
    (AKG.keyCitation, "key citation:", "key citation for"),
    (DCTERMS.isPartOf, "part of", "includes:"),
    (SKOS.broader, "a kind of", "more specific:"),
    (SKOS.related, "related to", "related to"),
]
#: Facets said right after the class: functional links to vocabulary levels.
FACETS: list[tuple[URIRef, str]] = [
    (AKG.direction, "{}"),
    (AKG.maturity, "maturity {}"),
    (AKG.primaryPrinciple, "primary principle {}"),
    (AKG.severity, "severity {}"),
    (AKG.organizationType, "{}"),
    (AKG.stance, "{} stance"),
    (AKG.horizon, "{}"),
    (AKG.dimension, "dimension {}"),
]
#: Literal fields said first among the trailing fields (short, identifying).
LEADING_FIELDS = (AKG.role, AKG.focus, AKG.metric, AKG.value, AKG.baseline, AKG.grade, AKG.edition, AKG.authorList, AKG.venue)
#: Links left out of the embedded text (long lists that blur what the entity is), kept for BM25.
SECONDARY = frozenset({
    (AKG.about, "in"), (SKOS.related, "out"), (SKOS.broader, "in"), (DCTERMS.creator, "in"), (AKG.keyCitation, "in"),
    (AKG.affiliatedWith, "in"), (AKG.formerlyAffiliatedWith, "in"), (AKG.memberOf, "in"), (AKG.developedBy, "in"),
    (AKG.subject, "in"), (AKG.assessedBy, "in"), (DCTERMS.isPartOf, "in"), (AKG.targets, "in"), (AKG.worksOn, "in"),
})
MAX_LINKED = 8
MAX_SECONDARY = 12


@dataclass
class Document:
    """One indexed entity: what is embedded (``text``) and what identifies it."""

    iri: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    text: str = ""
    extra: str = ""

    def content_hash(self, model_key: str) -> str:
        """Hash of the text and the model: equal hashes mean the stored vector is still right."""
        return hashlib.sha256(f"{model_key}\0{self.text}".encode()).hexdigest()


def documents(graph: Graph) -> list[Document]:
    """Every indexed entity of ``graph`` with its verbalised text, in IRI order."""
    types = entity_types(graph)
    labels = {node: str(graph.value(node, RDFS.label) or local_name(node)) for node in types}
    outgoing: dict[URIRef, dict[URIRef, list[URIRef]]] = defaultdict(lambda: defaultdict(list))
    incoming: dict[URIRef, dict[URIRef, list[URIRef]]] = defaultdict(lambda: defaultdict(list))
    literals: dict[URIRef, dict[URIRef, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in graph:
        if s not in types or p == RDF.type:
            continue
        if isinstance(o, Literal):
            literals[s][p].append(str(o))
        elif o in types:
            outgoing[s][p].append(o)
            incoming[o][p].append(s)
    class_labels = {
        local_name(c): str(lbl) for c, lbl in graph.subject_objects(RDFS.label) if str(c).startswith(str(AKG))
    }
    docs = []
    for node in sorted(types):
        cls = types[node]
        if cls in EXCLUDED:
            continue
        if cls == "Passage":  # an ingested passage is embedded as its own text under its heading path
            section = graph.value(node, AKG.inSection)
            heading = str(graph.value(section, AKG.headingPath) or "") if section is not None else ""
            docs.append(passage_document(str(node), heading.split(" › ") if heading else [],
                                         str(graph.value(node, AKG.text) or ""), labels[node]))
            continue
        lits, outs, ins = literals[node], outgoing[node], incoming[node]
        aliases = sorted(lits.get(SKOS.altLabel, []))
        head = labels[node] + (f" ({', '.join(aliases)})" if aliases else "")
        facets = [class_labels.get(cls, cls)]
        facets += [fmt.format(labels[o]) for p, fmt in FACETS for o in sorted(outs.get(p, []))]
        parts = [f"{head} — {'; '.join(facets)}.", *lits.get(DCTERMS.description, [])]
        main, secondary = _links(outs, ins, labels, types)
        parts += main
        parts += [f"{_field_name(graph, p)}: {v}." for p in LEADING_FIELDS for v in lits.get(p, [])]
        skip = {RDFS.label, SKOS.altLabel, DCTERMS.description, *LEADING_FIELDS}
        extra = [
            f"{_field_name(graph, p)}: {v}." for p in sorted(lits) if p not in skip and str(p).startswith(str(AKG))
            for v in lits[p] if not _numeric(v)
        ]
        extra += secondary
        docs.append(Document(str(node), labels[node], cls, aliases, " ".join(_sentence(p) for p in parts),
                             " ".join(_sentence(p) for p in extra)))
    return docs


def passage_document(iri: str, heading: list[str], text: str, label: str = "") -> Document:
    """The indexed form of an ingested passage: its heading path, then its text (``alignkg ingest`` embeds the same).

    >>> passage_document("https://w3id.org/alignkg/doc/doc-1/p0", ["Debate", "Results"], "It helps.").text
    'Debate › Results: It helps.'
    """
    head = " › ".join(heading)
    return Document(iri, label or iri, "Passage", [], f"{head}: {text}" if head else text)


def _links(outs: dict, ins: dict, labels: dict, types: dict) -> tuple[list[str], list[str]]:
    """Links in words: the main ones (embedded) and the secondary ones (:data:`SECONDARY`, BM25 only)."""
    main, secondary = [], []
    for predicate, forward, backward in LINKS:
        pairs = [(outs.get(predicate), forward, "out"), (ins.get(predicate), backward, "in")]
        if predicate == SKOS.related:  # symmetric: one list
            pairs = [((outs.get(predicate) or []) + (ins.get(predicate) or []), forward, "out")]
        for targets, phrase, direction in pairs:
            names = sorted({labels[t] for t in targets or [] if types.get(t) not in ("SourceSection", "Mitigation")})
            if not names:
                continue
            minor = (predicate, direction) in SECONDARY
            cap = MAX_SECONDARY if minor else MAX_LINKED
            more = f" and {len(names) - cap} more" if len(names) > cap else ""
            (secondary if minor else main).append(f"{phrase[0].upper()}{phrase[1:]} {', '.join(names[:cap])}{more}.")
    return main, secondary


def _field_name(graph: Graph, predicate: URIRef) -> str:
    label = graph.value(predicate, RDFS.label)
    return str(label).capitalize() if label else local_name(predicate)


def _numeric(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."
