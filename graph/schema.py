"""How the keys of the curated YAML files map to RDF.

This table is the one place that says which key a kind of entry may carry and
which predicate it becomes. Class constraints on the values (a Technique can
only address a Risk, …) live in ``ontology/shapes.ttl`` and are checked by
SHACL after compiling.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from alignkg.graph import AKG_IRI, ID_IRI

AKG = Namespace(AKG_IRI)
ID = Namespace(ID_IRI)

Kind = Literal["text", "ref", "integer", "decimal", "date"]


@dataclass(frozen=True)
class Field:
    """One YAML key: the predicate it becomes and the kind of value it takes."""

    predicate: URIRef
    kind: Kind
    many: bool = False


COMMON: dict[str, Field] = {
    "related": Field(SKOS.related, "ref", many=True),
    "broader": Field(SKOS.broader, "ref", many=True),
}

_TECHNIQUE = {
    "direction": Field(AKG.direction, "ref"),
    "maturity": Field(AKG.maturity, "ref"),
    "primary_principle": Field(AKG.primaryPrinciple, "ref"),
    "led_by": Field(AKG.ledBy, "ref", many=True),
    "key_citation": Field(AKG.keyCitation, "ref", many=True),
    "key_limitation": Field(AKG.keyLimitation, "text"),
    "mechanism": Field(AKG.mechanism, "text"),
    "success_metrics": Field(AKG.successMetrics, "text"),
    "scalability_limits": Field(AKG.scalabilityLimits, "text"),
    "empirical_results": Field(AKG.empiricalResults, "text"),
    "key_benefits": Field(AKG.keyBenefits, "text"),
    "major_concerns": Field(AKG.majorConcerns, "text"),
}

_CONCEPT = {
    "developed_by": Field(AKG.developedBy, "ref", many=True),
    "targets": Field(AKG.targets, "ref", many=True),
    "progress_rate": Field(AKG.progressRate, "text"),
    "safety_coverage": Field(AKG.safetyCoverage, "text"),
    "gap_assessment": Field(AKG.gapAssessment, "text"),
    "horizon": Field(AKG.horizon, "ref"),
}

_VOCABULARY = {"rank": Field(AKG.rank, "integer")}
#: Classes whose entries are values (levels, kinds) rather than things, all in ``vocabulary.yaml``.
VOCABULARY_TYPES = frozenset({
    "Principle", "AlignmentDirection", "MaturityLevel", "SeverityLevel",
    "AssessmentDimension", "OrganizationType", "Stance", "Horizon",
})

# Outside taxonomies carried into the graph (MIT AI Risk Repository, NIST AI RMF…).
_TAXONOMY_CONCEPT = {
    "code": Field(SKOS.notation, "text"),
    "identifier": Field(DCTERMS.identifier, "text"),
    "in_scheme": Field(SKOS.inScheme, "ref"),
    "top_concept_of": Field(SKOS.topConceptOf, "ref"),
}
_TAXONOMY_SCHEME = {
    "identifier": Field(DCTERMS.identifier, "text"),
    "homepage": Field(AKG.homepage, "text"),
    "license": Field(DCTERMS.license, "text"),
}

#: Keys each class accepts besides the common ones, by class local name.
FIELDS: dict[str, dict[str, Field]] = {
    "Risk": {
        "severity": Field(AKG.severity, "ref"),
        "how_alignment_helps": Field(AKG.howAlignmentHelps, "text"),
        # ``addressed_by`` is compiled specially: see compile._add_mitigations.
    },
    "Technique": _TECHNIQUE,
    "Defense": _TECHNIQUE,
    "Challenge": {
        "current_status": Field(AKG.currentStatus, "text"),
        "quantified_limitations": Field(AKG.quantifiedLimitations, "text"),
        "agi_implications": Field(AKG.agiImplications, "text"),
        "proposed_solutions": Field(AKG.proposedSolutions, "text"),
        "success_probability": Field(AKG.successProbability, "text"),
        "success_low": Field(AKG.successLow, "decimal"),
        "success_high": Field(AKG.successHigh, "decimal"),
        "solutions": Field(AKG.proposedSolution, "ref", many=True),
    },
    **{
        name: _CONCEPT
        for name in (
            "Concept", "Attack", "AIModel", "Benchmark", "Policy", "CapabilityArea",
            "AlignmentProblem", "OpenQuestion", "Projection",
        )
    },
    "Organization": {
        "org_type": Field(AKG.organizationType, "ref", many=True),
        "focus": Field(AKG.focus, "text"),
        "part_of": Field(DCTERMS.isPartOf, "ref"),
        "homepage": Field(AKG.homepage, "text"),
    },
    "Person": {
        "affiliated_with": Field(AKG.affiliatedWith, "ref", many=True),
        "formerly_affiliated_with": Field(AKG.formerlyAffiliatedWith, "ref", many=True),
        "member_of": Field(AKG.memberOf, "ref", many=True),
        "role": Field(AKG.role, "text"),
        "stance": Field(AKG.stance, "ref"),
        "works_on": Field(AKG.worksOn, "ref", many=True),
    },
    "Publication": {
        "creators": Field(DCTERMS.creator, "ref", many=True),
        "author_list": Field(AKG.authorList, "text"),
        "issued": Field(DCTERMS.issued, "date"),
        "venue": Field(AKG.venue, "text"),
        "kind": Field(AKG.sourceKind, "text"),
        "credibility": Field(AKG.credibility, "integer"),
        "topic": Field(AKG.topic, "text"),
        "about": Field(AKG.about, "ref", many=True),
        "homepage": Field(AKG.homepage, "text"),
    },
    "Assessment": {
        "subject": Field(AKG.subject, "ref"),
        "assessed_by": Field(AKG.assessedBy, "ref"),
        "dimension": Field(AKG.dimension, "ref"),
        "grade": Field(AKG.grade, "text"),
        "edition": Field(AKG.edition, "text"),
        "notable_strengths": Field(AKG.notableStrengths, "text"),
    },
    "Finding": {
        "about": Field(AKG.about, "ref", many=True),
        "metric": Field(AKG.metric, "text"),
        "value": Field(AKG.value, "text"),
        "baseline": Field(AKG.baseline, "text"),
        "quantity": Field(AKG.quantity, "decimal"),
        "baseline_quantity": Field(AKG.baselineQuantity, "decimal"),
        "range": Field(AKG.range, "text"),
        "timeline": Field(AKG.timeline, "text"),
        "confidence": Field(AKG.confidence, "text"),
        "method": Field(AKG.method, "text"),
    },
    "SourceSection": {"part_of": Field(DCTERMS.isPartOf, "ref"), "locator": Field(AKG.location, "text")},
    "TaxonomyScheme": _TAXONOMY_SCHEME,
    "TaxonomyConcept": _TAXONOMY_CONCEPT,
    **{name: _VOCABULARY for name in sorted(VOCABULARY_TYPES)},
}

#: The class an entry gets when it names no ``type``, by file name.
DEFAULT_TYPE: dict[str, str | None] = {
    "vocabulary.yaml": None,
    "sections.yaml": "SourceSection",
    "risks.yaml": "Risk",
    "techniques.yaml": "Technique",
    "challenges.yaml": "Challenge",
    "concepts.yaml": "Concept",
    "organizations.yaml": "Organization",
    "people.yaml": "Person",
    "publications.yaml": "Publication",
    "assessments.yaml": "Assessment",
    "findings.yaml": "Finding",
    "taxonomies.yaml": "TaxonomyConcept",
    "documents.yaml": "SourceSection",
}

#: Keys every entry has; handled by the compiler itself.
BASE_KEYS = frozenset({"id", "type", "label", "alt", "description", "source"})
