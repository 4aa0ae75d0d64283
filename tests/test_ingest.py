"""alignkg ingest and review: formats, bad input, incremental re-ingest, the layer, accept and reject.

The fixtures (``tests/fixtures/ingest``) are short articles written for these tests in
the source wiki's formats (MDX with front matter, EntityLink/R components, a Mermaid
block, tables and a footnote; Markdown; rendered plain text; an HTML page).
Most tests run without embeddings (``embed=False``); one checks that a changed
file re-embeds only its own passages.
"""

from __future__ import annotations

import doctest
import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Graph

import alignkg
from alignkg.cli import cli
from alignkg.errors import DataError
from alignkg.ingest import cli as ingest_cli
from alignkg.ingest import (citations, gold, mentions, passages, pipeline, proposals, reader, review, terms,
                            workspace)
from alignkg.ingest.pipeline import ingest
from alignkg.ingest.reader import IngestError, read_file

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
DOC = "https://w3id.org/alignkg/doc/"


@pytest.fixture()
def home(tmp_path, monkeypatch) -> Path:
    """A fresh ALIGNKG_HOME for one test."""
    monkeypatch.setenv("ALIGNKG_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="module")
def curated() -> Graph:
    return alignkg.load(layers="curated").graph


@pytest.fixture()
def mini_data(tmp_path) -> Path:
    """A copy of the small fixture graph, plus a risk the fixtures name, to accept proposals into (fast to validate)."""
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", data)
    with (data / "risks.yaml").open("a") as out:
        out.write("- id: sycophancy\n  label: Sycophancy\n  description: Telling people what they want to hear.\n"
                  "  source: sec-a\n")
    return data


@pytest.fixture()
def articles(tmp_path) -> Path:
    """A copy of the fixture articles that a test may change."""
    folder = tmp_path / "articles"
    shutil.copytree(FIXTURES, folder)
    return folder


def _records() -> dict[str, dict]:
    return {Path(r["path"]).name: r for r in workspace.load_documents().values()}


@pytest.mark.parametrize("module", [reader, passages, mentions, proposals, terms, citations, pipeline, workspace, review,
                                    gold, ingest_cli])
def test_docstring_examples(module, home) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# ------------------------------------------------------------------ formats

def test_mdx_front_matter_components_tables_and_footnotes() -> None:
    article = read_file(FIXTURES / "oversight-notes.mdx")
    assert article.title == "Oversight Notes"
    assert article.front_matter["lastEdited"] == "2026-01-15"
    text = " ".join(b.text for b in article.blocks)
    assert "import" not in text and "flowchart" not in text and "<" not in text
    rows = [b for b in article.blocks if b.kind == "row"]
    assert rows[0].cells == (("Risk", "Deceptive Alignment"), ("Relevance", "High"), ("Key Techniques", "AI control, Debate"))
    assert rows[0].heading == ("Risks Addressed",)
    assert "Deceptive Alignment" in rows[0].entity_links
    footnote = next(b for b in article.blocks if b.kind == "footnote")
    assert footnote.citations[0].url == "https://example.org/debate-judging"
    assert "the control write-up" in text  # an <R> keeps its text


def test_markdown_text_and_html() -> None:
    markdown = read_file(FIXTURES / "red-teaming.md")
    assert markdown.title == "Red-Teaming Log"
    assert [b.heading for b in markdown.blocks if b.kind == "row"] == [("Red-Teaming Log", "Findings")] * 2

    plain = read_file(FIXTURES / "interpretability.txt")
    assert plain.title == "Interpretability Primer"
    assert {b.heading[-1] for b in plain.blocks} >= {"Why Look Inside", "Open Questions"}
    assert [b.kind for b in plain.blocks if b.heading[-1] == "Open Questions"] == ["item", "item"]

    page = read_file(FIXTURES / "control-page.html")
    text = " ".join(b.text for b in page.blocks)
    assert page.title == "Control Evaluations Explained"
    assert "trusted monitoring" in text and "Copyright" not in text and "About" not in text
    assert any(b.kind == "row" and ("Protocol", "Trusted editing") in b.cells for b in page.blocks)


def test_passages_are_whole_sentences_under_their_heading() -> None:
    article = reader.read_text("long.md", "# Notes\n\n" + " ".join(
        f"Sentence number {i} mentions Dr. Smith and 3.5 things." for i in range(10)) + "\n")
    cut = passages.passages(article)
    assert len(cut) == 4  # at most three sentences each
    assert all(p.text.endswith(".") and p.heading == ("Notes",) for p in cut)
    assert " ".join(p.text for p in cut) == article.blocks[0].text


# ------------------------------------------------------------------ mentions

def test_mentions_of_known_entities(home, curated) -> None:
    ingest([FIXTURES], knowledge=curated, embed=False)
    records = _records()
    notes = records["oversight-notes.mdx"]["passages"]
    mentioned = {m["entity"].rsplit("/", 1)[1] for p in notes for m in p["mentions"]}
    assert {"debate", "rlhf", "deceptive-alignment", "ai-control", "scheming", "sycophancy"} <= mentioned
    # the headers of a table row are not read as mentions
    row = next(p for p in notes if p["kind"] == "row" and p["cells"][0][1] == "Gradient Hoarding")
    assert row["mentions"] == []
    html = records["control-page.html"]["passages"]
    assert {"redwood-research", "anthropic"} <= {m["entity"].rsplit("/", 1)[1] for p in html for m in p["mentions"]}


def test_acronyms_must_be_capitals_and_unambiguous() -> None:
    matcher = mentions.Matcher(Graph())
    matcher.add("https://x/a", "ARC")
    matcher.add("https://x/b", "ARC")
    matcher.add("https://x/c", "METR")
    found = matcher.find("The arc of ARC work and METR evals; metr is not it.")
    assert [(m.entity, m.surface) for m in found] == [("https://x/c", "METR")]


# ------------------------------------------------------------------ bad input

def test_each_bad_file_is_one_line_and_the_rest_is_ingested(home, curated, tmp_path) -> None:
    folder = tmp_path / "mixed"
    shutil.copytree(FIXTURES, folder)
    (folder / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (folder / "latin1.txt").write_bytes("Caf\xe9 notes about debate.\n".encode("latin-1"))
    (folder / "empty.md").write_text("")
    (folder / "huge.txt").write_text("word " * 2_100_000)
    (folder / "slides.pdf").write_bytes(b"%PDF-1.4")
    (folder / "broken.mdx").write_text("---\ntitle: [unclosed\n---\n# Body\n\nText.\n")
    (folder / "ragged.md").write_text("# Table\n\n| Risk | Technique |\n|---|---|\n| Scheming |\n| Sycophancy | Debate | extra |\n")
    result = CliRunner().invoke(cli, ["ingest", "--no-embed", str(folder)], obj={})
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines() if hasattr(result, "stderr") else result.output.splitlines()
    for name, words in [("binary.md", "binary"), ("latin1.txt", "not UTF-8"), ("empty.md", "empty"),
                        ("huge.txt", "too large"), ("slides.pdf", "unsupported"), ("broken.mdx", "front matter")]:
        hits = [line for line in lines if name in line]
        assert len(hits) == 1 and words in hits[0], (name, hits)
    ragged = [line for line in lines if "ragged.md" in line]
    assert len(ragged) == 2 and all("ragged table row" in line for line in ragged)
    names = set(_records())
    assert {"oversight-notes.mdx", "red-teaming.md", "interpretability.txt", "control-page.html", "ragged.md"} == names
    assert len(alignkg.load().query("SELECT ?p WHERE { ?p a akg:Passage }")) > 10


def test_missing_path_is_an_error_line(home, curated, tmp_path) -> None:
    report = ingest([tmp_path / "nowhere.md", FIXTURES / "red-teaming.md"], knowledge=curated, embed=False)
    assert report.errors == [f"{tmp_path / 'nowhere.md'}: no such file or folder"]
    assert report.added == 1


def test_read_file_refuses_an_unsupported_suffix(tmp_path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("hello")
    with pytest.raises(IngestError, match=r"notes\.docx: unsupported file type '\.docx'"):
        read_file(path)


# ------------------------------------------------------------------ incremental and the layer

def test_incremental_reingest(home, curated, articles) -> None:
    first = ingest([articles], knowledge=curated, embed=False)
    assert (first.added, first.passages) == (4, sum(len(r["passages"]) for r in _records().values()))
    layer = workspace.root().parent / "layers" / "ingested" / "triples.nt"
    written = layer.stat().st_mtime_ns

    again = ingest([articles], knowledge=curated, embed=False)
    assert (again.added, again.changed, again.unchanged, again.removed) == (0, 0, 4, 0)
    assert layer.stat().st_mtime_ns == written  # nothing changed, nothing rewritten

    (articles / "red-teaming.md").write_text("# Red-Teaming Log\n\nOne short paragraph about Debate now.\n")
    (articles / "interpretability.txt").unlink()
    changed = ingest([articles], knowledge=curated, embed=False)
    assert (changed.added, changed.changed, changed.unchanged, changed.removed) == (0, 1, 2, 1)
    kg = alignkg.load()
    titles = {r["t"] for r in kg.query("SELECT ?t WHERE { ?d a akg:Document ; rdfs:label ?t }")}
    assert titles == {"Oversight Notes", "Red-Teaming Log", "Control Evaluations Explained"}
    texts = [r["x"] for r in kg.query("""SELECT ?x WHERE { ?p a akg:Passage ; akg:text ?x ;
        akg:inDocument/rdfs:label "Red-Teaming Log"@en }""")]
    assert texts == ["One short paragraph about Debate now."]


def test_changed_file_reembeds_only_its_passages(home, mini_data, articles, tmp_path) -> None:
    cache, small = tmp_path / "cache", alignkg.load(mini_data, layers="curated").graph  # few entities to embed
    first = ingest([articles], knowledge=small, embed=True, cache_dir=cache)
    assert first.embedded == first.passages
    path = articles / "red-teaming.md"
    path.write_text(path.read_text() + "\nA new closing paragraph about scheming.\n")
    second = ingest([articles], knowledge=small, embed=True, cache_dir=cache)
    assert (second.changed, second.embedded) == (1, 1)


def test_layer_is_loaded_and_switching_it_off_leaves_curated_answers(home, curated, mini_data) -> None:
    before = alignkg.load().query("techniques-for-deceptive-alignment")
    ingest([FIXTURES], knowledge=curated, embed=False)
    kg = alignkg.load()
    assert kg.layers == ["curated", "ingested"]
    assert kg.query("ASK { ?p a akg:Passage ; akg:mentions id:debate }")
    assert kg.query("techniques-for-deceptive-alignment") == before
    assert not alignkg.load(layers="curated").query("ASK { ?p a akg:Passage }")
    # the ingested layer passes the SHACL shapes (over a small curated graph, to stay fast)
    ingest([FIXTURES], knowledge=alignkg.load(mini_data, layers="curated").graph, embed=False)
    alignkg.load(mini_data, validate=True)


def test_unchanged_reingest_does_not_load_the_graph(home, monkeypatch) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "--no-embed", str(FIXTURES)], obj={}).exit_code == 0

    def refuse(*args, **kwargs):
        raise AssertionError("the graph was loaded although nothing changed")

    monkeypatch.setattr("alignkg.kg.load", refuse)
    again = runner.invoke(cli, ["ingest", "--no-embed", str(FIXTURES)], obj={})
    assert again.exit_code == 0 and "0 added, 0 changed, 4 unchanged" in again.output


def test_cli_commands_see_the_ingested_layer(home) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "--no-embed", str(FIXTURES)], obj={}).exit_code == 0
    listed = runner.invoke(cli, ["layers"], obj={})
    assert "ingested" in listed.output
    counted = runner.invoke(cli, ["query", "SELECT (COUNT(?p) AS ?n) WHERE { ?p a akg:Passage }", "--format", "csv"], obj={})
    assert counted.exit_code == 0 and int(counted.output.split()[-1]) > 10


# ------------------------------------------------------------------ proposals, accept and reject

def _proposal(kind: str, label: str) -> dict:
    return next(p for p in review.queue() if p["kind"] == kind and p["entry"]["label"] == label)


def test_proposals_of_each_kind(home, curated) -> None:
    ingest([FIXTURES], knowledge=curated, embed=False)
    entity = _proposal("entity", "Reward Shaping Audits")
    assert entity["entry"]["alt"] == ["RSA"] and entity["proposed"]["rule"] == "acronym-definition"
    assert entity["entry"]["description"].startswith("TODO")
    link = _proposal("link", "Sycophancy")
    assert link["entry"]["addressed_by"] == [{"technique": "debate", "as": "Debate"}]
    assert _proposal("link", "reward hacking")["proposed"]["rule"] == "addressing-sentence"
    finding = next(p for p in review.queue() if p["kind"] == "finding" and p["entry"].get("baseline") == "61.0%")
    assert finding["entry"]["value"] == "84.5%" and "debate" in finding["entry"]["about"]
    publication = _proposal("publication", "Judging debates between language models")
    assert publication["entry"]["issued"] == 2024 and publication["entry"]["homepage"].startswith("https://example.org")
    # known things are not proposed: AI control already addresses deceptive alignment
    assert not [p for p in review.queue() if p["kind"] == "link" and p["entry"]["id"] == "deceptive-alignment"]
    assert not [p for p in review.queue() if p["kind"] == "entity" and p["entry"]["label"] in ("Debate", "Scheming")]


TECHNIQUE_PAGE = """---
title: AI Control
entityType: approach
---
## How Risky Is It

| Risk Category | Assessment |
|---|---|
| Safety Uplift | Moderate |

## Risks Addressed

| Risk | Relevance | How it helps |
|---|---|---|
| <EntityLink id="sycophancy">Sycophancy</EntityLink> | Low | A trusted monitor flags flattering answers |
| Sandbox Escape | High | Untrusted agents act only through audited tools |

## Where It Stands

| Metric | Value | Notes |
|---|---|---|
| Yearly Spending | $10M | Moderate-High, growing fast, several labs |

Research by [Okafor et al. (2025)](https://example.org/okafor) shows [weaker monitors](https://example.org/okafor) still help.

| Study | Key Finding |
|---|---|
| Okafor et al. 2025 | Monitors caught 9 of 10 planted exploits |

| Lab | Focus |
|---|---|
| Quillfeather Labs | Control evaluations |
"""


def test_a_technique_page_proposes_links_from_its_risks_addressed_table(home, curated, tmp_path) -> None:
    (tmp_path / "ai-control.mdx").write_text(TECHNIQUE_PAGE, encoding="utf-8")
    ingest([tmp_path], knowledge=curated, embed=False)
    links = {p["entry"]["label"]: p for p in review.queue() if p["kind"] == "link"}
    assert links["Sycophancy"]["entry"]["addressed_by"] == [{"technique": "ai-control", "as": "AI Control"}]
    assert links["Sandbox Escape"]["entry"]["id"] == "sandbox-escape"  # an unknown risk: proposed under its own slug
    assert "Safety Uplift" not in links, "a risk-assessment table is not a list of risks addressed"
    entities = {p["entry"]["label"]: p for p in review.queue() if p["kind"] == "entity"}
    assert entities["Quillfeather Labs"]["entry"]["type"] == "Organization", "a header naming a kind types its names"
    assert not {"Yearly Spending", "Okafor et al. 2025"} & set(entities), "attribute and study rows are not things"
    assert not {"Moderate-High", "Growing fast", "Several labs"} & set(entities), "ratings and notes are not things"
    publications = [p["entry"] for p in review.queue() if p["kind"] == "publication"]
    assert [(p["label"], p["alt"]) for p in publications] == [("Okafor et al. (2025)", ["weaker monitors"])], \
        "a link's text is another name, not the title"
    listed = CliRunner().invoke(cli, ["review", "--kind", "link"], obj={})
    assert "AI Control → Sycophancy" in listed.output


ORGANIZATION_PAGE = """---
title: Quillfeather Labs
entityType: organization
---
import {KeyPeople, KeyQuestions, References, Mermaid} from '@components/wiki';

## Overview

Quillfeather Labs is a small evaluation group that writes deception tests for frontier models.

<KeyPeople people={[
  { name: "Ines Okafor", role: "Co-founder and CEO", background: "Formerly built audit tooling" },
  { name: "Tobias Lindqvist", role: "Research Lead" },
]} />

<KeyQuestions questions={["Can audits keep up with agentic models?"]} />

<Callout type="note">
Its audits of <EntityLink id="sycophancy">Sycophancy</EntityLink> are shared with other labs.
</Callout>

<Mermaid chart={`flowchart TD
  A["Audit Request"] --> B["Audit Report"]`} />

<References pageId="quillfeather" ids={["a1b2c3d4e5f60718", "0f1e2d3c4b5a6978"]} />
"""


def test_an_organization_page_proposes_its_subject_people_and_questions(home, curated, tmp_path) -> None:
    (tmp_path / "quillfeather.mdx").write_text(ORGANIZATION_PAGE, encoding="utf-8")
    ingest([tmp_path], knowledge=curated, embed=False)
    proposed = {p["entry"]["label"]: p for p in review.queue()}
    subject = proposed["Quillfeather Labs"]
    assert subject["entry"]["type"] == "Organization" and subject["proposed"]["rule"] == "page-subject"
    assert {"Ines Okafor", "Tobias Lindqvist"} <= set(proposed), "a component's data props are what the page says"
    assert proposed["Can audits keep up with agentic models?"]["entry"]["type"] == "OpenQuestion"
    texts = " ".join(p["text"] for r in workspace.load_documents().values() for p in r["passages"])
    assert "Co-founder and CEO" in texts
    assert "Its audits of Sycophancy are shared with other labs." in texts and "Callout" not in texts, \
        "a container component's content is the page's own"
    assert not {"Audit Request", "Audit Report"} & set(proposed) and "a1b2c3d4e5f60718" not in texts, \
        "diagrams and reference ids say nothing"


RISK_PAGE = """---
title: Sycophancy
entityType: risk
---
## What Drives It

| Factor | Effect | Mechanism |
|---|---|---|
| Longer preference training | Increases risk | Raters reward agreement |
| Contrastive honesty tuning | Decreases risk | Pairs agreeable and correct answers |
"""


def test_a_risk_page_proposes_links_from_the_factors_that_lower_it(home, curated, tmp_path) -> None:
    (tmp_path / "sycophancy.mdx").write_text(RISK_PAGE, encoding="utf-8")
    ingest([tmp_path], knowledge=curated, embed=False)
    links = [p["entry"] for p in review.queue() if p["kind"] == "link"]
    assert links == [{"id": "sycophancy", "type": "Risk", "label": "Sycophancy", "description": links[0]["description"],
                      "addressed_by": [{"technique": "contrastive-honesty-tuning", "as": "Contrastive honesty tuning"}]}]


def test_accept_entity_passes_build_and_cites_its_passage(home, mini_data, tmp_path) -> None:
    data = mini_data
    ingest([FIXTURES], knowledge=alignkg.load(data, layers="curated").graph, embed=False)
    proposal = _proposal("entity", "Reward Shaping Audits")
    runner = CliRunner()
    done = runner.invoke(cli, ["--data", str(data), "review", "accept", proposal["id"], "--description",
                               "A cheap audit that checks reward code for planted mistakes."], obj={})
    assert done.exit_code == 0, done.output
    entry = next(e for e in yaml.safe_load((data / "concepts.yaml").read_text()) if e["id"] == "reward-shaping-audits")
    assert entry["source"].startswith("doc-") and entry["source"].endswith("-p0")
    sources = {e["id"]: e for e in yaml.safe_load((data / "documents.yaml").read_text())}
    assert sources[entry["source"]]["locator"].endswith("oversight-notes.mdx#p0")
    passage_text = _records()["oversight-notes.mdx"]["passages"][0]["text"]
    assert all(passage_text[:40] not in path.read_text() for path in data.glob("*.yaml"))
    build = runner.invoke(cli, ["--data", str(data), "build", "-o", str(tmp_path / "g.ttl")], obj={})
    assert build.exit_code == 0, build.output  # the curated data with the ingested layer, SHACL-valid
    assert proposal["id"] not in [p["id"] for p in review.queue()]
    # the curated data changed, so re-ingesting redoes the mentions: the passage now names the accepted entity
    again = runner.invoke(cli, ["--data", str(data), "ingest", "--no-embed", str(FIXTURES)], obj={})
    assert "4 unchanged" in again.output
    assert alignkg.load(data).query("ASK { ?p akg:mentions id:reward-shaping-audits }")


def test_accept_without_description_leaves_a_todo_that_build_refuses(home, mini_data) -> None:
    data = mini_data
    ingest([FIXTURES], knowledge=alignkg.load(data, layers="curated").graph, embed=False)
    link = _proposal("link", "Sycophancy")
    review.accept(link["id"], data)
    assert "technique: debate" in (data / "risks.yaml").read_text()
    assert alignkg.load(data, layers="curated").query("ASK { id:debate akg:addresses id:sycophancy }")
    paper = _proposal("publication", "Judging debates between language models")
    review.accept(paper["id"], data, description="A made-up paper cited by a test article.")
    assert alignkg.load(data, layers="curated").query(
        f"ASK {{ id:{paper['entry']['id']} a akg:Publication ; dcterms:issued ?year ; akg:homepage ?url }}")
    entity = _proposal("entity", "Tripwire Probes")
    review.accept(entity["id"], data)
    with pytest.raises(DataError, match="tripwire-probes.*TODO"):
        alignkg.load(data, layers="curated")


def test_accept_that_would_break_the_graph_changes_nothing(home, mini_data) -> None:
    data = mini_data
    before = {p.name: p.read_text() for p in data.glob("*.yaml")}
    ingest([FIXTURES], knowledge=alignkg.load(data, layers="curated").graph, embed=False)
    link = _proposal("link", "Gradient Hoarding")  # the risk is not in the graph yet
    with pytest.raises(DataError, match="gradient-hoarding.*accept it first"):
        review.accept(link["id"], data)
    finding = next(p for p in review.queue() if p["kind"] == "finding" and not p["entry"].get("about"))
    with pytest.raises(DataError, match="(?s)would not build.*about"):
        review.accept(finding["id"], data, description="A number from the test articles.")
    assert {p.name: p.read_text() for p in data.glob("*.yaml")} == before


def test_rejected_proposal_stays_rejected(home, curated, articles) -> None:
    ingest([articles], knowledge=curated, embed=False)
    proposal = _proposal("entity", "Tripwire Probes")
    result = CliRunner().invoke(cli, ["review", "reject", proposal["id"], "--reason", "not a real method"], obj={})
    assert result.exit_code == 0
    path = articles / "oversight-notes.mdx"
    path.write_text(path.read_text() + "\nTripwire Probes came up again in a later meeting.\n")
    assert ingest([articles], knowledge=curated, embed=False).changed == 1
    assert proposal["key"] not in {p["key"] for p in review.queue()}
    again = CliRunner().invoke(cli, ["review", "accept", proposal["id"]], obj={})
    assert again.exit_code == 2 and "already rejected" in again.output and "Traceback" not in again.output


def test_review_lists_and_shows(home) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["ingest", "--no-embed", str(FIXTURES)], obj={})
    listed = runner.invoke(cli, ["review", "--kind", "link"], obj={})
    assert listed.exit_code == 0 and "Sycophancy" in listed.output
    first = listed.output.split()[0]
    shown = runner.invoke(cli, ["review", "show", first], obj={})
    assert "proposed:" in shown.output and "rule: table-link" in shown.output
    missing = runner.invoke(cli, ["review", "show", "p-00000000"], obj={})
    assert missing.exit_code == 2 and "no open proposal" in missing.output


def test_a_second_ingest_at_the_same_time_is_refused(home, curated) -> None:
    with workspace.locked():
        with pytest.raises(DataError, match="another `alignkg ingest`"):
            ingest([FIXTURES], knowledge=curated, embed=False)
    assert ingest([FIXTURES], knowledge=curated, embed=False).added == 4


def test_home_is_isolated(home) -> None:
    assert str(workspace.root()).startswith(os.environ["ALIGNKG_HOME"])


# ------------------------------------------------------------------ named queries and search

def test_ingested_named_queries(home, mini_data) -> None:
    from alignkg.graph.compile import iri
    from alignkg.graph.sparql import named_queries

    ingest([FIXTURES], knowledge=alignkg.load(mini_data, layers="curated").graph, embed=False)
    kg = alignkg.load(mini_data)
    for name in (n for n in named_queries() if n.startswith("ingested-")):
        assert kg.query(name), f"named query {name} returned no rows"
    documents = {r["document"]: r for r in kg.query("ingested-documents")}
    assert int(documents["Oversight Notes"]["passages"]) == len(_records()["oversight-notes.mdx"]["passages"])
    both = kg.execute("ingested-passages-mentioning-both", {"a": iri("debate"), "b": iri("sycophancy")})
    assert [str(r.document) for r in both] == ["Oversight Notes"]
    pairs = {(r["a_label"], r["b_label"]) for r in kg.query("ingested-co-mentions-without-link")}
    assert ("Debate", "Sycophancy") in pairs and ("AI Control", "Deceptive Alignment") not in pairs  # linked already


def test_search_finds_passages(home, mini_data, tmp_path) -> None:
    ingest([FIXTURES], knowledge=alignkg.load(mini_data, layers="curated").graph, embed=True, cache_dir=tmp_path)
    kg = alignkg.load(mini_data)
    hits = kg.search("how many planted bugs did the audits catch", k=3, types="Passage", cache_dir=tmp_path)
    assert hits and all(h.type == "Passage" for h in hits)
    assert "planted bugs" in hits[0].description
    scoped = kg.search("judges", k=5, types="Passage", cache_dir=tmp_path,
                       scope="SELECT ?p WHERE { ?p akg:mentions id:debate }")
    assert scoped and all("Debate" in h.description or "debate" in h.description for h in scoped)
