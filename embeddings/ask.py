"""Questions in plain words answered from the graph, with the SPARQL shown (``alignkg ask``, ``kg.ask``).

No language model. A question is read in three steps, each answering only when
it is sure:

1. **A claim about a technique and a risk** ("does adversarial training help
   against distribution shift?"): the question names exactly one
   technique and one risk and a word of :data:`EVIDENCE_WORDS` or
   :data:`ADDRESS_WORDS`; the answer is the ``akg:Mitigation`` record's
   strength and findings; without one it is unsure, and its reason says the
   graph records no link between the two.
2. **The forms' patterns** (:data:`FORMS`: techniques for a risk, risks a
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

TECHNIQUES = ("Technique",)
RISKS_OR_CHALLENGES = ("Risk", "Challenge")
SUBJECTS = ("Technique", "Risk", "Concept", "Organization", "Policy", "Attack", "Challenge", "AIModel", "Person",
            "AlignmentProblem", "Benchmark")
ORGANIZATIONS = ("Organization",)
CREATORS = ("Person", "Organization")
PEOPLE = ("Person",)
#: Vocabulary classes: their members are values of a facet (a maturity level, a severity …), not subjects.
VALUES = ("MaturityLevel", "SeverityLevel", "Principle", "AlignmentDirection", "Stance", "OrganizationType",
          "AssessmentDimension")

#: The other SKOS concepts a definition may be asked of (horizons, outside taxonomies' categories).
CONCEPTS = ("Horizon", "TaxonomyConcept", "AtlasGroup", "AtlasRisk", "AtlasConcept")


def _words(text: str) -> frozenset[str]:
    """A cue list written as one string."""
    return frozenset(text.split())


def _alt(words: frozenset[str]) -> str:
    """A regex alternation of ``words``, longest first."""
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


# Cue words of the entity-first reading; the patterns share them where the same words are meant.
#: Verbs of "a technique addresses a risk", read in either direction (the entity's class says which).
ADDRESS_WORDS = _words("address addresses addressed addressing mitigate mitigates mitigated mitigating fix fixes fixed "
                       "fixing solve solves solved solving tackle tackles tackled counter counters countered "
                       "prevent prevents prevented reduce reduces reduced handle handles handled defend defends "
                       "protect protects target targets targeted help helps against deal cure cures stop stops")
#: Nouns for the techniques that address something ("sandbagging safeguards", "mesa-optimization methods").
TECHNIQUE_WORDS = _words("techniques technique methods method approaches approach defenses defense defences defence "
                         "mitigations mitigation solutions solution fixes countermeasures countermeasure safeguards "
                         "safeguard remedies remedy")
MATURITY_WORDS = _words("maturity mature ready readiness production stage deployment")
SEVERITY_WORDS = _words("severity severe serious dangerous bad harmful worrying worried worry concerning concerned "
                        "grave major scary alarming")
PRINCIPLE_WORDS = _words("principle principles rice serve serves served")
DIRECTION_WORDS = _words("direction directions")
LEAD_WORDS = _words("lead leads led leader leaders leading behind heads head drives drive spearheads pioneered "
                    "pioneer champions runs")
PEOPLE_WORDS = _words("people researchers researcher scientists experts persons contributors staff members member "
                      "employees team")
ORGANIZATION_WORDS = _words("labs lab organizations organization organisations organisation orgs org companies "
                            "company firms firm groups group institutions institution teams")
GRADE_WORDS = _words("grade grades graded score scores scored rating ratings rated rate index report card mark marks "
                     "assessment")
PAPER_WORDS = _words("papers paper pubs publications publication articles article wrote written write writes authored "
                     "author published publish coauthored co")
MAKE_WORDS = _words("build builds built develop develops developed make makes made create creates created release "
                    "releases released launch launched ship shipped produce produced design designed introduce "
                    "introduces introduced invent invents invented")
#: Words that ask who made a thing ("ChatGPT's developer", "who …"); a verb of :data:`MAKE_WORDS` alone asks
#: what someone made ("what did Anthropic build?"), not who made it.
MAKER_WORDS = _words("maker makers developer developers creator creators author authors behind who")
KEY_PAPER_WORDS = _words("key main founding original seminal central citation reference")
AFFILIATION_WORDS = _words("affiliation affiliated employer employed where") | ORGANIZATION_WORDS
EVIDENCE_WORDS = _words("evidence findings finding results data numbers proof studies effective effectiveness "
                        "strength strong well")
#: Words that ask for a list (a value listing needs them or a class word: "list the critical risks").
LIST_WORDS = _words("list show name give display enumerate all every")
#: Function words: every reading may leave them unexplained, and no misspelt name begins or ends with one.
FUNCTION_WORDS = _words(
    "a an the of on in for to with about by at from as and or is are was were be been being do does did has have "
    "had what which who whom whose how me i we you us our it its they them their there any some this that these "
    "those s show list give tell find please currently now today still really actually already so far very most "
    "can could should would will might may known graph kg supposed meant designed intended aimed "
    "expected used whats whos hows available exist exists existing possible classified considered regarded counted "
    "labelled labeled categorised categorized listed belong belongs belonging fall falls main primary my "
    "identified recognised recognized described seen practice kindly classed deemed viewed thought taken exactly "
    "precisely basically commercially widely generally days nowadays lately recently")
#: The field's own name and the generic nouns a name is followed by ("the AI control agenda"): left
#: unexplained too, and never a name on their own ("alignment", "research").
FIELD_WORDS = _words("ai alignment safety research work works working worked agenda field area topic effort efforts "
                     "program programme project line stuff level levels mode modes")
FILLER_WORDS = FUNCTION_WORDS | FIELD_WORDS
TECHNIQUES_OF = ("Technique", "Attack")


@dataclass(frozen=True)
class Form:
    """A kind of question: its patterns (group ``x`` is the entity phrase), the class of the entity,
    its SPARQL (``{x}`` is the entity, ``{y}`` a second one) and the answer's columns.

    For the entity-first reading (:func:`_read_by_names`): ``cues`` are the words that ask for this
    form, ``answers`` the classes of what it returns, ``values`` the vocabulary classes (severity
    levels, dimensions …) it accepts in the question, ``second`` the class of a second entity, ``words``
    other words a question of this form may hold without asking for it ("who *built* ChatGPT")."""

    name: str
    patterns: tuple[str, ...]
    types: tuple[str, ...]
    sparql: str
    columns: tuple[str, ...]
    cues: frozenset[str] = frozenset()
    answers: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    second: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()


FORMS: tuple[Form, ...] = (
    Form("grade_holders", (
        r"\b(which|what) (companies|company|labs?|organi[sz]ations?|orgs?|firms?)\b.*\b(got|get|received?|earned?|scored?|were given|have|has)\b",
        r"^who (got|received|earned|scored|was given)\b",
    ), (), "", ("company", "assessor", "dimension", "grade"), GRADE_WORDS, ORGANIZATIONS, ("AssessmentDimension",),
         words=_words("assign assigned assigns give gave given each every b c d e f")),
    Form("techniques_for_risk", (
        r"\b(which|what) (techniques?|methods?|approaches?|defen[cs]es?|mitigations?|solutions?)\b (\w+ )?"
        r"(address(es)?|mitigate|tackle|target|help (with|against)|work(s)? (on|against)|deal with|counter|protect against"
        r"|prevent|(are|is) (there )?(for|against)|exist for|for|against|solve|fix) (?P<x>.+)",
        r"\bhow (do|can|could|should|would|might) (we|you|i|one|people|labs) (address|mitigate|prevent|tackle|fix|reduce|stop|deal with|counter|defend against|protect against|solve|avoid|handle) (?P<x>.+)",
        r"\bwhat (addresses|mitigates|helps (with|against)|counters|works against|prevents|can be done about|can we do about|is done about|defends against|protects against) (?P<x>.+)",
        r"^(techniques|defen[cs]es|mitigations|solutions|fixes) (for|against|to) (?P<x>.+)",
        r"\b(what|which) are the (techniques?|methods?|approaches?|defen[cs]es?|mitigations?|solutions?) (for|against|to address|that address) (?P<x>.+)",
        r"\b(proposed )?solutions (for|to) (?P<x>.+)",
    ), RISKS_OR_CHALLENGES, """SELECT ?technique WHERE {{
  {{ ?t akg:addresses {x} }} UNION {{ {x} akg:proposedSolution ?t }}
  ?t rdfs:label ?technique .
}} ORDER BY ?technique""", ("technique",), TECHNIQUE_WORDS | ADDRESS_WORDS, TECHNIQUES),
    Form("risks_of_technique", (
        r"\b(which|what) (risks?|problems?|failure modes?|threats?|dangers?|issues?) (does|do|can|could|is|are) (?P<x>.+?) "
        r"((supposed|meant|designed|intended|expected|built|used) to )?(address|mitigate|tackle|target|help (with|against)|protect against|solve|handle|cover|defend against"
        r"|fix|prevent|counter|reduce|designed for)\b",
        r"\bwhat (does|do|can) (?P<x>.+?) (address|mitigate|protect against|help (with|against)|solve|defend against|target)\b",
        r"\b(?P<x>.+?) (addresses|mitigates|targets) (which|what) (risks?|problems?)",
        r"\b(risks?|problems?) (addressed|mitigated|tackled) by (?P<x>.+)",
    ), TECHNIQUES, """SELECT ?risk WHERE {{
  {x} akg:addresses ?r .
  ?r rdfs:label ?risk .
}} ORDER BY ?risk""", ("risk",), ADDRESS_WORDS, ("Risk",)),
    Form("techniques_by_maturity", (
        r"\b(which|what) ([\w-]+ )?(techniques?|methods?|approaches?) (are|is) ((already|still|only|currently|now) )*(in |at )?(the )?(?P<x>deployed|research|early|growing|developing|limited)( stage| phase| level)?$",
        r"^(?P<x>deployed|research|early|growing|developing|limited)[- ](stage )?(techniques|methods|approaches)$",
    ), ("MaturityLevel",), """SELECT ?technique WHERE {{
  ?t akg:maturity {x} ; rdfs:label ?technique .
}} ORDER BY ?technique""", ("technique",), MATURITY_WORDS, TECHNIQUES),
    Form("techniques_by_principle", (
        r"\b(which|what) (techniques?|methods?|approaches?) (mainly |primarily )?(serve|support|advance|target|focus on) (the )?(principle of |rice principle )?(?P<x>robustness|interpretability|controllability|ethicality)$",
    ), ("Principle",), """SELECT ?technique WHERE {{
  ?t akg:primaryPrinciple {x} ; rdfs:label ?technique .
}} ORDER BY ?technique""", ("technique",), PRINCIPLE_WORDS, TECHNIQUES),
    Form("techniques_by_direction", (), ("AlignmentDirection",), """SELECT ?technique WHERE {{
  ?t akg:direction {x} ; rdfs:label ?technique .
}} ORDER BY ?technique""", ("technique",), DIRECTION_WORDS, TECHNIQUES),
    Form("maturity", (
        r"\bhow (mature|developed|far along|ready|advanced) (is|are) (?P<x>.+)",
        r"\b(what is|what's|whats) the maturity( level)? of (?P<x>.+)",
        r"\bmaturity( level)? of (?P<x>.+)",
        r"\b(what|which) maturity (level )?(is|has|does) (?P<x>.+?)( have| at| reached)?$",
        r"\bis (?P<x>.+?) (already |yet )?(deployed|mature|production[- ]ready|ready( for (production|deployment|real[- ]world use|use))?"
        r"|(used )?in production|still (in )?research)\b",
    ), TECHNIQUES, """SELECT ?maturity WHERE {{
  {x} akg:maturity ?m .
  ?m rdfs:label ?maturity .
}}""", ("maturity",), MATURITY_WORDS, ("MaturityLevel",), ("MaturityLevel",)),
    Form("direction", (
        r"\bis (?P<x>.+?) (a )?forward[- ]or[- ]backward\b",
        r"\bis (?P<x>.+?) (a )?(forward|backward)[- ]alignment\b",
        r"\b(which|what) (alignment )?direction (is|does) (?P<x>.+?)( in| take| belong to| follow| have)?$",
        r"\b(alignment )?direction of (?P<x>.+)",
    ), TECHNIQUES, """SELECT ?direction WHERE {{
  {x} akg:direction ?d .
  ?d rdfs:label ?direction .
}}""", ("direction",), DIRECTION_WORDS, ("AlignmentDirection",), ("AlignmentDirection",)),
    Form("principle", (
        r"\b(which|what) (rice )?principle (does|is) (?P<x>.+?) (serve|support|address|about|target|mainly serve|primarily serve"
        r"|for|advance|under|fall under|belong to|in)\b",
        r"\b(primary |main )?(rice )?principle (of|behind|for|served by) (?P<x>.+)",
    ), TECHNIQUES, """SELECT ?principle WHERE {{
  {x} akg:primaryPrinciple ?p .
  ?p rdfs:label ?principle .
}}""", ("principle",), PRINCIPLE_WORDS, ("Principle",), ("Principle",)),
    Form("leaders", (
        r"\bwho (leads|is leading|led|drives|is driving|runs|heads|is behind|spearheads|pioneered|is in charge of) (the )?((work|research|efforts?|agenda) (on|in|for) )?(?P<x>.+)",
        rf"\b(which|what) ({_alt(ORGANIZATION_WORDS)}|people|researchers) (lead|leads|drive|drives|are behind|is behind|head|heads|run|runs) (the )?((work|research|efforts?) (on|in) )?(?P<x>.+)",
        r"\b(leaders?|leading (labs?|people|researchers|organi[sz]ations)) (of|on|in|for|behind) (the )?((work|research) (on|in) )?(?P<x>.+)",
    ), TECHNIQUES_OF, """SELECT ?leader WHERE {{
  {{ {x} akg:ledBy ?l }} UNION {{ {x} akg:developedBy ?l }}
  ?l rdfs:label ?leader .
}} ORDER BY ?leader""", ("leader",), LEAD_WORDS, CREATORS),
    Form("organizations_on", (
        r"\b(which|what) (labs?|organi[sz]ations?|orgs?|companies|company|groups?|institutions?|teams?) (work|works|are working|is working|worked|do research|research|focus|focuses|are active) (on|in) (?P<x>.+)",
        r"\b(labs?|organi[sz]ations?|orgs?|companies|groups) (working|that work|doing research|researching) on (?P<x>.+)",
    ), ("Technique", "Attack", "Risk", "Policy", "Concept"), """SELECT ?organization (GROUP_CONCAT(DISTINCT ?why; separator="; ") AS ?how) WHERE {{
  {{ {x} akg:ledBy ?o . BIND("leads the work" AS ?why) }}
  UNION {{ {{ ?o skos:related {x} }} UNION {{ {x} skos:related ?o }} BIND("related to it" AS ?why) }}
  UNION {{ ?p akg:worksOn {x} ; akg:affiliatedWith ?o ; rdfs:label ?who . BIND(CONCAT("its researcher ", ?who, " works on it") AS ?why) }}
  ?o a ?oc ; rdfs:label ?organization .
  ?oc rdfs:subClassOf* akg:Organization .
}} GROUP BY ?organization ORDER BY ?organization""", ("organization", "how"), ORGANIZATION_WORDS,
         ORGANIZATIONS),
    Form("workers", (
        r"\bwho (works|is working|worked|researches|has worked|does research) on (?P<x>.+)",
        r"\b(which|what) (people|researchers|persons|scientists) (work|are working|worked|research|do research) on (?P<x>.+)",
        r"\b(people|researchers) (working|who work) on (?P<x>.+)",
    ), TECHNIQUES_OF, """SELECT ?person WHERE {{
  ?p akg:worksOn {x} ; rdfs:label ?person .
}} ORDER BY ?person""", ("person",), PEOPLE_WORDS, PEOPLE),
    Form("works_on", (
        r"^what (does|did|is|was|do|are) (?P<x>.+?) ((best )?known for )?(work|working|research|researching|focus|focusing|study|studying)( on)?$",
        r"^(what is|what are|what's|whats) (?P<x>.+?)(['’]s|s['’]) (work|research|focus|field|area|agenda)"
        r"( focus| topics?| areas?| agendas?)?$",
        r"\b(which|what) (topics?|techniques?|areas?|agendas?) (does|did|is|do|are) (?P<x>.+?) (work|working|research|researching) on$",
    ), CREATORS, """SELECT DISTINCT ?topic WHERE {{
  {{ {x} akg:worksOn ?t }} UNION {{ ?t akg:ledBy {x} }}
  ?t rdfs:label ?topic .
}} ORDER BY ?topic""", ("topic",)),
    Form("grades_of_organization", (
        r"\b(what|which) ([\w-]+ ){0,2}(grades?|scores?|ratings?|marks?) (did|does|has|have|was) (?P<x>.+?) (get|got|receive|received|earn|earned|have|given|been given|score|obtain)\b",
        r"\bhow (did|does|do|was|is|were) (?P<x>.+?) (score|do|grade|graded|rated|rate|fare|rank|perform)\b",
        r"\b(grades?|scores?|ratings?) (of|for|given to) (?P<x>.+)",
        r"^((what|which) (is|are|was|were) |what's |whats )?(?P<x>.+?)(['’]s|s['’]) ([\w-]+ ){0,3}(grades?|scores?|ratings?|report card)\b",
    ), ORGANIZATIONS, """SELECT ?assessor ?dimension ?grade WHERE {{
  ?a akg:subject {x} ; akg:assessedBy ?by ; akg:dimension ?d ; akg:grade ?grade .
  ?by rdfs:label ?assessor .
  ?d rdfs:label ?dimension .{filters}
}} ORDER BY ?assessor ?dimension""", ("assessor", "dimension", "grade"), GRADE_WORDS, ("Assessment",),
         ("AssessmentDimension",), words=_words("get got gets receive received earn earned")),
    Form("severity", (
        r"\bhow (severe|serious|bad|dangerous|critical) is (?P<x>.+)",
        r"\b(what is|what's|whats) the severity (level )?of (?P<x>.+)",
        r"\bseverity (level )?of (?P<x>.+)",
        r"\bis (?P<x>.+?) (a )?(critical|high|medium)[- ]severity\b",
        rf"^is (?P<x>.+?) (a |an )?(very |really |particularly )?({_alt(SEVERITY_WORDS)}|critical|big)"
        r"( (risk|problem|threat|concern|issue|danger))?$",
    ), ("Risk",), """SELECT ?severity WHERE {{
  {x} akg:severity ?s .
  ?s rdfs:label ?severity .
}}""", ("severity",), SEVERITY_WORDS, ("SeverityLevel",), ("SeverityLevel",)),
    Form("risks_by_severity", (
        r"\b(which|what) risks (are|have|count as|rate as|are rated) (?P<x>critical|high|medium)( severity)?$",
        r"\b(?P<x>critical|high|medium)[- ]severity risks$",
        r"\b(which|what) (are the )?(?P<x>critical|high|medium) risks$",
    ), ("SeverityLevel",), """SELECT ?risk WHERE {{
  ?r a akg:Risk ; akg:severity {x} ; rdfs:label ?risk .
}} ORDER BY ?risk""", ("risk",), SEVERITY_WORDS, ("Risk",)),
    Form("people_by_stance", (), ("Stance",), """SELECT ?person WHERE {{
  ?p akg:stance {x} ; rdfs:label ?person .
}} ORDER BY ?person""", ("person",), _words("stance view outlook"), PEOPLE),
    Form("organizations_by_type", (), ("OrganizationType",), """SELECT ?organization WHERE {{
  ?o akg:organizationType {x} ; rdfs:label ?organization .
}} ORDER BY ?organization""", ("organization",), _words("type kind"), ORGANIZATIONS),
    Form("publications_by", (
        r"\b(what|which) (papers?|publications?|articles?|work) (did|has|have|does) (?P<x>.+?) (write|written|publish|published|author|authored|co-?authored|co-?author|release|released)\b",
        r"\b(papers?|publications?|articles?) (written |authored |published )?(by|from) (?P<x>.+)",
        r"\bwhat (did|has) (?P<x>.+?) (written|write|published|publish)\b",
    ), CREATORS, """SELECT ?publication WHERE {{
  ?p dcterms:creator {x} ; rdfs:label ?publication .
}} ORDER BY ?publication""", ("publication",), PAPER_WORDS, ("Publication",)),
    Form("makers", (
        r"^who (developed|made|makes|built|builds|created|creates|released|designed|wrote|authored) (?P<x>.+)",
        r"\b(which|what) (company|lab|organi[sz]ation|org|team|group) (developed|made|makes|built|builds|created|released|designed|is behind) (?P<x>.+)",
    ), ("AIModel", "Policy", "Attack", "Publication"), """SELECT ?maker WHERE {{
  {{ {x} akg:developedBy ?m }} UNION {{ {x} dcterms:creator ?m }}
  ?m rdfs:label ?maker .
}} ORDER BY ?maker""", ("maker",), MAKER_WORDS, CREATORS, words=MAKE_WORDS),
    Form("made_by", (
        rf"\b(what|which)( (?P<k>[\w' -]+?))? (did|has|have|does|do) (?P<x>.+?) ({_alt(MAKE_WORDS)})$",
        rf"\b(things|models?|policies|policy|products?|systems?|frameworks?|attacks?) ({_alt(MAKE_WORDS)}) by (?P<x>.+)",
    ), CREATORS, """SELECT DISTINCT ?thing WHERE {{
  {{ ?x akg:developedBy {x} }} UNION {{ ?x dcterms:creator {x} }}
  ?x rdfs:label ?thing .{classes}
}} ORDER BY ?thing""", ("thing",), MAKE_WORDS, ("AIModel", "Policy", "Attack", "Publication")),
    Form("key_paper", (
        r"\b(key|main|founding|original|seminal|central) (paper|publication|citation|reference|source) (for|on|behind|of|about) (?P<x>.+)",
    ), TECHNIQUES, """SELECT ?publication WHERE {{
  {x} akg:keyCitation ?p .
  ?p rdfs:label ?publication .
}} ORDER BY ?publication""", ("publication",), KEY_PAPER_WORDS, ("Publication",)),
    Form("affiliation", (
        r"\bwhere (does|did|is) (?P<x>.+?) (work|working|employed|based)\b",
        r"\b(who|which (organi[sz]ation|lab|company)) (does|did) (?P<x>.+?) work for\b",
        r"\b(what is|what's|whats) (?P<x>.+?)(['’]s|s['’]) (affiliation|employer|organi[sz]ation|lab)\b",
        r"\b(?P<x>.+?) is affiliated with (what|which)\b",
    ), PEOPLE, """SELECT ?organization WHERE {{
  {x} akg:affiliatedWith ?o .
  ?o rdfs:label ?organization .
}} ORDER BY ?organization""", ("organization",), AFFILIATION_WORDS, ORGANIZATIONS),
    Form("members", (
        r"\bwho (works|is|are) (at|for|with) (?P<x>.+)",
        r"\bwho (is|are|sits?) on (?P<x>.+)",
        r"\b(members|people|staff|researchers) (of|at) (?P<x>.+)",
        r"\bwho (belongs to|is a member of|are the members of|serves on) (?P<x>.+)",
    ), ORGANIZATIONS, """SELECT ?person WHERE {{
  {{ ?p akg:affiliatedWith {x} }} UNION {{ ?p akg:memberOf {x} }}
  ?p rdfs:label ?person .
}} ORDER BY ?person""", ("person",), PEOPLE_WORDS, PEOPLE),
    Form("mitigation_evidence", (), TECHNIQUES, """SELECT ?strength ?finding ?value WHERE {{
  ?m a akg:Mitigation ; akg:technique {x} ; akg:risk {y} .
  OPTIONAL {{ ?m akg:strength ?strength }}
  OPTIONAL {{ ?m akg:evidence ?f . ?f rdfs:label ?finding . OPTIONAL {{ ?f akg:value ?value }} }}
}} ORDER BY ?finding""", ("strength", "finding", "value"), EVIDENCE_WORDS | ADDRESS_WORDS | TECHNIQUE_WORDS
         | _words("work works support supports supporting backs claim claims"),
         ("Finding",), (), ("Risk",)),
    Form("evidence", (
        r"\b(what is|what's|whats) the evidence (for|that|on|about|behind) (?P<x>.+?)( works?| is effective| helps)?$",
        r"\b(findings|evidence|results|data|numbers) (about|on|for|regarding) (?P<x>.+)",
        r"\bevidence (for|that|on|about) (?P<x>.+?)( works?| is effective| helps)?$",
        r"\bdoes (?P<x>.+?) (really |actually )?(work|help)\b(?! (on|at|for|with)\b)",  # "does X work on …" asks what X works on
        r"\bhow (well|effective) (does|is) (?P<x>.+?)( work)?$",
        r"\bwhat do we know about (?P<x>.+)",
        r"\bwhat evidence (is there |do we have |exists )?(for|that|on|about|supporting|behind) (?P<x>.+?)( works?| is effective| helps)?$",
    ), SUBJECTS, """SELECT ?finding ?value WHERE {{
  ?f a akg:Finding ; akg:about {x} ; rdfs:label ?finding .
  OPTIONAL {{ ?f akg:value ?value }}
}} ORDER BY ?finding""", ("finding", "value"), EVIDENCE_WORDS, ("Finding",)),
    Form("listing", (
        r"^(list|show|name|give|display)( me)?( all| every| the| all the)? (?P<x>[\w' -]+?)( (that )?you (track|cover|know|list|have))?$",
        r"^(which|what) (?P<x>[\w' -]+?) (are there|exist|does the graph (know|have|hold|list|cover|contain|include)( of| about)?|are in the (graph|kg|knowledge graph)|do you know( of| about)?|(do )?you (track|cover|know|list))( in the (graph|kg|knowledge graph))?$",
        r"^(what|which) are (the |all (the )?)?(?P<x>[\w' -]+)$",
        r"^(all|every) (the )?(?P<x>[\w' -]+)$",
    ), (), "", ("name",)),
    Form("count", (
        r"^how many (?P<x>[\w' -]+?) (are there|exist|does the graph (know|have|hold|list|cover|contain|include)( of| about)?|are in the (graph|kg|knowledge graph)|do you know( of| about)?|(do )?you (track|cover|know|list))( in the (graph|kg|knowledge graph))?"
        r"( in total| overall| altogether| in all)?$",
    ), (), "", ("count",)),
    Form("definition", (
        r"^(what|who) (exactly |really |precisely )?(is|are|was|were) (?P<x>.+)",
        r"^what (does|do) (?P<x>.+?) (mean|stand for|refer to)$",
        r"^(define|explain|describe|tell me about|tell me more about|info on|information (about|on)) (?P<x>.+)",
        r"^((what is|what's|whats) )?(the )?(definition|meaning) of (?P<x>.+)",
    ), (*SUBJECTS, "Publication", *VALUES, *CONCEPTS), """SELECT ?entity ?type ?description WHERE {{
  {x} rdfs:label ?entity ; a ?c .
  ?c rdfs:label ?type .
  FILTER(STRSTARTS(STR(?c), STR(akg:)))
  OPTIONAL {{ {x} dcterms:description ?description }}
}}""", ("entity", "type", "description")),
)

#: The forms about grades, whose questions may name assessors and dimensions besides the graded.
GRADE_FORMS = ("grades_of_organization", "grade_holders")
#: The claim form: evidence that a technique works against a risk (tried before the patterns).
MITIGATION = next(f for f in FORMS if f.second)
#: The forms the entity-first reading can pick (those with cue words).
READABLE = tuple(f for f in FORMS if f.cues)

#: Everyday words for some classes (the others are found by their labels, singular or plural).
CLASS_WORDS = {"paper": "Publication", "article": "Publication", "lab": "Organization", "company": "Organization",
               "people": "Person", "researcher": "Person", "model": "AIModel", "method": "Technique",
               "approach": "Technique", "defence": "Defense", "question": "OpenQuestion", "org": "Organization",
               "organisation": "Organization", "firm": "Organization", "expert": "Person", "scientist": "Person",
               "problem": "Risk", "threat": "Risk", "danger": "Risk", "hazard": "Risk", "institution": "Organization",
               "failure": "Risk"}


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
    years = [y for y in re.findall(r"\b(?:19|20)\d\d\b", answer.question)
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
             for year in re.findall(r"\b(?:19|20)\d\d\b", plain)]
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
