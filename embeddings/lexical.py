"""BM25 over the entity texts (``bm25s``, English stop words, Snowball stemming).

The label and the other names are repeated in front of each text so that a
word of the name weighs more than a word of the description.

Example
-------
>>> from alignkg.embeddings.text import Document
>>> bm25 = Lexical([Document("a", "Debate", "Technique", [], "Two models argue before a judge."),
...                 Document("b", "Reward Hacking", "Risk", [], "The model games its reward.")])
>>> [round(float(s), 2) > 0 for s in bm25.scores("arguing before a judge")]
[True, False]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alignkg.embeddings.text import Document

if TYPE_CHECKING:
    import numpy as np


class Lexical:
    """A BM25 ranking of the documents, in document order."""

    def __init__(self, docs: list[Document]) -> None:
        import bm25s

        self._stemmer = _stemmer()
        corpus = [" ".join([d.label, *d.aliases] * 2 + [d.text, d.extra]) for d in docs]
        self._size = len(docs)
        self._model = bm25s.BM25()
        if docs:
            tokens = bm25s.tokenize(corpus, stopwords="en", stemmer=self._stemmer, show_progress=False)
            self._model.index(tokens, show_progress=False)

    def scores(self, text: str) -> "np.ndarray":
        """The BM25 score of every document for ``text`` (0 where no query word occurs)."""
        import bm25s
        import numpy as np

        if not self._size:
            return np.zeros(0, dtype="float32")
        words = bm25s.tokenize([text], stopwords="en", stemmer=self._stemmer, return_ids=False, show_progress=False)[0]
        if not words:
            return np.zeros(self._size, dtype="float32")
        return np.asarray(self._model.get_scores(words), dtype="float32")


def _stemmer():  # noqa: ANN202 - PyStemmer has no type stubs
    import Stemmer

    return Stemmer.Stemmer("english")
