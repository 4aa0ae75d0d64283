"""Field-aware BM25 over the entity texts (``bm25s``, English stop words, Snowball stemming).

Two BM25 indexes, one per field: the **names** (label and other names) and the
**body** (the indexed text plus the BM25-only text). An entity's lexical score
is ``NAME_WEIGHT × names + body``: a query word found in a name weighs more
than the same word in a description (a per-field BM25F in its simplest form).
A query word that occurs nowhere ("decietful", "Anthropc") is read as the
closest word of the vocabulary with the same first letter, if one is close
enough (``difflib``). An acronym among an entity's names brings its long form
into the query, and the long form its acronym ("IDA christiano" also looks for
"Iterated Amplification").
:meth:`Lexical.matched` says which query words each field matched (``--explain``).

Example
-------
>>> from alignkg.embeddings.text import Document
>>> bm25 = Lexical([Document("a", "Debate", "Technique", [], "Two models argue before a judge."),
...                 Document("b", "Reward Hacking", "Risk", [], "The model games its reward.")])
>>> [round(float(s), 2) > 0 for s in bm25.scores("arguing before a judge")]
[True, False]
>>> bm25.matched(1, bm25.query_words("hacking the reward"))
{'name': ['hacking', 'reward'], 'text': ['reward']}
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from alignkg.embeddings.text import Document

if TYPE_CHECKING:
    import numpy as np

#: What a query word found in a name adds, on top of counting in the body (which starts with the names).
NAME_WEIGHT = 0.5
#: How alike (difflib ratio) an unknown query word and a vocabulary word must be to be read as it.
SPELLING_CUTOFF = 0.8


class Lexical:
    """Per-field BM25 rankings of the documents, in document order."""

    def __init__(self, docs: list[Document]) -> None:
        self._stemmer = _stemmer()
        self._size = len(docs)
        names = [" ".join([d.label, *d.aliases]) for d in docs]
        bodies = [" ".join([d.text, d.extra]) for d in docs]
        self._names, self._name_stems = _index(names, self._stemmer)
        self._body, self._body_stems = _index(bodies, self._stemmer)
        self._known = frozenset().union(*self._name_stems, *self._body_stems)
        self._by_initial: dict[str, list[str]] = {}
        for stem in sorted(self._known):
            self._by_initial.setdefault(stem[:1], []).append(stem)
        self._corrections: dict[str, str] = {}
        self._expansions = _acronyms(docs)

    def scores(self, text: str) -> "np.ndarray":
        """The lexical score of every document for ``text`` (0 where no query word occurs)."""
        import numpy as np

        words = self._words(text)
        if not self._size or not words:
            return np.zeros(self._size, dtype="float32")
        names = np.asarray(self._names.get_scores(words), dtype="float32")
        body = np.asarray(self._body.get_scores(words), dtype="float32")
        return NAME_WEIGHT * names + body

    def query_words(self, text: str) -> list[str]:
        """The query's words as typed (lower case, no stop words), for :meth:`matched`."""
        import bm25s

        return list(dict.fromkeys(bm25s.tokenize([text], stopwords="en", return_ids=False, show_progress=False)[0]))

    def matched(self, row: int, words: list[str]) -> dict[str, list[str]]:
        """Which of the query's ``words`` (:meth:`query_words`) the document's names and body hold."""
        found: dict[str, list[str]] = {"name": [], "text": []}
        for word in words:
            stem = self._correct(self._stemmer.stemWord(word))
            if stem in self._name_stems[row]:
                found["name"].append(word)
            if stem in self._body_stems[row]:
                found["text"].append(word)
        return found

    def _words(self, text: str) -> list[str]:
        """The query's stems, an unknown one replaced by the closest known stem (a misspelling)."""
        import bm25s

        text = self._expanded(text)
        words = bm25s.tokenize([text], stopwords="en", stemmer=self._stemmer, return_ids=False, show_progress=False)[0]
        return [self._correct(w) for w in words]

    def _expanded(self, text: str) -> str:
        """The query with the other form of each acronym or long name it holds ("IDA" → "Iterated Amplification",
        "direct preference optimization" → "DPO"), from the entities' names."""
        padded = f" {_plain(text)} "
        return " ".join([text, *(other for name, other in self._expansions.items() if f" {name} " in padded)])

    def _correct(self, stem: str) -> str:
        """A known stem as is; an unknown one as the closest known stem with the same first letter."""
        if stem in self._known or len(stem) < 4 or not stem.isalpha():
            return stem
        if stem not in self._corrections:
            same_start = [w for w in self._by_initial.get(stem[:1], []) if abs(len(w) - len(stem)) <= 2]
            close = difflib.get_close_matches(stem, same_start, n=1, cutoff=SPELLING_CUTOFF)
            self._corrections[stem] = close[0] if close else stem
        return self._corrections[stem]


def _acronyms(docs: list[Document]) -> dict[str, str]:
    """Each acronym among an entity's names → its first name of several words, and each such name → the acronym
    (lower case, words only).

    >>> _acronyms([Document("d", "DPO", "Technique", ["Direct Preference Optimization"])])
    {'dpo': 'Direct Preference Optimization', 'direct preference optimization': 'DPO'}
    """
    pairs: dict[str, str] = {}
    for d in docs:
        names = [d.label, *d.aliases]
        short = [n for n in names if re.fullmatch(r"[A-Z][A-Za-z0-9-]{1,7}", n) and sum(c.isupper() for c in n) >= 2]
        long = [n for n in names if len(n.split()) > 1 and not re.search(r"[:(]", n)]
        if short and long:
            for name in short:
                pairs.setdefault(_plain(name), long[0])
            for name in long:
                pairs.setdefault(_plain(name), short[0])
    return pairs


def _plain(text: str) -> str:
    """Lower case words separated by single spaces."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _index(corpus: list[str], stemmer) -> tuple[object, list[frozenset[str]]]:  # noqa: ANN001 - PyStemmer
    """A BM25 index of ``corpus`` and each document's set of stems."""
    import bm25s

    model = bm25s.BM25()
    if not corpus:
        return model, []
    tokens = bm25s.tokenize(corpus, stopwords="en", stemmer=stemmer, show_progress=False)
    model.index(tokens, show_progress=False)
    vocab = {i: w for w, i in tokens.vocab.items()}
    return model, [frozenset(vocab[i] for i in ids) for ids in tokens.ids]


def _stemmer():  # noqa: ANN202 - PyStemmer has no type stubs
    import Stemmer

    return Stemmer.Stemmer("english")
