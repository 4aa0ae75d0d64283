"""The AI Atlas Nexus package as the layer 'atlas' (docs/crosswalks.md, "The AI Atlas Nexus layer").

The package (``ai-atlas-nexus==1.2.5``, installed by ``make install``) is imported once
into a home of its own; the counts are checked against the package's files read
here with plain ``yaml``/``csv``, independently of the importer.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

import alignkg
from alignkg.errors import DataError, QueryError
from alignkg.graph.atlas import atlas_iri
from alignkg.graph.atlas_layer import AtlasPackage, import_package, installed_package
from alignkg.graph.mappings import NO_TERM, mappings_in
from alignkg.graph.schema import AKG, ID
from alignkg.graph.sparql import named_queries

ROOT = Path(__file__).resolve().parents[1]
HUB = sorted(name for name, q in named_queries().items() if q.layers)
CURATED_ONLY = sorted(name for name, q in named_queries().items() if not q.layers)


class Home:
    """Point ``ALIGNKG_HOME`` at a folder of our own while the block runs."""

    def __init__(self, path: Path) -> None:
        self.path, self.saved = path, None

    def __enter__(self) -> Path:
        self.saved = os.environ["ALIGNKG_HOME"]
        os.environ["ALIGNKG_HOME"] = str(self.path)
        return self.path

    def __exit__(self, *exc: object) -> None:
        os.environ["ALIGNKG_HOME"] = self.saved


@pytest.fixture(scope="session")
def package() -> AtlasPackage:
    return installed_package()  # fails, saying what to pip install, when make install did not install it


@pytest.fixture(scope="session")
def atlas_home(package: AtlasPackage) -> Path:
    with Home(Path(tempfile.mkdtemp(prefix="alignkg-atlas-home-"))) as home:
        report = import_package(package)
        assert not report.unchanged and report.version == package.version
    return home


@pytest.fixture(scope="session")
def layered(atlas_home: Path) -> alignkg.KnowledgeGraph:
    with Home(atlas_home):
        return alignkg.load(layers="curated,atlas")


def manifest(home: Path) -> dict:
    return yaml.safe_load((home / "layers" / "atlas" / "layer.yaml").read_text(encoding="utf-8"))


def test_every_entity_of_every_file_arrives(package: AtlasPackage, atlas_home: Path,
                                            layered: alignkg.KnowledgeGraph) -> None:
    files = sorted((package.data / "knowledge_graph").rglob("*.yaml"))
    assert len(files) >= 35
    expected, ids = {}, set()
    graph = layered.graph
    for path in files:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        name = path.relative_to(package.data).as_posix()
        expected[name] = {collection: len(items) for collection, items in document.items()}
        for collection, items in document.items():
            for item in items:
                ids.add(item["id"])
                node = atlas_iri(item["id"])
                assert (node, DCTERMS.identifier, Literal(item["id"])) in graph, (name, collection, item["id"])
                assert (node, RDF.type, AKG.AtlasEntity) not in graph  # typed by kind, not the umbrella class
                assert any(str(c).startswith(str(AKG) + "Atlas") for c in graph.objects(node, RDF.type))
                if isinstance(item.get("name"), str):
                    assert Literal(" ".join(item["name"].split()), lang="en") in set(graph.objects(node, RDFS.label))
                if isinstance(item.get("description"), str) and item["description"].strip():
                    assert (node, DCTERMS.description, None) in graph
    assert manifest(atlas_home)["knowledge_files"] == expected
    entities = layered.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c . ?c rdfs:subClassOf akg:AtlasEntity }")
    assert entities[0]["n"] == len(ids) == manifest(atlas_home)["entity_count"]


def test_every_sssom_row_arrives_as_a_record(package: AtlasPackage, atlas_home: Path,
                                             layered: alignkg.KnowledgeGraph) -> None:
    files = sorted((package.data / "mappings").glob("*.tsv"))
    assert len(files) == 16
    counted = {}
    for path in files:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#") and line.strip()]
        rows = list(csv.DictReader(lines, delimiter="\t"))
        counted[path.relative_to(package.data).as_posix()] = len(rows)
        stem = path.name.split(".")[0]
        records = layered.query(f"""SELECT ?record ?subject WHERE {{
            ?record a akg:AtlasMapping ; dcterms:isPartOf atlas:mapping-set-{stem} .
            OPTIONAL {{ ?record owl:annotatedSource/dcterms:identifier ?subject }} }}""")
        assert len(records) == len(rows), path.name
        subjects = Counter(r["subject"] for r in records if r["subject"])
        in_atlas = Counter(row["subject_id"].partition(":")[2] for row in rows)
        assert subjects and all(in_atlas[s] >= n for s, n in subjects.items()), path.name
    assert manifest(atlas_home)["sssom_rows"] == counted
    # a row with a confidence keeps it, and its match triple is in the graph
    row = layered.query("""SELECT ?s ?p ?o ?c WHERE { ?m a akg:AtlasMapping ; owl:annotatedSource ?s ;
        owl:annotatedProperty ?p ; owl:annotatedTarget ?o ; akg:mappingConfidence ?c } LIMIT 1""")[0]
    assert (URIRef(row["s"]), URIRef(row["p"]), URIRef(row["o"])) in layered.graph and 0 <= row["c"] <= 1


def test_imported_risks_are_airo_risks_but_not_ours(layered: alignkg.KnowledgeGraph, kg: alignkg.KnowledgeGraph) -> None:
    ours = {r["r"] for r in kg.query("SELECT ?r WHERE { ?r a akg:Risk }")}
    assert {r["r"] for r in layered.query("SELECT ?r WHERE { ?r a akg:Risk }")} == ours
    names = {r["r"] for r in layered.query("SELECT DISTINCT ?r WHERE { ?r a/rdfs:subClassOf* airo:Risk }")}
    assert ours < names and str(atlas_iri("atlas-jailbreaking")) in names
    taxonomies = layered.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?r a airo:Risk ; skos:inScheme ?s }")
    assert taxonomies[0]["n"] >= 10


def test_reimport_of_the_same_version_is_a_no_op(package: AtlasPackage, atlas_home: Path) -> None:
    before = manifest(atlas_home)
    with Home(atlas_home):
        report = import_package(package)
    assert report.unchanged and "nothing to do" in report.summary()
    assert manifest(atlas_home) == before


def test_a_new_version_replaces_the_layer_and_says_what_changed(package: AtlasPackage, tmp_path: Path) -> None:
    def fake(version: str, edit) -> AtlasPackage:  # noqa: ANN001
        data = tmp_path / version / "data"
        (data / "knowledge_graph").mkdir(parents=True)
        for name in ("owasp_asi_data.yaml", "owasp_llm_2.0_data.yaml"):
            shutil.copy(package.data / "knowledge_graph" / name, data / "knowledge_graph" / name)
        edit(data / "knowledge_graph")
        return AtlasPackage(version, data)

    def change(folder: Path) -> None:
        (folder / "owasp_llm_2.0_data.yaml").unlink()
        path = folder / "owasp_asi_data.yaml"
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        document["entries"][0]["description"] = "Reworded in the new version."
        document["entries"].append({"id": "asi99-new", "name": "A new risk", "type": "Risk",
                                    "isDefinedByTaxonomy": "owasp-asi"})
        path.write_text(yaml.safe_dump(document), encoding="utf-8")

    with Home(tmp_path / "home"):
        first = import_package(fake("1.0", lambda folder: None))
        second = import_package(fake("2.0", change))
        kg = alignkg.load(layers="curated,atlas")
    assert first.entities == 2 + 20 + 1 and not first.previous  # 2 taxonomies, 20 risks, 1 document
    assert (second.previous, second.added, second.removed, second.changed) == ("1.0", 1, 11, 1)
    assert "was 1.0: +1 new, -11 gone, 1 changed" in second.summary()
    assert kg.query("ASK { atlas:asi99-new a akg:AtlasRisk }")
    assert not kg.query("ASK { atlas:owasp-llm-2.0 ?p ?o }")


def test_a_missing_package_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import metadata

    def missing(name: str) -> None:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", missing)
    with pytest.raises(DataError, match=r"pip install --no-deps ai-atlas-nexus==1\.2\.5"):
        installed_package()


@pytest.mark.parametrize("name", CURATED_ONLY)
def test_the_layer_changes_no_curated_answer(kg: alignkg.KnowledgeGraph, layered: alignkg.KnowledgeGraph,
                                             name: str) -> None:
    assert sorted(map(repr, layered.query(name))) == sorted(map(repr, kg.query(name)))


@pytest.mark.parametrize("name", HUB)
def test_hub_queries_need_the_layer(kg: alignkg.KnowledgeGraph, layered: alignkg.KnowledgeGraph, name: str) -> None:
    assert named_queries()[name].layers == ("atlas",)
    assert kg.query(name) == []  # without the layer: empty, not an error
    assert layered.query(name), f"{name} answers nothing with the atlas layer on"


def test_deceptive_alignment_across_the_hub(layered: alignkg.KnowledgeGraph) -> None:
    matches = layered.execute("hub-risk-matches", {"r": ID["deceptive-alignment"]})
    taxonomies = {str(row.taxonomy) for row in matches}
    assert {"IBM AI Risk Atlas", "OWASP Top 10 for Agentic Applications"} <= taxonomies
    controls = {str(row.controlTaxonomy) for row in layered.execute("hub-risk-controls", {"r": ID["deceptive-alignment"]})}
    assert controls - {""}, "no taxonomy's controls address what deceptive alignment matches"


def test_coverage_gap_is_the_complement_of_what_techniques_reach(layered: alignkg.KnowledgeGraph) -> None:
    from alignkg.viz.coverage import coverage

    matrix = coverage(layered, taxonomy="owasp-agentic")
    gap = {r["entry"] for r in layered.execute("hub-coverage-gap", {"scheme": atlas_iri("owasp-asi")})
           for r in [{"entry": str(r.entry)}]}
    assert len(matrix.risks) == 10 and set(matrix.gaps) == gap
    assert matrix.techniques and all(not r["gap"] for r in matrix.risks if r["answers"])


def test_layered_graph_passes_the_shapes(layered: alignkg.KnowledgeGraph) -> None:
    from alignkg.ontology.validate import problems

    assert problems(layered.graph, layered.origins) == []


def test_every_risk_is_mapped_to_ibm_or_owasp_agentic_or_reviewed_without_match(
        layered: alignkg.KnowledgeGraph, kg: alignkg.KnowledgeGraph) -> None:
    risks = {str(r["r"]) for r in kg.query("SELECT ?r WHERE { ?r a akg:Risk }")}
    assert len(risks) == 26
    covered = set()
    for m in mappings_in(kg.graph):
        if m.object == NO_TERM:
            covered.add(str(m.subject))
        elif (m.object, SKOS.inScheme, atlas_iri("ibm-risk-atlas")) in layered.graph \
                or (m.object, SKOS.inScheme, atlas_iri("owasp-asi")) in layered.graph:
            covered.add(str(m.subject))
    assert risks - covered == set()


def test_curated_mappings_name_real_atlas_entries(layered: alignkg.KnowledgeGraph) -> None:
    document = yaml.safe_load((ROOT / "graph" / "data" / "atlas-mappings.yaml").read_text(encoding="utf-8"))
    targets = [row for row in document["mappings"] if str(row["object"]).startswith("atlas:")]
    assert len(targets) >= 26
    for row in targets:
        node = atlas_iri(row["object"].removeprefix("atlas:"))
        assert (node, RDF.type, AKG.AtlasRisk) in layered.graph, row["object"]
        assert str(layered.graph.value(node, RDFS.label)) == row["object_label"], row["object"]


def test_scheme_filter_and_names(layered: alignkg.KnowledgeGraph, kg: alignkg.KnowledgeGraph) -> None:
    from alignkg.graph.schemes import find_scheme

    assert find_scheme(layered.graph, "owasp-agentic") == atlas_iri("owasp-asi")
    assert find_scheme(layered.graph, "ibm-risk-atlas") == atlas_iri("ibm-risk-atlas")
    with pytest.raises(QueryError, match="needs --layers curated,atlas|known:"):
        find_scheme(kg.graph, "owasp-agentic")
    results = kg.search("an AI pursuing goals its designers did not intend", k=5, scheme="mit-risk-domain-taxonomy")
    assert results and all(r.scheme == "MIT AI Risk Repository — Domain Taxonomy" or r.scheme for r in results)
    assert all((URIRef(r.iri), SKOS.inScheme, ID["mit-risk-domain-taxonomy"]) in kg.graph for r in results)


def test_imported_entities_are_indexed_for_search(layered: alignkg.KnowledgeGraph) -> None:
    from alignkg.embeddings.text import documents

    docs = {d.iri: d for d in documents(layered.graph)}
    goal_hijack = docs[str(atlas_iri("asi01-agent-goal-hijack"))]
    assert goal_hijack.type == "AtlasRisk" and "Goal Hijack" in goal_hijack.text
    assert not any(d.type in ("AtlasMapping", "AtlasMappingSet") for d in docs.values())


def test_docstring_examples_run() -> None:
    import doctest

    from alignkg.graph import atlas_layer, schemes

    for module in (atlas_layer, schemes):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_cli_import_atlas_takes_a_file_or_package() -> None:
    from click.testing import CliRunner

    from alignkg.cli import cli

    result = CliRunner().invoke(cli, ["import", "atlas"], obj={})
    assert result.exit_code == 2 and "give either FILE or --package" in result.output
