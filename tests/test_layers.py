"""The layer registry: choosing layers, publishing one atomically, and content fingerprints."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, Literal, URIRef

import alignkg
from alignkg import layers
from alignkg.graph.cache import cache_root


def test_an_unknown_layer_is_an_error_naming_the_layers_there_are() -> None:
    with pytest.raises(alignkg.DataError, match=r"unknown layer\(s\) nope \(available: curated"):
        layers.select("curated,nope")


def test_a_published_layer_replaces_the_old_one_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGNKG_HOME", str(tmp_path))
    first, second = Graph(), Graph()
    first.add((URIRef("https://example.org/a"), RDFS.label, Literal("a")))
    second.add((URIRef("https://example.org/b"), RDFS.label, Literal("b")))
    layers.publish("notes", first, title="Notes", source="test", default=False)
    layer = layers.publish("notes", second, title="Notes", source="test", version="2", default=False)
    held = layers.read_layer(layer)
    assert (URIRef("https://example.org/b"), RDFS.label, Literal("b")) in held
    assert (URIRef("https://example.org/a"), None, None) not in held
    assert layer.version == "2" and [p.name for p in (tmp_path / "layers").iterdir()] == ["notes"]
    assert [l.name for l in layers.select()] == ["curated"]  # off by default, as published


def test_a_large_files_digest_is_remembered_until_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "big.nt"
    path.write_bytes(b"x" * (layers.MEMO_BYTES + 10))
    real = hashlib.sha256(path.read_bytes()).hexdigest()
    assert layers.file_digest(path) == real
    memo_file = cache_root() / "file-digests.json"
    memo = json.loads(memo_file.read_text())
    memo[str(path.resolve())][1] = "remembered"
    memo_file.write_text(json.dumps(memo))
    assert layers.file_digest(path) == "remembered"  # not re-read: same path, size and time
    path.write_bytes(b"y" * (layers.MEMO_BYTES + 10))  # same size, new content and time
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert layers.file_digest(path) == hashlib.sha256(path.read_bytes()).hexdigest() != real
