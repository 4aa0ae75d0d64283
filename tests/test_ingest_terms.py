"""New-entity rules and mention rules on text they were not tuned on.

``tests/fixtures/terms/runtime-monitoring.mdx`` is a made-up wiki page (MDX, the source
wiki's format, our own words) whose terms take the forms articles use: a bold lead-in,
a definition, a quoted coinage, a numbered enumeration, a kind of approach with examples,
hyphenated nouns, table first-column names, a column of group names, institutions, an
acronym definition, questions. It also holds look-alikes that are not names (a framing
lead-in, ratings, an adjective compound, a role, sentences opening with a pronoun).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from alignkg.graph.schema import AKG, ID
from alignkg.ingest import terms
from alignkg.ingest.mentions import Matcher
from alignkg.ingest.pipeline import ingest
from alignkg.ingest.proposals import entity_key
from alignkg.ingest.review import queue
from alignkg.ingest.workspace import load_documents

FIXTURE = Path(__file__).parent / "fixtures" / "terms" / "runtime-monitoring.mdx"


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    import os

    saved = os.environ["ALIGNKG_HOME"]
    os.environ["ALIGNKG_HOME"] = str(tmp_path_factory.mktemp("terms"))
    try:
        ingest([FIXTURE], knowledge=Graph(), embed=False)
        entities = [p for p in queue() if p["kind"] == "entity"]
        record = next(iter(load_documents().values()))
    finally:
        os.environ["ALIGNKG_HOME"] = saved
    return {"entities": {entity_key(p["entry"]["label"]): p for p in entities}, "record": record}


@pytest.mark.parametrize("name, cls", [
    ("Gradient masking", "Concept"), ("Probe drift", "Concept"),           # bold lead-ins
    ("Honeypot auditing", "Concept"),                                      # "X is a method …" (and a table name)
    ("Reward laundering", "Concept"),                                      # quoted coinage
    ("Trace sampling", "Concept"), ("Shadow grading", "Concept"),          # "(1) … (3) …" (and table names)
    ("Latent steering", "Concept"),                                        # "X approaches (e.g., …)"
    ("Over-compliance", "Concept"), ("Under-reporting", "Concept"),        # hyphenated nouns, recurring / glossed
    ("Canary Prompting", "Concept"),                                       # a table's first column
    ("Halcyon Lab", "Organization"), ("University teams", "Concept"),      # a column of group names
    ("Institute for Deployment Safety", "Organization"),                   # "CEO of the Institute for …"
    ("U.S. Commerce Committee", "Organization"), ("Bureau of Model Standards", "Organization"),
    ("Behavioural Drift Index", "Concept"),                                # "… (BDI)"
    ("Marta Quillfeather", "Concept"),
    ("Can probes survive fine-tuning of the model they watch?", "OpenQuestion"),
])
def test_terms_in_their_forms_are_proposed(run, name, cls) -> None:
    proposal = run["entities"].get(entity_key(name))
    assert proposal is not None, f"{name} not proposed; got {sorted(run['entities'])}"
    assert proposal["entry"]["type"] == cls
    assert 0 < proposal["proposed"]["confidence"] < 1 and proposal["proposed"]["passages"]


@pytest.mark.parametrize("name", [
    "Stated goal", "Membership includes", "Overview", "This", "It", "High", "Medium", "Low", "White-box access",
    "White-box", "CEO", "Commerce Committee", "Institute", "The pipeline has three stages", "Monitors fail",
])
def test_look_alikes_are_not_proposed(run, name) -> None:
    assert entity_key(name) not in run["entities"]


def test_each_form_has_its_rule(run) -> None:
    found = {(t.name, t.rule) for t in terms.find_terms(run["record"])}
    for expected in [("Gradient masking", "lead-term"), ("Honeypot auditing", "defined-term"),
                     ("Reward laundering", "quoted-term"), ("Trace sampling", "numbered-term"),
                     ("Canary prompting", "numbered-term"), ("Latent steering", "kind-term"),
                     ("Over-compliance", "hyphen-term"), ("Under-reporting", "hyphen-term"),
                     ("University teams", "table-cell")]:
        assert expected in found, (expected, sorted(found))


def test_the_queue_stays_small(run) -> None:
    """About one entity proposal per 20 words of this page, not one per capitalised word."""
    words = len(FIXTURE.read_text(encoding="utf-8").split())
    assert len(run["entities"]) <= words / 15


def _graph(*nodes: tuple[str, str, str]) -> Graph:
    graph = Graph()
    for slug, cls, label in nodes:
        graph.add((ID[slug], RDF.type, AKG[cls]))
        graph.add((ID[slug], RDFS.label, Literal(label)))
    return graph


def test_inner_capitals_match_as_written() -> None:
    matcher = Matcher(_graph(("bench", "Benchmark", "QuALITY"), ("lab", "Organization", "SaferAI"),
                             ("ctl", "Technique", "AI Control")))
    found = [(m.slug, m.surface) for m in matcher.find(
        "Answer quality and saferai notes; ai control is not named, but AI control, QuALITY and SaferAI's report are.")]
    assert found == [("ctl", "AI control"), ("bench", "QuALITY"), ("lab", "SaferAI's")]


def test_people_and_organisations_inside_a_publication_name_are_mentioned() -> None:
    matcher = Matcher(_graph(("pub", "Publication", "Northbridge Institute (2025)"),
                             ("org", "Organization", "Northbridge Institute"),
                             ("risk", "Risk", "Probe Drift"), ("pub2", "Publication", "Probe Drift in Practice")))
    found = [(m.slug, m.surface, m.rule) for m in matcher.find(
        "Northbridge Institute (2025) found it; see Probe Drift in Practice.")]
    assert found == [("pub", "Northbridge Institute (2025", "name"), ("org", "Northbridge Institute", "inside-title"),
                     ("pub2", "Probe Drift in Practice", "name")]  # a risk inside a title is the title's, not a mention


HELD_OUT = Path(__file__).parent / "fixtures" / "terms" / "evaluation-gaming.txt"

#: Written, with its expectations, after the rules were fixed, and run once: not tuned on.
HELD_OUT_TERMS = [
    "Benchmark overfitting", "Test sniffing", "Sandbox escape", "Task shortcutting", "Kestrel Suite",
    "Grader inspection", "Output padding", "Environment tampering", "Self-grading", "Kestrel Suite Leak",
    "Patch Forging", "Orchard Research Group", "Lindqvist Centre", "Independent auditors",
    "Agent Evaluation Integrity Board", "Ministry of Digital Affairs", "Tomas Ferreira-Lund",
    "U.S. Standards Office", "Hold-out graders", "Can graders be hidden from agents that read their own environment?",
]
HELD_OUT_NON_TERMS = ["Key takeaway", "High", "Medium", "Its director", "Three routes recur", "Some labs", "Overview",
                      "Mechanisms", "Several groups", "Heavy outcome rewards"]


def test_a_held_out_page_in_rendered_text(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ALIGNKG_HOME", str(tmp_path))
    ingest([HELD_OUT], knowledge=Graph(), embed=False)
    proposed = {entity_key(p["entry"]["label"]) for p in queue() if p["kind"] == "entity"}
    missed = [t for t in HELD_OUT_TERMS if entity_key(t) not in proposed]
    wrong = [t for t in HELD_OUT_NON_TERMS if entity_key(t) in proposed]
    assert not missed and not wrong, (missed, wrong, sorted(proposed))
