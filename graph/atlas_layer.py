"""The whole IBM AI Atlas Nexus, read from its installed package, as the layer ``atlas``.

``alignkg import atlas --package`` reads every knowledge-graph file
(``ai_atlas_nexus/data/knowledge_graph/**/*.yaml``) and every SSSOM mapping
file (``ai_atlas_nexus/data/mappings/*.tsv``) of the installed
``ai-atlas-nexus`` distribution — located with :mod:`importlib.metadata`; its
Python code is never imported — and publishes them as one layer
(:func:`alignkg.layers.publish`), off by default.

What becomes what:

* every item of every collection is an entity ``atlas:<id>``
  (``https://w3id.org/alignkg/atlas/<id>``; items with the same id in several
  files are one entity) with ``dcterms:identifier``, ``rdfs:label`` (``name``),
  ``dcterms:description``, ``akg:homepage`` (``url``), ``dcterms:type`` (its
  AI Atlas Nexus type), ``skos:inScheme`` (its taxonomy or vocabulary;
  inherited down the hierarchy), ``skos:broader``/``skos:narrower``
  (``isPartOf``, ``broader``, ``belongsToDomain`` / ``narrower``, ``hasPart``),
  the SKOS match slots, ``dcterms:source`` (``hasDocumentation``) and every other
  slot as ``nexus:<slot>`` (an IRI where the AI Atlas Nexus schema says the slot
  names another entity, or the value is an id; a literal otherwise);
* each entity has one class of ours by what it is (:data:`KINDS`: ``akg:AtlasRisk``,
  ``akg:AtlasControl``, ``akg:AtlasIncident`` …, none of them our own
  ``akg:Risk``/``akg:Technique``) and the standard classes that let one query
  span every taxonomy: risks are ``airo:Risk`` and ``skos:Concept``, controls
  and actions ``airo:RiskControl``, taxonomies ``skos:ConceptScheme``;
* every SSSOM row is an ``akg:AtlasMapping`` record (subject, predicate, object,
  justification method, confidence, author, date, comment, its mapping set) next
  to the match triple itself: reviewable, with its provenance.

Example
-------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> (root / "knowledge_graph").mkdir()
>>> _ = (root / "knowledge_graph" / "t.yaml").write_text(
...     "taxonomies: [{id: t, name: Tiny}]\\n"
...     "entries: [{id: r, name: A risk, type: Risk, isDefinedByTaxonomy: t}]\\n")
>>> converted = convert(AtlasPackage("0.1", root))
>>> converted.counts["knowledge_graph/t.yaml"]
{'taxonomies': 1, 'entries': 1}
>>> (atlas_iri("r"), RDF.type, AIRO.Risk) in converted.graph
True
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS, XSD

from alignkg.errors import DataError
from alignkg.graph.atlas import atlas_iri
from alignkg.graph.mappings import ATLAS, SEMAPV
from alignkg.graph.schema import AKG

DISTRIBUTION = "ai-atlas-nexus"
TESTED_VERSION = "1.2.5"
INSTALL = f"pip install --no-deps {DISTRIBUTION}=={TESTED_VERSION}"
LAYER_NAME = "atlas"
NEXUS = Namespace("https://w3id.org/ai-atlas-nexus/")
AIRO = Namespace("https://w3id.org/airo#")
SSSOM = Namespace("https://w3id.org/sssom/")
SCHEMA = Namespace("https://schema.org/")
DPV_RISK = Namespace("https://w3id.org/dpv/risk#")

#: Our class for each collection of the AI Atlas Nexus (``entries`` of type ``Risk`` are ``AtlasRisk``).
KINDS: dict[str, str] = {
    "taxonomies": "AtlasScheme", "vocabularies": "AtlasScheme",
    "groups": "AtlasGroup", "stakeholdergroups": "AtlasGroup",
    "entries": "AtlasConcept", "aitasks": "AtlasConcept", "stakeholders": "AtlasConcept",
    "modalities": "AtlasConcept", "concepts": "AtlasConcept",
    "actions": "AtlasControl", "controls": "AtlasControl", "rules": "AtlasControl", "policies": "AtlasControl",
    "prohibitions": "AtlasControl", "permissions": "AtlasControl", "obligations": "AtlasControl",
    "riskincidents": "AtlasIncident",
    "documents": "AtlasDocument",
    "evaluations": "AtlasEvaluation", "aievalresults": "AtlasEvaluation", "benchmarkmetadatacards": "AtlasEvaluation",
    "aimodels": "AtlasModel", "aimodelfamilies": "AtlasModel", "adapters": "AtlasModel", "llmintrinsics": "AtlasModel",
    "datasets": "AtlasResource", "organizations": "AtlasResource", "licenses": "AtlasResource",
}
#: A collection a later version adds is still imported, as this class (and reported).
OTHER_KIND = "AtlasResource"
#: The standard classes each of our classes also states, so one query spans every taxonomy.
STANDARD_TYPES: dict[str, tuple[URIRef, ...]] = {
    "AtlasRisk": (AIRO.Risk, SKOS.Concept),
    "AtlasConcept": (SKOS.Concept,),
    "AtlasGroup": (SKOS.Concept,),
    "AtlasScheme": (SKOS.ConceptScheme,),
    "AtlasControl": (AIRO.RiskControl,),
    "AtlasIncident": (DPV_RISK.Incident,),
    "AtlasDocument": (SCHEMA.CreativeWork,),
}
#: Slots with a fixed standard predicate; the others become ``nexus:<slot>``.
PREDICATES: dict[str, URIRef] = {
    "url": AKG.homepage, "type": DCTERMS.type,
    "isDefinedByTaxonomy": SKOS.inScheme, "isDefinedByVocabulary": SKOS.inScheme,
    "isPartOf": SKOS.broader, "broader": SKOS.broader, "belongsToDomain": SKOS.broader,
    "narrower": SKOS.narrower, "hasPart": SKOS.narrower,
    "exact_mappings": SKOS.exactMatch, "close_mappings": SKOS.closeMatch, "broad_mappings": SKOS.broadMatch,
    "narrow_mappings": SKOS.narrowMatch, "related_mappings": SKOS.relatedMatch,
    "hasDocumentation": DCTERMS.source, "hasLicense": DCTERMS.license,
    "dateCreated": DCTERMS.created, "dateModified": DCTERMS.modified,
    "author": DCTERMS.creator, "version": OWL.versionInfo, "notes": SKOS.note,
}
#: Slots whose values always name entities, whatever the schema says.
REFERENCES = frozenset(k for k, p in PREDICATES.items() if k not in ("url", "type", "dateCreated", "dateModified",
                                                                     "author", "version", "notes"))
#: SSSOM columns with a predicate of ours; the others are kept as ``sssom:<column>``.
SSSOM_COLUMNS = {"comment": DCTERMS.description, "author_id": DCTERMS.creator, "mapping_date": DCTERMS.date}
NOT_KNOWLEDGE = "LLM prompt templates of the package's own tools, not knowledge"


@dataclass(frozen=True)
class AtlasPackage:
    """An AI Atlas Nexus data folder (``…/ai_atlas_nexus/data``) and the package version it belongs to."""

    version: str
    data: Path
    schema: Path | None = None  # the package's LinkML schema folder, for which slots name entities

    def knowledge_files(self) -> list[Path]:
        """Every knowledge-graph YAML file, in a fixed order."""
        return sorted((self.data / "knowledge_graph").rglob("*.yaml"))

    def sssom_files(self) -> list[Path]:
        """Every SSSOM mapping set (TSV), in a fixed order."""
        return sorted((self.data / "mappings").glob("*.tsv")) if (self.data / "mappings").is_dir() else []

    def other_files(self) -> list[Path]:
        """Data files that are not imported (the package's prompt templates)."""
        imported = {*self.knowledge_files(), *self.sssom_files()}
        return sorted(p for p in self.data.rglob("*") if p.is_file() and p not in imported
                      and p.suffix in (".json", ".yaml", ".tsv", ".csv"))

    def name(self, path: Path) -> str:
        """A file's name relative to the data folder: ``knowledge_graph/risk_atlas_data.yaml``."""
        return path.relative_to(self.data).as_posix()

    def fingerprint(self) -> str:
        """A hash of the version, every imported file and this importer's source: equal means nothing to do."""
        digest = hashlib.sha256(f"{self.version}\0".encode())
        for path in (*self.knowledge_files(), *self.sssom_files(), Path(__file__)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()


def installed_package() -> AtlasPackage:
    """The installed ``ai-atlas-nexus`` distribution's data, found with :mod:`importlib.metadata`.

    Raises ``DataError`` saying what to ``pip install`` when it is missing.
    """
    from importlib import metadata

    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise DataError(f"the AI Atlas Nexus package is not installed; install its data with: {INSTALL}") from None
    marker = next((f for f in dist.files or [] if f.as_posix().endswith("data/knowledge_graph/risk_atlas_data.yaml")), None)
    if marker is None:
        raise DataError(f"{DISTRIBUTION} {dist.version} has no data/knowledge_graph folder; reinstall it with: {INSTALL}")
    data = Path(dist.locate_file(marker)).parent.parent
    schema = data.parent / "ai_risk_ontology" / "schema"
    return AtlasPackage(dist.version, data, schema if schema.is_dir() else None)


@dataclass
class Converted:
    """The layer's triples and what they hold, per file."""

    graph: Graph
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # knowledge file -> collection -> items
    sssom_rows: dict[str, int] = field(default_factory=dict)  # SSSOM file -> rows
    entities: dict[str, int] = field(default_factory=dict)  # our class -> entities
    other_collections: list[str] = field(default_factory=list)  # collections imported as AtlasResource
    dangling: int = 0  # references to ids that no file defines
    skipped: list[str] = field(default_factory=list)


def convert(package: AtlasPackage) -> Converted:
    """Read every file of ``package`` and convert it to RDF; raise ``DataError`` naming a bad file and item."""
    documents = {package.name(p): _read_collections(p) for p in package.knowledge_files()}
    reference_slots = _reference_slots(package.schema)
    result = Converted(Graph())
    graph = result.graph
    for prefix, ns in (("atlas", ATLAS), ("nexus", NEXUS), ("airo", AIRO), ("skos", SKOS), ("dcterms", DCTERMS),
                       ("akg", AKG), ("sssom", SSSOM), ("semapv", SEMAPV)):
        graph.bind(prefix, ns)
    kinds = _kinds(documents)
    for name, collections in documents.items():
        result.counts[name] = {collection: len(items) for collection, items in collections.items()}
        for collection, items in collections.items():
            if collection not in KINDS and collection not in result.other_collections:
                result.other_collections.append(collection)
            for position, item in enumerate(items, start=1):
                _add_item(graph, item, kinds, reference_slots, where=(name, collection, position))
    for node, atlas_id in list(graph.subject_objects(DCTERMS.identifier)):
        if (node, RDFS.label, None) not in graph:  # no file names it: its id is its name
            graph.add((node, RDFS.label, Literal(str(atlas_id), lang="en")))
    _inherit_schemes(graph)
    _derive_links(graph)
    for path in package.sssom_files():
        result.sssom_rows[package.name(path)] = _add_sssom(graph, path, package.name(path), kinds)
    result.entities = dict(sorted(Counter(kinds.values()).items()))
    result.dangling = sum(1 for o in set(graph.objects()) if isinstance(o, URIRef) and o.startswith(str(ATLAS))
                          and (o, RDF.type, None) not in graph)
    result.skipped = [package.name(p) for p in package.other_files()]
    return result


def _read_collections(path: Path) -> dict[str, list[dict[str, Any]]]:
    from alignkg.graph.compile import read_yaml

    file = str(path)
    document = read_yaml(path)
    if not isinstance(document, dict):
        raise DataError("an AI Atlas Nexus file is a YAML mapping of collections", file=file)
    for collection, items in document.items():
        if not isinstance(items, list):
            raise DataError(f"'{collection}' must be a list of items", file=file)
        for position, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"].strip():
                raise DataError(f"{collection} #{position} needs a text 'id'", file=file)
    return document


def _kind(collection: str, item: dict[str, Any]) -> str:
    if collection == "entries" and item.get("type") == "Risk":
        return "AtlasRisk"
    return KINDS.get(collection, OTHER_KIND)


def _kinds(documents: dict[str, dict[str, list[dict[str, Any]]]]) -> dict[str, str]:
    """Each id's class: from the item that names it, else from the first item with the id."""
    named: dict[str, str] = {}
    first: dict[str, str] = {}
    for collections in documents.values():
        for collection, items in collections.items():
            for item in items:
                kind = _kind(collection, item)
                first.setdefault(item["id"], kind)
                if item.get("name"):
                    named.setdefault(item["id"], kind)
    return {**first, **named}


def _reference_slots(schema: Path | None) -> frozenset[str]:
    """Slots whose range in the package's LinkML schema is a class (or ``Any``): their values name entities."""
    if schema is None:
        return REFERENCES
    slots: dict[str, Any] = {}
    classes: set[str] = {"Any"}
    for path in sorted(schema.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, spec in (document.get("classes") or {}).items():
            classes.add(name)
            slots.update((spec or {}).get("attributes") or {})
        slots.update(document.get("slots") or {})
    return REFERENCES | {name for name, spec in slots.items() if isinstance(spec, dict) and spec.get("range") in classes}


def _add_item(graph: Graph, item: dict[str, Any], kinds: dict[str, str], reference_slots: frozenset[str],
              where: tuple[str, str, int]) -> None:
    node = atlas_iri(item["id"])
    kind = kinds[item["id"]]
    graph.add((node, RDF.type, AKG[kind]))
    for cls in STANDARD_TYPES.get(kind, ()):
        graph.add((node, RDF.type, cls))
    graph.add((node, DCTERMS.identifier, Literal(item["id"])))
    for key, value in item.items():
        if key == "id" or value is None:
            continue
        for one in value if isinstance(value, list) else [value]:
            graph.add((node, *_statement(key, one, kinds, reference_slots, where, item["id"])))


def _statement(key: str, value: Any, kinds: dict[str, str], reference_slots: frozenset[str],
               where: tuple[str, str, int], atlas_id: str) -> tuple[URIRef, URIRef | Literal]:
    if key in ("name", "description"):
        if not isinstance(value, str):
            file, collection, position = where
            raise DataError(f"{collection} #{position} (id '{atlas_id}'): '{key}' must be text", file=file)
        return (RDFS.label if key == "name" else DCTERMS.description), Literal(" ".join(value.split()), lang="en")
    predicate = PREDICATES.get(key, NEXUS[key])
    if isinstance(value, str) and (key in reference_slots or value in kinds) and key not in ("url", "type"):
        return predicate, atlas_iri(value)
    return predicate, _literal(value)


def _literal(value: Any) -> Literal:
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, datetime):
        return Literal(value.isoformat(), datatype=XSD.dateTime)
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, (int, float)):
        return Literal(value)
    if isinstance(value, (dict, list)):
        return Literal(json.dumps(value, sort_keys=True, default=str))
    return Literal(str(value))


def _inherit_schemes(graph: Graph) -> None:
    """A concept without ``skos:inScheme`` gets its nearest broader concept's scheme(s)."""
    changed = True
    while changed:
        changed = False
        for node, parent in list(graph.subject_objects(SKOS.broader)):
            if (node, SKOS.inScheme, None) in graph:
                continue
            for scheme in list(graph.objects(parent, SKOS.inScheme)):
                graph.add((node, SKOS.inScheme, scheme))
                changed = True


#: The package's links from an action or control to a risk it addresses (``hasRelatedAction`` runs the other way).
CONTROL_LINKS = (NEXUS.hasRelatedRisk, NEXUS.detectsRiskConcept, NEXUS.mitigatesRiskConcept,
                 SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch)


def _derive_links(graph: Graph) -> None:
    """Two shortcuts the hub queries follow, derived from the package's own links (kept as they are):

    * ``control akg:atlasAddresses risk`` for every way the package links an action, control or
      requirement to a risk (:data:`CONTROL_LINKS`, and ``risk nexus:hasRelatedAction control``);
    * ``risk akg:atlasSameRisk other`` for the risk itself and each risk it is an exact or close
      match of, either way round (the same risk in another taxonomy).
    """
    risks = set(graph.subjects(RDF.type, AKG.AtlasRisk))
    controls = set(graph.subjects(RDF.type, AKG.AtlasControl))
    for predicate in CONTROL_LINKS:
        for control, risk in list(graph.subject_objects(predicate)):
            if control in controls and risk in risks:
                graph.add((control, AKG.atlasAddresses, risk))
    for risk, control in list(graph.subject_objects(NEXUS.hasRelatedAction)):
        if control in controls and risk in risks:
            graph.add((control, AKG.atlasAddresses, risk))
    for risk in risks:
        graph.add((risk, AKG.atlasSameRisk, risk))
    for predicate in (SKOS.exactMatch, SKOS.closeMatch):
        for a, b in list(graph.subject_objects(predicate)):
            if a in risks and b in risks:
                graph.add((a, AKG.atlasSameRisk, b))
                graph.add((b, AKG.atlasSameRisk, a))


def _add_sssom(graph: Graph, path: Path, name: str, kinds: dict[str, str]) -> int:
    """Add every row of one SSSOM file as an ``akg:AtlasMapping`` record (and its match triple); return the rows."""
    metadata, header, rows = read_sssom_rows(path)
    curie_map = {str(k): str(v) for k, v in (metadata.get("curie_map") or {}).items()}
    stem = Path(name).name.split(".")[0]
    mapping_set = ATLAS[f"mapping-set-{stem}"]
    graph.add((mapping_set, RDF.type, AKG.AtlasMappingSet))
    graph.add((mapping_set, RDFS.label, Literal(str(metadata.get("mapping_set_description")
                                                    or metadata.get("mapping_set_title") or stem), lang="en")))
    graph.add((mapping_set, DCTERMS.source, Literal(name)))
    for key, predicate in (("mapping_set_id", DCTERMS.identifier), ("license", DCTERMS.license),
                           ("mapping_date", DCTERMS.date), ("mapping_set_version", OWL.versionInfo)):
        if metadata.get(key):
            graph.add((mapping_set, predicate, Literal(str(metadata[key]))))
    for number, row in enumerate(rows, start=1):
        record = ATLAS[f"mapping-{stem}-{number}"]
        graph.add((record, RDF.type, AKG.AtlasMapping))
        graph.add((record, DCTERMS.isPartOf, mapping_set))
        subject = _term(row.get("subject_id", ""), curie_map, kinds)
        target = _term(row.get("object_id", ""), curie_map, kinds)
        predicate = _term(row.get("predicate_id", ""), curie_map, kinds, entity=False)
        for term, prop in ((subject, OWL.annotatedSource), (predicate, OWL.annotatedProperty), (target, OWL.annotatedTarget)):
            if isinstance(term, URIRef):
                graph.add((record, prop, term))
        if all(isinstance(t, URIRef) for t in (subject, predicate, target)):
            graph.add((subject, predicate, target))
        label = f"{row.get('subject_label') or row.get('subject_id')} {row.get('predicate_id')} " \
                f"{row.get('object_label') or row.get('object_id')}"
        graph.add((record, RDFS.label, Literal(" ".join(label.split()), lang="en")))
        method = _term(row.get("mapping_justification", ""), curie_map, kinds, entity=False)
        if isinstance(method, URIRef):
            graph.add((record, AKG.mappingJustification, method))
        confidence = _decimal(row.get("confidence"))
        if confidence is not None:
            graph.add((record, AKG.mappingConfidence, Literal(confidence, datatype=XSD.decimal)))
        for column, value in row.items():
            if not value.strip() or column in ("subject_id", "object_id", "predicate_id", "mapping_justification", "confidence"):
                continue
            graph.add((record, SSSOM_COLUMNS.get(column, SSSOM[column]), Literal(" ".join(value.split()))))
        for column, term in (("subject_id", subject), ("predicate_id", predicate), ("object_id", target)):
            if not isinstance(term, URIRef):  # not a CURIE (e.g. "noMatch"): kept as written
                graph.add((record, SSSOM[column], Literal(row.get(column, ""))))
    return len(rows)


def read_sssom_rows(path: Path) -> tuple[dict[str, Any], list[str], list[dict[str, str]]]:
    """An SSSOM TSV's metadata block, header and rows (as written; nothing is checked against a graph)."""
    file = str(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        metadata = yaml.safe_load("\n".join(line[1:] for line in lines if line.startswith("#"))) or {}
    except yaml.YAMLError as exc:
        raise DataError(f"malformed SSSOM metadata block: {exc}", file=file) from None
    body = [line for line in lines if not line.startswith("#") and line.strip()]
    if not isinstance(metadata, dict) or not body:
        raise DataError("not an SSSOM TSV (a #-commented YAML block, then a header row)", file=file)
    reader = csv.reader(io.StringIO("\n".join(body)), delimiter="\t")
    header = next(reader)
    rows = []
    for number, cells in enumerate(reader, start=1):
        if len(cells) > len(header):
            raise DataError(f"row {number}: has {len(cells)} cells, the header has {len(header)}", file=file)
        rows.append(dict(zip(header, [*cells, *[""] * (len(header) - len(cells))])))
    return metadata, header, rows


def _term(curie: str, curie_map: dict[str, str], kinds: dict[str, str], *, entity: bool = True) -> URIRef | None:
    """An SSSOM CURIE as an IRI: an AI Atlas Nexus id as ``atlas:<id>``, else expanded with the file's prefixes."""
    curie = curie.strip()
    prefix, sep, local = curie.partition(":")
    if not sep:
        return None
    if entity and local in kinds:
        return atlas_iri(local)
    known = {"skos": str(SKOS), "semapv": str(SEMAPV), "nexus": str(NEXUS), **curie_map}
    if prefix in known:
        return URIRef(known[prefix] + local)
    if prefix in ("http", "https"):
        return URIRef(curie)
    return None


def _decimal(value: str | None) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if Decimal(0) <= number <= Decimal(1) else None


def _entities(graph: Graph) -> dict[URIRef, frozenset]:
    """Each imported entity and what the layer says about it (for comparing two imports)."""
    about: dict[URIRef, set] = defaultdict(set)
    for s, p, o in graph:
        about[s].add((p, o))
    return {s: frozenset(about[s]) for s in about if (s, DCTERMS.identifier, None) in graph
            and not str(s).startswith(str(ATLAS["mapping-"]))}


@dataclass
class ImportReport:
    """What ``import atlas --package`` did."""

    version: str
    unchanged: bool
    previous: str = ""
    triples: int = 0
    entities: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0
    converted: Converted | None = None

    def summary(self) -> str:
        """One line for the user."""
        if self.unchanged:
            return (f"the atlas layer already holds {DISTRIBUTION} {self.version} ({self.entities:,} entities); "
                    "nothing to do")
        was = f" (was {self.previous}: +{self.added:,} new, -{self.removed:,} gone, {self.changed:,} changed entities)" \
            if self.previous else ""
        return (f"imported {DISTRIBUTION} {self.version} as the layer 'atlas': {self.entities:,} entities, "
                f"{self.triples:,} triples{was}; load it with --layers curated,atlas")


def import_package(package: AtlasPackage | None = None) -> ImportReport:
    """Publish ``package`` (default: the installed one) as the layer ``atlas``, unless it already holds it.

    A new version (or changed files) replaces the layer; the report counts the
    entities added, removed and changed since the previous import.
    """
    from alignkg.layers import available, layers_dir, publish, read_layer

    package = package or installed_package()
    fingerprint = package.fingerprint()
    previous = available().get(LAYER_NAME)
    old_manifest = _manifest(layers_dir() / LAYER_NAME / "layer.yaml") if previous else {}
    if old_manifest.get("fingerprint") == fingerprint:
        return ImportReport(package.version, True, entities=int(old_manifest.get("entity_count", 0)))
    converted = convert(package)
    graph = converted.graph
    new = _entities(graph)
    report = ImportReport(package.version, False, triples=len(graph), entities=len(new), converted=converted)
    if previous is not None:
        old = _entities(read_layer(previous))
        report.previous = previous.version or "an unknown version"
        report.added = len(new.keys() - old.keys())
        report.removed = len(old.keys() - new.keys())
        report.changed = sum(1 for s in new.keys() & old.keys() if new[s] != old[s])
    publish(LAYER_NAME, graph, title="IBM AI Atlas Nexus", version=package.version, default=False,
            source=f"{DISTRIBUTION} {package.version} (Apache-2.0), installed at {package.data}",
            extra={"package": DISTRIBUTION, "fingerprint": fingerprint, "entity_count": len(new),
                   "entities": converted.entities, "knowledge_files": converted.counts,
                   "sssom_rows": converted.sssom_rows, "other_collections": converted.other_collections,
                   "dangling_references": converted.dangling,
                   "not_imported": {name: NOT_KNOWLEDGE for name in converted.skipped}})
    return report


def _manifest(path: Path) -> dict[str, Any]:
    from alignkg.graph.compile import read_yaml

    data = read_yaml(path) if path.is_file() else {}
    return data if isinstance(data, dict) else {}
