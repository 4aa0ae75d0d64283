"""Cut an article's blocks into passages: a few whole sentences under one heading path.

A paragraph is split into sentences by pysbd (a rule-based sentence boundary
detector: abbreviations, decimals and initials do not end a sentence) and the
sentences are grouped, in order, into passages of at most
:data:`MAX_SENTENCES` sentences and about :data:`MAX_WORDS` words; a passage
never ends mid-sentence and never spans two paragraphs. A table row is one
passage whose text keeps its column headers ("Risk: Scheming; Key Techniques:
AI control"). Consecutive short list items under one heading share a passage.

Example
-------
>>> from alignkg.ingest.reader import read_text
>>> article = read_text("a.md", "# Notes\\n\\nDr. Smith met us. It went well. We left at 3 p.m. today.\\n")
>>> [(p.position, p.sentences) for p in passages(article)]
[(0, ['Dr. Smith met us.', 'It went well.', 'We left at 3 p.m. today.'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from alignkg.ingest.reader import Article, Block, Citation

MAX_SENTENCES = 3
MAX_WORDS = 90
MAX_ITEM_WORDS = 60


@dataclass
class Passage:
    """A few sentences of one article: ``position`` counts from 0 in reading order."""

    position: int
    kind: str
    heading: tuple[str, ...]
    sentences: list[str]
    line: int = 0
    cells: tuple[tuple[str, str], ...] = ()
    entity_links: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    mentions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def passages(article: Article) -> list[Passage]:
    """The passages of ``article`` in reading order."""
    out: list[Passage] = []
    for block in article.blocks:
        if block.kind == "row":
            out.append(_passage(len(out), block, [block.text]))
            continue
        sentences = split_sentences(block.text)
        last = out[-1] if out else None
        if (block.kind == "item" and last is not None and last.kind == "item" and last.heading == block.heading
                and len(last.text.split()) + len(block.text.split()) <= MAX_ITEM_WORDS):
            last.sentences.extend(sentences)
            last.entity_links += block.entity_links
            last.urls += block.urls
            last.citations += block.citations
            continue
        group: list[str] = []
        for sentence in sentences:
            words = sum(len(s.split()) for s in group)
            if group and (len(group) >= MAX_SENTENCES or words + len(sentence.split()) > MAX_WORDS):
                out.append(_passage(len(out), block, group))
                group = []
            group.append(sentence)
        if group:
            out.append(_passage(len(out), block, group))
    return out


def _passage(position: int, block: Block, sentences: list[str]) -> Passage:
    text = " ".join(sentences)
    # markup names and citations belong to the passage that holds them (the first one when not found)
    names = tuple(n for n in block.entity_links if n.startswith("id:") or n.lower() in text.lower())
    return Passage(position, block.kind, block.heading, list(sentences), block.line, block.cells,
                   names, block.urls, block.citations)


def split_sentences(text: str) -> list[str]:
    """``text`` cut into sentences (pysbd, English, clean mode off so the text is kept exactly).

    A text with no ``.``, ``!`` or ``?`` before its end is one sentence (pysbd is not asked: it is slow).
    """
    if not re.search(r"[.!?…]\S*\s", text.rstrip()):
        return [text.strip()] if text.strip() else []
    return [s.strip() for s in _segmenter().segment(text) if s.strip()]


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)
