"""``alignkg ask`` / ``kg.ask`` / ``GET /ask`` (issue #12): plain-words questions answered from the graph.

The questions and their expected rows are in ``ask_questions.yaml`` (rows read off the graph by hand).
Scored without the search fallback (``search=False``) so that the test needs no model; the fallback
is tested on the small fixture graph.
"""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import alignkg
from alignkg.cli import cli
from alignkg.embeddings import ask as ask_module
from alignkg.embeddings import question_forms
from alignkg.errors import QueryError

QUESTIONS = yaml.safe_load((Path(__file__).parent / "ask_questions.yaml").read_text(encoding="utf-8"))
FIXTURES = Path(__file__).parent / "fixtures"
CONTRACT = {"question", "form", "confident", "sparql", "columns", "rows", "entities", "fallback"}


def _verdict(kg: alignkg.KnowledgeGraph, entry: dict) -> str:
    """``right``, ``unsure`` or ``wrong`` for one question of the set."""
    answer = kg.ask(entry["q"], search=False)
    if not answer.confident:
        return "right" if entry.get("unsure") else "unsure"
    if entry.get("unsure"):
        return "wrong"
    width = len(entry["rows"][0])
    got = {tuple(str(v) for v in row[:width]) for row in answer.rows}
    want = {tuple(str(v) for v in row) for row in entry["rows"]}
    return "right" if answer.form == entry["form"] and got == want else "wrong"


def test_the_question_set_is_broad():
    forms = [e["form"] for e in QUESTIONS if not e.get("unsure")]
    assert len(QUESTIONS) >= 60
    assert len(set(forms)) >= 12 and all(forms.count(f) >= 2 for f in set(forms)), "several phrasings per form"
    assert {e["form"] for e in QUESTIONS if "form" in e} <= {f.name for f in question_forms.FORMS}


def test_questions_are_answered_exactly_and_never_wrongly(kg):
    verdicts = {e["q"]: _verdict(kg, e) for e in QUESTIONS}
    right = sum(v == "right" for v in verdicts.values()) / len(verdicts)
    wrong = [q for q, v in verdicts.items() if v == "wrong"]
    unsure = [q for q, v in verdicts.items() if v == "unsure"]
    assert not wrong, f"answered wrongly instead of saying it is unsure: {wrong}"
    assert right >= 0.9, (right, unsure)  # the bar
    assert len(unsure) <= len(verdicts) // 100, f"answered when they were written, unsure now: {unsure}"


def test_the_answer_carries_the_sparql_it_ran_and_the_entity(kg):
    answer = kg.ask("how mature is RLHF?", search=False)
    assert answer.form == "maturity" and answer.rows == [["Deployed"]]
    assert "id:rlhf akg:maturity" in answer.sparql
    assert kg.query(answer.sparql) == [{"maturity": "Deployed"}], "the SPARQL shown is the one that answers"
    assert [e.to_dict() for e in answer.entities] == [
        {"iri": "https://w3id.org/alignkg/id/rlhf", "label": "RLHF", "type": "Technique"}]
    data = json.loads(json.dumps(answer.to_dict()))
    assert set(data) >= CONTRACT and data["fallback"] == []


def test_misspelt_names_and_other_names_are_found(kg):
    assert kg.ask("which techniques address decpetive alignment?", search=False).rows == [
        ["AI Control"], ["Debate"], ["Interpretability"]]
    assert kg.ask("how mature is Direct Preference Optimization?", search=False).rows == [["Deployed"]]


def test_unknown_entity_is_unsure_and_says_why(kg):
    answer = kg.ask("which techniques address climate change?", search=False)
    assert not answer.confident and answer.form is None and answer.sparql is None and answer.rows == []
    assert "climate change" in answer.reason


def test_unsure_answers_fall_back_to_search_results(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGNKG_CACHE", str(tmp_path))
    answer = alignkg.load(FIXTURES / "mini").ask("two models arguing before a judge", k=2)
    assert not answer.confident and len(answer.fallback) == 2
    assert {"iri", "label", "type", "score", "why"} <= set(answer.fallback[0])
    shown = CliRunner().invoke(cli, ["--data", str(FIXTURES / "mini"), "ask", "two models arguing before a judge"], obj={})
    assert shown.exit_code == 0 and shown.output.startswith("Unsure: no question form fits") and " 1. " in shown.output


def test_a_claim_shows_the_mitigation_record_or_says_the_graph_links_nothing(kg):
    linked = kg.ask("how effective is AI control against scheming?", search=False)
    assert linked.form == "mitigation_evidence" and linked.columns == ["strength", "finding", "value"]
    assert {row[0] for row in linked.rows} == {"moderate"} and len(linked.rows) == 2
    assert "akg:technique id:ai-control ; akg:risk id:scheming" in linked.sparql
    assert [e.label for e in linked.entities] == ["AI Control", "Scheming"]
    unlinked = kg.ask("does RLHF stop scheming?", search=False)
    assert not unlinked.confident and unlinked.rows == [] and unlinked.form == "mitigation_evidence"
    assert unlinked.reason.endswith("the graph records no link between RLHF and Scheming")
    assert "akg:technique id:rlhf ; akg:risk id:scheming" in unlinked.sparql, "the query it ran is shown"


def test_nothing_found_is_unsure_and_shows_the_query_it_ran(kg):
    answer = kg.ask("which company built LLaVA?", search=False)
    assert not answer.confident and answer.form == "makers" and answer.rows == []
    assert answer.reason.endswith("the graph records no maker for LLaVA") and "id:llava" in answer.sparql
    shown = CliRunner().invoke(cli, ["ask", "does RLHF stop scheming?"], obj={})
    assert shown.exit_code == 0 and shown.output.startswith("Unsure: ") and "no link between RLHF and Scheming" in shown.output
    assert "The SPARQL it ran, which found nothing" in shown.output and "Search results instead:" in shown.output


def test_the_entity_first_reading_answers_only_when_one_reading_explains_every_word(kg):
    answer = kg.ask("treacherous turn countermeasures", search=False)
    assert answer.form == "techniques_for_risk" and "read by its names" in answer.reason
    assert kg.ask("decpetive alignment safeguards", search=False).rows == [["AI Control"], ["Debate"], ["Interpretability"]]
    for question, why in [("scheming budget", "no form explains the words budget"),
                          ("debate interpretability", "no form asks about them"),
                          ("OpenAI papers", "it reads as publications_by or made_by")]:
        unsure = kg.ask(question, search=False)
        assert not unsure.confident and why in unsure.reason, (question, unsure.reason)


def test_what_an_organization_made_is_filtered_by_the_class_named(kg):
    answer = kg.ask("which policies did Anthropic release?", search=False)
    assert answer.form == "made_by" and "VALUES ?kind { akg:Policy }" in answer.sparql
    assert answer.rows == [["ASL-3"], ["Responsible Scaling Policy"]]


def test_empty_question_is_a_query_error(kg):
    with pytest.raises(QueryError, match="empty question"):
        kg.ask("   ")


def test_cli_ask_prints_the_table_and_the_sparql():
    result = CliRunner().invoke(cli, ["ask", "Which risks are critical?"], obj={})
    assert result.exit_code == 0, result.output
    assert "Deceptive Alignment" in result.output and "akg:severity id:severity-critical" in result.output
    as_json = CliRunner().invoke(cli, ["ask", "who leads the work on AI control?", "--format", "json"], obj={})
    data = json.loads(as_json.output)
    assert set(data) >= CONTRACT and data["rows"] == [["Redwood Research"]] and data["confident"]


def test_http_ask_answers_with_the_json_contract(kg):
    from starlette.testclient import TestClient

    from alignkg.server.app import Settings, create_app

    app = create_app(kg, Settings(workers=1))
    try:
        client = TestClient(app)
        data = client.get("/ask", params={"q": "How severe is scheming?"}).json()
        assert set(data) >= CONTRACT
        assert (data["form"], data["confident"], data["columns"], data["rows"]) == ("severity", True, ["severity"], [["Critical"]])
        assert data["entities"][0]["label"] == "Scheming" and "akg:severity" in data["sparql"]
        missing = client.get("/ask")
        assert missing.status_code == 400 and "missing question" in missing.text
    finally:
        app.state.pool.close()


@pytest.mark.parametrize("module", [ask_module, question_forms])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted and not result.failed
