"""The summarizer's fast paths give the floats and the numbering of the plain ones.

A speed change may not move one abstract or keyword, and rankings turn on float ties, so the
block-wise power iteration is compared bit for bit with the iteration that tests after every
product; bench/summary_equivalence.py does the same for whole outputs on ~13,000 texts.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
from scipy import sparse

from classify.summarizers import TextRankSummarizer
from classify.summarizers.base import PUNCT
from classify.summarizers.textrank import (
    _CHECK_EVERY,
    _DENSE_PAGERANK,
    _PREDICTION_MARGIN,
    _pagerank,
    _steps_to_converge,
)
from classify.tokenize import cut


def reference_pagerank(matrix: np.ndarray | sparse.csr_matrix, personalization: np.ndarray, damping: float,
                       tol: float, max_iter: int) -> np.ndarray:
    """The power iteration as first written: one product, then one convergence test."""
    n = personalization.shape[0]
    p = personalization / personalization.sum()
    if not isinstance(matrix, np.ndarray) and n <= _DENSE_PAGERANK:
        matrix = matrix.toarray()
    if isinstance(matrix, np.ndarray):
        out = matrix.sum(axis=1)
        inv = np.divide(1.0, out, out=np.zeros_like(out), where=out > 0)
        google = damping * (matrix * inv[:, None]).T
        dangling = out <= 0
        if dangling.any():
            google[:, dangling] += damping * p[:, None]
        google += (1.0 - damping) * p[:, None]

        def advance(rank: np.ndarray) -> np.ndarray:
            return google @ rank
    else:
        out = np.asarray(matrix.sum(axis=1)).ravel()
        inv = np.divide(1.0, out, out=np.zeros_like(out), where=out > 0)
        step = (damping * (sparse.diags(inv) @ matrix)).T.tocsr()
        dangling = out <= 0

        def advance(rank: np.ndarray) -> np.ndarray:
            return step @ rank + (damping * rank[dangling].sum() + 1.0 - damping) * p
    rank = p
    for _ in range(max_iter):
        new = advance(rank)
        done = float(np.add.reduce(np.abs(new - rank))) < n * tol
        rank = new
        if done:
            break
    total = rank.sum()
    return rank / total if total > 0 else p


def random_graph(rng: np.random.Generator, n: int) -> np.ndarray:
    density = rng.choice([0.0, 0.02, 0.2, 1.0])
    weights = np.floor(rng.random((n, n)) * 3) * (rng.random((n, n)) < density)
    return weights + weights.T if rng.random() < 0.5 else weights


@pytest.mark.parametrize("seed", range(6))
def test_blockwise_pagerank_equals_the_plain_iteration_bit_for_bit(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(60):
        n = int(rng.integers(1, 120))
        graph = random_graph(rng, n)
        lead = np.arange(1, n + 1, dtype=float) ** -5.0
        for personalization in (np.ones(n), lead):
            for max_iter in (1, _CHECK_EVERY - 1, _CHECK_EVERY, _CHECK_EVERY + 1, 100):
                for tol in (1e-6, 1e-12):
                    got = _pagerank(graph, personalization, 0.85, tol, max_iter)
                    want = reference_pagerank(graph, personalization, 0.85, tol, max_iter)
                    assert np.array_equal(got, want), (n, max_iter, tol)


def test_blockwise_pagerank_equals_the_plain_iteration_on_sparse_graphs() -> None:
    rng = np.random.default_rng(7)
    for n in (_DENSE_PAGERANK - 1, _DENSE_PAGERANK + 1, 900):
        graph = sparse.csr_matrix(random_graph(rng, n) * (rng.random((n, n)) < 0.02))
        for max_iter in (3, 100):
            got = _pagerank(graph, np.ones(n), 0.85, 1e-6, max_iter)
            assert np.array_equal(got, reference_pagerank(graph, np.ones(n), 0.85, 1e-6, max_iter))


def test_words_are_numbered_in_order_of_first_occurrence() -> None:
    text = "临河县举办农民丰收节。丰收节上，临河县的农民展示了新品种。\n新品种的水稻亩产达到800公斤。"
    prep = TextRankSummarizer()._prepare(text, cut(text))
    assert prep.word == [prep.vocab[i] for i in prep.ids.tolist()]
    first_seen = list(dict.fromkeys(prep.word))
    assert prep.vocab == first_seen
    assert [prep.word[j] for j in prep.first.tolist()] == prep.vocab
    assert prep.sent.tolist() == sorted(prep.sent.tolist())
    tokens = cut(text)
    assert [tokens[j].lower() for j in prep.pos.tolist()] == prep.word
    assert prep.candidate.tolist() == [len(w) >= 2 and not w.isdigit() for w in prep.vocab]


def test_blockwise_pagerank_on_a_slow_two_sentence_graph_for_every_iteration_cap() -> None:
    """Two linked sentences decay by only `damping` per product: the predicted block lengths
    after the first must still stop on the iterate the plain loop stops on, cap or no cap."""
    graph = np.array([[0.0, 1.0], [1.0, 0.0]])
    lead = np.arange(1, 3, dtype=float) ** -5.0
    for max_iter in range(1, 101):
        got = _pagerank(graph, lead, 0.85, 1e-6, max_iter)
        assert np.array_equal(got, reference_pagerank(graph, lead, 0.85, 1e-6, max_iter)), max_iter


def test_steps_to_converge_extrapolates_a_geometric_decay() -> None:
    # changes halve per product: 0.25 -> below 0.01 after 5 more products
    assert _steps_to_converge([1.0, 0.5, 0.25], 0.01) == 5 + _PREDICTION_MARGIN
    assert _steps_to_converge([0.5], 0.01) == _CHECK_EVERY  # no rate to read
    assert _steps_to_converge([0.5, 0.5], 0.01) == _CHECK_EVERY  # no decay


def test_alphanumeric_words_are_never_punctuation() -> None:
    """`_prepare` skips `PUNCT` for words that `isalnum`: `str` and `re` must agree on every
    code point."""
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert ch.isalnum() == (PUNCT.match(ch) is None), hex(code)
