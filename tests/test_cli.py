"""Smoke tests of the console script: every command runs and says something useful."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest


def alignkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "alignkg", *args], capture_output=True, text=True, check=False)


def test_help_lists_the_commands() -> None:
    result = alignkg("--help")
    assert result.returncode == 0
    for command in ("build", "query", "queries", "export"):
        assert command in result.stdout


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "alignkg"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "0.1.0" in result.stdout


def test_queries_lists_names_with_descriptions() -> None:
    result = alignkg("queries")
    assert "techniques-for-deceptive-alignment" in result.stdout
    assert "Which techniques address deceptive alignment" in result.stdout


def test_build_writes_a_turtle_graph(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    result = alignkg("build", "-o", str(out))
    assert result.returncode == 0, result.stderr
    from rdflib import Graph

    assert len(Graph().parse(out)) > 1000
    assert "valid" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_query_as_delimited_text(fmt: str) -> None:
    result = alignkg("query", "deployed-forward-techniques", "--format", fmt)
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))
    assert {r["technique"] for r in rows} == {"RLHF", "Constitutional AI", "DPO"}


def test_query_as_sparql_json() -> None:
    result = alignkg("query", "SELECT ?t WHERE { ?t akg:addresses id:sycophancy }", "--format", "json")
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["t"] and len(data["results"]["bindings"]) >= 2


def test_query_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("ASK { id:debate akg:direction id:forward-alignment }")
    assert alignkg("query", str(path)).stdout.strip() == "true"


@pytest.mark.parametrize("fmt, marker", [("turtle", "@prefix"), ("nt", "<https://w3id.org/alignkg/id/"),
                                         ("jsonld", "\"@id\""), ("graphml", "<graphml")])
def test_export_to_stdout(fmt: str, marker: str) -> None:
    result = alignkg("export", "--format", fmt)
    assert result.returncode == 0 and marker in result.stdout


def test_query_path_does_not_import_torch() -> None:
    heavy = ("torch", "sentence_transformers", "faiss", "matplotlib", "starlette", "pandas")  # pyoxigraph is the engine
    code = ("import sys, alignkg, alignkg.cli; kg = alignkg.load(); kg.query('techniques-by-risk');"
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_lazy_commands_list_their_own_help() -> None:
    import importlib

    from alignkg.cli import LAZY_COMMANDS

    for name, (module, attribute, summary) in LAZY_COMMANDS.items():
        command = getattr(importlib.import_module(module), attribute)
        assert (command.help or "").strip().splitlines()[0] == summary, name


def test_help_imports_neither_rdflib_nor_the_other_commands() -> None:
    code = ("import sys; from alignkg.cli import cli\n"
            "try:\n    cli(['--help'], obj={})\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('rdflib', 'alignkg.kg', 'alignkg.viz.cli', 'alignkg.server.cli',"
            " 'alignkg.embeddings.cli', 'pyoxigraph') if m in sys.modules), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "serve" in result.stdout and result.stderr.strip() == "[]"
