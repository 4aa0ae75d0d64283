"""Score an ingest run against the curated graph, which is the gold standard for the source article.

Used by ``benchmarks/ingest_seed.py`` (prints the figures and the misses) and by
``tests/test_ingest_seed.py`` (asserts the thresholds). Matching rules:

entities
    gold: every curated entity that can be mentioned (not vocabulary, sections,
    findings, assessments, mappings, taxonomy concepts; publications are scored
    apart) whose label or an alternative name occurs in the text as whole words,
    case ignored. A proposal recalls it when its label or alt has the same
    normalised words (plural and case ignored, a leading article dropped: the
    curated "a race to the top" is the proposed "Race to the top") as the
    entity's label or an alt.
findings
    gold: curated findings whose value holds a digit (the number rule cannot
    find "Divided" or "continues to widen"; those are counted and reported
    apart). A finding proposal recalls one when their values hold the same
    numbers and one value contains the other ("29-41%" in "29-41% improvement").
publications
    gold: every curated publication an article section cites. A publication
    proposal names one when its title (or an alt) and the label (or an alt)
    have the same normalised words, or one contains the other and the shorter
    has at least three words, or the shorter's content words (three or more;
    "study", "report", "of"… left out) are all among the longer's, or the first
    author's surname and the year agree. Each proposal counts for at most one
    publication (a largest one-to-one matching): accepting a proposal makes one
    curated entry.
links
    gold: the technique→risk links of the article's "Risks Addressed" table
    (each curated ``addressed_by`` of a risk named in the table's first column). Recalled by a link proposal whose risk names the
    risk and whose technique wording names the technique (label, alt or the
    article's wording).

Example
-------
>>> numbers("29-41% improvement"), numbers("≈1,000 parameters")
(['29', '41'], ['1000'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from rdflib.namespace import DCTERMS
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from alignkg.graph.convert import entity_types, slug
from alignkg.graph.schema import AKG
from alignkg.ingest.mentions import NOT_MENTIONED
from alignkg.ingest.proposals import entity_key


@dataclass
class Score:
    """Recall of one kind: ``found`` of ``total``, and the misses by name."""

    name: str
    found: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def value(self) -> float:
        return self.found / self.total if self.total else 0.0

    def line(self) -> str:
        return f"{self.name:<34} {self.value:6.3f}  ({self.found}/{self.total})"


def numbers(value: str) -> list[str]:
    """The numbers of a value, thousands separators dropped."""
    return [n.replace(",", "") for n in re.findall(r"\d+(?:[.,]\d+)*", value)]


def names(graph: Graph, node: URIRef) -> list[str]:
    return [str(n) for n in [graph.value(node, RDFS.label), *graph.objects(node, SKOS.altLabel)] if n is not None]


def occurs(name: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I) is not None


def gold_entities(graph: Graph, text: str) -> dict[str, list[str]]:
    """Curated entities (IRI → names) named in ``text`` by their label or an alternative name."""
    gold = {}
    for node, cls in entity_types(graph).items():
        if cls in NOT_MENTIONED or cls == "Publication":
            continue
        found = [n for n in names(graph, node) if occurs(n, text)]
        if found:
            gold[str(node)] = names(graph, node)
    return gold


def entity_recall(proposals: list[dict[str, Any]], gold: dict[str, list[str]]) -> Score:
    keys = set()
    for p in proposals:
        if p["kind"] == "entity":
            keys |= {name_key(n) for n in [p["entry"]["label"], *p["entry"].get("alt", [])]}
    return _score("entities (proposals)", gold, lambda node, names_: any(name_key(n) in keys for n in names_))


def name_key(name: str) -> str:
    """A name's words for comparison: normalised, a leading article dropped ("a race to the top" is "race to the top").

    >>> name_key("A Race to the Tops") == name_key("race to the top")
    True
    """
    key = entity_key(name)
    head, _, rest = key.partition(" ")
    return rest if head in ("a", "an", "the") and rest else key


def mention_recall(mentioned: set[str], gold: dict[str, list[str]]) -> Score:
    return _score("entities (mentions)", gold, lambda node, _: node in mentioned)


def _score(name: str, gold: dict[str, list[str]], hit: Any) -> Score:
    score = Score(name, total=len(gold))
    for node, node_names in sorted(gold.items()):
        if hit(node, node_names):
            score.found += 1
        else:
            score.misses.append(f"{slug(node)} ({node_names[0]})")
    return score


def finding_recall(proposals: list[dict[str, Any]], graph: Graph) -> tuple[Score, int]:
    """Recall of numeric finding values, and how many curated findings have no number."""
    values = [str(p["entry"].get("value", "")) for p in proposals if p["kind"] == "finding"]
    values += [str(p["entry"].get("baseline", "")) for p in proposals if p["kind"] == "finding" and p["entry"].get("baseline")]
    score = Score("finding values (numeric)")
    qualitative = 0
    for node in sorted(graph.subjects(AKG.value, None)):
        gold = str(graph.value(node, AKG.value))
        if not re.search(r"\d", gold):
            qualitative += 1
            continue
        score.total += 1
        wanted = numbers(gold)
        plain = gold.replace(" ", "")
        if any(numbers(v) == wanted and (v.replace(" ", "") in plain or plain in v.replace(" ", "")) for v in values):
            score.found += 1
        else:
            score.misses.append(f"{slug(node)}: {gold}")
    return score, qualitative


def publication_recall(proposals: list[dict[str, Any]], graph: Graph) -> Score:
    """Recall of the publications the article cites; each proposal stands for at most one of them."""
    found = [p["entry"] for p in proposals if p["kind"] == "publication"]
    score = Score("publications")
    gold = []
    for node in sorted(graph.subjects(RDF.type, AKG.Publication)):
        if not any((source, RDF.type, AKG.SourceSection) in graph for source in graph.objects(node, DCTERMS.source)):
            continue  # not cited by an article section (a taxonomy's own reference): not in the text to find
        gold.append(node)
    candidates = {node: [i for i, entry in enumerate(found) if _same_publication(graph, node, entry)] for node in gold}
    matched = _assign(candidates)
    score.total = len(gold)
    score.found = len(matched)
    score.misses = [f"{slug(node)} ({names(graph, node)[0]})" for node in gold if node not in matched]
    return score


AKG_ISSUED = URIRef("http://purl.org/dc/terms/issued")


def _same_publication(graph: Graph, node: URIRef, entry: dict[str, Any]) -> bool:
    """Whether a publication proposal names the curated publication ``node`` (see the module's rules)."""
    labels = [entity_key(n) for n in names(graph, node)]
    titles = [entity_key(t) for t in [entry["label"], *entry.get("alt", [])]]
    if any(_title_match(title, labels) for title in titles):
        return True
    surname = _surname(str(graph.value(node, AKG.authorList) or ""))
    year = str(graph.value(node, AKG_ISSUED) or "")[:4]
    return bool(surname and year and str(entry.get("issued", "")) == year
                and _surname(entry.get("author_list", "")) == surname)


def _assign(candidates: dict[Any, list[int]]) -> dict[Any, int]:
    """A largest one-to-one matching of gold items to proposals (augmenting paths; the lists are short)."""
    owner: dict[int, Any] = {}

    def claim(node: Any, seen: set[int]) -> bool:
        for index in candidates[node]:
            if index in seen:
                continue
            seen.add(index)
            if index not in owner or claim(owner[index], seen):
                owner[index] = node
                return True
        return False

    for node in candidates:
        claim(node, set())
    return {node: index for index, node in owner.items()}


def _surname(authors: str) -> str:
    """The first author's surname; none for a list that names nobody ("Multiple authors")."""
    first = re.split(r",|&|\band\b|\bet al\b", authors)[0].strip()
    name = first.split()[-1].lower() if first.split() else ""
    return "" if name in NOBODY else name


NOBODY = {"authors", "author", "various", "others", "anonymous", "unknown"}


#: Words that say what kind of work a title names, not which: "X study", "report on Y".
FILLER = {"a", "an", "the", "of", "on", "in", "for", "and", "to", "s", "study", "report", "paper", "work", "research"}


def _title_match(title: str, labels: Iterable[str]) -> bool:
    """Same words; or one title inside the other (at least three words); or all the shorter's content
    words among the longer's (at least three), so word order and filler ("study") do not matter."""
    for label in labels:
        if not title or not label:
            continue
        if title == label:
            return True
        shorter, longer = sorted((title, label), key=len)
        if len(shorter.split()) >= 3 and f" {shorter} " in f" {longer} ":
            return True
        content = set(shorter.split()) - FILLER
        if len(content) >= 3 and content <= set(longer.split()):
            return True
    return False


def table_risks(text: str, heading: str = "Risks Addressed") -> set[str]:
    """The first-column names of the table under ``heading`` in the article's plain text."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == heading)
    names = set()
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cell = line.strip("|").split("|")[0].strip()
        if cell and not set(cell) <= set("-: "):
            names.add(entity_key(cell))
    return names


def link_recall(proposals: list[dict[str, Any]], graph: Graph, risks_in_table: set[str]) -> Score:
    """Recall of the Risks Addressed table's technique→risk links among link proposals."""
    links = [(entity_key(p["entry"]["label"]), entity_key(p["entry"]["addressed_by"][0]["as"]))
             for p in proposals if p["kind"] == "link"]
    score = Score("Risks Addressed links")
    for mitigation in sorted(graph.subjects(RDF.type, AKG.Mitigation)):
        risk = graph.value(mitigation, AKG.risk)
        if not ({entity_key(n) for n in names(graph, risk)} & risks_in_table):
            continue
        technique = graph.value(mitigation, AKG.technique)
        wording = graph.value(mitigation, AKG.articleWording)
        risk_keys = {entity_key(n) for n in names(graph, risk)}
        technique_keys = {entity_key(n) for n in names(graph, technique)} | ({entity_key(str(wording))} if wording else set())
        score.total += 1
        if any(r in risk_keys and t in technique_keys for r, t in links):
            score.found += 1
        else:
            score.misses.append(f"{slug(technique)} → {slug(risk)} ({wording or ''})")
    return score
