"""How far the search signals can go: a learned fusion and a learned query adapter, on the tune half only.

The default ranking's weights were set by hand on the ``tune`` half of the gold set
(tests/search_gold.yaml). This script asks whether a learned combination of the same
signals, or a query embedding adapted to the graph, would do better — on the tune half
only, so the held-out half stays unlooked-at:

* **ceiling**: the share of tune queries whose expected entity is in the top 10 of BM25
  alone or of dense alone (what any fusion of the two can reach at best), and the share
  at rank 1 in either (an oracle that always picks the right one of the two);
* **learned fusion**: a linear listwise model (softmax over each query's candidates) on
  16 signals — cosine, its z-score, BM25 z-score, reciprocal ranks, exact name, the type
  prior, evidence stepping back, outside concept, named-in-query, linked-to-named,
  answer link, the best evidence's cosine and score, the fused score and the default
  score — fitted leave-one-query-out on the tune half, against the default on the same
  candidate pools;
* **query adapter**: a residual linear map on the query embedding (``q + qA``, A 384×384)
  fitted on pairs the graph gives by itself — every other name and every piece of
  evidence's label paired with its entity — then the tune half scored with it;
* **fine-tuned model** (``--fine-tune``, about 4 minutes on 2 cores): the whole model trained
  on the same pairs (in-batch negatives, 2 epochs), the entities re-encoded with it, the
  tune half scored.

Reproduce::

    .venv/bin/python benchmarks/search_ceiling.py [--fine-tune]
"""

from __future__ import annotations

import sys

import numpy as np

import alignkg
from alignkg.embeddings import search as search_module
from alignkg.embeddings.evaluate import evaluate, load_gold, metrics
from alignkg.graph.schema import ID

GOLD = "tests/search_gold.yaml"


def features(engine, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # noqa: ANN001
    """The candidate rows of ``text``, their signals (one row each) and the default score."""
    n = len(engine.docs)
    fused, dense, bm25, _ = engine._scores(text, "hybrid", "zscore", None, n)
    base = np.full(n, -np.inf)
    base[list(fused)] = list(fused.values())
    ranking = engine._use_graph(base, text, None)
    cosine = np.zeros(n)
    cosine[list(dense)] = list(dense.values())
    dense_rank, lexical_rank = np.empty(n), np.empty(n)
    dense_rank[np.argsort(-cosine, kind="stable")] = np.arange(1, n + 1)
    lexical_rank[np.argsort(-bm25, kind="stable")] = np.arange(1, n + 1)
    exact = np.zeros(n)
    exact[engine.names.get(engine._name_like(text), [])] = 1.0
    prior = search_module.type_prior(text)
    wanted = np.isin(engine._kinds, sorted(engine._expand_types(list(prior)))) if prior else np.zeros(n, bool)
    shown = np.where(np.isfinite(ranking.base), ranking.base, 0.0)
    best_cosine, best_score = np.zeros(n), np.zeros(n)
    np.maximum.at(best_cosine, engine._evidence_to, cosine[engine._evidence_from])
    np.maximum.at(best_score, engine._evidence_to, np.maximum(shown[engine._evidence_from], 0.0))
    score = np.where(np.isfinite(ranking.score), ranking.score, -9.0)
    signals = np.stack([
        cosine, (cosine - cosine.mean()) / cosine.std(), (bm25 - bm25.mean()) / (bm25.std() or 1.0),
        dense_rank ** -0.5, lexical_rank ** -0.5, exact, wanted, engine._is_evidence & ~wanted,
        engine._kinds == "TaxonomyConcept", ranking.parts["named_in_query"], ranking.parts["linked_to_named"],
        ranking.parts.get("answer_link", np.zeros(n)), best_cosine, best_score, shown, score,
    ], axis=1).astype("float64")
    rows = np.union1d(np.argsort(-score)[:80], np.union1d(np.argsort(-cosine)[:40], np.argsort(-bm25)[:40]))
    return rows, signals[rows], score[rows]


def fit(pools: list[tuple[np.ndarray, np.ndarray]], l2: float) -> np.ndarray:
    """Weights of a linear listwise model: maximise each query's softmax mass on its expected rows."""
    import torch

    weights = torch.zeros(pools[0][0].shape[1], dtype=torch.float64, requires_grad=True)
    data = [(torch.tensor(x), torch.tensor(y)) for x, y in pools]
    optimiser = torch.optim.LBFGS([weights], max_iter=200)

    def loss() -> torch.Tensor:
        optimiser.zero_grad()
        total = l2 * (weights ** 2).sum()
        for x, y in data:
            log_p = torch.log_softmax(x @ weights, dim=0)
            total = total - torch.logsumexp(log_p[y > 0], dim=0)
        total.backward()
        return total

    optimiser.step(loss)
    return weights.detach().numpy()


def first_rank(scores: np.ndarray, relevant: np.ndarray) -> int | None:
    order = np.argsort(-scores, kind="stable")
    hits = np.flatnonzero(relevant[order])
    return int(hits[0]) + 1 if len(hits) else None


def learned_fusion(kg, gold) -> None:  # noqa: ANN001
    engine = search_module.engine_for(kg.graph)
    pools, default = [], []
    for query in gold:
        rows, x, score = features(engine, query.query)
        wanted = {str(ID[slug]) for slug in query.expect}
        y = np.array([engine.docs[r].iri in wanted for r in rows], dtype="float64")
        pools.append((x, y))
        default.append(first_rank(score, y))
    print(f"{'default, same pools':<34} " + _cells(metrics(default)))
    for l2 in (0.01, 0.1, 1.0):
        ranks = []
        for i, (x, y) in enumerate(pools):
            weights = fit(pools[:i] + pools[i + 1:], l2)
            ranks.append(first_rank(x @ weights, y))
        print(f"{f'learned fusion, L2 {l2}':<34} " + _cells(metrics(ranks)))


def query_adapter(kg, gold, l2: float = 0.1, steps: int = 300) -> None:  # noqa: ANN001
    import torch

    from alignkg.embeddings.encoder import encode_documents

    engine = search_module.engine_for(kg.graph)
    pairs = graph_pairs(engine)
    index = engine.stored.index
    docs = torch.tensor(index.reconstruct_n(0, index.ntotal))
    queries = torch.tensor(encode_documents(engine.spec, [text for text, _ in pairs]))
    target = torch.tensor([row for _, row in pairs])
    adapter = torch.zeros(docs.shape[1], docs.shape[1], requires_grad=True)
    optimiser = torch.optim.Adam([adapter], lr=1e-3)
    for _ in range(steps):
        mapped = torch.nn.functional.normalize(queries + queries @ adapter, dim=1)
        loss = torch.nn.functional.cross_entropy(20.0 * mapped @ docs.T, target) + l2 * (adapter ** 2).sum()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    matrix = adapter.detach().numpy()
    plain = engine.query_vector

    def adapted(text: str) -> np.ndarray:
        vector = plain(text)
        vector = vector + vector @ matrix
        return (vector / np.linalg.norm(vector)).astype("float32")

    print(f"query adapter: {len(pairs)} pairs from the graph (other names, evidence labels), L2 {l2}")
    for mode in ("dense", "hybrid"):
        for name, encoder in (("plain", plain), ("adapted", adapted)):
            engine.query_vector = encoder
            scores, _ = evaluate(gold, lambda q: [r.iri for r in kg.search(q, k=10, neighbors=False, mode=mode)])
            print(f"{f'{mode}, {name} query':<34} " + _cells(scores))
    engine.query_vector = plain


def graph_pairs(engine) -> list[tuple[str, int]]:  # noqa: ANN001
    """(text, row) pairs the graph gives by itself: each other name, and each piece of evidence's label."""
    pairs = [(alias, row) for row, doc in enumerate(engine.docs) for alias in doc.aliases]
    return pairs + [(engine.docs[e].label, row) for row, found in engine.evidence.items() for e in found]


def fine_tuned(kg, gold, epochs: int = 2) -> None:  # noqa: ANN001
    import random

    import torch

    from alignkg.embeddings.encoder import load_model

    engine = search_module.engine_for(kg.graph)
    pairs = [(text, engine.docs[row].text) for text, row in graph_pairs(engine)]
    model = load_model(engine.spec)
    model.max_seq_length = 128
    optimiser = torch.optim.AdamW(model.parameters(), lr=2e-5)
    random.seed(0)
    torch.manual_seed(0)
    model.train()

    def embed(texts: list[str]) -> torch.Tensor:
        return torch.nn.functional.normalize(model(model.tokenize(texts))["sentence_embedding"], dim=1)

    for _ in range(epochs):
        random.shuffle(pairs)
        for start in range(0, len(pairs), 32):
            batch = pairs[start:start + 32]
            similarity = 20.0 * embed([a for a, _ in batch]) @ embed([b for _, b in batch]).T
            loss = torch.nn.functional.cross_entropy(similarity, torch.arange(len(batch)))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    model.eval()
    model.max_seq_length = 256
    vectors = model.encode([d.text for d in engine.docs], normalize_embeddings=True)
    plain = engine._scores

    def scores(text, mode, fusion, allowed, pool):  # noqa: ANN001, ANN202 - SearchEngine._scores with new vectors
        _, _, bm25, _ = plain(text, "lexical", fusion, allowed, pool)
        vector = model.encode([text], normalize_embeddings=True)[0]
        rows = range(len(vectors)) if allowed is None else allowed
        dense = {int(r): float(vectors[r] @ vector) for r in rows}
        if mode == "dense":
            return dense, dense, bm25, vector
        best = np.argsort(-bm25, kind="stable")[:pool]
        return search_module._fuse(dense, bm25, best[bm25[best] > 0].tolist(), allowed, fusion), dense, bm25, vector

    print(f"fine-tuned model: {len(pairs)} pairs from the graph, {epochs} epochs")
    for mode in ("dense", "hybrid"):
        engine._scores = scores
        tuned, _ = evaluate(gold, lambda q: [r.iri for r in kg.search(q, k=10, neighbors=False, mode=mode)])
        engine._scores = plain
        print(f"{f'{mode}, fine-tuned model':<34} " + _cells(tuned))


def ceiling(kg, gold) -> None:  # noqa: ANN001
    either10 = either1 = 0
    for query in gold:
        wanted = {str(ID[slug]) for slug in query.expect}
        tops = [[r.iri for r in kg.search(query.query, k=10, neighbors=False, mode=m)] for m in ("dense", "lexical")]
        either10 += any(wanted & set(top) for top in tops)
        either1 += any(top[:1] and top[0] in wanted for top in tops)
    print(f"expected entity in the top 10 of dense or of BM25: {either10}/{len(gold)}; "
          f"at rank 1 in either: {either1}/{len(gold)}")


def _cells(scores: dict[str, float]) -> str:
    return f"hit@1 {scores['hit@1']:.3f}  hit@5 {scores['hit@5']:.3f}  MRR@10 {scores['mrr@10']:.3f}"


def main() -> None:
    kg = alignkg.load()
    gold = load_gold(GOLD, "tune")
    print(f"tune half of {GOLD}: {len(gold)} queries (the held-out half is not read)\n")
    ceiling(kg, gold)
    print()
    learned_fusion(kg, gold)
    print()
    query_adapter(kg, gold)
    if "--fine-tune" in sys.argv[1:]:
        print()
        fine_tuned(kg, gold)


if __name__ == "__main__":
    main()
