"""Bad input gets one clear error naming the file and entry, and nothing is half-written."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import alignkg
from alignkg.errors import DataError, QueryError, ValidationError

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of the mini fixture graph."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "alignkg", *args], capture_output=True, text=True)


def test_fixture_is_valid(data: Path) -> None:
    alignkg.load(data, validate=True)


def test_malformed_yaml_names_the_file_and_line(data: Path) -> None:
    (data / "risks.yaml").write_text("- id: x\n  label: [unclosed\n")
    with pytest.raises(DataError) as err:
        alignkg.load(data)
    assert "risks.yaml" in str(err.value) and "line" in str(err.value)


def test_malformed_turtle_names_the_file(data: Path) -> None:
    (data / "extra.ttl").write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    with pytest.raises(DataError) as err:
        alignkg.load(data)
    assert "extra.ttl" in str(err.value)


def test_unknown_reference_names_the_file_and_entity(data: Path) -> None:
    text = (data / "techniques.yaml").read_text().replace("led_by: [ada]", "led_by: [nobody]")
    (data / "techniques.yaml").write_text(text)
    with pytest.raises(DataError) as err:
        alignkg.load(data)
    message = str(err.value)
    assert "techniques.yaml" in message and "'debate'" in message and "'nobody'" in message


def test_duplicate_id_names_both_files(data: Path) -> None:
    with (data / "organizations.yaml").open("a") as f:
        f.write("- {id: debate, label: Debate Club, description: A club., source: sec-a}\n")
    with pytest.raises(DataError) as err:
        alignkg.load(data)
    message = str(err.value)
    assert "duplicate id" in message and "organizations.yaml" in message and "techniques.yaml" in message


def test_missing_label_names_the_entry(data: Path) -> None:
    (data / "organizations.yaml").write_text("- {id: lab, description: A lab., source: sec-a}\n")
    with pytest.raises(DataError) as err:
        alignkg.load(data)
    assert "organizations.yaml" in str(err.value) and "'lab'" in str(err.value) and "label" in str(err.value)


def test_unknown_key_is_rejected(data: Path) -> None:
    text = (data / "techniques.yaml").read_text().replace("maturity: maturity-research", "maturty: maturity-research")
    (data / "techniques.yaml").write_text(text)
    with pytest.raises(DataError, match="unknown key.*maturty"):
        alignkg.load(data)


def test_technique_addressing_a_person_fails_shacl_naming_the_entry(data: Path) -> None:
    text = (data / "risks.yaml").read_text().replace("    - debate\n", "    - ada\n")
    (data / "risks.yaml").write_text(text)
    kg = alignkg.load(data)  # references exist, so compiling succeeds ...
    with pytest.raises(ValidationError) as err:
        kg.validate()  # ... but the shapes catch the wrong type
    problem = "\n".join(err.value.problems)
    assert "risks.yaml: entry 'deceptive-alignment'" in problem and "ada" in problem
    assert "only a Technique can address a risk" in problem


def test_turtle_technique_addressing_a_person_fails_shacl_naming_the_turtle_file(data: Path) -> None:
    (data / "extra.ttl").write_text(
        "@prefix akg: <https://w3id.org/alignkg/ontology#> .\n"
        "@prefix id: <https://w3id.org/alignkg/id/> .\n"
        "id:debate akg:addresses id:ada .\n"
    )
    with pytest.raises(ValidationError, match="akg:addresses must point at a Risk") as err:
        alignkg.load(data, validate=True)
    # debate is defined in techniques.yaml, but the bad triple came from extra.ttl: both the shape on
    # akg:addresses and the whole-graph check for its missing Mitigation record name extra.ttl
    problems = err.value.problems
    assert [p for p in problems if "must point at a Risk" in p and "ada" in p]
    assert [p for p in problems if "without a qualified akg:Mitigation record" in p]
    assert all(p.startswith("extra.ttl: entry 'debate':") for p in problems), problems


def test_turtle_only_node_breaking_a_shape_names_the_turtle_file(data: Path) -> None:
    (data / "more.ttl").write_text(
        "@prefix akg: <https://w3id.org/alignkg/ontology#> .\n"
        "@prefix id: <https://w3id.org/alignkg/id/> .\n"
        "id:stray-risk a akg:Risk .\n"
    )
    with pytest.raises(ValidationError) as err:
        alignkg.load(data, validate=True)
    assert any(p.startswith("more.ttl: entry 'stray-risk':") and "rdfs:label" in p for p in err.value.problems)


@pytest.mark.parametrize("key, value", [
    ("label", '"Debate\\0"'),
    ("description", '"Two models argue \\e[31m"'),
    ("alt", '["AI safety via debate", "De\\x07bate"]'),
    ("label", '"Debate\\ttwice"'),  # a tab is fine in a description, not in a name
])
def test_control_character_in_yaml_text_names_file_entry_and_key(data: Path, key: str, value: str) -> None:
    _set_debate(data, key, value)
    with pytest.raises(DataError, match=rf"techniques.yaml: entry 'debate': '{key}(\[2\])?' holds control character"):
        alignkg.load(data)


def test_control_character_in_a_mitigation_or_mapping_row_is_refused(data: Path) -> None:
    text = (data / "risks.yaml").read_text().replace("    - debate\n", '    - {technique: debate, mechanism: "x\\x85y"}\n', 1)
    (data / "risks.yaml").write_text(text)
    with pytest.raises(DataError, match=r"risks.yaml: entry 'deceptive-alignment': 'addressed_by\[\d\].mechanism' "
                                        r"holds control character U\+0085"):
        alignkg.load(data)


def test_control_character_in_turtle_literal_names_the_file(data: Path) -> None:
    (data / "extra.ttl").write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix id: <https://w3id.org/alignkg/id/> .\n"
        'id:debate rdfs:comment "bell\\u0007" .\n'
    )
    with pytest.raises(DataError, match=r"extra.ttl: entry 'debate': rdfs:comment: control character U\+0007"):
        alignkg.load(data)


def test_descriptions_may_hold_line_breaks_and_tabs(data: Path) -> None:
    _set_debate(data, "description", '"a\\tb\\nc"')
    kg = alignkg.load(data)
    assert kg.query('ASK { id:debate dcterms:description "a\\tb\\nc"@en }')


def test_wrong_principle_type_fails_shacl(data: Path) -> None:
    text = (data / "techniques.yaml").read_text().replace(
        "primary_principle: principle-robustness", "primary_principle: severity-critical"
    )
    (data / "techniques.yaml").write_text(text)
    with pytest.raises(ValidationError, match="primaryPrinciple"):
        alignkg.load(data, validate=True)


def test_mitigation_must_agree_with_addresses(data: Path) -> None:
    (data / "extra.ttl").write_text(
        "@prefix akg: <https://w3id.org/alignkg/ontology#> .\n"
        "@prefix id: <https://w3id.org/alignkg/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "id:m a akg:Mitigation ; rdfs:label \"stray\"@en ; dcterms:description \"x\"@en ;\n"
        "  dcterms:source id:sec-a ; akg:technique id:debate ; akg:risk id:nothing .\n"
        "id:nothing a akg:Risk ; rdfs:label \"Nothing\"@en ; dcterms:description \"x\"@en ; dcterms:source id:sec-a .\n"
    )
    with pytest.raises(ValidationError, match="does not akg:addresses its risk"):
        alignkg.load(data, validate=True)


def test_invalid_sparql_names_the_position(mini: alignkg.KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"line 1, column \d+"):
        mini.query("SELECT ?x WHERE { ?x a }")


def test_unknown_named_query_lists_the_names(mini: alignkg.KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="techniques-by-risk"):
        mini.query("no-such-query")


def test_cli_reports_bad_data_without_traceback(data: Path) -> None:
    (data / "risks.yaml").write_text("- id: x\n  label: [unclosed\n")
    result = run_cli("--data", str(data), "query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert result.returncode == DataError.exit_code
    assert "risks.yaml" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("content, reason", [
    (b"SELECT * WHERE { ?s ?p \"caf\xe9\" }", "not UTF-8 text (byte 0xe9"),  # Latin-1
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8 text"),
    (b"SELECT * WHERE { ?s ?p ?o }\x00\x00", "binary, not SPARQL text (U+0000"),
])
def test_cli_reports_binary_or_non_utf8_query_file_in_one_line(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.rq"
    path.write_bytes(content)
    result = run_cli("--data", str(MINI), "query", str(path))
    assert result.returncode == QueryError.exit_code
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert str(path) in result.stderr and reason in result.stderr and "Traceback" not in result.stderr


def test_binary_named_query_names_the_file(tmp_path: Path) -> None:
    from alignkg.graph.sparql import named_queries

    (tmp_path / "good.rq").write_text("# fine\nASK {}\n")
    (tmp_path / "broken.rq").write_bytes(b"# \xff\xfe\n")
    with pytest.raises(QueryError, match=r"broken\.rq is not UTF-8 text"):
        named_queries(tmp_path)


def test_cli_reports_bad_sparql_without_traceback(data: Path) -> None:
    result = run_cli("--data", str(data), "query", "SELECT ?x WHERE {")
    assert result.returncode == QueryError.exit_code
    assert "SPARQL syntax error" in result.stderr and "Traceback" not in result.stderr


def test_failed_build_leaves_the_previous_output_untouched(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    assert run_cli("--data", str(data), "build", "-o", str(out)).returncode == 0
    before = out.read_bytes()
    text = (data / "risks.yaml").read_text().replace("    - debate\n", "    - ada\n")
    (data / "risks.yaml").write_text(text)
    result = run_cli("--data", str(data), "build", "-o", str(out))
    assert result.returncode == ValidationError.exit_code and "Traceback" not in result.stderr
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".graph.ttl")] == []


def _set_debate(data: Path, key: str, value: str) -> None:
    """Give the fixture's first entry (``debate``) a new ``key: value`` line in place of its old one."""
    path = data / "techniques.yaml"
    text = path.read_text()
    assert text.startswith("- id: debate\n")
    path.write_text(re.sub(rf"(?m)^  {key}: .*$", lambda _: f"  {key}: {value}", text, count=1))


def test_atomic_writes_get_the_usual_file_mode(tmp_path: Path) -> None:
    import os

    from alignkg.atomic import write_bytes

    mask = os.umask(0o022)
    try:
        write_bytes(tmp_path / "out.ttl", b"x")
    finally:
        os.umask(mask)
    assert (tmp_path / "out.ttl").stat().st_mode & 0o777 == 0o644
