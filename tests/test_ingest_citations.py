"""Publication proposals on articles the citation rules were not tuned on.

``tests/fixtures/citations/`` holds a made-up wiki page twice over: as MDX (front
matter, inline author-year citations, a venue with a quoted title, a linked citation
phrase, a named report, a law, a news outlet, a results table with a Source column,
a paper table, a table of studies named by their citations, an update table with links,
a resource table, a footnote) and as the wiki's rendered text (citation
cards with glued site, title, authors, description and tags; a reading list; a
reference-list line; a footnote marker without its note). Each citation should become
one proposal with its fields right, and sentences that only hold a year should not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import alignkg
from alignkg.ingest.pipeline import ingest
from alignkg.ingest.review import queue

FIXTURES = Path(__file__).parent / "fixtures" / "citations"

#: label → (rule, fields the proposal must carry); every field the text gives is checked.
EXPECTED = {
    # rendered text (.txt): citation cards, reading list, reference line, unresolved footnote
    "Probing Reward Models for Hidden Shortcuts": ("citation-card", {
        "author_list": "Nadia Rahman, Tomas Ueda et al.", "issued": 2023, "venue": "arXiv", "kind": "paper",
        "credibility": 4}),
    "Open Tooling for Reward Audits": ("citation-card", {"venue": "Windfall Labs", "kind": "web", "credibility": 3}),
    "Counterfactual Reward Probes": ("citation-card", {"author_list": "Ilse Brandt, Omar Haddad", "issued": 2022}),
    "Why Audits Fail Quietly": ("citation-card", {"venue": "Calder Review", "issued": 2025}),
    "Gradient Shielding (GS)": ("unresolved-footnote", {}),
    # MDX: prose, links, tables, footnote
    "Auditing Learned Rewards at Scale": ("paper-table", {
        "author_list": "Marsh, Ueda, Brennan", "issued": 2024, "homepage": "https://example.org/auditing-rewards",
        "alt": ["Marsh et al. (2024)"]}),
    "Mandatory audits for frontier reward models": ("footnote", {
        "author_list": "Lindqvist, S. & Okafor, A.", "issued": 2026, "homepage": "https://example.org/mandatory-audits"}),
    "Haddad et al. (2024)": ("link", {"author_list": "Haddad et al.", "issued": 2024,
                                      "homepage": "https://example.org/haddad-2024"}),
    "Okafor & Lindqvist (2023)": ("author-year", {"author_list": "Okafor & Lindqvist", "issued": 2023}),
    "Section 12 of the Model Accountability Act of 2027": ("legislation", {"issued": 2027, "kind": "government"}),
    "Audit-Tune (ICML 2025)": ("source-column", {"venue": "ICML", "issued": 2025}),
    "ShortcutScan (ACL 2024)": ("source-column", {"venue": "ACL", "issued": 2024}),
    "Frontier Audit Index Spring 2026": ("named-report", {"issued": 2026}),
    "Hollis Institute's 2025 survey": ("organisation-year", {"author_list": "Hollis Institute", "issued": 2025}),
    "Harbour Wire report": ("news-report", {"venue": "Harbour Wire"}),
    "Voss et al. (2025)": ("paper-table", {"author_list": "Voss et al.", "issued": 2025, "venue": "arXiv",
                                           "homepage": "https://example.org/voss-2025"}),
    "Kaur et al. (2024)": ("paper-table", {"author_list": "Kaur et al.", "issued": 2024, "venue": "ICLR",
                                           "homepage": "https://example.org/kaur-2024"}),
    "Spring 2026 Audit Tooling Update": ("paper-table", {"author_list": "Hollis Institute", "issued": 2026,
                                                         "homepage": "https://example.org/hollis-update"}),
    "Reward Audit Checklist": ("resource-table", {"venue": "Hollis Institute"}),
    "Open Audit Registry": ("resource-table", {}),
}


@pytest.fixture(scope="module")
def publications(tmp_path_factory) -> dict[str, dict]:
    import os

    saved = os.environ["ALIGNKG_HOME"]
    try:
        os.environ["ALIGNKG_HOME"] = str(tmp_path_factory.mktemp("citations"))
        ingest([FIXTURES], knowledge=alignkg.load(layers=[]).graph, embed=False)
        return {p["entry"]["label"]: p for p in queue() if p["kind"] == "publication"}
    finally:
        os.environ["ALIGNKG_HOME"] = saved


@pytest.mark.parametrize("label", sorted(EXPECTED))
def test_each_citation_form_is_proposed_with_its_fields(publications, label) -> None:
    assert label in publications, sorted(publications)
    proposal = publications[label]
    rule, fields = EXPECTED[label]
    assert proposal["proposed"]["rule"] == f"citation:{rule}"
    for name, value in fields.items():
        assert proposal["entry"].get(name) == value, (name, proposal["entry"])
    assert proposal["entry"]["type"] == "Publication" and proposal["entry"]["description"].startswith("TODO")
    assert proposal["proposed"]["passages"]


def test_nothing_else_is_proposed(publications) -> None:
    """Years in passing ("In 2024 the audit team grew", "the 2025 budget", "Table 3", a model's release
    year) are no citations, and a work cited in several forms (card, reference line, prose) is one proposal."""
    assert sorted(set(publications) - set(EXPECTED)) == []


def test_an_unresolved_footnote_says_so(publications) -> None:
    assert "[^4]" in publications["Gradient Shielding (GS)"]["proposed"]["note"]
    assert publications["Gradient Shielding (GS)"]["proposed"]["confidence"] < 0.5


def test_an_accepted_card_passes_validation(tmp_path, monkeypatch) -> None:
    """A card's fields (site as venue, kind, stars as credibility, link text as alt) are valid curated data."""
    import shutil

    from alignkg.ingest import review

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", data)
    monkeypatch.setenv("ALIGNKG_HOME", str(tmp_path / "home"))
    ingest([FIXTURES / "reward-audits-rendered.txt"], knowledge=alignkg.load(data, layers="curated").graph, embed=False)
    card = next(p for p in queue() if p["entry"]["label"] == "Probing Reward Models for Hidden Shortcuts")
    review.accept(card["id"], data, description="A made-up paper on shortcut features in reward models.")
    kg = alignkg.load(data, layers="curated")
    assert kg.query(f"ASK {{ id:{card['entry']['id']} a akg:Publication ; akg:venue 'arXiv' ; "
                    "akg:sourceKind 'paper' ; akg:credibility 4 ; dcterms:issued ?year }")
