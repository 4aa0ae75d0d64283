"""Questions in plain words answered from the graph, with the SPARQL shown (``alignkg ask``, ``kg.ask``).

No language model. A question is read in three steps, each answering only when
it is sure:

1. **A claim about a technique and a risk** ("does adversarial training help
   against distribution shift?"): the question names exactly one
   technique and one risk and a word of :data:`EVIDENCE_WORDS` or
   :data:`ADDRESS_WORDS`; the answer is the ``akg:Mitigation`` record's
   strength and findings; without one it is unsure, and its reason says the
   graph records no link between the two.
2. **The forms' patterns** (:data:`~alignkg.embeddings.question_forms.FORMS`: techniques for a risk, risks a
   technique addresses, techniques of a maturity, principle or direction, a
   technique's maturity, direction or principle, who leads / works on
   something, an organization's grades, who got a grade, severity, risks of a
   severity, people of a stance, organizations of a type, publications by
   someone, who made something and what someone made, a technique's key paper,
   where someone works, who is at an organization, the evidence about
   something, the organizations working on something, every entity of a class
   or how many, and last what a thing is). A form names the class of the entity
   it needs; the entity is found by its name or other name ("RLHF",
   "reinforcement learning from human feedback"), a close spelling, or a search
   restricted to that class.
3. **The entity-first reading** (:func:`_read_by_names`), for questions no
   pattern fits ("sandbagging safeguards", "debate readiness", "pessimistic
   people"): the names in the question (longest first, then close
   spellings), and the form whose cue words (:attr:`Form.cues`) and classes fit
   them. It answers only when exactly one reading explains every word of the
   question: a name, a cue of the form, a word for a class the form is about
   (:data:`CLASS_WORDS`, the ontology's labels), or a filler word
   (:data:`FILLER_WORDS`). "how much money does OpenAI have?" stays unsure:
   no form explains "money".

The form's SPARQL is run with ``kg.query`` and returned with the answer, so the
user sees the query and can edit it. When nothing fits, or the query finds no
rows (the graph not recording a thing is no evidence it does not exist), the
answer says it is unsure (``confident=False``, ``reason`` says why) and gives
search results instead (``fallback``): it never guesses.

Example
-------
>>> import alignkg
>>> kg = alignkg.load()
>>> answer = ask(kg, "Which techniques address deceptive alignment?")
>>> answer.form, answer.confident, answer.rows
('techniques_for_risk', True, [['AI Control'], ['Debate'], ['Interpretability']])
>>> print(answer.sparql)
SELECT ?technique WHERE {
  { ?t akg:addresses id:deceptive-alignment } UNION { id:deceptive-alignment akg:proposedSolution ?t }
  ?t rdfs:label ?technique .
} ORDER BY ?technique
>>> ask(kg, "sandbagging safeguards", search=False).rows
[['Adversarial testing'], ['Interpretability'], ['Mechanistic anomaly detection'], ['Monitoring']]
>>> claim = ask(kg, "does debate help against scheming?", search=False)
>>> claim.form, claim.confident, claim.rows, claim.reason.split("; ")[-1]
('mitigation_evidence', False, [], 'the graph records no link between Debate and Scheming')
>>> ask(kg, "how much money does OpenAI have?", search=False).reason
"unsure: no question form fits; names 'openai', but no form explains the words money, much"
>>> ask(kg, "what is the weather like?", search=False).confident
False
"""

from __future__ import annotations

import difflib
import re
import threading
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL, SKOS

from alignkg.embeddings.question_forms import (
    CLASS_WORDS,
    FILLER_WORDS,
    FORMS,
    FUNCTION_WORDS,
    GRADE_FORMS,
    LIST_WORDS,
    MITIGATION,
    READABLE,
    VALUES,
    Form,
)
from alignkg.errors import QueryError
from alignkg.graph.convert import entity_types
from alignkg.graph.schema import AKG, ID

if TYPE_CHECKING:
    from alignkg.kg import KnowledgeGraph

#: How alike (difflib ratio) a phrase and a name must be to take the name for a misspelling of it.
SPELLING_CUTOFF = 0.85
#: Verbs and particles that end an entity phrase ("how mature is debate *as a method*" keeps "debate").
_TAIL = re.compile(r"\s+(in|on|from|for|at|according to|as rated by|by|within|under|so far|today|now|currently|these days|nowadays|at the moment|to me|please)\b.*$")
#: A trailing generic noun the name does not hold ("the GCG attack", "the weak-to-strong work").
_GENERIC = re.compile(r"\s+(work|research|agenda|approach|method|technique|attack|problem|risk|issue|failure|paper)s?$")
_LEAD = re.compile(r"^(the|a|an|about|on|of|for)\s+|^(the\s+)?(work|research|efforts?|field)\s+(on|in|of)\s+"
                   r"|^(show|tell|give) me\s+|^(all|every)\s+(of\s+)?", re.IGNORECASE)

@dataclass
class Entity:
    """An entity the question names, as found."""

    iri: str
    label: str
    type: str

    def to_dict(self) -> dict[str, str]:
        return {"iri": self.iri, "label": self.label, "type": self.type}


@dataclass
class Answer:
    """What ``ask`` found: the form, the SPARQL it ran and its rows, or why it is unsure and search results."""

    question: str
    form: str | None = None
    confident: bool = False
    sparql: str | None = None
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    fallback: list[dict[str, Any]] = field(default_factory=list)
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON answer of ``GET /ask`` and ``alignkg ask --format json``."""
        return {"question": self.question, "form": self.form, "confident": self.confident, "sparql": self.sparql,
                "columns": self.columns, "rows": self.rows, "entities": [e.to_dict() for e in self.entities],
                "fallback": self.fallback, "reason": self.reason}


def ask(kg: "KnowledgeGraph", question: str, *, search: bool = True, k: int = 5) -> Answer:
    """Answer ``question`` from ``kg``; unsure answers carry ``k`` search results (unless ``search=False``)."""
    text = " ".join(question.split())
    if not text:
        raise QueryError("empty question")
    names = _names_for(kg.graph)
    answer = _nothing_found(_checked_years(_answer(kg, names.spoken(_tidy(text)), names)))
    answer.question = text
    if not answer.confident and search:
        answer.fallback = [hit.to_dict() for hit in kg.search(text, k=k, neighbors=False)]
    return answer


#: Chat spellings and contractions of question words, read as the words they stand for.
_SPELLINGS = {"wat": "what", "wht": "what", "r": "are", "u": "you", "ur": "your", "pls": "please", "plz": "please",
              "abt": "about", "who's": "who is", "whos": "who is", "what's": "what is", "where's": "where is",
              "how's": "how is"}
#: A year a question names ("the 2023 index").
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: Numbers in words, as a dictation tool writes them after a name ("llama two").
_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
            "nine": "9", "ten": "10"}
#: A polite opening before the question itself ("could you tell me which …").
_POLITE = re.compile(r"^(please |kindly )?((could|can|would|will) you (please |kindly )?(tell|show|give|let) me( know)?"
                     r"|would you be so kind as to|i'?d (like|love|be grateful|be glad) to know|i would (like|love) to know"
                     r"|i (want|need|wonder|wonder if you could tell me)( to know)?|do you know)\s+", re.IGNORECASE)
_QUESTION_START = re.compile(r"^(which|what|who|whom|where|how|when|whether|if|list|show|name|give|the)\b", re.IGNORECASE)


def _spelt(words: list[str]) -> bool:
    """Whether ``words`` could be a name spelt out: letters and two-letter pieces, at least one a letter."""
    return all(w.isalpha() and len(w) <= 2 for w in words) and any(len(w) == 1 for w in words)


def _tidy(text: str) -> str:
    """The question without chat spellings and a polite opening, with grades said in words written as
    grades ("d minus" → "D-"), as the forms read it.

    >>> _tidy("Could you kindly tell me which risks r critical?")
    'which risks are critical?'
    >>> _tidy("which labs got a d minus")
    'which labs got a D-'
    """
    words = [_SPELLINGS.get(w.casefold(), w) for w in text.split()]
    tidy = re.sub(r"\b([a-fA-F]) (minus|plus)\b", lambda m: m[1].upper() + ("-" if m[2] == "minus" else "+"),
                  " ".join(words))
    shorter = _POLITE.sub("", tidy, count=1)
    return shorter if shorter != tidy and _QUESTION_START.match(shorter) else tidy


def _nothing_found(answer: Answer) -> Answer:
    """``answer``, unsure when it has no rows: that the graph records no maker of Mistral-7B does not
    mean it has none (the graph is not the world). The form, the SPARQL and the reason stay, so the user
    sees what was asked of the graph.

    >>> _nothing_found(Answer("who made X?", "makers", True, "SELECT …", reason="makers; the graph records no maker")).reason
    'unsure: makers; the graph records no maker'
    """
    if answer.confident and not answer.rows:
        answer.confident = False
        said = "" if "the graph records no" in answer.reason else "; the graph records no answer"
        answer.reason = f"unsure: {answer.reason}{said}"
    return answer


def _checked_years(answer: Answer) -> Answer:
    """``answer``, or unsure when the question names a year the answer did not use, or used and found
    nothing for ("Anthropic's grade in the *2023* index": the graph holds the 2025 one only).

    >>> _checked_years(Answer("papers by Paul Christiano in 2017", "publications_by", True, "SELECT …")).reason
    'unsure: the question names 2017, which the publications_by answer does not take into account'
    """
    years = [y for y in _YEAR.findall(answer.question)
             if not any(y in e.label for e in answer.entities)]
    if not answer.confident or not years:
        return answer
    unused = [y for y in years if y not in (answer.sparql or "")]
    if unused:
        reason = f"the question names {', '.join(unused)}, which the {answer.form} answer does not take into account"
    elif not answer.rows:
        reason = f"the graph holds no answer for {', '.join(years)} ({answer.form})"
    else:
        return answer
    return Answer(answer.question, reason=f"unsure: {reason}")


def _answer(kg: "KnowledgeGraph", text: str, names: "_Names") -> Answer:
    """The forms' patterns first (a two-entity claim before them), then the entity-first reading."""
    plain = text.rstrip("?!. ").strip()
    lowered = plain.casefold()
    words = _normal(plain).split()
    claim = _read_by_names(kg, text, plain, words, names, (MITIGATION,), spelling=False)
    if isinstance(claim, Answer):
        return claim
    tried = []
    for form in FORMS:
        for pattern in form.patterns:
            match = re.search(pattern, lowered)
            if not match:
                continue
            if form.name == "grade_holders":
                held = _grade_holders(kg, text, plain, names, form)
                if held.confident:
                    return held
                tried.append(f"{form.name}: {held.reason.removeprefix('unsure: ')}")
                break
            if form.name in ("listing", "count"):
                kind = names.class_named(match.group("x"))
                if kind:
                    return _listing(kg, text, kind, form)
                tried.append(f"{form.name}: no class called '{_clean(match.group('x'))}'")
                continue
            kind = match.groupdict().get("k")
            if kind and not names.class_named(kind):  # "which *frameworks* did …": a class the graph lacks
                tried.append(f"{form.name}: no class called '{_clean(kind)}'")
                continue
            phrase = plain[match.start("x"):match.end("x")]
            entity, how = names.resolve(kg, phrase, form.types)
            if entity is None:
                kinds = " or ".join(form.types) if len(form.types) <= 3 else "entity"
                tried.append(f"{form.name}: no {kinds} called '{_clean(phrase)}' ({how})")
                continue
            if form.name == "grades_of_organization" and not names.graded_as(entity.iri):
                tried.append(f"{form.name}: {entity.label} gives grades, and is graded by no one")
                continue
            rest = [w for w in words if w not in _normal(phrase).split()]
            return _run(kg, text, plain, names, form, [entity], rest, f"'{_clean(phrase)}' is {entity.label} ({how})")
    read = _read_by_names(kg, text, plain, words, names, READABLE, spelling=True)
    if isinstance(read, Answer):
        return read
    reason = "; ".join([*tried, read] if tried else [f"no question form fits; {read}"])
    return Answer(text, None, False, reason=f"unsure: {reason}")


def _run(kg: "KnowledgeGraph", text: str, plain: str, names: "_Names", form: Form, entities: list[Entity],
         rest: list[str], how: str) -> Answer:
    """Run ``form``'s SPARQL on ``entities`` (``rest``: the question's other words, for a class filter)."""
    filters = _grade_filters(plain, names) if form.name == "grades_of_organization" else ""
    classes = _class_filter(rest, names, form) if "{classes}" in form.sparql else ""
    terms = [_term(e.iri) for e in entities]
    sparql = form.sparql.format(x=terms[0], y=terms[-1], filters=filters, classes=classes)
    rows = [[row.get(c) for c in form.columns] for row in kg.query(sparql)]
    reason = f"{form.name}; {how}"
    if form.second and not rows:
        reason += f"; the graph records no link between {entities[0].label} and {entities[1].label}"
    elif not rows:
        reason += f"; the graph records no {form.columns[0]} for {entities[0].label}"
    return Answer(text, form.name, True, sparql, list(form.columns), rows, entities, reason=reason)


def _class_filter(words: list[str], names: "_Names", form: Form) -> str:
    """A class restriction for the classes ``words`` name among ``form.answers`` ("which *models* did …")."""
    wanted = names.expand(form.answers)
    kinds = sorted({kind for word in words if (kind := names.class_named(word)) in wanted})
    if not kinds:
        return ""
    return f"\n  ?x a/rdfs:subClassOf* ?kind .\n  VALUES ?kind {{ {' '.join(f'akg:{k}' for k in kinds)} }}"


@dataclass(frozen=True)
class _Span:
    """Words of the question (``start``–``end``) that name entities (``iris``), and how they were found."""

    start: int
    end: int
    key: str
    iris: tuple[str, ...]
    how: str


@dataclass(frozen=True)
class _Reading:
    """One way to read a question by its names: a form, its entities and the spans they came from."""

    form: Form
    entities: tuple[Entity, ...]
    spans: tuple[_Span, ...]


def _read_by_names(kg: "KnowledgeGraph", text: str, plain: str, words: list[str], names: "_Names",
                   forms: tuple[Form, ...], *, spelling: bool) -> "Answer | str":
    """The entity-first reading: find the names in the question, then the form whose cue words are among
    the other words and whose classes fit the entities found. Answers only when exactly one reading
    explains every word (a name, a cue of the form, a word for a class it is about, or a filler word);
    otherwise returns why not."""
    spans = names.spans(words, spelling=spelling)
    if not spans:
        return "no entity of the graph is named"
    free = [names.respelt(w) for i, w in enumerate(words) if not any(s.start <= i < s.end for s in spans)]
    readings: dict[tuple[str, ...], _Reading] = {}
    unexplained: set[str] | None = None
    for form in forms:
        for reading in _readings(form, spans, names):
            left = {w for w in free if not _explains(w, reading, names)}
            if left:
                unexplained = left if unexplained is None else unexplained & left
            elif _cued(reading, spans, words, free, names):
                readings[(form.name, *(e.iri for e in reading.entities))] = reading
    if len(readings) == 1:
        reading = next(iter(readings.values()))
        if reading.form.name == "grade_holders":
            return _grade_holders(kg, text, plain, names, reading.form, by_names=True)
        found = "; ".join([*(f"'{s.key}' is {e.label} ({s.how})" for s, e in zip(reading.spans, reading.entities)),
                           *(f"'{s.key}' filters it" for s in spans if s not in reading.spans)])
        return _run(kg, text, plain, names, reading.form, list(reading.entities), free, f"{found}; read by its names")
    named = ", ".join(dict.fromkeys(f"'{s.key}'" for s in spans))
    if readings:
        forms_read = " or ".join(dict.fromkeys(r.form.name for r in readings.values()))
        return f"names {named}, but it reads as {forms_read}"
    if unexplained:
        return f"names {named}, but no form explains the words {', '.join(sorted(unexplained))}"
    return f"names {named}, but no form asks about them with these words"


def _readings(form: Form, spans: list[_Span], names: "_Names") -> list[_Reading]:
    """The ways ``form`` can take the spans: one entity of its class (two for a claim), every other span a
    value the form accepts (a severity level, an assessment dimension, an assessor)."""
    if form.second:
        if len(spans) != 2:
            return []
        out = []
        for first, second in (spans, spans[::-1]):
            one, two = names.preferred(first.iris, form.types), names.preferred(second.iris, form.second)
            if len(one) == 1 and len(two) == 1:
                out.append(_Reading(form, (names.entity(one[0]), names.entity(two[0])), (first, second)))
        return out
    if form.name == "grade_holders":  # no subject: every span a dimension or an assessor
        return [_Reading(form, (), tuple(spans))] if all(_accepted(s, form, names) for s in spans) else []
    out = []
    for span in spans:
        if form.name == "grades_of_organization" and span.key in names.assessors:
            continue  # the assessor filters the grades; the subject is the one graded
        found = names.preferred(span.iris, form.types)
        others = [s for s in spans if s is not span]
        if len(found) == 1 and all(_accepted(s, form, names) for s in others):
            out.append(_Reading(form, (names.entity(found[0]),), (span,)))
    return out


def _accepted(span: _Span, form: Form, names: "_Names") -> bool:
    """Whether ``form`` takes ``span`` as a value it filters on or names as its cue (a name that is a cue
    word of the form, as "RICE" in "IDA RICE principle", is the cue)."""
    if span.key in form.cues or (form.name in GRADE_FORMS and span.key in names.assessors):
        return True
    return bool(names.preferred(span.iris, form.values))


def _explains(word: str, reading: _Reading, names: "_Names") -> bool:
    """Whether ``word`` fits ``reading``: a cue of its form, a filler, or a word for a class it is about."""
    form = reading.form
    if word in form.cues or word in form.words or word in FILLER_WORDS or (_lists(form) and word in LIST_WORDS):
        return True
    kind = names.class_named(word)
    return kind is not None and any(names.related(kind, k) for k in (*form.answers, *(e.type for e in reading.entities)))


def _cued(reading: _Reading, spans: list[_Span], words: list[str], free: list[str], names: "_Names") -> bool:
    """Whether the question asks for ``reading``'s form: a cue word, a value of its facet ("is scheming
    *critical*?"); a list of entities by a value takes a list word or a word for its class ("*risks*")."""
    form = reading.form
    if any(w in form.cues for w in free) or any(s.key in form.cues for s in spans if s not in reading.spans):
        return True
    if reading.entities and any(s not in reading.spans and names.preferred(s.iris, form.values) == list(s.iris)
                                for s in spans):
        return True  # a value of a facet of the entity, when it names nothing else ("interpretability" does)
    if _lists(form) and any(w in LIST_WORDS for w in free):
        return True
    if not (_lists(form) or form.name == "made_by"):  # "critical *risks*", "AI *labs*", "Anthropic's *models*"
        return False
    return any((kind := names.class_named(w)) is not None and any(names.related(kind, k) for k in form.answers)
               for w in (words if _lists(form) else free))


def _lists(form: Form) -> bool:
    """A form that lists the entities of a value ("critical risks"): a list word or their class asks for it."""
    return set(form.types) <= set(VALUES)


def _listing(kg: "KnowledgeGraph", text: str, kind: str, form: Form) -> Answer:
    """Every entity of the class ``kind`` (subclasses included) by name, or how many there are."""
    pattern = f"""  ?e a ?c ; rdfs:label ?name .
  ?c rdfs:subClassOf* akg:{kind} ."""
    if form.name == "count":
        sparql = f"SELECT (COUNT(DISTINCT ?e) AS ?count) WHERE {{\n{pattern}\n}}"
    else:
        sparql = f"SELECT ?name WHERE {{\n{pattern}\n}} ORDER BY ?name"
    rows = [[row[form.columns[0]]] for row in kg.query(sparql)]
    return Answer(text, form.name, True, sparql, list(form.columns), rows, [], reason=f"{form.name}; every {kind}")


def _grade_holders(kg: "KnowledgeGraph", text: str, plain: str, names: "_Names", form: Form, *,
                   by_names: bool = False) -> Answer:
    """"Which companies got an F for existential safety?": a grade, optionally a dimension and an assessor.
    Read ``by_names`` (every word explained), a dimension or an assessor is enough ("SaferAI's scores")."""
    grade = re.search(r"(?<![\w-])(an? )?([A-F][+-]?)(?![\w+-])", plain.replace("grade ", ""))
    filters = _grade_filters(plain, names)
    if not grade and not (by_names and filters):
        return Answer(text, None, False, reason="unsure: a question about grades that names no grade (A to F)")
    if grade:
        filters = f'\n  VALUES ?grade {{ "{grade.group(2)}" }}' + filters
    sparql = f"""SELECT ?company ?assessor ?dimension ?grade WHERE {{
  ?a akg:subject ?o ; akg:assessedBy ?by ; akg:dimension ?d ; akg:grade ?grade .
  ?o rdfs:label ?company .
  ?by rdfs:label ?assessor .
  ?d rdfs:label ?dimension .{filters}
}} ORDER BY ?company ?dimension"""
    rows = [[row.get(c) for c in form.columns] for row in kg.query(sparql)]
    which = f"grade {grade.group(2)}" if grade else "every company graded"
    return Answer(text, form.name, True, sparql, list(form.columns), rows, [], reason=f"{form.name}; {which}")


def _grade_filters(plain: str, names: "_Names") -> str:
    """VALUES lines for the assessment dimensions and assessors a question names, and a filter on the
    edition for a year it names ("the 2025 index")."""
    lowered = f" {_normal(plain)} "
    lines = [f'\n  ?a akg:edition ?edition . FILTER(CONTAINS(STR(?edition), "{year}"))'
             for year in _YEAR.findall(plain)]
    for slot, kinds in (("?d", names.dimensions), ("?by", names.assessors)):
        chosen = sorted({iri for name, iri in kinds.items() if f" {name} " in lowered})
        if chosen:
            lines.append(f"\n  VALUES {slot} {{ {' '.join(_term(i) for i in chosen)} }}")
    return "".join(lines)


class _Names:
    """The names of a graph's entities by class, for finding the entity a question names."""

    def __init__(self, graph: Graph) -> None:
        self.types = {str(node): kind for node, kind in entity_types(graph).items()}
        self.labels = {str(s): str(o) for s, o in graph.subject_objects(RDFS.label) if str(s) in self.types}
        self.by_name: dict[str, set[str]] = {}
        for predicate in (RDFS.label, SKOS.altLabel):
            for s, o in graph.subject_objects(predicate):
                if str(s) in self.types:
                    self.by_name.setdefault(_normal(str(o)), set()).add(str(s))
        self.subclasses = _subclasses(graph)
        self.classes = _class_names(graph)
        self.vocabulary = sorted(FILLER_WORDS | LIST_WORDS | {w for f in FORMS for w in f.cues | f.words}
                                 | {w for name in self.classes for w in name.split()})
        self.dimensions = self._names_of(graph, AKG.dimension)
        self.assessors = self._names_of(graph, AKG.assessedBy)
        self.graded = {str(o) for o in graph.objects(None, AKG.subject)}
        for thing, assessor in graph.subject_objects(AKG.developedBy):  # "the FLI index" names FLI
            if str(assessor) in self.assessors.values():
                for name in self._all_names(graph, thing):
                    self.assessors[name] = str(assessor)
                    self.assessors[name.removesuffix(" index").strip()] = str(assessor)
        readable = self.expand(tuple({k for f in READABLE for k in (*f.types, *f.second, *f.values)}))
        self.readable = {name: iris for name, iris in self.by_name.items()
                         if any(self.types[i] in readable for i in iris) and not set(name.split()) <= FILLER_WORDS}
        self.longest = max((len(name.split()) for name in self.readable), default=0)
        self.by_length: dict[int, list[str]] = {}
        for name in self.readable:
            self.by_length.setdefault(len(name), []).append(name)
        self.known = FILLER_WORDS | LIST_WORDS | {w for f in READABLE for w in f.cues | f.words}

    def spans(self, words: list[str], *, spelling: bool) -> list[_Span]:
        """The runs of ``words`` that name entities a form can take, longest first; with ``spelling``,
        then runs holding a word no form knows that are a close spelling of a name (as :meth:`resolve`)."""
        taken = [False] * len(words)
        found = []

        def take(start: int, end: int, key: str, iris: Any, how: str) -> None:
            found.append(_Span(start, end, key, tuple(sorted(iris)), how))
            taken[start:end] = [True] * (end - start)

        for size in range(min(self.longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                key = " ".join(words[start:start + size])
                name = next((n for n in _singulars(key) if n in self.readable), None)
                if not any(taken[start:start + size]) and name:
                    take(start, start + size, key, self.readable[name], "its name")
        if spelling:
            for size in range(min(self.longest, len(words)), 0, -1):
                for start in range(len(words) - size + 1):
                    run = words[start:start + size]
                    if (any(taken[start:start + size]) or run[0] in FUNCTION_WORDS or run[-1] in FUNCTION_WORDS
                            or all(w in self.known or self.class_named(w) for w in run)):
                        continue
                    key = " ".join(run)
                    close = difflib.get_close_matches(key, self._near(len(key)), n=1, cutoff=SPELLING_CUTOFF)
                    if close:
                        take(start, start + size, key, self.readable[close[0]], f"close to the name '{close[0]}'")
                    elif (short := self._shortened(run)) is not None:
                        take(start, start + size, key, self.readable[short], f"short for the name '{short}'")
        return sorted(found, key=lambda s: s.start)

    def _shortened(self, run: list[str]) -> str | None:
        """The one name of two words or more that ``run`` shortens word by word ("goal misgen", "mech
        interp"): each word the name's word or its start, at least one a start of four letters or more.
        One word alone is too often the start of another word ("grow", "under")."""
        if len(run) < 2:
            return None
        found = {name for name in self.readable if len(parts := name.split()) == len(run)
                 and all(p.startswith(w) for w, p in zip(run, parts))
                 and any(len(w) >= 4 and w != p for w, p in zip(run, parts))}
        entities = {frozenset(self.readable[name]) for name in found}  # other names of one entity are one
        return min(found) if len(entities) == 1 else None

    def _near(self, size: int) -> list[str]:
        """The names long enough and short enough to be :data:`SPELLING_CUTOFF` alike to a text of ``size``
        characters (difflib's ratio is at most 2·min/(sum) of the lengths)."""
        low, high = size * SPELLING_CUTOFF / (2 - SPELLING_CUTOFF), size * (2 - SPELLING_CUTOFF) / SPELLING_CUTOFF
        return [name for n in range(int(low), int(high) + 1) for name in self.by_length.get(n, ())]

    def graded_as(self, iri: str) -> bool:
        """Whether ``iri`` can be the organization a grade question is about: it is graded, or it
        gives no grades ("how did SaferAI rate OpenAI?" is about OpenAI)."""
        return iri in self.graded or iri not in self.assessors.values()

    def related(self, one: str, other: str) -> bool:
        """Whether one class is the other or a subclass of it, either way."""
        return one in self.expand((other,)) or other in self.expand((one,))

    def spoken(self, text: str) -> str:
        """``text`` with names said as a dictation tool writes them put back: letters spelt one by one
        ("f l i" → "fli", "x ai" → "xai") and a number in words after a name ("llama two" → "llama 2"),
        where that makes a name of the graph.

        >>> import alignkg
        >>> _names_for(alignkg.load().graph).spoken("who made llama two in the f l i index")
        'who made llama 2 in the fli index'
        """
        words = text.split()
        out: list[str] = []
        i = 0
        while i < len(words):
            run = next((j for j in range(min(len(words), i + 5), i + 1, -1) if _spelt(words[i:j])
                        and "".join(words[i:j]).casefold() in self.by_name), None)
            number = _NUMBERS.get(words[i].casefold())
            if run:
                out.append("".join(words[i:run]))
                i = run
                continue
            out.append(number if number and out and _normal(f"{out[-1]} {number}") in self.by_name else words[i])
            i += 1
        return " ".join(out)

    def respelt(self, word: str) -> str:
        """A word of a question as the cue or class word it misspells ("tecniques" → "techniques"; same
        first letter, five letters or more, ``difflib`` ratio ≥ :data:`SPELLING_CUTOFF`), else as it is.

        >>> import alignkg
        >>> _names_for(alignkg.load().graph).respelt("tecniques")
        'techniques'
        """
        if len(word) < 5 or word in self.vocabulary or not word.isalpha() or self.class_named(word):
            return word
        close = difflib.get_close_matches(word, [w for w in self.vocabulary if w[:1] == word[:1]], n=1,
                                          cutoff=SPELLING_CUTOFF)
        return close[0] if close else word

    def class_named(self, phrase: str) -> str | None:
        """The class (local name) a phrase names, singular or plural ("AI models", "companies")."""
        return next((self.classes[w] for w in _singulars(_normal(_clean(phrase))) if w in self.classes), None)

    def _names_of(self, graph: Graph, predicate: URIRef) -> dict[str, str]:
        return {name: str(o) for o in set(graph.objects(None, predicate)) for name in self._all_names(graph, o)}

    @staticmethod
    def _all_names(graph: Graph, node: Any) -> list[str]:
        return [_normal(str(n)) for p in (RDFS.label, SKOS.altLabel) for n in graph.objects(node, p)]

    def resolve(self, kg: "KnowledgeGraph", phrase: str, types: tuple[str, ...]) -> tuple[Entity | None, str]:
        """The entity of one of ``types`` that ``phrase`` names, and how it was found; ``None`` if unsure."""
        wanted = self.expand(types)
        for candidate in _candidates(phrase):
            key = _normal(candidate)
            found = self.preferred(self.by_name.get(key, ()), types)
            if len(found) == 1:
                return self.entity(found[0]), "its name"
            if len(found) > 1:
                return None, "ambiguous"
        names = {name: iris for name, iris in self.by_name.items() if any(self.types[i] in wanted for i in iris)}
        for candidate in _candidates(phrase):
            close = difflib.get_close_matches(_normal(candidate), list(names), n=2, cutoff=SPELLING_CUTOFF)
            iris = {i for name in close[:1] for i in names[name] if self.types[i] in wanted}
            if len(iris) == 1:
                return self.entity(iris.pop()), f"close to the name '{close[0]}'"
        return self._search(kg, _clean(phrase), types)

    def _search(self, kg: "KnowledgeGraph", phrase: str, types: tuple[str, ...]) -> tuple[Entity | None, str]:
        """Search within ``types``: taken only if the hit's names hold most of the phrase's words and no
        other hit does as well, and the phrase is not the name of an entity of another class ("Anthropic"
        is no technique) or a word for a class ("labs")."""
        from alignkg.embeddings.search import engine_for

        words = set(re.findall(r"\w+", phrase.casefold()))
        if not words or not types:
            return None, "not found"
        if _normal(phrase) in self.by_name or self.class_named(phrase):
            return None, "the name of something else, or of a class"
        engine = engine_for(kg.graph)
        hits = engine.search(phrase, k=3, types=list(types), neighbors=False)
        cover = [len(set(h.why.get("name", []))) / len(words) for h in hits]
        if hits and cover[0] >= 0.6 and all(c < cover[0] for c in cover[1:]):
            return self.entity(hits[0].iri), f"search, its name holds {cover[0]:.0%} of the words"
        return None, "not found"

    def preferred(self, iris: Any, types: tuple[str, ...]) -> list[str]:
        """The entities among ``iris`` of the first of ``types`` that has any ("Safety Classifier
        Extraction" is a risk and a challenge: a question about risks means the risk)."""
        for kind in types:
            wanted = self.expand((kind,))
            found = sorted(iri for iri in iris if self.types[iri] in wanted)
            if found:
                return found
        return []

    def expand(self, types: tuple[str, ...]) -> set[str]:
        wanted = set(types)
        for kind in types:
            wanted |= self.subclasses.get(kind, set())
        return wanted

    def entity(self, iri: str) -> Entity:
        return Entity(iri, self.labels.get(iri, iri.rsplit("/", 1)[-1]), self.types[iri])


def _subclasses(graph: Graph) -> dict[str, set[str]]:
    """Each class's subclasses (transitively), by local name."""
    direct: dict[str, set[str]] = {}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        direct.setdefault(_local(sup), set()).add(_local(sub))
    closed: dict[str, set[str]] = {}
    for kind in direct:
        seen, todo = set(), [kind]
        while todo:
            for sub in direct.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        closed[kind] = seen
    return closed


def _local(cls: Any) -> str:
    """The local name of one of our classes (``akg:Risk`` → ``Risk``); other IRIs stay whole, so that
    ``skos:Concept`` is not taken for ``akg:Concept``."""
    return str(cls).removeprefix(str(AKG))


def _class_names(graph: Graph) -> dict[str, str]:
    """The ontology's classes (``akg:``) by normalised label and local name, plus :data:`CLASS_WORDS`."""
    ontology = str(AKG)
    names = {}
    for cls in set(graph.subjects(RDF.type, OWL.Class)):
        if str(cls).startswith(ontology):
            local = str(cls).removeprefix(ontology)
            for name in (local, *graph.objects(cls, RDFS.label)):
                names[_normal(str(name))] = local
    for word, local in CLASS_WORDS.items():
        names.setdefault(word, local)
    return names


def _candidates(phrase: str) -> list[str]:
    """The phrase, cleaned, then without a trailing qualifier ("debate in practice" → "debate")."""
    cleaned = _clean(phrase)
    shorter = _TAIL.sub("", cleaned)
    bare = _GENERIC.sub("", shorter)
    return [c for c in dict.fromkeys([cleaned, shorter, bare]) if c]


def _singulars(key: str) -> list[str]:
    """``key`` and the singulars it may be the plural of ("think tanks", "companies")."""
    return [key, key.removesuffix("s"), re.sub(r"ies$", "y", key), key.removesuffix("es")]


def _clean(phrase: str) -> str:
    text = phrase.strip(" ?!.,'\"").removesuffix("'s").removesuffix("’s")
    previous = None
    while previous != text:
        previous, text = text, _LEAD.sub("", text, count=1).strip()
    return text


def _normal(name: str) -> str:
    return re.sub(r"[\W_]+", " ", name.casefold()).strip()


def _term(iri: str) -> str:
    """``id:debate`` for the graph's own entities, ``<iri>`` otherwise."""
    local = iri.removeprefix(str(ID))
    return f"id:{local}" if local != iri and re.fullmatch(r"[A-Za-z0-9][\w-]*", local) else f"<{iri}>"


_NAMES: dict[int, tuple[weakref.ref, int, _Names]] = {}
_NAMES_LOCK = threading.Lock()


def _names_for(graph: Graph) -> _Names:
    """The names of ``graph``, built once (rebuilt when the graph changes size)."""
    with _NAMES_LOCK:
        entry = _NAMES.get(id(graph))
        if entry is None or entry[0]() is not graph or entry[1] != len(graph):
            key = id(graph)
            entry = (weakref.ref(graph, lambda _, names=_NAMES: names.pop(key, None)), len(graph), _Names(graph))
            _NAMES[key] = entry
        return entry[2]
