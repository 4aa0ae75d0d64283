"""The forms a new entity's name takes in an article, besides capitalisation: candidate terms for proposals.

Articles rarely capitalise the terms they introduce. They define them ("X is a …"),
lead a paragraph or a list item with them ("X: …", the wiki's bold lead-ins),
put them in quotation marks, number them ("(1) X where …"), call them a kind of
approach ("X approaches such as …"), coin hyphenated nouns ("over-refusal"),
name institutions ("Center for …", "U.S. Senate") and list names in table columns.
Each function here finds one form in a document record's passages and returns
:class:`Term` candidates with the rule's confidence prior;
:func:`alignkg.ingest.proposals.propose` drops the names the graph already knows.

Rules (confidence prior):

``lead-term`` (0.45; 0.35 for one word)
    the words before a colon that opens a paragraph or a list item, 1–6 words,
    a trailing "(date)" dropped; lead-ins that only frame the text ("Implications:",
    "Stated mandate:") are not names.
``defined-term`` (0.5)
    "X is a/an …", "X refers to …", "X, also known as …" at the start of a sentence.
``quoted-term`` (0.4, +0.1 per further occurrence)
    a phrase of 1–4 words in quotation marks, a leading article dropped.
``numbered-term`` (0.4)
    the heads of a numbered enumeration in prose: "(1) Direct assistance where …, (2) …".
``kind-term`` (0.4)
    a two-word phrase named as a kind of approach, followed by examples:
    "continual learning approaches (e.g. …)", "prosaic alignment techniques such as …".
``hyphen-term`` (0.3, +0.1 per further occurrence)
    a lowercase hyphenated noun ("over-refusal") used as a noun, that recurs or is
    explained in brackets right after it.
``table-cell`` (0.35)
    a short cell (2–4 words) of a table column whose values do not repeat (a column
    of ratings such as High/Medium repeats), not a rating itself.

Example
-------
>>> record = {"passages": [{"position": 0, "kind": "text", "cells": [], "sentences": [
...     "Reward tampering: a model may edit its own reward.", "Some call this \\"wireheading\\"."]}]}
>>> [(t.name, t.rule) for t in find_terms(record)]
[('Reward tampering', 'lead-term'), ('Wireheading', 'quoted-term')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from alignkg.ingest.mentions import TITLE_COLUMN

CARD_LEAD = "Cited: "
#: Where a rendered card glues two parts: "…Oversight|Geoffrey", "arXiv|AI Alignment" (but not "ar|Xiv").
CARD_GLUE = re.compile(r"(?<=[a-z0-9)?.])(?<!\bar)(?=[A-Z][a-z])|(?<=[A-Z]{2})(?=[A-Z][a-z])|(?<=arXiv)(?=[A-Z])")

#: Words that open a sentence or a phrase without being part of a name.
ARTICLES = ("a", "an", "the")
#: Lead-ins that frame a paragraph rather than name a thing ("Implications:", "Stated mandate:").
FRAMING = {
    "implication", "implications", "context", "perspective", "perspectives", "development", "developments",
    "challenge", "challenges", "mandate", "note", "notes", "summary", "example", "examples", "overview",
    "background", "conclusion", "conclusions", "finding", "findings", "result", "results", "limitation",
    "limitations", "update", "updates", "status", "question", "questions", "answer", "source", "sources",
    "caveat", "caveats", "takeaway", "takeaways", "key", "progress", "evidence", "assessment",
    "recommendation", "recommendations", "warning", "tip", "important", "see", "also", "definition",
    "approach", "method", "methods", "problem", "problems", "issue", "issues", "concern", "concerns",
    "goal", "goals", "aim", "aims", "purpose", "rationale", "idea", "point", "scope", "motivation",
}
#: Words that open a lead-in counting what follows ("Three routes recur:"), or pointing elsewhere ("See also:").
NUMBERS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "many", "some", "both",
           "see", "note"}
#: Verbs that end a lead-in to a list or a quotation ("Membership includes: …").
REPORTING = {"includes", "include", "including", "says", "said", "notes", "noted", "shows", "argues", "states",
             "stated", "suggests", "means", "explains", "adds", "reports", "reported", "finds", "found", "are", "is",
             "were", "was", "follows", "follow", "writes", "wrote", "concludes", "concluded"}
#: Words that qualify a kind of approach without naming one ("current approaches", "other methods").
GENERIC = {
    "current", "existing", "recent", "new", "other", "many", "most", "some", "these", "those", "such", "several",
    "various", "different", "similar", "standard", "traditional", "more", "better", "known", "key", "main",
    "early", "earlier", "later", "further", "naive", "simple", "novel", "proposed", "previous", "all", "any",
    "both", "each", "few", "certain", "common", "popular", "modern", "alignment", "safety", "their", "its",
    "our", "your", "this", "that", "the", "a", "an", "no", "two", "three", "additional", "alternative",
}
KINDS = r"approach(?:es)?|techniques?|methods?|algorithms?|protocols?|paradigms?|frameworks?|strateg(?:y|ies)"
EXAMPLES = r"\s*(?:\(\s*(?:e\.g\.|i\.e\.|such as|like|including)|,?\s+(?:such as|like|including)\b)"
#: Small words a cell of names may hold between capitalised ones ("Center for …", "Zou et al.").
NAME_GLUE_WORDS = {"of", "and", "for", "the", "on", "in", "&", "et", "al.", "al"}
#: Rating words: a table cell made of them is a level, not a name.
LEVELS = {
    "very", "low", "high", "medium", "moderate", "minimal", "critical", "severe", "unknown", "none", "yes", "no",
    "limited", "partial", "full", "strong", "weak", "early", "late", "ongoing", "immediate", "rapid", "fast",
    "slow", "n/a", "tbd", "mixed", "divided", "growing", "developing", "deployed", "research",
}
#: Small words a hyphenated noun may not be built from ("well-known", "so-called").
HYPHEN_ADJECTIVE = re.compile(
    r"-(?:based|level|like|related|driven|focused|specific|sensitive|dependent|aware|free|wide|scale|term|time|"
    r"stakes|source|box|weight|known|called|making|world|end|pressured|triggered|designed|evaluable|pleasing|"
    r"functional|relevant|conscious|affiliated|sourced|consuming|intensive|oriented|friendly|ready|proof)s?$")
PREPOSITIONS = {"of", "on", "in", "for", "to", "with", "by", "at", "from", "via", "and", "or", "is", "are", "was",
                "were", "can", "may", "remains", "occurs", "happens", "rates", "as", "than", "through", "into", "over",
                "under", "across", "against", "about", "between", "without", "within", "beyond", "toward", "towards",
                "per", "like", "such"}


@dataclass(frozen=True)
class Term:
    """A candidate name found in a document: ``positions`` are the passages it came from."""

    name: str
    cls: str
    rule: str
    confidence: float
    positions: tuple[int, ...]


def find_terms(record: dict[str, Any]) -> list[Term]:
    """Every candidate term of the document's passages, by rule (a name may come from several rules)."""
    return [*lead_terms(record), *defined_terms(record), *quoted_terms(record), *numbered_terms(record),
            *kind_terms(record), *hyphen_terms(record), *table_cells(record)]


#: a first-column header whose rows are attributes or studies, not things ("Dimension | Assessment", "Metric | Value")
ATTRIBUTE_HEADER = re.compile(r"\b(dimension|metric|measure|aspect|factor|criteri(on|a)|parameter|property|attribute|"
                              r"feature|step|stage|phase|study|finding|question|strength|weakness|limitation|"
                              r"assumption|year|date|period|scenario|capability level|indicator)s?\b", re.IGNORECASE)

def scan_texts(passage: dict[str, Any], cards: bool = False) -> list[str]:
    """The texts of a passage to look for names in: a row's cells, else its sentences.

    A rendered citation card kept as a ``Cited:`` passage glues venue, title, authors, tags
    and summary together ("arXivKenton et al. (2021)Stephanie Lin, …"): with ``cards`` it is
    cut where a capitalised word is glued to the one before it, else it is left out.

    >>> scan_texts({"kind": "text", "text": "Cited: paper: arXivAI SafetyJane Doe (2020)tags"}, cards=True)
    ['paper: arXiv', 'AI Safety', 'Jane Doe (2020)tags']
    """
    if passage["kind"] == "row":
        cells = passage["cells"]
        if cells and ATTRIBUTE_HEADER.search(cells[0][0]):
            cells = cells[1:]  # "Metric | Value": the first cell names an attribute, not a thing
        return [cell for _, cell in cells]
    if is_card(passage):
        return [p for p in CARD_GLUE.split(passage["text"][len(CARD_LEAD):]) if p.strip()] if cards else []
    return passage["sentences"]


def is_card(passage: dict[str, Any]) -> bool:
    """Whether the passage is a rendered citation card's text (see :mod:`alignkg.ingest.reader`)."""
    return passage.get("text", "").startswith(CARD_LEAD)


def capitalise(name: str) -> str:
    """``capitalise("over-refusal") == 'Over-refusal'``; a name that has capitals is kept as it is."""
    return name[0].upper() + name[1:] if name[:1].islower() else name


def _name_like(phrase: str, max_words: int = 6) -> bool:
    """A short phrase without sentence punctuation, digits only inside words (``GPT-4``), not a level."""
    words = phrase.split()
    if not 0 < len(words) <= max_words or re.search(r"[.!?;\"“”]|^\d|\s\d", phrase):
        return False
    return not {w.lower().strip(",") for w in words} <= LEVELS


LEAD = re.compile(r"^(?P<name>[A-Z][\w'’/&+-]*(?:\s+[\w'’/&+-]+){0,5}?)\s*(?:\([^)]{1,40}\))?:\s+\S")


def lead_terms(record: dict[str, Any]) -> list[Term]:
    """"Term: explanation" opening a paragraph or list item (rendered from the wiki's ``**Term**:`` lead-ins)."""
    found = []
    for passage in record["passages"]:
        if passage["kind"] not in ("text", "item"):
            continue
        for sentence in scan_texts(passage):
            match = LEAD.match(sentence)
            if not match:
                continue
            name = match.group("name").strip()
            words = name.split()
            if not _name_like(name) or words[-1].lower() in FRAMING | REPORTING or words[0].lower() in PRONOUNS | NUMBERS:
                continue
            found.append(Term(name, "Concept", "lead-term", 0.45 if len(words) > 1 else 0.35, (passage["position"],)))
    return found


DEFINED = re.compile(r"^(?P<name>[A-Z][\w'’&+-]*(?:\s+[\w'’&+-]+){0,4}?)"
                     r"(?:\s+is\s+(?:an?|the\s+name\s+(?:of|for))\s|\s+refers\s+to\s|,\s+(?:also\s+)?known\s+as\s)")
PRONOUNS = {"this", "that", "it", "there", "these", "those", "which", "what", "he", "she", "they", "we", "one",
            "each", "here", "such", "another", "the", "a", "an", "our", "its", "their"}


def defined_terms(record: dict[str, Any]) -> list[Term]:
    """"Metaculus is an online forecasting platform": the subject of a defining sentence."""
    found = []
    for passage in record["passages"]:
        for sentence in scan_texts(passage):
            match = DEFINED.match(sentence.lstrip("“\"'"))
            if match and match.group("name").split()[0].lower() not in PRONOUNS and _name_like(match.group("name"), 5):
                found.append(Term(match.group("name"), "Concept", "defined-term", 0.5, (passage["position"],)))
    return found


QUOTED = re.compile(r"[\"“](?P<name>[A-Za-z][\w'’-]*(?:\s+[\w'’-]+){0,4})[\"”]")


def quoted_terms(record: dict[str, Any]) -> list[Term]:
    """Phrases of 1–4 words in quotation marks ("alignment faking", "a race to the top"): terms the text introduces."""
    seen: dict[str, list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    for passage in record["passages"]:
        for sentence in scan_texts(passage):
            for match in QUOTED.finditer(sentence):
                words = match.group("name").split()
                if words[0].lower() in ARTICLES and len(words) > 1:
                    words = words[1:]
                name = " ".join(words)
                if len(words) > 4 or not _name_like(name, 4) or words[-1].lower() in PREPOSITIONS:
                    continue
                seen[name.lower()].append(passage["position"])
                names.setdefault(name.lower(), name)
    return [Term(capitalise(names[k]), "Concept", "quoted-term", 0.4 + 0.1 * (len(p) - 1), tuple(p))
            for k, p in seen.items()]


NUMBERED = re.compile(r"\((?P<n>\d)\)\s+(?P<name>[A-Za-z][\w'’-]*(?:\s+[\w'’-]+){0,4}?)"
                      r"(?=\s+(?:where|which|that|in\s+which|whereby|when|to|for|–|—)\b|\s*[,;:–—]|\s+\(\d\))")


def numbered_terms(record: dict[str, Any]) -> list[Term]:
    """The heads of a numbered enumeration in prose ("(1) Direct assistance where …, (2) Recursive decomposition …")."""
    found = []
    for passage in record["passages"]:
        for sentence in scan_texts(passage):
            items = list(NUMBERED.finditer(sentence))
            if len(items) < 2:  # one "(1)" is a reference or an aside, not an enumeration
                continue
            for match in items:
                name = match.group("name")
                words = name.split()
                if words[0].lower() in ARTICLES and len(words) > 1:
                    name = " ".join(words[1:])
                if _name_like(name, 5) and len(name.split()) >= 2 and name.split()[0].lower() not in GENERIC:
                    found.append(Term(capitalise(name), "Concept", "numbered-term", 0.4, (passage["position"],)))
    return found


KIND = re.compile(rf"(?<![\w-])(?P<name>[A-Za-z][\w-]+\s+[a-z][\w-]+)\s+(?:{KINDS}){EXAMPLES}")


def kind_terms(record: dict[str, Any]) -> list[Term]:
    """"continual learning approaches (e.g. …)", "prosaic alignment techniques such as …": the named kind."""
    found = []
    for passage in record["passages"]:
        for sentence in scan_texts(passage):
            for match in KIND.finditer(sentence):
                first, second = match.group("name").split()
                if first.lower() in GENERIC | PREPOSITIONS or second.lower() in PREPOSITIONS | set(ARTICLES):
                    continue
                found.append(Term(capitalise(match.group("name")), "Concept", "kind-term", 0.4, (passage["position"],)))
    return found


HYPHENATED = re.compile(r"(?<![\w-])(?P<word>[A-Za-z][a-z]*(?:-[a-z]+)+)(?![\w-])(?P<after>\s*\S*)")


def hyphen_terms(record: dict[str, Any]) -> list[Term]:
    """Lowercase hyphenated nouns ("over-refusal", "red-teaming") used as nouns: recurring, or explained in brackets."""
    seen: dict[str, list[int]] = defaultdict(list)
    glossed: set[str] = set()
    for passage in record["passages"]:
        for text in scan_texts(passage):
            for match in HYPHENATED.finditer(text):
                word, after = match.group("word"), match.group("after").strip()
                if HYPHEN_ADJECTIVE.search(word) or re.match(r"[a-z]", after) and after.lower() not in PREPOSITIONS:
                    continue  # "white-box access": an adjective before its noun
                key = re.sub(r"(?<=[a-z]{3})s$", "", word.lower())
                seen[key].append(passage["position"])
                if re.match(r"\((?![\d$])", after):
                    glossed.add(key)
    return [Term(capitalise(word), "Concept", "hyphen-term", 0.3 + 0.1 * (len(p) - 1), tuple(p))
            for word, p in seen.items() if len(p) >= 2 or word in glossed]


def _names_cell(cell: str) -> bool:
    """A cell of names: every comma-separated part a capitalised name ("Redwood Research", "ARC, METR")."""
    parts = [p.strip() for p in re.split(r"[,;]", re.sub(r"\([^)]*\)", "", cell)) if p.strip()]
    words = [w for p in parts for w in p.split()]
    return bool(parts) and all(w[0].isupper() or w in NAME_GLUE_WORDS for w in words) \
        and any(len(w.strip("+-")) > 2 and w.lower() not in LEVELS for w in words)


def table_cells(record: dict[str, Any]) -> list[Term]:
    """Short cells (2–4 words) in a column of names ("Redwood Research", "ARC, METR", "Academic labs").

    A column is one of names when most of its cells are capitalised names and no value
    repeats (a column of ratings such as High/Medium repeats).
    """
    columns: dict[tuple[tuple[str, ...], str], list[tuple[str, int]]] = defaultdict(list)
    for passage in record["passages"]:
        if passage["kind"] != "row" or not passage["cells"]:
            continue
        headers = tuple(h for h, _ in passage["cells"])
        for header, cell in passage["cells"][1:]:
            columns[(tuple(passage["heading"]) + headers, header)].append((cell.strip(), passage["position"]))
    found = []
    for (_, header), cells in columns.items():
        values = [c.lower() for c, _ in cells if c]
        names = sum(_names_cell(c) for c, _ in cells)
        if len(values) < 3 or len(set(values)) < len(values) or names * 2 < len(cells) or TITLE_COLUMN.search(header):
            continue
        for cell, position in cells:
            if 2 <= len(cell.split()) <= 4 and "," not in cell and _name_like(cell, 4) and not re.search(r"\d", cell):
                found.append(Term(capitalise(cell), "Concept", "table-cell", 0.35, (position,)))
    return found
