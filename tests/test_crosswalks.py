"""Crosswalks (issue #6): MIT/NIST taxonomies, mappings, SSSOM in and out, atlas import, AIRO alignment.

Fixtures: ``kg`` (the curated graph, tests/conftest.py) and ``xw``, a small graph
(tests/fixtures/crosswalks/data: the mini fixture plus a slice of the taxonomies
and a mapping set). Tests that read ``../shared/reference`` skip when it is absent.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import OWL, RDF, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

import alignkg
from alignkg.cli import cli
from alignkg.errors import DataError
from alignkg.graph import DATA_DIR
from alignkg.graph.atlas import atlas_iri, import_atlas, read_atlas
from alignkg.graph.compile import read_yaml
from alignkg.graph.mappings import MATCH, NO_TERM, is_mapping_set, mappings_in
from alignkg.graph.schema import AKG, ID
from alignkg.graph.sssom import import_sssom, read_sssom, write_sssom
from alignkg.ontology import ontology, shapes
from alignkg.ontology.validate import problems

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "crosswalks"
REFERENCE = HERE.parent.parent / "shared" / "reference"
AIRO = Namespace("https://w3id.org/airo#")
MATCHES = tuple(MATCH.values())
SUBDOMAIN_CODES = {"1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2", "4.3", "5.1", "5.2",
                   "6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6"}
HEADER = "subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\tcomment\n"
PREFIXES = "#curie_map:\n#  alignkg: https://w3id.org/alignkg/id/\n#mapping_set_id: https://example.org/x\n"


def reference(name: str) -> Path:
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"reference file {path} is absent (only in the project workspace)")
    return path


@pytest.fixture(scope="module")
def xw() -> alignkg.KnowledgeGraph:
    return alignkg.load(FIXTURE / "data")


def mapped(graph: Graph, subject: URIRef, scheme: str, *, under: str | None = None) -> set[URIRef]:
    """The concepts of ``scheme`` (optionally narrower than ``under``) that ``subject`` is matched to."""
    found = set()
    for predicate in MATCHES:
        for concept in graph.objects(subject, predicate):
            if (concept, SKOS.inScheme, ID[scheme]) not in graph:
                continue
            if under is not None and (concept, SKOS.broader, ID[under]) not in graph:
                continue
            found.add(concept)
    return found


def techniques(graph: Graph) -> set[URIRef]:
    return set(graph.subjects(RDF.type, AKG.Technique)) | set(graph.subjects(RDF.type, AKG.Defense))


def data_without_mappings(tmp_path: Path) -> Path:
    """A copy of the curated data with every mapping set left out."""
    target = tmp_path / "data"
    target.mkdir()
    for path in list(DATA_DIR.glob("*.yaml")) + list(DATA_DIR.glob("*.ttl")):
        if path.suffix == ".yaml" and is_mapping_set(read_yaml(path)):
            continue
        shutil.copy(path, target / path.name)
    return target


# ----- the curated crosswalk --------------------------------------------------------------------

def test_the_mit_domain_taxonomy_has_seven_domains_and_all_subdomains_with_codes(kg) -> None:
    g = kg.graph
    top = set(g.subjects(SKOS.topConceptOf, ID["mit-risk-domain-taxonomy"]))
    assert {str(g.value(d, SKOS.notation)) for d in top} == {str(n) for n in range(1, 8)}
    subdomains = {c for c in g.subjects(SKOS.inScheme, ID["mit-risk-domain-taxonomy"]) if c not in top}
    assert {str(g.value(s, SKOS.notation)) for s in subdomains} == SUBDOMAIN_CODES
    for s in subdomains:
        domain = g.value(s, SKOS.broader)
        assert str(g.value(s, SKOS.notation)).split(".")[0] == str(g.value(domain, SKOS.notation))


def test_the_causal_taxonomy_has_entity_intent_and_timing_with_their_values(kg) -> None:
    g = kg.graph
    for dimension, values in {"entity": {"Human", "AI", "Other"}, "intent": {"Intentional", "Unintentional", "Other"},
                              "timing": {"Pre-deployment", "Post-deployment", "Other"}}.items():
        labels = {str(g.value(v, RDFS.label))
                  for v in g.subjects(SKOS.broader, ID[f"mit-causal-{dimension}"])}
        assert labels == values, dimension


def test_the_nist_scheme_has_the_four_functions_and_cites_the_article_source(kg) -> None:
    g = kg.graph
    functions = set(g.subjects(SKOS.inScheme, ID["nist-ai-rmf-functions"]))
    assert {str(g.value(f, SKOS.notation)) for f in functions} == {"GV", "MP", "MS", "MG"}
    assert all((f, DCTERMS.source, ID["nist-ai-rmf-page"]) in g for f in functions)


def test_every_risk_has_an_mit_subdomain_and_a_full_causal_classification(kg) -> None:
    g = kg.graph
    missing = []
    for risk in g.subjects(RDF.type, AKG.Risk):
        subdomains = {c for c in mapped(g, risk, "mit-risk-domain-taxonomy") if g.value(c, SKOS.broader)}
        if not subdomains:
            missing.append(f"{risk}: no MIT subdomain")
        for dimension in ("entity", "intent", "timing"):
            if len(mapped(g, risk, "mit-causal-taxonomy", under=f"mit-causal-{dimension}")) != 1:
                missing.append(f"{risk}: not exactly one causal {dimension}")
    assert missing == []


def test_every_technique_has_a_mitigation_category_and_a_nist_function(kg) -> None:
    g = kg.graph
    missing = [f"{t}: {what}" for t in techniques(g)
               for what, scheme in (("MIT mitigation category", "mit-mitigation-taxonomy"),
                                    ("NIST AI RMF function", "nist-ai-rmf-functions"))
               if not mapped(g, t, scheme)]
    assert missing == []


def test_every_mapping_carries_justification_confidence_and_a_source_and_its_triple_exists(kg) -> None:
    found = mappings_in(kg.graph)
    assert len(found) >= 100
    for m in found:
        assert m.justification and m.confidence is not None and Decimal(0) <= m.confidence <= Decimal(1), m
        assert m.sources and all((s, RDF.type, None) in kg.graph for s in m.sources), m
        # a review that found no match (sssom:NoTermFound) is a record without a triple
        assert ((m.subject, m.predicate, m.object) in kg.graph) == (m.object != NO_TERM), m


def test_every_skos_match_to_a_taxonomy_concept_has_a_mapping_record(kg) -> None:
    g = kg.graph
    recorded = {(m.subject, m.predicate, m.object) for m in mappings_in(g)}
    for concept in g.subjects(RDF.type, AKG.TaxonomyConcept):
        for predicate in MATCHES:
            for subject in g.subjects(predicate, concept):
                assert (subject, predicate, concept) in recorded


def test_every_qualified_mitigation_agrees_with_its_addresses_triple(kg) -> None:
    g = kg.graph
    qualified = {(g.value(m, AKG.technique), g.value(m, AKG.risk)) for m in g.subjects(RDF.type, AKG.Mitigation)}
    plain = set(g.subject_objects(AKG.addresses))
    assert qualified == plain
    assert len(list(g.subjects(RDF.type, AKG.Mitigation))) == len(plain)  # one record per link


def test_mitigation_strengths_are_weak_moderate_or_strong(kg) -> None:
    strengths = {str(s) for s in kg.graph.objects(None, AKG.strength)}
    assert strengths <= {"weak", "moderate", "strong"}


def test_taxonomy_names_and_codes_match_the_reference(kg) -> None:
    g = kg.graph
    ours = {str(g.value(c, DCTERMS.identifier)): c for c in g.subjects(RDF.type, AKG.TaxonomyConcept)
            if g.value(c, DCTERMS.identifier)}
    checked = 0
    for name in ("mit_ai_risk_repository_data.yaml", "mit_ai_risk_mitigation_data.yaml"):
        data = yaml.safe_load(reference(name).read_text(encoding="utf-8"))
        for item in data.get("groups", []) + data.get("entries", []):
            if item["id"] not in ours or not item["id"].startswith(("mit-ai-risk-subdomain", "mit-draft")):
                continue
            code, _, text = " ".join(item["name"].split()).partition(" ") if item["id"].startswith("mit-draft") \
                else (item["id"].rsplit("-", 1)[-1], "", " ".join(item["name"].split()))
            concept = ours[item["id"]]
            assert str(g.value(concept, RDFS.label)) == text
            assert str(g.value(concept, SKOS.notation)) == code.rstrip(".")
            checked += 1
    assert checked == 24 + 27


# ----- SHACL on the crosswalk records --------------------------------------------------------------

def test_the_crosswalk_fixture_is_valid(xw) -> None:
    assert problems(xw.graph, xw.origins) == []


def test_a_mapping_record_without_its_skos_triple_breaks_the_shapes(xw) -> None:
    graph = Graph() + xw.graph
    graph.remove((ID["debate"], SKOS.relatedMatch, ID["nist-rmf-measure"]))
    found = problems(graph, xw.origins)
    assert any("debate--relatedMatch--nist-rmf-measure" in p and "SKOS triple" in p for p in found), found


def test_a_skos_match_without_a_mapping_record_breaks_the_shapes(xw) -> None:
    graph = Graph() + xw.graph
    graph.add((ID["ai-control"], SKOS.closeMatch, ID["mit-subdomain-7-1"]))
    assert any("without a mapping record" in p and "ai-control" in p for p in problems(graph, xw.origins))


def test_a_mitigation_whose_technique_does_not_address_the_risk_breaks_the_shapes(xw) -> None:
    graph = Graph() + xw.graph
    graph.remove((ID["ai-control"], AKG.addresses, ID["deceptive-alignment"]))
    assert any("does not akg:addresses its risk" in p for p in problems(graph, xw.origins))


# ----- mapping sets in the data ----------------------------------------------------------------------

@pytest.mark.parametrize("row, message", [
    ({"subject": "no-such-risk"}, "row 1: unknown subject 'no-such-risk'"),
    ({"predicate": "owl:sameAs"}, "row 1: unknown predicate 'owl:sameAs'"),
    ({"object": "no-such-concept"}, "row 1: unknown object 'no-such-concept'"),
    ({"confidence": 1.5}, "row 1: 'confidence' must be a number from 0 to 1"),
    ({"source": "no-such-source"}, "row 1: unknown source 'no-such-source'"),
    ({"justification": None}, "row 1: missing justification"),
    ({"why": "typo"}, "row 1: unknown key(s) why"),
])
def test_a_bad_mapping_row_names_the_file_and_row(tmp_path, row, message) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE / "data", data)
    good = {"subject": "debate", "predicate": "skos:broadMatch", "object": "mit-subdomain-7-1",
            "justification": "A test row.", "confidence": 0.5, "source": "sec-a"}
    (data / "mappings.yaml").write_text(yaml.safe_dump({"mappings": [{**good, **row}]}), encoding="utf-8")
    with pytest.raises(DataError) as error:
        alignkg.load(data)
    assert "mappings.yaml" in str(error.value) and message in str(error.value)


def test_the_same_pair_mapped_twice_is_an_error(tmp_path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE / "data", data)
    row = {"subject": "debate", "predicate": "skos:broadMatch", "object": "mit-subdomain-7-1",
           "justification": "A test row.", "confidence": 0.5, "source": "sec-a"}
    (data / "mappings.yaml").write_text(yaml.safe_dump({"mappings": [row, {**row, "predicate": "skos:closeMatch"}]}))
    with pytest.raises(DataError, match="row 2: maps alignkg:debate to alignkg:mit-subdomain-7-1 again"):
        alignkg.load(data)


# ----- SSSOM out and in ------------------------------------------------------------------------------

def test_sssom_round_trip_through_the_sssom_package_and_back_into_a_graph_without_mappings(kg, tmp_path) -> None:
    sssom_parsers = pytest.importorskip("sssom.parsers")
    from sssom.constants import SchemaValidationType
    from sssom.validators import validate

    exported = tmp_path / "alignkg.sssom.tsv"
    exported.write_text(write_sssom(kg.graph), encoding="utf-8")
    msdf = sssom_parsers.parse_sssom_table(str(exported))
    original = mappings_in(kg.graph)
    assert len(msdf.df) == len(original)
    assert msdf.metadata["license"] == "https://opensource.org/licenses/MIT"
    reports = validate(msdf, [SchemaValidationType.JsonSchema, SchemaValidationType.PrefixMapCompleteness],
                       fail_on_error=False)
    assert all(not report.results for report in reports.values())
    row = msdf.df[(msdf.df.subject_id == "alignkg:deceptive-alignment")
                  & (msdf.df.object_id == "alignkg:mit-subdomain-7-1")].iloc[0]
    assert row.predicate_id == "skos:broadMatch" and 0 < float(row.confidence) <= 1 and row.comment

    data = data_without_mappings(tmp_path)
    empty = alignkg.load(data)
    assert mappings_in(empty.graph) == []
    target, imported = import_sssom(exported, empty.graph, data)
    assert target.parent == data and len(imported) == len(original)
    assert mappings_in(alignkg.load(data).graph) == original


def test_sssom_import_rejects_a_bad_file_and_writes_nothing(xw, tmp_path) -> None:
    good = "alignkg:debate\tskos:broadMatch\talignkg:mit-subdomain-7-1\tsemapv:ManualMappingCuration\t0.5\tok\n"
    cases = {
        "unknown subject": (good + good.replace("alignkg:debate", "alignkg:nobody"), "row 2: unknown subject"),
        "unknown predicate": (good + good.replace("skos:broadMatch", "owl:sameAs").replace("debate", "ai-control"),
                              "row 2: unknown predicate 'owl:sameAs'"),
        "malformed row": (good + "alignkg:ai-control\tskos:broadMatch\n", "row 2: has 2 cells, the header has 6"),
        "bad confidence": (good + good.replace("0.5", "high").replace("debate", "ai-control"),
                           "row 2: 'confidence' must be a number"),
    }
    for name, (rows, message) in cases.items():
        path = tmp_path / f"{name.replace(' ', '-')}.sssom.tsv"
        path.write_text(PREFIXES + HEADER + rows, encoding="utf-8")
        with pytest.raises(DataError) as error:
            import_sssom(path, xw.graph, tmp_path)
        assert message in str(error.value) and path.name in str(error.value), name
    assert list(tmp_path.glob("*.mappings.yaml")) == []


def test_sssom_file_without_the_required_columns_is_rejected(xw, tmp_path) -> None:
    path = tmp_path / "x.sssom.tsv"
    path.write_text("subject_id\tobject_id\nalignkg:debate\talignkg:mit-subdomain-7-1\n", encoding="utf-8")
    with pytest.raises(DataError, match="lacks column.*predicate_id"):
        read_sssom(path, xw.graph)


def test_cli_exports_and_imports_mappings(tmp_path) -> None:
    runner = CliRunner()
    data = tmp_path / "data"
    shutil.copytree(FIXTURE / "data", data)
    exported = tmp_path / "fixture.sssom.tsv"
    result = runner.invoke(cli, ["--data", str(data), "mappings", "export", "-o", str(exported)], obj={})
    assert result.exit_code == 0, result.output
    assert exported.read_text().count("\n") > 8
    (data / "mappings.yaml").unlink()
    result = runner.invoke(cli, ["--data", str(data), "mappings", "import", str(exported)], obj={})
    assert result.exit_code == 0, result.output
    assert "imported 8 mapping(s)" in result.output
    again = runner.invoke(cli, ["--data", str(data), "mappings", "import", str(exported)], obj={})
    assert again.exit_code == 2 and "already in the graph" in again.output


# ----- AI Atlas Nexus import -----------------------------------------------------------------------

def test_atlas_import_of_a_small_fixture_gives_a_skos_scheme(tmp_path) -> None:
    result = read_atlas(FIXTURE / "atlas-small.yaml")
    g = result.graph
    scheme = atlas_iri("small-taxonomy")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    assert result.counts == {"documents": 1, "taxonomies": 1, "groups": 2, "entries": 3}
    assert result.skipped == {"actions": 1}
    assert len(set(g.subjects(SKOS.inScheme, scheme))) == 5
    assert (atlas_iri("small-power"), SKOS.broader, atlas_iri("small-group-agency")) in g
    assert (atlas_iri("small-power"), SKOS.closeMatch, atlas_iri("mit-ai-risk-subdomain-7.1")) in g


def test_atlas_import_lands_in_the_data_and_can_be_crosswalked(tmp_path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE / "data", data)
    runner = CliRunner()
    result = runner.invoke(cli, ["--data", str(data), "import", "atlas", str(FIXTURE / "atlas-small.yaml")], obj={})
    assert result.exit_code == 0, result.output
    assert "small-taxonomy" in result.output and "actions (1)" in result.output
    sssom = tmp_path / "to-small.sssom.tsv"
    sssom.write_text(PREFIXES.replace("#mapping_set_id", "#  atlas: https://w3id.org/alignkg/atlas/\n#mapping_set_id")
                     + HEADER + "alignkg:deceptive-alignment\tskos:closeMatch\tatlas:small-deception\t"
                     "semapv:ManualMappingCuration\t0.8\tBoth are about misleading overseers.\n", encoding="utf-8")
    result = runner.invoke(cli, ["--data", str(data), "mappings", "import", str(sssom)], obj={})
    assert result.exit_code == 0, result.output
    kg = alignkg.load(data, validate=True)
    assert (ID["deceptive-alignment"], SKOS.closeMatch, atlas_iri("small-deception")) in kg.graph
    again = runner.invoke(cli, ["--data", str(data), "import", "atlas", str(FIXTURE / "atlas-small.yaml")], obj={})
    assert again.exit_code == 2 and "already imported" in again.output


@pytest.mark.parametrize("name", ["mit_ai_risk_repository_data.yaml", "mit_ai_risk_mitigation_data.yaml",
                                  "nist_ai_rmf_data.yaml"])
def test_atlas_import_of_each_reference_file(name, tmp_path) -> None:
    path = reference(name)
    data = tmp_path / "data"
    shutil.copytree(FIXTURE / "data", data)
    target, result = import_atlas(path, data)
    assert target.is_file() and result.schemes
    source = yaml.safe_load(path.read_text(encoding="utf-8"))
    concepts = len(source.get("groups") or []) + len(source.get("entries") or [])
    graph = alignkg.load(data, validate=True).graph
    imported = {c for s in result.schemes for c in graph.subjects(SKOS.inScheme, atlas_iri(s))}
    assert len(imported) == concepts


@pytest.mark.parametrize("text, message", [
    ("- just a list\n", "YAML mapping of collections"),
    ("taxonomies: [\n", "malformed YAML: line"),
    ("documents: [{id: d, name: D}]\n", "no taxonomies, groups or entries"),
    ("taxonomies: [{id: t, name: T}]\nentries: [{id: e, name: E, isDefinedByTaxonomy: t}, {name: F}]\n",
     "entries #2 needs a text 'id'"),
    ("taxonomies: [{id: t, name: T}]\nentries: [{id: e, name: E, isDefinedByTaxonomy: t}, {id: e, name: F}]\n",
     "entries #2 (id 'e'): duplicate id"),
    ("taxonomies: [{id: t, name: T}]\nentries: [{id: e, name: E, isDefinedByTaxonomy: t, isPartOf: g}]\n",
     "entries #1 (id 'e'): 'isPartOf' refers to 'g'"),
    ("taxonomies: [{id: t, name: T}]\nentries: [{id: e, isDefinedByTaxonomy: t}]\n", "entries #1 (id 'e'): needs a text 'name'"),
    ("taxonomies: [{id: t, name: T}]\nentries: [{id: e, name: E, isDefinedByTaxonomy: u}]\n",
     "'isDefinedByTaxonomy' refers to 'u'"),
    ("taxonomies: [{id: t, name: T}]\ngroups: {id: g}\n", "'groups' must be a list"),
])
def test_a_bad_atlas_file_is_reported_and_nothing_is_written(tmp_path, text, message) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    with pytest.raises(DataError) as error:
        import_atlas(path, data)
    assert message in str(error.value) and "bad.yaml" in str(error.value)
    assert list(data.iterdir()) == []


# ----- AIRO alignment ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def airo() -> Graph:
    return Graph().parse(reference("airo.ttl"), format="turtle")


def test_every_airo_term_we_use_is_declared_by_airo(airo) -> None:
    used = {o for _, _, o in ontology() if isinstance(o, URIRef) and o.startswith(str(AIRO))}
    assert used >= {AIRO.Risk, AIRO.RiskControl, AIRO.mitigatesRiskConcept}
    assert all((term, RDF.type, None) in airo for term in used)


def test_our_ontology_and_data_merged_with_airo_are_consistent_under_owl_rl(xw, airo) -> None:
    import owlrl
    from owlrl.Namespaces import ERRNS

    union = Graph() + xw.graph + airo
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(union)
    assert list(union.subjects(RDF.type, ERRNS.ErrorMessage)) == []
    assert (ID["debate"], RDF.type, AIRO.RiskControl) in union
    assert (ID["deceptive-alignment"], RDF.type, AIRO.Risk) in union
    assert (ID["debate"], AIRO.mitigatesRiskConcept, ID["deceptive-alignment"]) in union
    from pyshacl import validate

    conforms, _, text = validate(union, shacl_graph=shapes(), inference="none")
    assert conforms, text


def test_the_owl_rl_check_would_catch_a_clash_with_airo(xw, airo) -> None:
    import owlrl
    from owlrl.Namespaces import ERRNS

    union = Graph() + xw.graph + airo
    union.add((AKG.Technique, OWL.disjointWith, AIRO.RiskControl))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(union)
    assert list(union.subjects(RDF.type, ERRNS.ErrorMessage))


def test_the_curated_graph_merged_with_airo_passes_shacl(kg, airo) -> None:
    assert problems(kg.graph + airo, kg.origins) == []


# ----- search finds taxonomy concepts ---------------------------------------------------------------

def test_search_finds_the_mit_subdomain_for_ai_pursuing_its_own_goals(kg) -> None:
    results = kg.search("AI pursuing its own goals", k=5)
    hit = next((r for r in results if str(r.iri) == str(ID["mit-subdomain-7-1"])), None)
    assert hit is not None, [r.label for r in results]
    mapped_risks = {n.label for n in hit.neighbors if n.type == "Risk" and n.relation == "broadMatch"}
    assert {"Deceptive Alignment", "Scheming", "Reward Hacking"} <= mapped_risks


def test_the_crosswalk_modules_docstring_examples_run() -> None:
    import doctest

    from alignkg.graph import atlas, mappings, sssom

    for module in (mappings, sssom, atlas):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_an_addresses_triple_without_its_mitigation_record_breaks_the_shapes(xw) -> None:
    graph = Graph() + xw.graph
    graph.add((ID["debate"], AKG.addresses, ID["deceptive-alignment"]))  # already there: no violation
    assert problems(graph, xw.origins) == []
    for node in list(graph.subjects(AKG.technique, ID["ai-control"])):
        graph.remove((node, None, None))
    found = problems(graph, xw.origins)
    assert any("without a qualified akg:Mitigation record" in p and "ai-control" in p for p in found), found


def test_the_coverage_matrix_can_colour_by_evidence_strength(kg) -> None:
    from alignkg.viz import draw

    matrix = draw(kg, "coverage", by="strength").coverage
    rows = kg.query("crosswalk-strength-matrix")
    labels = {str(kg.graph.value(n, RDFS.label)): str(n).rsplit("/", 1)[-1]
              for n in set(kg.graph.subjects(RDF.type, AKG.Risk)) | techniques(kg.graph)}
    expected = {(labels[r["risk"]], labels[r["technique"]]): r["strength"] or "" for r in rows}
    assert matrix.cells == expected
    html = draw(kg, "coverage", by="strength").html()
    assert html.count('data-strength="strong"') == sum(v == "strong" for v in expected.values())
    with pytest.raises(alignkg.AlignKGError, match="unknown coverage colouring"):
        draw(kg, "coverage", by="colour")
