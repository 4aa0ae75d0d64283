"""Import a taxonomy in the IBM AI Atlas Nexus YAML layout as its own SKOS scheme.

An AI Atlas Nexus file is a YAML mapping of collections: ``documents``,
``taxonomies``, ``groups`` and ``entries`` (other collections, such as
``actions``, are reported and skipped). Each taxonomy becomes a
``skos:ConceptScheme``; each group and entry a ``skos:Concept`` in the scheme
named by its ``isDefinedByTaxonomy``, with ``skos:broader`` from ``isPartOf`` /
``broader``, ``skos:narrower`` from ``narrower`` and the SKOS match slots kept.
IRIs are ``https://w3id.org/alignkg/atlas/<id>`` (CURIE ``atlas:<id>``), so the
crosswalk rows in a mapping set can point at them.

The whole file is checked first (shape, ids, names, references); a bad file
raises ``DataError`` naming the collection, item and key, and nothing is written.

Example
-------
>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.yaml"
>>> _ = path.write_text("taxonomies: [{id: t, name: Tiny}]\\nentries: [{id: e, name: E, isDefinedByTaxonomy: t}]\\n")
>>> read_atlas(path).counts
{'documents': 0, 'taxonomies': 1, 'groups': 0, 'entries': 1}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from alignkg.errors import DataError
from alignkg.graph.compile import read_yaml
from alignkg.graph.mappings import ATLAS, MATCH
from alignkg.graph.schema import AKG

COLLECTIONS = ("documents", "taxonomies", "groups", "entries")
SCHEMA_CREATIVE_WORK = URIRef("https://schema.org/CreativeWork")
_REFS = {"isPartOf": SKOS.broader, "broader": SKOS.broader, "narrower": SKOS.narrower}


@dataclass
class AtlasImport:
    """The imported triples and what they hold."""

    graph: Graph
    counts: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    schemes: list[str] = field(default_factory=list)


def atlas_iri(atlas_id: str) -> URIRef:
    """The IRI of an AI Atlas Nexus id: ``atlas_iri("mit-ai-risk-subdomain-7.1")``."""
    return ATLAS[quote(atlas_id, safe="-._~")]


def read_atlas(path: Path | str, known: Graph | None = None) -> AtlasImport:
    """Check an AI Atlas Nexus YAML file and convert it to SKOS; write nothing.

    ``known`` is a graph of what is already there (earlier imports), so an
    item may refer to a taxonomy or concept imported before.
    """
    path = Path(path)
    file = str(path)
    try:
        document = read_yaml(path)
    except OSError as exc:
        raise DataError(f"cannot read AI Atlas Nexus file: {exc}", file=file) from None
    if not isinstance(document, dict):
        raise DataError("an AI Atlas Nexus file is a YAML mapping of collections "
                        f"({', '.join(COLLECTIONS)})", file=file)
    items = {name: _items(document, name, file) for name in COLLECTIONS}
    if not items["taxonomies"] and not items["groups"] and not items["entries"]:
        raise DataError("no taxonomies, groups or entries to import", file=file)
    ids = _check_ids(items, file)
    result = AtlasImport(Graph())
    result.skipped = {k: len(v) if isinstance(v, list) else 1 for k, v in document.items() if k not in COLLECTIONS}
    result.counts = {name: len(items[name]) for name in COLLECTIONS}
    known = known if known is not None else Graph()
    graph = result.graph
    graph.bind("atlas", ATLAS)
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)

    for position, item in enumerate(items["documents"], start=1):
        node = atlas_iri(item["id"])
        graph.add((node, RDF.type, SCHEMA_CREATIVE_WORK))
        _describe(graph, node, item, label_required=False, where=("documents", position, item["id"], file))
    for position, item in enumerate(items["taxonomies"], start=1):
        where = ("taxonomies", position, item["id"], file)
        node = atlas_iri(item["id"])
        graph.add((node, RDF.type, SKOS.ConceptScheme))
        _describe(graph, node, item, label_required=True, where=where)
        for doc in _list(item.get("hasDocumentation"), "hasDocumentation", where):
            graph.add((node, DCTERMS.source, _resolve(doc, ids, known, ("documents",), "hasDocumentation", where)))
        if item.get("version") is not None:
            graph.add((node, OWL.versionInfo, Literal(str(item["version"]))))
        result.schemes.append(item["id"])
    for name in ("groups", "entries"):
        for position, item in enumerate(items[name], start=1):
            _add_concept(graph, item, (name, position, item["id"], file), ids, known)
    return result


def import_atlas(path: Path | str, data_dir: Path | str, known: Graph | None = None,
                 *, replace: bool = False) -> tuple[Path, AtlasImport]:
    """Check ``path`` and write its SKOS scheme as ``DATA_DIR/atlas-<name>.ttl`` (atomically).

    The compiler merges every ``*.ttl`` in the data folder, so the next
    ``alignkg.load()`` has the imported concepts. Raises ``DataError`` if the
    target exists and ``replace`` is false.
    """
    from alignkg.atomic import write_bytes

    result = read_atlas(path, known)
    stem = Path(path).name.split(".")[0].replace("_", "-")
    target = Path(data_dir) / f"atlas-{stem}.ttl"
    if target.exists() and not replace:
        raise DataError("already imported (pass --replace to import it again)", file=str(target))
    body = result.graph.serialize(format="turtle", encoding="utf-8")
    header = f"# Imported from {Path(path).name} (AI Atlas Nexus layout) with `alignkg import atlas`.\n"
    write_bytes(target, header.encode("utf-8") + body)
    return target, result


def _items(document: dict[str, Any], name: str, file: str) -> list[dict[str, Any]]:
    value = document.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise DataError(f"'{name}' must be a list of items", file=file)
    for position, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise DataError(f"{name} #{position} is not a mapping", file=file)
        if not isinstance(item.get("id"), str) or not item["id"].strip():
            raise DataError(f"{name} #{position} needs a text 'id'", file=file)
    return value


def _check_ids(items: dict[str, list[dict[str, Any]]], file: str) -> dict[str, str]:
    """Every id in the file, with the collection it is in; duplicates are an error."""
    ids: dict[str, str] = {}
    for name, listed in items.items():
        for position, item in enumerate(listed, start=1):
            if item["id"] in ids:
                raise DataError(f"{name} #{position} (id '{item['id']}'): duplicate id "
                                f"(already in {ids[item['id']]})", file=file)
            ids[item["id"]] = name
    return ids


def _fail(where: tuple[str, int, str, str], message: str) -> DataError:
    name, position, atlas_id, file = where
    return DataError(f"{name} #{position} (id '{atlas_id}'): {message}", file=file)


def _describe(graph: Graph, node: URIRef, item: dict[str, Any], *, label_required: bool,
              where: tuple[str, int, str, str]) -> None:
    name = item.get("name")
    if isinstance(name, str) and name.strip():
        graph.add((node, RDFS.label, Literal(" ".join(name.split()), lang="en")))
    elif label_required or name is not None and not isinstance(name, str):
        raise _fail(where, "needs a text 'name'")
    else:
        graph.add((node, RDFS.label, Literal(item["id"], lang="en")))
    description = item.get("description")
    if description is not None:
        if not isinstance(description, str):
            raise _fail(where, "'description' must be text")
        if description.strip():
            graph.add((node, DCTERMS.description, Literal(" ".join(description.split()), lang="en")))
    graph.add((node, DCTERMS.identifier, Literal(item["id"])))
    if isinstance(item.get("url"), str):
        graph.add((node, AKG.homepage, Literal(item["url"])))
    if isinstance(item.get("type"), str):
        graph.add((node, DCTERMS.type, Literal(item["type"])))


def _add_concept(graph: Graph, item: dict[str, Any], where: tuple[str, int, str, str],
                 ids: dict[str, str], known: Graph) -> None:
    node = atlas_iri(item["id"])
    graph.add((node, RDF.type, SKOS.Concept))
    _describe(graph, node, item, label_required=True, where=where)
    scheme = item.get("isDefinedByTaxonomy")
    if scheme is not None:
        graph.add((node, SKOS.inScheme, _resolve(scheme, ids, known, ("taxonomies",), "isDefinedByTaxonomy", where)))
    for key, predicate in _REFS.items():
        for ref in _list(item.get(key), key, where):
            graph.add((node, predicate, _resolve(ref, ids, known, ("groups", "entries"), key, where)))
    for key, predicate in MATCH.items():
        for ref in _list(item.get(key), key, where):
            if not isinstance(ref, str) or not ref.strip():
                raise _fail(where, f"'{key}' must list ids")
            graph.add((node, predicate, atlas_iri(ref)))
    if scheme is None and not any(item.get(k) for k in _REFS):
        raise _fail(where, "names no taxonomy (isDefinedByTaxonomy) and no broader group (isPartOf)")


def _list(value: Any, key: str, where: tuple[str, int, str, str]) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise _fail(where, f"'{key}' must be an id or a list of ids")
    return value


def _resolve(ref: Any, ids: dict[str, str], known: Graph, collections: tuple[str, ...], key: str,
             where: tuple[str, int, str, str]) -> URIRef:
    if not isinstance(ref, str):
        raise _fail(where, f"'{key}' must be an id (got {ref!r})")
    if ids.get(ref) in collections or (atlas_iri(ref), RDF.type, None) in known:
        return atlas_iri(ref)
    kinds = " or ".join(c.rstrip("s") if c != "entries" else "entry" for c in collections)
    raise _fail(where, f"'{key}' refers to '{ref}', which is not a {kinds} of this file")
