"""The kinds of question ``alignkg ask`` answers (:data:`FORMS`) and the words they share.

A :class:`Form` holds the patterns that recognise its questions (group ``x`` is
the entity phrase), the classes of the entity it needs, its SPARQL and columns,
and, for the entity-first reading of :mod:`alignkg.embeddings.ask`, its cue
words. The word lists (:data:`ADDRESS_WORDS`, :data:`SEVERITY_WORDS`,
:data:`FILLER_WORDS` …) are shared by the patterns and the cues, so that one
word means one thing everywhere.

Example
-------
>>> severity = next(f for f in FORMS if f.name == "severity")
>>> severity.types, severity.columns, "serious" in severity.cues
(('Risk',), ('severity',), True)
"""

from __future__ import annotations

from dataclasses import dataclass

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
