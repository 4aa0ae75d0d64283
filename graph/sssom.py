"""SSSOM TSV in and out for the crosswalk mappings.

:func:`write_sssom` writes every ``akg:Mapping`` of a graph as an SSSOM TSV
(a ``#``-commented YAML metadata block, then one row per mapping);
:func:`read_sssom` reads one back, checking every row against a graph, and
:func:`import_sssom` turns it into a mapping-set YAML file beside the curated
data, so that the next build includes it. Column use:

==========================  =====================================================
``subject_id``, ``object_id``  CURIEs (``alignkg:``, ``atlas:``) or IRIs
``predicate_id``            a SKOS match property (``skos:broadMatch``…)
``mapping_justification``   SEMAPV term, ``semapv:ManualMappingCuration`` for ours
``confidence``              0–1
``comment``                 our justification, in words
``see_also``                the sources (IRIs of publications or sections), ``|``-separated
==========================  =====================================================

Example
-------
>>> import alignkg
>>> text = write_sssom(alignkg.load().graph)
>>> text.splitlines()[0]
'#curie_map:'
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph
from rdflib.namespace import RDFS

from alignkg.errors import DataError
from alignkg.graph.mappings import (
    CURIE_MAP, Mapping, MappingSet, check_new, compact, mappings_in, parse_rows, to_rows,
)

COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label",
           "mapping_justification", "confidence", "comment", "see_also")
REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")
METADATA = {
    "mapping_set_id": "https://w3id.org/alignkg/mappings/alignkg.sssom.tsv",
    "mapping_set_title": "alignkg crosswalks: AI alignment risks and techniques to the MIT AI Risk "
                         "Repository, the MIT mitigation taxonomy and the NIST AI RMF functions",
    "license": "https://opensource.org/licenses/MIT",
}


def write_sssom(graph: Graph, metadata: dict[str, Any] | None = None) -> str:
    """Every mapping in ``graph`` as SSSOM TSV text (metadata block + rows), sorted."""
    mappings = mappings_in(graph)
    used = {p: CURIE_MAP[p] for p in CURIE_MAP
            if any(str(t).startswith(CURIE_MAP[p]) for m in mappings
                   for t in (m.subject, m.predicate, m.object, m.method))}
    header = {"curie_map": used, **METADATA, **(metadata or {})}
    out = io.StringIO()
    for line in yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=1000).splitlines():
        out.write(f"#{line}\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for m in mappings:
        writer.writerow([
            compact(m.subject), _label(graph, m.subject), compact(m.predicate), compact(m.object),
            _label(graph, m.object) or m.object_label, compact(m.method),
            "" if m.confidence is None else str(m.confidence), m.justification,
            "|".join(str(s) for s in m.sources),
        ])
    return out.getvalue()


def read_sssom(path: Path | str, graph: Graph) -> MappingSet:
    """Read an SSSOM TSV file and check every row against ``graph``; nothing is added.

    Raises ``DataError`` naming the file and row (rows are numbered from 1 after
    the header line) for an unknown subject, an unknown predicate or a malformed row.
    """
    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read SSSOM file: {exc}", file=file) from None
    lines = text.splitlines()
    meta_lines = [line[1:] for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#") and line.strip()]
    try:
        metadata = yaml.safe_load("\n".join(meta_lines)) or {}
    except yaml.YAMLError as exc:
        raise DataError(f"malformed SSSOM metadata block: {exc}", file=file) from None
    if not isinstance(metadata, dict):
        raise DataError("the SSSOM metadata block must be a YAML mapping", file=file)
    if not body:
        raise DataError("no SSSOM header row (subject_id, predicate_id, object_id, …)", file=file)
    reader = csv.reader(io.StringIO("\n".join(body)), delimiter="\t")  # quoted cells may span lines
    header = next(reader)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise DataError(f"SSSOM header lacks column(s) {', '.join(missing)}", file=file)
    curie_map = metadata.get("curie_map") or {}
    if not isinstance(curie_map, dict):
        raise DataError("'curie_map' must map prefixes to IRIs", file=file)
    rows = []
    for number, cells in enumerate(reader, start=1):
        if len(cells) != len(header):
            raise DataError(f"row {number}: has {len(cells)} cells, the header has {len(header)}", file=file)
        rows.append(_row(dict(zip(header, cells)), metadata))
    mappings = parse_rows(rows, graph, file=file, curie_map=curie_map, strict=False)
    return MappingSet(mappings, {k: v for k, v in metadata.items() if k != "curie_map"})


def mapping_set_yaml(mapping_set: MappingSet) -> str:
    """A mapping set as the YAML the compiler reads (``graph/data/*.yaml`` with ``mappings:``)."""
    keep = ("mapping_set_id", "mapping_set_title", "mapping_set_description", "license")
    document = {k: mapping_set.metadata[k] for k in keep if k in mapping_set.metadata}
    document["mappings"] = to_rows(mapping_set.mappings)
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def import_sssom(path: Path | str, graph: Graph, data_dir: Path | str) -> tuple[Path, list[Mapping]]:
    """Check an SSSOM file against ``graph`` and save it as ``DATA_DIR/<name>.mappings.yaml``.

    Nothing is written unless every row is valid and none is already in the graph.
    Returns the file written and the mappings it holds.
    """
    from alignkg.atomic import write_bytes

    mapping_set = read_sssom(path, graph)
    check_new(graph, mapping_set.mappings, file=str(path))
    stem = Path(path).name.split(".")[0] or "imported"
    target = Path(data_dir) / f"{stem}.mappings.yaml"
    if target.exists():
        raise DataError("already imported (remove that file to import again)", file=str(target))
    header = f"# Imported with `alignkg mappings import {Path(path).name}`; rows are checked at every build.\n"
    write_bytes(target, (header + mapping_set_yaml(mapping_set)).encode("utf-8"))
    return target, mapping_set.mappings


def _row(cells: dict[str, str], metadata: dict[str, Any]) -> dict[str, Any]:
    """An SSSOM row as a mapping-set row (the names :func:`parse_rows` reads)."""
    sources = [s for s in (cells.get("see_also") or "").split("|") if s.strip()]
    if not sources and isinstance(metadata.get("mapping_set_id"), str):
        sources = [metadata["mapping_set_id"]]
    return {
        "subject": cells.get("subject_id", ""),
        "predicate": cells.get("predicate_id", ""),
        "object": cells.get("object_id", ""),
        "object_label": cells.get("object_label") or None,
        "justification": cells.get("comment") or None,
        "confidence": cells.get("confidence") or None,
        "source": sources,
        "method": cells.get("mapping_justification") or None,
    }


def _label(graph: Graph, iri: Any) -> str:
    label = graph.value(iri, RDFS.label)
    return str(label) if label is not None else ""
