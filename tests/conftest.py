"""Shared fixtures: the curated graph is compiled once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

import alignkg

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def kg() -> alignkg.KnowledgeGraph:
    """The embedded curated graph."""
    return alignkg.load()


@pytest.fixture(scope="session")
def mini() -> alignkg.KnowledgeGraph:
    """A small fixture graph with every kind of link, for fast focused tests."""
    return alignkg.load(FIXTURES / "mini")
