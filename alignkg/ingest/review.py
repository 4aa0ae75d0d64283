"""The review queue: list proposals, accept one into the curated data, or reject it for good.

``accept`` writes the proposal's entry into the curated YAML file for its type
(``concepts.yaml``, ``findings.yaml``, …; a link becomes an ``addressed_by``
item of its risk) and cites, as the entry's ``source``, the passage it came
from: a ``SourceSection`` entry for the document and one for the passage are
added to ``documents.yaml`` (title, file path and passage number — never the
passage's text). The description is the curator's (``--description``), or a
``TODO:`` that ``alignkg build`` refuses until it is written. The edited data
is compiled and SHACL-validated in a scratch copy before any file is replaced,
so a proposal that would break the graph is refused with the reason and
nothing changes. ``reject`` records the proposal's key in
``<home>/ingest/decisions.yaml``: re-ingesting the same text does not propose it again.

Example
-------
>>> queue({})
[]
"""

from __future__ import annotations

import copy
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from alignkg.atomic import write_bytes
from alignkg.errors import DataError
from alignkg.ingest import workspace
from alignkg.ingest.proposals import TODO

DOCUMENTS_FILE = "documents.yaml"


def queue(records: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Open proposals across all ingested documents: merged by key (the most confident reading gives the
    entry; passages are pooled), decided ones left out, most confident first."""
    records = workspace.load_documents() if records is None else records
    decisions = workspace.load_decisions() if records else {"accepted": {}, "rejected": {}}
    decided = set(decisions["accepted"]) | set(decisions["rejected"])
    merged: dict[str, dict[str, Any]] = {}
    for record in sorted(records.values(), key=lambda r: r["path"]):  # the same queue wherever the files live
        for proposal in record.get("proposals", []):
            if proposal["key"] in decided:
                continue
            kept = merged.get(proposal["key"])
            if kept is None or proposal["proposed"]["confidence"] > kept["proposed"]["confidence"]:
                merged[proposal["key"]] = copy.deepcopy(proposal)  # the most confident reading gives the entry
            if kept is not None:
                mine = merged[proposal["key"]]["proposed"]
                mine["passages"] = sorted(set(kept["proposed"]["passages"]) | set(proposal["proposed"]["passages"]))
    order = {"link": 0, "entity": 1, "publication": 2, "finding": 3}
    return sorted(merged.values(), key=lambda p: (-p["proposed"]["confidence"], order[p["kind"]], p["entry"]["label"]))


def find(proposal_id: str) -> dict[str, Any]:
    """The open proposal ``proposal_id``; a ``DataError`` saying so when there is none."""
    for proposal in queue():
        if proposal["id"] == proposal_id:
            return proposal
    decisions = workspace.load_decisions()
    for verdict in ("accepted", "rejected"):
        for key, note in decisions[verdict].items():
            if note.get("id") == proposal_id:
                raise DataError(f"proposal {proposal_id} was already {verdict} ({key})")
    raise DataError(f"no open proposal '{proposal_id}' (see `alignkg review`)")


def as_yaml(proposal: dict[str, Any]) -> str:
    """The proposal as the curator sees it: the curated entry with its ``proposed`` marker."""
    shown = {**proposal["entry"], "proposed": {"id": proposal["id"], **proposal["proposed"]}}
    return yaml.safe_dump([shown], sort_keys=False, allow_unicode=True, width=1000)


def reject(proposal_id: str, reason: str = "") -> dict[str, Any]:
    """Record that ``proposal_id`` is rejected; its key will not be proposed again."""
    with workspace.locked():
        return _reject(proposal_id, reason)


def _reject(proposal_id: str, reason: str) -> dict[str, Any]:
    proposal = find(proposal_id)
    decisions = workspace.load_decisions()
    decisions["rejected"][proposal["key"]] = {"id": proposal["id"], "label": proposal["entry"]["label"],
                                              "when": workspace.now(), "reason": reason}
    workspace.save_decisions(decisions)
    return proposal


def accept(proposal_id: str, data_dir: Path, *, description: str | None = None, entry_id: str | None = None,
           about: list[str] | None = None) -> tuple[dict[str, Any], Path]:
    """Write the proposal into the curated data in ``data_dir``; returns the entry written and its file.

    ``about`` gives a finding the entities it is about when the text named none the graph knows.
    """
    with workspace.locked():
        return _accept(proposal_id, data_dir, description, entry_id, about)


def _accept(proposal_id: str, data_dir: Path, description: str | None, entry_id: str | None,
            about: list[str] | None) -> tuple[dict[str, Any], Path]:
    proposal = find(proposal_id)
    entry = copy.deepcopy(proposal["entry"])
    if entry_id:
        entry["id"] = entry_id
    if about:
        entry["about"] = about
    entry["description"] = description.strip() if description and description.strip() else TODO
    record = _record_of(proposal)
    position = int(proposal["proposed"]["passages"][0].rsplit("/p", 1)[1])
    sources = _source_entries(record, position)
    edits: dict[str, str] = {}
    data_dir = Path(data_dir)
    edits[DOCUMENTS_FILE] = _with_sources(data_dir / DOCUMENTS_FILE, sources)
    if proposal["kind"] == "link":
        target = data_dir / "risks.yaml"
        item = entry["addressed_by"][0]
        edits[target.name] = _add_addressed_by(target, entry["id"], item)
        written = {"risk": entry["id"], **item}
    else:
        entry["source"] = sources[-1]["id"]
        target = data_dir / proposal["file"]
        edits[target.name] = _append_entry(target, entry, proposal["id"])
        written = entry
    _check(data_dir, edits)
    for name, text in edits.items():
        write_bytes(data_dir / name, text.encode("utf-8"))
    decisions = workspace.load_decisions()
    decisions["accepted"][proposal["key"]] = {"id": proposal["id"], "entry": written.get("id", entry["id"]),
                                              "file": target.name, "when": workspace.now()}
    workspace.save_decisions(decisions)
    return written, target


def _record_of(proposal: dict[str, Any]) -> dict[str, Any]:
    doc_id = proposal["proposed"]["passages"][0].rsplit("/", 2)[-2]
    record = workspace.load_documents().get(doc_id)
    if record is None:
        raise DataError(f"proposal {proposal['id']}: its document is no longer ingested")
    return record


def _source_entries(record: dict[str, Any], position: int) -> list[dict[str, Any]]:
    """The SourceSection entries that cite a passage of an ingested document (no passage text)."""
    passage = next(p for p in record["passages"] if p["position"] == position)
    doc_slug = record["id"]
    heading = " › ".join(passage["heading"])
    return [
        {"id": doc_slug, "type": "SourceSection", "label": record["title"],
         "description": f"An ingested document, read from {record['path']} (checksum {record['checksum'][:12]}).",
         "locator": record["path"], "source": doc_slug},
        {"id": f"{doc_slug}-p{position}", "type": "SourceSection",
         "label": workspace.passage_label(record["title"], passage["heading"], position),
         "description": f"Passage {position} of the ingested document {record['path']}"
                        + (f", under '{heading}'." if heading else "."),
         "part_of": doc_slug, "locator": f"{record['path']}#p{position}", "source": doc_slug},
    ]


def _with_sources(path: Path, sources: list[dict[str, Any]]) -> str:
    text = path.read_text(encoding="utf-8") if path.is_file() else (
        "# Ingested documents and passages cited by accepted proposals (alignkg review accept).\n"
        "# Written by alignkg; each names a file and a passage number, never the passage's text.\n")
    have = {e.get("id") for e in (yaml.safe_load(text) or []) if isinstance(e, dict)}
    new = [s for s in sources if s["id"] not in have]
    if new:
        text = text.rstrip("\n") + "\n\n" + yaml.safe_dump(new, sort_keys=False, allow_unicode=True, width=1000)
    return text


def _append_entry(path: Path, entry: dict[str, Any], proposal_id: str) -> str:
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    have = {e.get("id") for e in (yaml.safe_load(text) or []) if isinstance(e, dict)}
    if entry["id"] in have:
        raise DataError(f"id '{entry['id']}' already exists; accept with --id NEW-ID", file=str(path))
    block = yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=1000)
    return text.rstrip("\n") + f"\n\n# accepted from ingest proposal {proposal_id}\n" + block


def _add_addressed_by(path: Path, risk: str, item: dict[str, Any]) -> str:
    """``risks.yaml`` with ``item`` added to the ``addressed_by`` list of ``risk`` (comments kept)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.fullmatch(rf"- id: {re.escape(risk)}\s*", line)), None)
    if start is None:
        raise DataError(f"the risk '{risk}' is not in the curated data: accept it first", file=str(path))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("- ")), len(lines))
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    rendered = [f"    - technique: {item['technique']}", f"      as: {yaml.safe_dump(item['as']).strip().removesuffix('...').strip()}"]
    header = next((i for i in range(start, end) if lines[i].startswith("  addressed_by:")), None)
    if header is None:
        lines[end:end] = ["  addressed_by:", *rendered]
    else:
        lines[header + 1:header + 1] = rendered
    return "\n".join(lines)


def _check(data_dir: Path, edits: dict[str, str]) -> None:
    """Compile and validate the data with ``edits`` applied, in a scratch copy; raise ``DataError`` if it breaks."""
    from alignkg.graph.compile import compile_data
    from alignkg.ontology.validate import validate

    scratch = Path(tempfile.mkdtemp(prefix="alignkg-accept-"))
    try:
        copy_dir = scratch / "data"
        shutil.copytree(data_dir, copy_dir)
        for name, text in edits.items():
            (copy_dir / name).write_text(text.replace(TODO, "Placeholder used only to check the rest of the entry."),
                                         encoding="utf-8")
        try:
            compiled = compile_data(copy_dir)
            validate(compiled.graph, compiled.origins)
        except DataError as error:
            message = str(error).replace(str(copy_dir), str(data_dir))
            raise DataError(f"not accepted, the curated data would not build: {message}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
