"""What an ingested text seems to add to the graph: proposals a curator accepts or rejects.

Each proposal is an entry in the curated YAML format (``id``, ``type``,
``label``, … and a ``description`` left as a TODO for the curator's own words)
plus a ``proposed`` marker: the rule that made it, a confidence (0–1; a fixed
prior per rule, raised when the evidence recurs) and the passages it came from.
Its ``key`` (kind and normalised name) is what a rejection remembers.

Rules (confidence prior):

``entity-link`` (0.9)
    an MDX ``<EntityLink>`` whose name matches no known entity.
``acronym-definition`` (0.8)
    "Long Name (LN)" or "LN (Long Name)" where the capitals spell the name.
``table-name`` (0.6)
    the first-column cell of a table, and each item of a comma list in a column
    whose header names a kind (Risk, Technique, Organization, …); the header picks the type.
``capitalised-term`` (0.3, +0.1 per further occurrence)
    a capitalised multi-word term ("Recursive Reward Modeling").
``distinct-word`` (0.4, +0.1 per further occurrence)
    a single word that reads as a name: capitals (``NIST``), inner capitals
    (``ChatGPT``, ``arXiv``) or a version (``GPT-4``).
``capitalised-word`` (0.3, +0.05 per occurrence)
    a capitalised word that recurs inside sentences ("Metaculus").
``list-item`` (0.3)
    a short item of a comma list in a table cell, or a bulleted item of at most 12 words.
``question`` (0.3)
    a question the text asks (after a "Topic:" lead-in, if any): an open question.
``enumeration`` (0.3)
    an item of an enumeration in prose ("three attacks: A, B, and C", "such as A, B or C").
``citation-author`` (0.6)
    a person named in a citation's author list.
``table-link`` (0.8)
    a table with a risk column and a technique column: each technique of a row addresses its risk.
``addressing-sentence`` (0.6)
    a sentence where a known technique and a known risk meet with a verb of
    addressing, mitigating, detecting or preventing.
``number`` (0.5)
    a number with its unit (``52%``, ``2.5x``, ``$100M+/year``, ``400 Elo``,
    ``59.4% → 88.9%``) and the entities named in the same sentence.
``citation:*`` (0.3–0.8)
    a publication the text cites, in any of the forms of :mod:`alignkg.ingest.citations`
    (cards, reference lists, footnotes, tables, links, inline author-year and venue citations…).

Nothing already known is proposed: an entity whose name matches a node, a link
already in the graph.

Example
-------
>>> from rdflib import Graph
>>> from alignkg.ingest.mentions import Matcher
>>> record = {"id": "doc-1", "title": "T", "path": "t.md", "passages": [{"position": 0, "kind": "text",
...     "heading": ["T"], "text": "Recursive Reward Modeling (RRM) gets 52% accuracy.",
...     "sentences": ["Recursive Reward Modeling (RRM) gets 52% accuracy."], "cells": [], "entity_links": [],
...     "urls": [], "citations": [], "mentions": []}]}
>>> [(p["entry"]["type"], p["entry"]["label"], p["proposed"]["rule"]) for p in propose(record, Graph(), Matcher(Graph()))]
[('Concept', 'Recursive Reward Modeling', 'acronym-definition'), ('Finding', '52% — T', 'number')]
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from typing import Any, Iterable

from rdflib import Graph

from alignkg.graph.convert import entity_types, slug
from alignkg.graph.schema import AKG, ID
from alignkg.ingest import citations
from alignkg.ingest.mentions import Matcher, normal, words
from alignkg.ingest.terms import ATTRIBUTE_HEADER, capitalise, find_terms, is_card, scan_texts
from alignkg.ingest.workspace import passage_iri

TODO = "TODO: describe in your own words (alignkg build refuses a TODO description)"
CONNECTORS = {"of", "and", "for", "the", "to", "in", "on", "via", "&", "de"}
#: Column headers that say what kind of thing a table's names are (checked as lowercase words).
HEADER_TYPES = [
    (("risk", "risks", "failure", "threat"), "Risk"),
    (("technique", "techniques", "approach", "approaches", "method", "methods", "defense", "defence", "mitigation"),
     "Technique"),
    (("organization", "organizations", "organisation", "lab", "labs", "company", "companies", "institution"),
     "Organization"),
    (("researcher", "researchers", "person", "people", "expert", "experts", "author", "authors"), "Person"),
    (("model", "models"), "AIModel"),
    (("benchmark", "benchmarks"), "Benchmark"),
    (("attack", "attacks"), "Attack"),
    (("paper", "papers", "publication", "publications", "title"), "Publication"),
]
FILE_FOR_TYPE = {
    "Risk": "risks.yaml", "Technique": "techniques.yaml", "Defense": "techniques.yaml",
    "Organization": "organizations.yaml", "Person": "people.yaml", "Publication": "publications.yaml",
    "Finding": "findings.yaml",
}
ADDRESSING = re.compile(
    r"\b(address(?:es|ed|ing)?|mitigat(?:e|es|ed|ing)|detect(?:s|ed|ing)?|prevent(?:s|ed|ing)?|"
    r"counter(?:s|ed|ing)?|reduc(?:e|es|ed|ing)|defend(?:s|ed)? against|guard(?:s|ed)? against|tackl(?:e|es|ed|ing)|"
    r"catch(?:es)?|expos(?:e|es|ed|ing)|constrain(?:s|ed)?)\b", re.I)
_NUMBER = r"[<>≈~]?\+?\d+(?:[.,]\d+)*"
_RANGE = rf"{_NUMBER}(?:\s?[-–]\s?\d+(?:[.,]\d+)*)?"
UNIT_WORDS = (r"years?|months?|weeks?|days?|hours?|points?|levels?|parameters?|tokens?|million|billion|trillion|"
              r"companies|labs|indicators|outputs/day|Elo|participants|researchers|tasks|models|experts|pp")
QUANTITY = re.compile(
    rf"(?:\$\s?{_RANGE}\s?(?:[KMBT]|million|billion|trillion)?\+?(?:/(?:year|yr|month))?"
    rf"|{_RANGE}\s?%\+?"
    rf"|{_NUMBER}\s?[x×](?![\w])"
    rf"|{_RANGE}\s?[KMB]\b\+?"
    rf"|{_RANGE}\s(?:{UNIT_WORDS})\b)")
ARROW = re.compile(rf"(?P<a>{QUANTITY.pattern})\s*(?:→|->|to)\s*(?P<b>{QUANTITY.pattern})")
FROM_TO = re.compile(rf"\bfrom\s+(?P<a>{QUANTITY.pattern})\s+to\s+(?P<b>{QUANTITY.pattern})")
#: A column of prose, whose comma lists are phrases, not names ("Notes: enables misinformation, poor decisions").
PROSE_HEADER = re.compile(r"\b(notes?|descriptions?|evidence|mechanisms?|comments?|details?|rationale|explanations?|"
                          r"context|why|how|summary|impacts?|implications?|limitations?|status|assessments?|"
                          r"findings?|concerns?|effects?|outcomes?)\b", re.IGNORECASE)
#: A cell saying that the row's factor lowers the page's risk ("Decreases risk", "Reduces it").
LOWERS_RISK = re.compile(r"(?:decreases?|reduces?|lowers?|mitigates?)(?: (?:the )?(?:risk|it|likelihood|severity))?",
                         re.IGNORECASE)
#: A label that opens with a hyphenated modifier ("London-based", "Government-funded") names no thing.
MODIFIER = re.compile(r"[A-Z][\w.]*-(?:based|led|driven|funded|backed|owned|focused|oriented|specific|wide|level|"
                      r"scale|style|like|related|sized|native|born|made|free)\b")
#: The wiki's ``entityType`` front matter → our class: a wiki page is about one thing, named by its title.
PAGE_TYPES = {"risk": "Risk", "approach": "Technique", "technique": "Technique", "response": "Technique",
              "organization": "Organization", "lab": "Organization", "person": "Person", "researcher": "Person",
              "policy": "Policy", "model": "AIModel", "benchmark": "Benchmark", "attack": "Attack", "concept": "Concept"}
#: A label made only of rating words is a table's value ("Very High", "Moderate-High"), not an entity.
RATING = re.compile(r"(?:(?:very|high|low|medium|moderate|critical|extreme|severe|minimal|none|partial|strong|weak|"
                    r"unknown|unclear|some|limited|significant|mixed|uncertain)[\s/-]*)+", re.IGNORECASE)
#: a heading over a table of the risks a page's technique addresses ("Risks Addressed", "Risks it mitigates")
ADDRESSED_HEADING = re.compile(r"\brisks?\b.*\b(?:address|mitigat|reduc|tackl|counter)|"
                               r"\b(?:address|mitigat|reduc|tackl|counter)\w*\b.*\brisks?\b", re.IGNORECASE)


def propose(record: dict[str, Any], knowledge: Graph, matcher: Matcher) -> list[dict[str, Any]]:
    """Every proposal the document's passages make, deduplicated by key, strongest evidence first."""
    known_links = {(str(s), str(o)) for s, o in knowledge.subject_objects(AKG.addresses)}
    found: dict[str, dict[str, Any]] = {}
    made = [
        *_page_subject(record, matcher),
        *_entity_links(record, matcher),
        *_acronyms(record, matcher),
        *_table_names(record, matcher),
        *_capitalised_terms(record, matcher),
        *_single_words(record, matcher),
        *_list_items(record, matcher),
        *_enumerations(record, matcher),
        *_questions(record, matcher),
        *_terms(record, matcher),
        *_authors(record, matcher),
        *_table_links(record, matcher, known_links),
        *_sentence_links(record, knowledge, known_links),
        *_numbers(record, matcher),
        *_citations(record, matcher),
    ]
    for proposal in made:
        if proposal["kind"] == "entity" and (RATING.fullmatch(proposal["entry"]["label"])
                                             or MODIFIER.match(proposal["entry"]["label"])):
            continue  # "Very High": a table's rating; "London-based AI": a modifier, not a name
        key = proposal["key"]
        if key in found:
            kept = found[key]["proposed"]
            kept["passages"] = sorted(set(kept["passages"]) | set(proposal["proposed"]["passages"]))
            kept["confidence"] = max(kept["confidence"], proposal["proposed"]["confidence"])
        else:
            found[key] = proposal
    alternatives = {f"entity:{entity_key(a)}" for p in found.values() if p["kind"] == "entity"
                    for a in p["entry"].get("alt", [])}
    return [p for key, p in found.items() if key not in alternatives]  # "RSA" alone when "… (RSA)" is proposed


def _proposal(kind: str, key: str, entry: dict[str, Any], rule: str, confidence: float,
              record: dict[str, Any], positions: Iterable[int]) -> dict[str, Any]:
    key = f"{kind}:{key}"
    entry = {**entry, "description": TODO}
    return {
        "id": "p-" + hashlib.sha1(key.encode()).hexdigest()[:8],
        "key": key,
        "kind": kind,
        "file": FILE_FOR_TYPE.get(entry.get("type", ""), "concepts.yaml"),
        "entry": entry,
        "proposed": {"rule": rule, "confidence": round(min(confidence, 0.95), 2), "document": record["path"],
                     "passages": sorted({str(passage_iri(record["id"], p)) for p in positions})},
    }


def entity_key(label: str) -> str:
    """The normalised name an entity proposal is known by."""
    return " ".join(normal(w) for w, _, _ in words(label))


def slugify(text: str, limit: int = 60) -> str:
    """``slugify("Recursive Reward Modeling (RRM)") == 'recursive-reward-modeling-rrm'``."""
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (value[:limit].rsplit("-", 1)[0] if len(value) > limit else value) or "item"


def _known(matcher: Matcher, name: str) -> bool:
    return bool(matcher.lookup(name))


def _entity(name: str, cls: str, rule: str, confidence: float, record: dict[str, Any], positions: Iterable[int],
            alt: list[str] | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": slugify(name), "type": cls, "label": name}
    if alt:
        entry["alt"] = alt
    return _proposal("entity", entity_key(name), entry, rule, confidence, record, positions)


def _page_subject(record: dict[str, Any], matcher: Matcher) -> Iterable[dict[str, Any]]:
    """The thing a wiki page is about: its title, typed by its ``entityType`` (:data:`PAGE_TYPES`), if new."""
    cls = PAGE_TYPES.get(str(record.get("front_matter", {}).get("entityType", "")).lower())
    title = record.get("title", "")
    if cls and title and record["passages"] and not _known(matcher, title):
        yield _entity(title, cls, "page-subject", 0.85, record, [record["passages"][0]["position"]])


def _entity_links(record: dict[str, Any], matcher: Matcher) -> Iterable[dict[str, Any]]:
    for passage in record["passages"]:
        slugs = {n[3:] for n in passage["entity_links"] if n.startswith("id:")}
        for name in passage["entity_links"]:
            if name.startswith("id:") or slugify(name) in slugs and str(ID[slugify(name)]) in matcher.labels:
                continue
            if not _known(matcher, name):
                yield _entity(name, "Concept", "entity-link", 0.9, record, [passage["position"]])


def _acronyms(record: dict[str, Any], matcher: Matcher) -> Iterable[dict[str, Any]]:
    long_short = re.compile(r"((?:[A-Z][\w'-]*\s+)(?:(?:of|and|for|the|to|from|on|in|[A-Z][\w'-]*)\s+){0,6}"
                            r"[A-Z]?[\w'-]+)\s+\(([A-Z][A-Za-z0-9&-]{1,9})\)")
    short_long = re.compile(r"\b([A-Z][A-Z0-9&-]{1,9})\s+\(([A-Z][\w'-]*(?:\s+[\w'-]+){1,7})\)")
    for passage in record["passages"]:
        for match in long_short.finditer(passage["text"]):
            name = _spelled(match.group(1), match.group(2))
            if name:
                yield from _defined(name, match.group(2), record, passage, matcher)
        for match in short_long.finditer(passage["text"]):
            name = _spelled(match.group(2), match.group(1))
            if name:
                yield from _defined(name, match.group(1), record, passage, matcher)


def _defined(name: str, acronym: str, record: dict[str, Any], passage: dict[str, Any],
             matcher: Matcher) -> Iterable[dict[str, Any]]:
    if not _known(matcher, name) and not _known(matcher, acronym):
        yield _entity(name, "Concept", "acronym-definition", 0.8, record, [passage["position"]], alt=[acronym])


def _spelled(phrase: str, acronym: str) -> str | None:
    """The tail of ``phrase`` whose initials spell ``acronym`` (connecting words may be skipped), else None."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    tokens = phrase.split()
    for start in range(len(tokens)):
        tail = tokens[start:]
        initials = [t[0].upper() for t in tail if t.lower() not in CONNECTORS]
        if initials == letters and tail[0].lower() not in CONNECTORS:
            return " ".join(tail)
        full = [t[0].upper() for t in tail]
        if full == letters:
            return " ".join(tail)
    return None


def _header_type(header: str) -> str | None:
    lowered = set(re.findall(r"[a-z]+", header.lower()))
    for names, cls in HEADER_TYPES:
        if lowered & set(names):
            return cls
    return None


def _names_in_cell(cell: str) -> list[str]:
    """The names of a list-like cell: comma/semicolon separated, each short and not a sentence; asides in brackets dropped."""
    parts = [p.strip(" .") for p in re.split(r",|;|\band\b", re.sub(r"\s*\([^)]*(?:\)|$)", "", cell))]
    return [p for p in parts if p and len(p.split()) <= 6 and not QUANTITY.fullmatch(p) and not p[0].isdigit()
            and not re.search(r"\bet al\b", p)]


def _table_names(record: dict[str, Any], matcher: Matcher) -> Iterable[dict[str, Any]]:
    for passage in record["passages"]:
        if passage["kind"] != "row" or not passage["cells"]:
            continue
        header, first = passage["cells"][0]
        first = re.sub(r"\s*\(.*?\)\s*$", "", first).strip()
        if (0 < len(first.split()) <= 6 and not first[0].isdigit() and not _known(matcher, first)
                and not ATTRIBUTE_HEADER.search(header) and not re.search(r"\bet al\b", first)):
            cls = _header_type(header)
            if cls != "Publication":
                yield _entity(first, cls or "Concept", "table-name", 0.6 if cls else 0.45, record, [passage["position"]])
        for column, cell in passage["cells"][1:]:
            cls = _header_type(column)
            if cls is None or cls == "Publication" or len(cell.split(",")) < 2 and len(cell.split()) > 4:
                continue
            for name in _names_in_cell(cell):
                if not _known(matcher, name) and not _lowercase_common(name):
                    yield _entity(capitalise(name), cls, "table-name", 0.5, record, [passage["position"]])


def _list_items(record: dict[str, Any], matcher: Matcher) -> Iterable[dict[str, Any]]:
    """Short items of comma lists in table cells (not in a column of prose: notes, evidence, …) and
    short bullet items: often names of techniques or areas."""
    for passage in record["passages"]:
        if passage["kind"] == "row":
            cells = [(h, c) for h, c in passage["cells"][1:] if c.count(",") >= 1 and not PROSE_HEADER.search(h)]
            items = [(n, _header_type(h) or "Concept") for h, c in cells for n in _names_in_cell(c) if len(n.split()) <= 4]
        elif passage["kind"] == "item":
            items = [(s.strip(" ."), "OpenQuestion" if s.endswith("?") else "Concept")
                     for s in passage["sentences"] if 1 < len(s.split()) <= 12 and ": " not in s]  # "X: …" is a lead-in
        else:
            continue
        for name, cls in items:
            if cls != "Publication" and not _known(matcher, name) and not _lowercase_common(name) \
                    and not re.search(r"\d", name):
                yield _entity(capitalise(name), cls, "list-item", 0.3, record, [passage["position"]])


_ITEM = r"[A-Za-z][\w'’/-]*(?: [A-Za-z][\w'’/-]*){0,3}"
ENUMERATION = re.compile(rf"(?:such as|including|e\.g\.,?|like|:)\s+({_ITEM}(?:,\s+{_ITEM})+,?\s+(?:and|or)\s+{_ITEM})")


def _enumerations(record: dict[str, Any], matcher: Matcher) -> Iterable[dict[str, Any]]:
    """Items of enumerations in prose ("three attacks: A, B, and C", "such as A, B or C"): often names."""
    for passage in record["passages"]:
        if passage["kind"] == "row":
            continue
        for sentence in passage["sentences"]:
            for match in ENUMERATION.finditer(sentence):
                for item in re.split(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+", match.group(1)):
                    item = item.strip(" .")
                    if item and not _known(matcher, item) and not _lowercase_common(item) and len(item.split()) <= 4:
                        yield _entity(capitalise(item), "Concept", "enumeration", 0.3, record, [passage["position"]])


def _questions(record: dict[str, Any], matcher: Matcher) -> Iterable[dict[str, Any]]:
    """Questions the text asks ("Timeline pressure: Can alignment research keep pace?"): open questions."""
    for passage in record["passages"]:
        if passage["kind"] == "row":
            continue
        for sentence in passage["sentences"]:
            question = sentence.rsplit(": ", 1)[-1].strip()
            if question.endswith("?") and 3 <= len(question.split()) <= 25 and not _known(matcher, question):
                yield _entity(question, "OpenQuestion", "question", 0.3, record, [passage["position"]])


def _lowercase_common(name: str) -> bool:
    return name.islower() and len(name.split()) == 1 and len(name) < 5


CAPITALISED = re.compile(r"(?<![\w.])(?:(?:[A-Z]\.){2,}|(?:[A-Z]\.)*[A-Z][\w'’-]*)"
                         r"(?:\s+(?:(?:of|and|for|the|on|in|to|via|&|a|an)\s+){0,2}"
                         r"(?:(?:[A-Z]\.){2,}(?=\s)|[A-Z]\.(?=\s)|(?:[A-Z]\.)*[A-Z][\w'’-]*|\d+(?:\.\d+)?\b))+")
#: Words of a person's role around an institution's name ("CEO of …", "… Executive Director").
TITLES = {"ceo", "cto", "director", "executive", "secretary", "president", "vice", "chair", "chairman", "head",
          "administrator", "founder", "co-founder", "member", "counsel", "general", "deputy", "acting", "assistant",
          "senior", "chief", "officer", "professor", "fellow", "senator", "governor", "minister", "ambassador",
          "former", "attorney", "spokesperson", "researcher", "lead", "phd", "dphil", "md"}
#: The last word of an institution's name ("Cyber Command", "Atlantic Council", "U.S. Senate").
INSTITUTIONS = {"center", "centre", "institute", "council", "committee", "command", "commission", "agency",
                "department", "office", "service", "foundation", "university", "laboratory", "laboratories", "lab",
                "labs", "society", "association", "trust", "senate", "congress", "parliament", "ministry", "bureau",
                "board", "authority", "corporation", "inc", "ltd", "group", "community", "alliance", "consortium",
                "coalition", "academy", "school", "college", "forum", "partnership", "court", "house", "administration"}


def _institution(name: str) -> bool:
    """``_institution("Department of Energy") is True``: an institution word ends the name or heads it ("X of …", "X for …")."""
    words = [w.lower().strip(",") for w in name.split()]
    return words[-1] in INSTITUTIONS or any(w in INSTITUTIONS and nxt in ("of", "for", "on") for w, nxt in zip(words, words[1:]))


def _names_in_term(term: str) -> list[str]:
    """The names a capitalised run holds: split at possessives and at a person's role words around an institution.

    >>> _names_in_term("Future of Life Institute's AI Safety Index")
    ['Future of Life Institute', 'AI Safety Index']
    >>> _names_in_term("CEO of Center for a New American Security"), _names_in_term("NSA Director of Cybersecurity")
    (['Center for a New American Security'], [])
    """
    names = []
    for part in re.split(r"['’]s\s+|['’]s$", term):
        segments: list[list[str]] = [[]]
        for word in part.split():
            if word.lower() in TITLES:
                segments.append([])
            elif segments[-1] or word.lower() not in CONNECTORS:
                segments[-1].append(word)
        segments = [s for s in segments if s]
        if len(segments) == 1 and len(segments[0]) == len(part.split()):
            names.append(part)  # no role words: the run as it is
        else:
            names += [" ".join(s) for s in segments if len(s) >= 2 and _institution(" ".join(s))]
    return [n.strip() for n in names if n.strip()]


AUTHOR_NEXT = re.compile(r"\s*(?:,|&|\band\b|et al\b|\((?:19|20)\d\d\))")


def _capitalised_terms(record: dict[str, Any], matcher: Matcher) -> Iterable[dict[str, Any]]:
    seen: dict[str, list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    for passage in record["passages"]:
        card = is_card(passage)
        for sentence in scan_texts(passage, cards=True):
            for match in CAPITALISED.finditer(sentence):
                if max(len(w) for w in match.group().split()) > 25:
                    continue  # words glued together ("Policygovernancecapabilities…")
                if card and not AUTHOR_NEXT.match(sentence, match.end()):
                    continue  # a card's titles are the citation rules' business; its author list names people
                for term in _names_in_term(match.group().strip()):
                    term = re.sub(r"^(?:The|A|An|This|These|Our|In|For|On|At|By|With|From|As)\s+", "", term)
                    term = re.sub(r"\s+(?:19|20)\d{2}$", "", term)  # "ACL Findings 2024": the year is not part of the name
                    named = [w for w in term.split() if not re.fullmatch(r"[\d.]+|(?:[A-Z]\.)+", w)]
                    if not named or len(term.split()) < 2 or len(term.split()) > 8 or term.split()[-1].lower() in CONNECTORS:
                        continue  # "P.L. 119" names nothing; a run of nine words or more is a title
                    key = entity_key(term)
                    seen[key].append(passage["position"])
                    names.setdefault(key, term)
    for key, positions in seen.items():
        if not _known(matcher, names[key]) and not matcher.find(names[key]):
            institution = _institution(names[key])
            yield _entity(names[key], "Organization" if institution else "Concept", "capitalised-term",
                          0.3 + 0.1 * (len(positions) - 1) + 0.1 * institution, record, positions)


def _terms(record: dict[str, Any], matcher: Matcher) -> Iterable[dict[str, Any]]:
    """Terms in the forms of :mod:`alignkg.ingest.terms` (defined, lead-in, quoted, numbered, …) that name nothing known."""
    for term in find_terms(record):
        if not _known(matcher, term.name):
            yield _entity(term.name, term.cls, term.rule, term.confidence, record, term.positions)


_FUNCTION = (r"with|whether|that|which|from|into|when|where|while|were|have|been|also|only|more|than|then|this|these|"
             r"those|such|them|they|their|said|says|shows|found|argues|notes|suggests|remains|could|would|should|will")
#: A single word that reads as a name: capitals (AGI, NIST), inner capitals (ChatGPT, arXiv), a version (GPT-4),
#: a hyphenated name (Mesa-Optimization), or a capitalised hyphenated modifier with its noun (Open-weight models).
DISTINCT = re.compile(r"(?<![\w-])(?:[A-Z]{3,}[a-z]?|[A-Za-z]*[a-z][A-Z][A-Za-z]*|[A-Z][A-Za-z]*-\d+(?:\.\d+)?[A-Za-z]?"
                      r"|[A-Z][A-Za-z]*-[A-Z][A-Za-z]*"
                      rf"|[A-Z][A-Za-z]*-[a-z]+(?:\s(?!(?:{_FUNCTION})\b)[a-z]{{4,}}(?=[\s,.;:)]))?)(?![\w-])")
CAPITALISED_WORD = re.compile(r"(?<![\w-])[A-Z][a-z]{3,}(?![\w-])")


def _single_words(record: dict[str, Any], matcher: Matcher) -> Iterable[dict[str, Any]]:
    """Single words that read as names: distinctive ones at once, capitalised ones not opening a sentence when they recur."""
    distinct: dict[str, list[int]] = defaultdict(list)
    capitalised: dict[str, list[int]] = defaultdict(list)
    in_terms: set[str] = set()  # words that are part of a capitalised multi-word term are not names alone
    for passage in record["passages"]:
        for text in scan_texts(passage, cards=True):
            for match in [] if is_card(passage) else DISTINCT.finditer(text):  # a card glues words: "arXivAI"
                distinct[match.group()].append(passage["position"])
            in_terms |= {w for m in CAPITALISED.finditer(text) if " " in m.group() for w in m.group().split()}
            for match in CAPITALISED_WORD.finditer(text):
                before = text[:match.start()].rstrip()
                if before and before[-1] not in ".:;!?(\"“—-":
                    capitalised[match.group()].append(passage["position"])
    for word, positions in distinct.items():
        if not _known(matcher, word) and word.lower() not in TITLES:  # "CEO" is a role
            yield _entity(word, "Concept", "distinct-word", 0.4 + 0.1 * (len(positions) - 1), record, positions)
    for word, positions in capitalised.items():
        if len(positions) >= 2 and word not in in_terms and not _known(matcher, word):
            yield _entity(word, "Concept", "capitalised-word", 0.3 + 0.05 * len(positions), record, positions)


PERSON = re.compile(r"^[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]*){1,3}$")


def _authors(record: dict[str, Any], matcher: Matcher) -> Iterable[dict[str, Any]]:
    """The people named in citations' author lists ("Ryan Greenblatt, Buck Shlegeris & Fabien Roger")."""
    for passage in record["passages"]:
        for text, url, _ in passage["citations"]:
            parsed = parse_citation(text, url)
            if not parsed or not parsed["authors"]:
                continue
            for name in re.split(r",\s*|\s+&\s+|\s+and\s+", re.sub(r"\s+et al\.?$", "", parsed["authors"])):
                name = name.strip()
                if PERSON.match(name) and not _known(matcher, name):
                    yield _entity(name, "Person", "citation-author", 0.6, record, [passage["position"]])


def _table_links(record: dict[str, Any], matcher: Matcher, known: set[tuple[str, str]]) -> Iterable[dict[str, Any]]:
    """Technique→risk links from table rows: a row that names both, or a row of a risks-addressed
    table on a page whose subject (its title) is a technique."""
    subject = _resolve(matcher, record.get("title", ""), ("Technique", "Defense"))
    risk_page = _resolve(matcher, record.get("title", ""), ("Risk",))
    for passage in record["passages"]:
        if passage["kind"] != "row" or len(passage["cells"]) < 2:
            continue
        risks = [c for h, c in passage["cells"] if _header_type(h) == "Risk"]
        techniques = [n for h, c in passage["cells"] if _header_type(h) == "Technique" for n in _names_in_cell(c)]
        if risks and not techniques and subject and any(ADDRESSED_HEADING.search(h) for h in passage["heading"]):
            techniques = [record["title"]]
        if not risks and risk_page and any(LOWERS_RISK.fullmatch(c.strip()) for _, c in passage["cells"][1:]):
            risks, techniques = [record["title"]], [passage["cells"][0][1]]  # "Activation steering | Decreases risk"
        if not risks or not techniques:
            continue
        risk = risks[0]
        for technique in techniques:
            risk_iri = _resolve(matcher, risk, ("Risk",))
            technique_iri = _resolve(matcher, technique, ("Technique", "Defense"))
            if risk_iri and technique_iri and (technique_iri, risk_iri) in known:
                continue
            risk_ref = slug(risk_iri) if risk_iri else slugify(risk)
            technique_ref = slug(technique_iri) if technique_iri else slugify(technique)
            entry = {"id": risk_ref, "type": "Risk", "label": risk,
                     "addressed_by": [{"technique": technique_ref, "as": technique}]}
            yield _proposal("link", f"{technique_ref} addresses {risk_ref}", entry, "table-link",
                            0.8 if risk_iri and technique_iri else 0.7, record, [passage["position"]])


def _resolve(matcher: Matcher, name: str, classes: tuple[str, ...]) -> str | None:
    """The one known entity of one of ``classes`` that ``name`` names in full, if any."""
    found = [e for e in matcher.lookup(name) if matcher.types.get(e) in classes]
    return found[0] if len(found) == 1 else None


def _sentence_links(record: dict[str, Any], knowledge: Graph, known: set[tuple[str, str]]) -> Iterable[dict[str, Any]]:
    types = entity_types(knowledge)
    risky = {str(n) for n, c in types.items() if c == "Risk"}
    technical = {str(n) for n, c in types.items() if c in ("Technique", "Defense")}
    for passage in record["passages"]:
        if passage["kind"] == "row":
            continue
        for sentence_start, sentence in _sentence_spans(passage):
            verb = ADDRESSING.search(sentence)
            if not verb:
                continue
            inside = [m for m in passage["mentions"]
                      if sentence_start <= m["start"] < sentence_start + len(sentence)]
            techniques = [m for m in inside if m["entity"] in technical and m["start"] - sentence_start < verb.start()]
            risks = [m for m in inside if m["entity"] in risky and m["start"] - sentence_start > verb.start()]
            for t in techniques[:1]:
                for r in risks:
                    if (t["entity"], r["entity"]) in known:
                        continue
                    entry = {"id": slug(r["entity"]), "type": "Risk", "label": r["surface"],
                             "addressed_by": [{"technique": slug(t["entity"]), "as": t["surface"]}]}
                    yield _proposal("link", f"{slug(t['entity'])} addresses {slug(r['entity'])}", entry,
                                    "addressing-sentence", 0.6, record, [passage["position"]])


def _sentence_spans(passage: dict[str, Any]) -> list[tuple[int, str]]:
    spans, at = [], 0
    for sentence in passage["sentences"]:
        start = passage["text"].find(sentence, at)
        start = at if start < 0 else start
        spans.append((start, sentence))
        at = start + len(sentence)
    return spans


def _numbers(record: dict[str, Any], matcher: Matcher) -> Iterable[dict[str, Any]]:
    for passage in record["passages"]:
        units = [(passage["text"], 0)] if passage["kind"] == "row" else [
            (s, start) for start, s in _sentence_spans(passage)]
        for text, start in units:
            about = [m for m in passage["mentions"] if start <= m["start"] < start + len(text)]
            names = list(dict.fromkeys(slug(m["entity"]) for m in about))
            subject = about[0]["surface"] if about else _subject(passage)
            pairs = [(m.group("a"), m.group("b"), m.span()) for m in [*ARROW.finditer(text), *FROM_TO.finditer(text)]]
            covered = [span for _, _, span in pairs]
            for baseline, value, _ in pairs:
                yield _finding(value.strip(), baseline.strip(), subject, names, record, passage)
            for match in QUANTITY.finditer(text):
                if any(a <= match.start() < b for a, b in covered):
                    continue
                yield _finding(match.group().strip(), "", subject, names, record, passage)


def _subject(passage: dict[str, Any]) -> str:
    if passage["kind"] == "row" and passage["cells"]:
        return passage["cells"][0][1]
    return passage["heading"][-1] if passage["heading"] else ""


def _finding(value: str, baseline: str, subject: str, about: list[str], record: dict[str, Any],
             passage: dict[str, Any]) -> dict[str, Any]:
    label = f"{value} — {subject}" if subject else value
    entry: dict[str, Any] = {"id": "f-" + slugify(f"{subject} {value}", 50), "type": "Finding", "label": label,
                             "value": value}
    if baseline:
        entry["baseline"] = baseline
        entry["label"] = f"{baseline} → {label}"
    if about:
        entry["about"] = about
    key = f"{value}|{baseline}|{entity_key(subject)}"
    return _proposal("finding", key, entry, "number", 0.5, record, [passage["position"]])


def _citations(record: dict[str, Any], matcher: Matcher) -> Iterable[dict[str, Any]]:
    """Publications the document cites (:mod:`alignkg.ingest.citations`), one proposal per work."""
    for reference, positions in citations.in_document(record["passages"]):
        yield _publication(reference, record, positions)


def parse_citation(text: str, url: str = "") -> dict[str, str] | None:
    """Authors, year, title and URL of a reference, as far as the text says them; None when it has no title.

    >>> parse_citation("Irving, G., Christiano, P. & Amodei, D. (2018). AI safety via debate. arXiv.")["title"]
    'AI safety via debate'
    >>> parse_citation("web: Transformer Circuits Anthropic's dictionary learning work")["year"]
    ''
    """
    reference = citations.parse(text, url)
    if reference is None:
        return None
    return {"title": reference.label, "authors": reference.authors, "year": reference.year, "url": reference.url}


def _publication(reference: citations.Reference, record: dict[str, Any], positions: list[int]) -> dict[str, Any]:
    first = citations.surname(reference.authors)
    entry: dict[str, Any] = {"id": slugify(f"{first} {reference.year} {reference.label}", 60),
                             "type": "Publication", "label": reference.label}
    if reference.alt:
        entry["alt"] = list(reference.alt)
    if reference.authors:
        entry["author_list"] = reference.authors
    if reference.year:
        entry["issued"] = int(reference.year)
    if reference.venue:
        entry["venue"] = reference.venue
    if reference.kind:
        entry["kind"] = reference.kind
    if reference.stars:
        entry["credibility"] = reference.stars
    if reference.url:
        entry["homepage"] = reference.url
    key = reference.url or entity_key(reference.label)
    proposal = _proposal("publication", key, entry, f"citation:{reference.rule}", reference.confidence, record, positions)
    if reference.note:
        proposal["proposed"]["note"] = reference.note
    return proposal
