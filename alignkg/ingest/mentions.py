"""Find the known entities a passage names: labels and alternative names, longest match first.

Names are matched word by word, case-insensitively, with plural and possessive
endings tolerated ("reward models" names "Reward Model"). An acronym (a name in
capitals such as ``RLHF`` or ``METR``) must appear in capitals, and only counts
when it names one entity; so must any word of a name written with capitals inside
it (``QuALITY``, ``SaferAI``, the ``AI`` of "AI Control"): the benchmark QuALITY is
not the word "quality". A publication's name often holds its authors' or
publisher's ("SIPRI (2025)", "AI Impacts 2024 survey"): the people and
organisations named inside it are mentioned too. A name shared by several entities is decided by the
passage's embedding against the candidates' (when a ``chooser`` is given), and
is left out when it cannot be decided: a wrong mention is worse than a missing
one. Vocabulary levels, source sections, findings, assessments, mappings and
ingested nodes are not mention targets.

Example
-------
>>> from rdflib import Graph, Literal, URIRef
>>> from rdflib.namespace import RDF, RDFS, SKOS
>>> from alignkg.graph.schema import AKG, ID
>>> g = Graph()
>>> for slug, cls, label, alt in [("rlhf", "Technique", "RLHF", "Reinforcement Learning from Human Feedback"),
...                               ("reward-model", "Concept", "Reward Model", None)]:
...     _ = g.add((ID[slug], RDF.type, AKG[cls])); _ = g.add((ID[slug], RDFS.label, Literal(label)))
...     _ = alt and g.add((ID[slug], SKOS.altLabel, Literal(alt)))
>>> [(m.slug, m.surface) for m in Matcher(g).find("Rlhf is not RLHF; reinforcement learning from human feedback trains reward models.")]
[('rlhf', 'RLHF'), ('rlhf', 'reinforcement learning from human feedback'), ('reward-model', 'reward models')]
>>> _ = g.add((ID["quality-qa"], RDF.type, AKG.Benchmark)); _ = g.add((ID["quality-qa"], RDFS.label, Literal("QuALITY")))
>>> [(m.slug, m.surface) for m in Matcher(g).find("Judgment quality rose on QuALITY.")]
[('quality-qa', 'QuALITY')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from alignkg.graph.convert import entity_types, slug
from alignkg.graph.schema import VOCABULARY_TYPES

#: Classes whose nodes are never mention targets.
NOT_MENTIONED = frozenset({
    *VOCABULARY_TYPES, "SourceSection", "Mitigation", "Mapping", "Finding", "Assessment", "Layer",
    "TaxonomyScheme", "TaxonomyConcept", "Document", "Section", "Passage",
})
WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’.][A-Za-z0-9]+)*")
#: What a publication's name may hold besides its title: who wrote or published it.
INSIDE_TITLES = ("Person", "Organization")
#: Table columns of titles: a name in them is the work's, not the technique's ("Key Papers: Weak-to-Strong Generalization").
TITLE_COLUMN = re.compile(r"\b(?:title|paper|publication)s?\b", re.I)
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]*[A-Z0-9]$")
#: Chooses among several candidate IRIs for one passage text; returns one, or None when unsure.
Chooser = Callable[[str, list[str]], "str | None"]


@dataclass(frozen=True)
class Mention:
    """``entity`` (IRI) named in a text at ``start`` by ``surface``; ``rule`` says how it was decided."""

    entity: str
    start: int
    surface: str
    rule: str = "name"

    @property
    def slug(self) -> str:
        return slug(self.entity)

    def to_dict(self) -> dict[str, object]:
        return {"entity": self.entity, "start": self.start, "surface": self.surface, "rule": self.rule}


def normal(word: str) -> str:
    """A word's matching key: lower case, without a possessive or a plural ``s``.

    >>> [normal(w) for w in ["Models", "model's", "policies", "class", "GPT-4s", "analysis"]]
    ['model', 'model', 'policy', 'class', 'gpt-4', 'analysis']
    """
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


def words(text: str) -> list[tuple[str, int, int]]:
    """``(word, start, end)`` for each word of ``text`` (hyphenated words stay whole; a final period is not part of it)."""
    out = []
    for match in WORD.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        out.append((word, start, end))
    return out


class Matcher:
    """The names of a graph's entities, ready to find in texts."""

    def __init__(self, graph: Graph, chooser: Chooser | None = None) -> None:
        self.chooser = chooser
        self.keys: dict[tuple[str, ...], set[str]] = defaultdict(set)
        # per key and entity, the case each word must have (None: any case); () when one name of the key has no such word
        self.cases: dict[tuple[str, ...], dict[str, set[tuple[str | None, ...]]]] = defaultdict(lambda: defaultdict(set))
        self.acronyms: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, str] = {}
        types = entity_types(graph)
        self.types = {str(node): cls for node, cls in types.items()}
        for node, cls in types.items():
            if cls in NOT_MENTIONED or not isinstance(node, URIRef):
                continue
            label = graph.value(node, RDFS.label)
            if label is None:
                continue
            self.labels[str(node)] = str(label)
            for name in [label, *graph.objects(node, SKOS.altLabel)]:
                self.add(str(node), str(name))
        self.longest = max((len(k) for k in self.keys), default=0)

    def add(self, entity: str, name: str) -> None:
        """Make ``name`` a name of ``entity``."""
        name = name.strip()
        if ACRONYM.match(name) and len(name) <= 8 and " " not in name:
            self.acronyms[name].add(entity)
            return
        named = [w for w, _, _ in words(name)]
        key = tuple(normal(w) for w in named)
        if key and not (len(key) == 1 and len(key[0]) < 3):
            self.keys[key].add(entity)
            cased = tuple(w if _cased(w) else None for w in named)
            self.cases[key][entity].add(cased if any(cased) else ())

    def lookup(self, name: str) -> set[str]:
        """The entities ``name`` names exactly (as a whole), however many.

        >>> Matcher(Graph()).lookup("anything")
        set()
        """
        name = name.strip()
        found = set(self.acronyms.get(name, ()))
        key = tuple(normal(w) for w, _, _ in words(name))
        return found | self.keys.get(key, set())

    def find(self, text: str, chooser: Chooser | None = None) -> list[Mention]:
        """The mentions in ``text``, leftmost-longest, in order; ``chooser`` (else the matcher's) decides shared names."""
        chooser = chooser or self.chooser
        tokens = words(text)
        keys = [normal(w) for w, _, _ in tokens]
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            size, entities = self._match(tokens, keys, i)
            if not size:
                i += 1
                continue
            start, end = tokens[i][1], tokens[i + size - 1][2]
            surface = text[start:end]
            if len(entities) == 1:
                found.append(Mention(next(iter(entities)), start, surface))
                if self.types.get(next(iter(entities))) == "Publication":
                    found += self._inside(tokens[i:i + size], keys[i:i + size], text)
            elif chooser is not None:
                chosen = chooser(text, sorted(entities))
                if chosen:
                    found.append(Mention(chosen, start, surface, "embedding"))
            i += size
        return found

    def _inside(self, tokens: list[tuple[str, int, int]], keys: list[str], text: str) -> list[Mention]:
        """The people and organisations named inside a publication's name ("SIPRI (2025)": SIPRI)."""
        found, i = [], 0
        while i < len(tokens):
            size, entities = self._match(tokens, keys, i, limit=len(tokens) - 1)
            chosen = [e for e in entities if self.types.get(e) in INSIDE_TITLES]
            if size and len(chosen) == 1 == len(entities):
                found.append(Mention(chosen[0], tokens[i][1], text[tokens[i][1]:tokens[i + size - 1][2]], "inside-title"))
            i += size or 1
        return found

    def _match(self, tokens: list[tuple[str, int, int]], keys: list[str], i: int,
               limit: int | None = None) -> tuple[int, set[str]]:
        word = tokens[i][0]
        for size in range(min(self.longest, len(tokens) - i, limit or len(tokens)), 0, -1):
            key = tuple(keys[i:i + size])
            entities = {e for e in self.keys.get(key, ()) if self._case_fits(key, e, tokens[i:i + size])}
            if entities:
                return size, entities
        stem = word[:-1] if word.endswith("s") and word[:-1].isupper() else word
        candidates = self.acronyms.get(stem)
        if candidates and len(candidates) == 1:
            return 1, candidates
        return 0, set()

    def _case_fits(self, key: tuple[str, ...], entity: str, tokens: list[tuple[str, int, int]]) -> bool:
        """Whether the text's words have the capitals one of the entity's names for ``key`` requires."""
        return any(not pattern or all(want is None or _same_word(want, token)
                                      for want, (token, _, _) in zip(pattern, tokens))
                   for pattern in self.cases[key][entity])


def _cased(word: str) -> bool:
    """A word written with capitals inside it, which only matches as written: ``QuALITY``, ``SaferAI``, ``AI`` (not ``Weak-to-Strong``)."""
    return any(part[1:] != part[1:].lower() for part in re.split(r"[-'’.]", word) if part)


def _same_word(wanted: str, token: str) -> bool:
    """``token`` is ``wanted`` as written, or its plural or possessive (``LLMs``, ``SaferAI's``)."""
    return token == wanted or token[:len(wanted)] == wanted and token[len(wanted):] in ("s", "es", "'s", "’s")
