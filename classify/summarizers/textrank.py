"""Our own TextRank: extractive abstracts and keywords from one jieba pass per article.

Why not textrank4zh (issue 5): on networkx 3 it fails, it splits sentences at every line break,
tags parts of speech three times per sentence (~75 ms an article), links each sentence to itself,
returns sentences in score order, has no character budget and its keyphrase order changes between
runs. This module keeps the idea (sentences vote for the sentences they share words with, words
for the words they appear next to) and does the work with numpy:

* the article is tokenized once (`classify.tokenize.cut`); tokens are mapped to the sentences of
  `classify.sentences.split_sentences` by character offsets, and the same tokens feed keywords;
* sentence similarity is the classic |shared words| / (log|a| + log|b|), optionally weighting each
  shared word by its idf learned with `fit` (a shared `临河` says more than a shared `发展`);
* PageRank is a vectorised power iteration with a tolerance and an iteration cap; a lead bias
  (personalisation towards early sentences) encodes that news leads carry the gist;
* selection is greedy MMR under a hard character budget, output in document order. The rank is
  multiplied by content density (dense sentences say more per character), and the opening
  sentence is discounted when it overruns the budget; both measured on LCSTS (bench/rouge.py).
  Every sort key ends in an index or the word itself, and no set or dict is iterated in hash
  order, so the output is the same in every process whatever PYTHONHASHSEED is.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from typing import TYPE_CHECKING

import numpy as np

from .._params import Interval, Words, validate_params
from ..bylines import strip_bylines
from ..sentences import split_sentences
from ..split import whole_article
from ..tokenize import cut
from . import _language as lang
from ._editor import editor_accepts
from .base import NUMBER, PUNCT, Summary, is_punct, package_stopwords

if TYPE_CHECKING:
    from scipy import sparse

_END_MARKS = "。！？；…!?;"
_CLOSERS = "”’」』）)》】〉\"'"
_DENSE_PAGERANK = 400  # nodes up to which PageRank iterates on a dense matrix
_EINSUM_LIMIT = 4_000_000  # sentences^2 x vocabulary up to which the dense product is cheaper
# PageRank iterations computed before the first convergence test: word graphs converge in 8-25,
# sentence graphs in 10-85 (lead bias), so 8 wastes a few cheap products and saves most tests.
# Later blocks are as long as the decay seen so far says is needed (`_steps_to_converge`).
_CHECK_EVERY = 8
# Products added to a predicted block length: the decay of the L1 change is only roughly
# geometric, and one more product (about 1 us on a small graph) is cheaper than one more test
# (about 12 us).
_PREDICTION_MARGIN = 1
_MIN_DOCS_FOR_CORPUS_STOPWORDS = 20  # df ratios from a handful of texts would mark real words
# An abstract draws on about the best-ranked ten sentences; a figure ranked below them is a
# detail of a long feature (the weight of new quantities falls linearly to 0 at this place).
_FACT_DEPTH = 10
_FULL_FACTS = 3  # new quantities that earn the whole fact weight: a 120-character sentence rarely holds more
# A sentence added away from the chosen ones (more than this many sentences from the nearest)
# must share some words with them (overlap at least _TOPIC_OVERLAP, of 1 for the same words):
# otherwise it starts a new topic, and the abstract jumps with no link between its sentences.
_NEAR_SENTENCES = 2
_TOPIC_OVERLAP = 0.1


@dataclass
class _Prepared:
    """One article after the single tokenization pass, restricted to the ranked window.

    Content tokens (not punctuation, not stopwords) are kept as flat parallel arrays: the
    sentence graph needs (sentence, word) pairs, the keyword graph also needs token positions for
    adjacency and the token as written. Words are numbered once, in order of first occurrence, so
    that both graphs, the idf weights and the density index the same numbers instead of each
    hashing every token again; the first-occurrence order is the order both graphs always used,
    and the order of a graph's rows decides the floats of its PageRank.
    """

    text: str  # the byline-free article
    sentences: list[str]  # every sentence of it
    spans: list[tuple[int, int]]  # character spans of the ranked sentences in `text`
    n_ranked: int  # how many leading sentences are ranked
    tokens: Sequence[str]  # every token of `text`
    sent: np.ndarray  # content tokens: ranked sentence they are in
    ids: np.ndarray  # ... word: index into `vocab`
    pos: np.ndarray  # ... position in `tokens`
    word: list[str]  # ... lower-cased (the editor's selection reads each sentence's words)
    vocab: list[str]  # distinct words, in order of first occurrence
    first: np.ndarray  # each word's first content token (index into `ids`)
    candidate: np.ndarray  # each word: a keyword candidate (two characters or more, not a number)
    weights: np.ndarray  # each word's weight: idf when fitted and `use_idf`, else 1


def _locate(text: str, sentences: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of `sentences` in `text`, searched in order.

    The splitter strips sentences and glues stray closing quotes to the sentence before, so a
    sentence can differ from the text by whitespace (`好。 ”`); then the span is found with a
    pattern that allows whitespace between characters.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for s in sentences:
        start = text.find(s, cursor)
        if start >= 0:
            end = start + len(s)
        else:
            pattern = r"\s*".join(re.escape(ch) for ch in s if not ch.isspace())
            m = re.compile(pattern).search(text, cursor)
            if m is None:  # cannot happen for splitter output; keep the sentence with no words
                spans.append((cursor, cursor))
                continue
            start, end = m.start(), m.end()
        spans.append((start, end))
        cursor = end
    return spans


def _pagerank(
    matrix: np.ndarray | sparse.csr_matrix,
    personalization: np.ndarray,
    damping: float,
    tol: float,
    max_iter: int,
) -> np.ndarray:
    """PageRank by power iteration on a weighted adjacency matrix (dense or CSR).

    Rows are normalised to transition probabilities; a node with no edges hands its rank to the
    personalisation vector (as networkx does), so a graph with no edges at all returns the
    personalisation itself: with a lead bias that is LEAD, without it a stable tie broken by index.
    Stops when the L1 change is below n * tol, like networkx, or after `max_iter` rounds.

    Small graphs (every sentence graph, most word graphs) are folded into one dense column-
    stochastic matrix so that an iteration is a single matrix-vector product; large word graphs
    stay sparse and memory stays linear in the number of edges.

    The iterates are computed a block at a time into the rows of one array and their L1
    changes are then tested with one vectorised reduction: on a graph of a few dozen nodes an
    iteration is mostly numpy call overhead, and one test of a block costs as much as ten to
    twenty products. The first block is `_CHECK_EVERY` long; each later one is as long as the
    decay of the changes in the block before predicts (`_steps_to_converge`), so that most
    graphs are tested twice (a two-sentence graph decays by only `damping` per product and
    took eleven tests of eight). The result is the first iterate whose change is below the
    limit, exactly as a test after every product finds it, whatever the block lengths: the
    products are the same calls on the same values, every iterate is tested, and a row-wise
    reduction sums each row as the reduction of that row alone would
    (tests/test_summary_speed.py compares both on random graphs, bit for bit). Only the number
    of products past convergence depends on the prediction.
    """
    # `np.add.reduce` is what `ndarray.sum` calls, without its Python wrapper (a few us a call
    # on vectors of a few dozen values)
    n = personalization.shape[0]
    p = personalization / np.add.reduce(personalization)
    if not isinstance(matrix, np.ndarray) and n <= _DENSE_PAGERANK:
        matrix = matrix.toarray()
    if not isinstance(matrix, np.ndarray):
        from scipy import sparse

        out = np.asarray(matrix.sum(axis=1)).ravel()
        inv = np.divide(1.0, out, out=np.zeros_like(out), where=out > 0)
        step = (damping * (sparse.diags(inv) @ matrix)).T.tocsr()
        dangling = out <= 0

        def advance(rank: np.ndarray) -> np.ndarray:
            return step @ rank + (damping * rank[dangling].sum() + 1.0 - damping) * p
    else:
        out = np.add.reduce(matrix, axis=1)
        inv = np.divide(1.0, out, out=np.zeros(n), where=out > 0)
        google = damping * (matrix * inv[:, None]).T  # column j: where rank at j flows to
        dangling = out <= 0
        if np.logical_or.reduce(dangling):
            google[:, dangling] += damping * p[:, None]
        google += (1.0 - damping) * p[:, None]  # columns sum to 1, so the total stays 1
        advance = google.dot  # the product `google @ rank` computes, with less call overhead
    limit = n * tol
    iterates = [p]
    rank = p
    done = 0
    steps = _CHECK_EVERY
    while done < max_iter:
        steps = min(steps, max_iter - done)
        for _ in range(steps):
            iterates.append(advance(iterates[-1]))
        block = np.array(iterates)
        change = np.add.reduce(np.abs(np.subtract(block[1:], block[:-1])), axis=1)
        below = change < limit
        at = int(below.argmax())  # the first iterate under the limit, if any is
        if below[at]:
            rank = iterates[at + 1]
            break
        done += steps
        rank = iterates[-1]
        iterates = [rank]
        steps = _steps_to_converge(change.tolist(), limit)
    total = np.add.reduce(rank)
    return rank / total if total > 0 else p


def _steps_to_converge(change: list[float], limit: float) -> int:
    """How many more products the power iteration likely needs, from the L1 changes of its
    last block (all at or above `limit`).

    The change of a power iteration shrinks about geometrically, by the ratio of the second
    eigenvalue to the first; the rate seen over the block extrapolates to the product whose
    change falls below `limit`. A block too short to show a rate, or one that does not shrink,
    gets the first block's length. Only the cost depends on this: every iterate is tested.
    """
    first, last = change[0], change[-1]
    if len(change) < 2 or not 0.0 < last < first:
        return _CHECK_EVERY
    rate = (last / first) ** (1.0 / (len(change) - 1))
    needed = math.log(limit / last) / math.log(rate) if limit < last else 1.0
    return max(1, math.ceil(needed) + _PREDICTION_MARGIN)


def _heading_like(text: str, span: tuple[int, int], text_has_marks: bool) -> bool:
    """A subheading (`引入前沿技术 推动产业升级`): a whole line with no end mark and no comma.

    Such lines are their own "sentence" to the splitter; they take part in the graph but are
    not chosen for the abstract while real sentences exist. A tail without an end mark inside a
    paragraph (a truncated post) is a sentence, not a heading.
    """
    start, end = span
    sentence = text[start:end]
    if not text_has_marks or sentence.rstrip(_CLOSERS).endswith(tuple(_END_MARKS)):
        return False
    if "，" in sentence or "," in sentence:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip() and not text[end:line_end].strip()


class _Params:
    """scikit-learn's estimator protocol (`get_params`, `set_params`, repr) without importing
    scikit-learn, so that a loaded model summarises with numpy only; `sklearn.base.clone`
    works on it as on any estimator."""

    @classmethod
    def _param_names(cls) -> list[str]:
        return [n for n in inspect.signature(cls.__init__).parameters if n != "self"]

    def get_params(self, deep: bool = True) -> dict:
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: object) -> _Params:
        names = self._param_names()
        for key, value in params.items():
            if key not in names:
                raise ValueError(f"invalid parameter {key!r} for {type(self).__name__}; "
                                 f"valid ones: {', '.join(names)}")
            setattr(self, key, value)
        return self

    def __repr__(self) -> str:
        defaults = {n: p.default for n, p in inspect.signature(type(self).__init__).parameters.items()}
        changed = [f"{k}={v!r}" for k, v in self.get_params().items() if defaults.get(k) != v]
        return f"{type(self).__name__}({', '.join(changed)})"


class TextRankSummarizer(_Params):
    """Extractive abstracts and keywords by TextRank, as a scikit-learn style estimator.

    `fit(texts)` learns from a news corpus what generic tools take from elsewhere: document
    frequencies (`idf_`, used to weight shared words and keyword scores when `use_idf`) and
    corpus stopwords (`stopwords_`: the package list plus words in more than `max_df` of the
    articles, e.g. the paper's own name). An unfitted instance works too, with the package
    stopwords and unweighted overlap. Parameters are only stored by `__init__` so that the
    estimator clones, pickles (joblib) and prints like any scikit-learn estimator.

    Parameters
    ----------
    damping: PageRank damping factor.
    tol, max_iter: power-iteration stopping rule (L1 change below n * tol, or the cap).
    lead_bias: exponent of the personalisation vector (i + 1) ** -lead_bias over sentence
        positions; 0 is plain TextRank, larger values favour the lead more.
    mmr_lambda: weight of rank against redundancy in the greedy MMR selection (1 = rank only).
    max_chars, max_sentences: default budget of an abstract (a sentence is never cut).
    window: co-occurrence window over content words for the keyword graph (2 = neighbours).
    use_idf: weight shared words by fitted idf and keyword scores by its square root (ignored
        when not fitted).
    max_df: fraction of articles above which a word becomes a corpus stopword in `fit`.
    max_ranked_sentences: only the first this many sentences are ranked (and feed keywords), so
        the time per article stays linear however long the article is; None ranks all.
    self_loops: link each sentence to itself, as textrank4zh does (off: a sentence should not
        vote for itself).
    length_penalty: how much an opening sentence longer than the budget is discounted
        ((max_chars / length) ** length_penalty); 0 always opens with the top-ranked sentence.
    density_weight: exponent of content density (share of a sentence's characters in content
        words) that multiplies the rank when choosing sentences; 0 uses the rank alone.
    stop_words: further words that are never keywords nor link sentences (a newsroom's own
        list, `classify train --stopwords FILE`); kept in the model with the parameters.
    package_stop_words: also use the package's list (`classify/resources/stopwords.txt`);
        False (`--stopwords-replace`) uses `stop_words` alone (and the corpus stopwords of fit).
    keyword_filter: strike the keywords an editor would strike (function words, bare reporting
        verbs, numbers and counts: `classify.summarizers._editor`); False gives TextRank's raw
        ranking, for comparison.
    editor_rules: choose units an editor would keep (`_language` holds the patterns): markup,
        bylines and credits removed or skipped; a quote taken whole or not at all; a sentence
        opening on an anaphor, a connective or a list marker only right after the sentence it
        depends on (also the half after a `；`, and a quote whose speaker is in the sentence
        before); a quote and its `……说。` are one unit; a list cut after its first item is no
        unit; framing (`近年来`) never first unless the clause after the frame names a figure or
        an organisation; advice (`警方提醒`) only right after the sentence it follows; an abstract
        never ends on `；`/`，`. False
        restores the plain ranking of version 0.1 (blind judging found these faults cost
        fluency; bench/abstract_faults.py counts them).
    prefer_lead: open with the article's first sentence when it stands alone, fits the budget
        and names a number, place or organisation: judges preferred the lead that carries the
        who/where/how-many over a higher-ranked sentence from further down.
    min_new_words: a sentence after the first is added only if it brings at least this many
        content words not already in the abstract, or a new number; 2 keeps a sentence that adds
        one name and one outcome and drops restatements (MMR alone let near-paraphrases in).
    max_quote_sentences: a quote running over more sentences than this is dropped rather than
        taken whole; 3 sentences are about the budget of a 120-character abstract.
    fact_weight: how much a sentence after the first gains for naming quantities the abstract
        does not have yet (`1100余人`, `3.1亿元`; dates excluded): `fact_weight * standing *
        min(new, 3) / 3` on top of its MMR value, where standing is 1 for the best-ranked sentence
        falling to 0 at the tenth (a stray figure deep in a long feature is no news). Blind judges preferred
        the lead's second sentence with the story's numbers over a more central sentence of
        background or anecdote; TextRank centrality does not see numbers (they are rarely shared).
    continuity_weight: what a sentence gains for following right after one already chosen:
        the story's own order reads without a jump (judges marked jumps down for fluency, and
        preferred the lead's next sentence with its figures over a distant one); a little below
        the full `fact_weight`, so a sentence further down wins only with clearly more new facts.
    """

    _parameter_constraints: dict = {
        "damping": [Interval(Real, 0, 1, closed="neither")],
        "tol": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None)],
        "lead_bias": [Interval(Real, 0, None)],
        "mmr_lambda": [Interval(Real, 0, 1)],
        "max_chars": [Interval(Integral, 1, None)],
        "max_sentences": [Interval(Integral, 1, None)],
        "window": [Interval(Integral, 2, None)],
        "use_idf": [bool],
        "max_df": [Interval(Real, 0, 1, closed="right")],
        "max_ranked_sentences": [Interval(Integral, 1, None), None],
        "self_loops": [bool],
        "length_penalty": [Interval(Real, 0, None)],
        "density_weight": [Interval(Real, 0, None)],
        "stop_words": [Words("--stopwords FILE"), None],
        "package_stop_words": [bool],
        "keyword_filter": [bool],
        "editor_rules": [bool],
        "prefer_lead": [bool],
        "min_new_words": [Interval(Integral, 0, None)],
        "max_quote_sentences": [Interval(Integral, 1, None)],
        "fact_weight": [Interval(Real, 0, None)],
        "continuity_weight": [Interval(Real, 0, None)],
    }

    @classmethod
    def check_params(cls, params: dict) -> None:
        """Raise `classify._params.ParameterError` for a name or value the constructor does not
        accept."""
        validate_params(cls.__name__, cls._parameter_constraints, params)

    def __init__(
        self,
        damping: float = 0.85,
        tol: float = 1e-6,
        max_iter: int = 100,
        lead_bias: float = 5.0,
        mmr_lambda: float = 0.7,
        max_chars: int = 120,
        max_sentences: int = 3,
        window: int = 5,
        use_idf: bool = True,
        max_df: float = 0.6,
        max_ranked_sentences: int | None = 300,
        self_loops: bool = False,
        length_penalty: float = 0.5,
        density_weight: float = 0.5,
        stop_words: Sequence[str] | None = None,
        package_stop_words: bool = True,
        keyword_filter: bool = True,
        editor_rules: bool = True,
        prefer_lead: bool = True,
        min_new_words: int = 2,
        max_quote_sentences: int = 3,
        fact_weight: float = 0.3,
        continuity_weight: float = 0.25,
    ) -> None:
        self.damping = damping
        self.tol = tol
        self.max_iter = max_iter
        self.lead_bias = lead_bias
        self.mmr_lambda = mmr_lambda
        self.max_chars = max_chars
        self.max_sentences = max_sentences
        self.window = window
        self.use_idf = use_idf
        self.max_df = max_df
        self.max_ranked_sentences = max_ranked_sentences
        self.self_loops = self_loops
        self.length_penalty = length_penalty
        self.density_weight = density_weight
        self.stop_words = stop_words
        self.package_stop_words = package_stop_words
        self.keyword_filter = keyword_filter
        self.editor_rules = editor_rules
        self.prefer_lead = prefer_lead
        self.min_new_words = min_new_words
        self.max_quote_sentences = max_quote_sentences
        self.fact_weight = fact_weight
        self.continuity_weight = continuity_weight

    def __setstate__(self, state: dict) -> None:
        """Unpickle, giving parameters added since the pickle was made their defaults.

        A fitted summarizer lives in the model bundle; a bundle saved by an older version must
        keep working rather than fail on a missing attribute.
        """
        self.__dict__.update(state)
        for name, param in inspect.signature(type(self).__init__).parameters.items():
            if name != "self" and name not in self.__dict__:
                setattr(self, name, param.default)
        if "corpus_stopwords_" in self.__dict__:
            self.stopwords_ = self._base_stopwords() | frozenset(self.corpus_stopwords_)

    def __getstate__(self) -> dict:
        """Pickle without the stopword set: it is rebuilt on load from the package list and the
        sorted corpus stopwords, so the model file is the same bytes on every training run (a
        set pickles in hash-seed order)."""
        state = dict(self.__dict__)
        state.pop("stopwords_", None)
        return state

    def to_arrays(self) -> dict:
        """Parameters and what `fit` learned as plain values and arrays (for the model file,
        which holds no Python objects)."""
        out: dict = {"params": self.get_params()}
        idf = getattr(self, "idf_", None)
        if idf is not None:
            vocab = list(idf)
            joined = "\n".join(vocab)
            out.update({
                "vocabulary": joined if joined.count("\n") == max(len(vocab) - 1, 0) else vocab,
                "idf": np.array(list(idf.values()), dtype=np.float64),
                "idf_default": float(self.idf_default_),
                "n_docs": int(self.n_docs_),
                "corpus_stopwords": list(self.corpus_stopwords_),
            })
        return out

    @classmethod
    def from_arrays(cls, d: dict) -> TextRankSummarizer:
        """The summarizer `to_arrays` described, fitted state included."""
        model = cls(**d["params"])
        if "idf" in d:
            vocab = d["vocabulary"]
            words = (vocab.split("\n") if vocab else []) if isinstance(vocab, str) else list(vocab)
            model.idf_ = dict(zip(words, np.asarray(d["idf"], dtype=np.float64).tolist(), strict=True))
            model.idf_default_ = float(d["idf_default"])
            model.n_docs_ = int(d["n_docs"])
            model.corpus_stopwords_ = tuple(d["corpus_stopwords"])
            model.stopwords_ = model._base_stopwords() | frozenset(model.corpus_stopwords_)
        return model

    # ------------------------------------------------------------------------------------------
    # Fitting

    def fit(self, texts: Iterable[str], y: object = None,
            tokens: Iterable[Sequence[str]] | None = None) -> TextRankSummarizer:
        """Learn document frequencies and corpus stopwords from news texts; returns self.

        Texts are byline-stripped and tokenized like articles at prediction time, so the words
        counted are the words later looked up. `tokens`, when given, are `cut` output for the
        already byline-free texts (training passes the classifier's, to tokenize once). `y` is
        ignored (scikit-learn convention).
        """
        self.check_params(self.get_params())
        df: dict[str, int] = {}
        n_docs = 0
        token_lists = iter(tokens) if tokens is not None else None
        for text in texts:
            n_docs += 1
            seen: dict[str, None] = {}
            toks = next(token_lists) if token_lists is not None else cut(strip_bylines(text))
            for tok in toks:
                word = tok.lower()
                if not is_punct(word):
                    seen[word] = None
            for word in seen:
                df[word] = df.get(word, 0) + 1
        self.n_docs_ = n_docs
        self.idf_ = {w: math.log((1 + n_docs) / (1 + c)) + 1.0 for w, c in sorted(df.items())}
        self.idf_default_ = math.log(1 + n_docs) + 1.0  # a word never seen: as rare as can be
        corpus: list[str] = []
        if n_docs >= _MIN_DOCS_FOR_CORPUS_STOPWORDS:
            corpus = sorted(w for w, c in df.items() if c / n_docs > self.max_df)
        self.corpus_stopwords_ = tuple(corpus)
        self.stopwords_ = self._base_stopwords() | frozenset(corpus)
        return self

    def _base_stopwords(self) -> frozenset[str]:
        """The package list (unless `package_stop_words` is False) plus `stop_words`."""
        base = package_stopwords() if self.package_stop_words else frozenset()
        if not self.stop_words:
            return base
        return base | frozenset(w.strip().lower() for w in self.stop_words if w.strip())

    def _stopwords(self) -> frozenset[str]:
        fitted = getattr(self, "stopwords_", None)
        if fitted is not None:
            return fitted
        if not self.stop_words and self.package_stop_words:
            return package_stopwords()
        return self._base_stopwords()

    def _weights(self, vocab: Sequence[str]) -> np.ndarray:
        idf = getattr(self, "idf_", None)
        if not (self.use_idf and idf):
            return np.ones(len(vocab))
        return np.fromiter(map(idf.get, vocab, itertools.repeat(self.idf_default_)), dtype=float,
                           count=len(vocab))

    # ------------------------------------------------------------------------------------------
    # One pass over the article

    def _prepare(self, text: str, tokens: Sequence[str] | None) -> _Prepared:
        if tokens is None:
            # raw article text: mend column breaks, drop bylines and credits (the splitter's work)
            text = whole_article(text).body
            tokens = cut(text) if text.strip() else []
        elif "".join(tokens) != text:
            raise ValueError("tokens must concatenate to text exactly (pass cut(text) output)")
        sentences = split_sentences(text)
        limit = self.max_ranked_sentences
        n_ranked = len(sentences) if limit is None else min(len(sentences), max(int(limit), 1))
        spans = _locate(text, sentences[:n_ranked])
        if not tokens or not spans:
            none = np.zeros(0, dtype=np.intp)
            return _Prepared(text, sentences, spans, n_ranked, tokens, none, none, none, [], [], none,
                             np.zeros(0, dtype=bool), np.zeros(0))
        # Each token belongs to the first ranked sentence that ends after the token starts, and
        # counts only if it starts inside that sentence (not in the whitespace before it). Done
        # with arrays: the token loop in Python was a fifth of the summarizer's time.
        starts = np.zeros(len(tokens), dtype=np.int64)
        np.cumsum(np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))[:-1], out=starts[1:])
        span_arr = np.asarray(spans, dtype=np.int64)
        sid = np.searchsorted(span_arr[:, 1], starts, side="right")
        inside = sid < n_ranked
        inside[inside] &= starts[inside] >= span_arr[sid[inside], 0]
        # Each distinct token is looked at once (in order of first occurrence, so that nothing
        # depends on hash order): the number of its lower-cased word, or -1 for punctuation and
        # stopwords. One map over the tokens then numbers them all without a Python loop. The
        # words are filtered and numbered by comprehensions and `zip`, not one statement per
        # token: the token loop was the largest Python cost of this function. A word that
        # `isalnum` (most words) has a character `PUNCT`'s `[\W_]` excludes, as `re` and `str`
        # agree on what is alphanumeric, so only the others need the pattern.
        stopwords = self._stopwords()
        punct = PUNCT.match
        distinct = list(dict.fromkeys(tokens))
        lowered = list(map(str.lower, distinct))
        words = [w for w in dict.fromkeys(lowered)
                 if w not in stopwords and (w.isalnum() or not punct(w))]
        number = dict(zip(words, range(len(words)), strict=True))  # word -> its number in `words`
        of_token = dict(zip(distinct, map(number.get, lowered, itertools.repeat(-1)), strict=True))
        numbered = np.fromiter(map(of_token.__getitem__, tokens), dtype=np.intp, count=len(tokens))
        keep = np.flatnonzero(inside & (numbered >= 0))
        kept = numbered[keep]
        # renumber by first occurrence among the kept tokens: a word can first occur where it
        # does not count (in the whitespace before a sentence). In the new numbering a word's
        # first token is where the running maximum of the numbers first reaches it.
        order = list(dict.fromkeys(kept.tolist()))
        renumber = np.empty(len(words), dtype=np.intp)
        renumber[order] = np.arange(len(order))
        ids = renumber[kept]
        first = np.searchsorted(np.maximum.accumulate(ids), np.arange(len(order)))
        vocab = [words[i] for i in order]
        return _Prepared(text, sentences, spans, n_ranked, tokens, sid[keep], ids, keep,
                         list(map(vocab.__getitem__, ids.tolist())), vocab, first,
                         np.array([len(w) >= 2 and not NUMBER.match(w) for w in vocab], dtype=bool),
                         self._weights(vocab))

    # ------------------------------------------------------------------------------------------
    # Sentences

    def _sentence_graph(self, prep: _Prepared) -> tuple[np.ndarray, np.ndarray]:
        """(TextRank similarity, cosine-like overlap in [0, 1] for MMR) of the ranked sentences.

        similarity(a, b) = sum of the weights of the distinct words a and b share, divided by
        log|a| + log|b| (word counts with repeats, the classic TextRank normalisation that keeps
        long sentences from winning by length alone); weights are idf when fitted and `use_idf`,
        else 1. The overlap used against repetition is the same shared weight normalised by the
        sentences' own weights, 1 for identical word sets.
        """
        n = prep.n_ranked
        vocab = prep.vocab
        if not vocab:
            zeros = np.zeros((n, n))
            return zeros, zeros
        rows, cols, weights = prep.sent, prep.ids, prep.weights
        if n * n * len(vocab) <= _EINSUM_LIMIT:
            # Small article: a dense product by numpy's own loops (einsum without BLAS). A BLAS
            # matmul measured multi-threaded latency spikes (30 ms) on small matrices, and
            # scipy.sparse costs ~0.4 ms of set-up per article.
            incidence = np.zeros((n, len(vocab)))
            incidence[rows, cols] = 1.0  # a repeated word counts once
            shared = np.einsum("ik,jk->ij", incidence * weights, incidence)
        else:
            from scipy import sparse

            incidence = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(vocab)))
            incidence.data[:] = 1.0  # a repeated word counts once (duplicates were summed)
            shared = (incidence @ sparse.diags(weights) @ incidence.T).toarray()
        logs = np.log(np.maximum(np.bincount(rows, minlength=n), 1).astype(float))
        denom = logs[:, None] + logs[None, :]
        # zeros of the shape and the diagonal by the array's own calls, not numpy's Python
        # wrappers of them (same values, less overhead on a matrix of a few sentences)
        sim = np.divide(shared, denom, out=np.zeros((n, n)), where=denom > 1e-12)
        diag = shared.diagonal().copy()
        norm = np.sqrt(np.outer(diag, diag))
        overlap = np.divide(shared, norm, out=np.zeros((n, n)), where=norm > 0)
        if not self.self_loops:
            np.fill_diagonal(sim, 0.0)
        return sim, overlap

    def _rank(self, prep: _Prepared) -> tuple[np.ndarray, np.ndarray]:
        """PageRank scores of the ranked sentences (lead-biased personalisation) and overlaps."""
        sim, overlap = self._sentence_graph(prep)
        positions = np.arange(1, prep.n_ranked + 1, dtype=float)
        personalization = positions ** -float(self.lead_bias)
        scores = _pagerank(sim, personalization, self.damping, self.tol, self.max_iter)
        return scores, overlap

    def _summary(self, prep: _Prepared, max_chars: int | None, max_sentences: int | None) -> Summary:
        max_chars = self.max_chars if max_chars is None else max_chars
        max_sentences = self.max_sentences if max_sentences is None else max_sentences
        n = prep.n_ranked
        if n == 0 or max_sentences <= 0:
            return Summary()
        scores, overlap = self._rank(prep)
        sentences = prep.sentences[:n]
        has_marks = any(s.rstrip(_CLOSERS).endswith(tuple(_END_MARKS)) for s in sentences)
        seen: set[str] = set()
        candidates: list[int] = []
        headings: list[int] = []
        for i, s in enumerate(sentences):
            if s in seen or not any(ch.isalnum() for ch in s):
                continue  # a repeated sentence is never a second candidate
            seen.add(s)
            (headings if _heading_like(prep.text, prep.spans[i], has_marks) else candidates).append(i)
        candidates = candidates or headings
        if not candidates:
            return Summary()
        relevance = scores * self._density(prep) ** float(self.density_weight)
        if self.editor_rules:
            edited = self._edited(prep, candidates, scores, relevance, overlap, max_chars, max_sentences)
            if edited is not None:
                return edited
        rounded = np.round(relevance, 12)  # ties that differ only by float noise go to the index
        order = sorted(candidates, key=lambda i: (-rounded[i], i))
        lengths = [len(s) for s in sentences]
        first = self._first(order, relevance, lengths, max_chars)
        chosen = [first]
        over = lengths[first] > max_chars
        if not over:
            top = float(relevance[first]) or 1.0
            used = lengths[first]
            remaining = [i for i in order if i != first]
            lam = float(self.mmr_lambda)
            while len(chosen) < max_sentences:
                best, best_value = -1, -math.inf
                for i in remaining:
                    if used + lengths[i] > max_chars:
                        continue
                    redundancy = float(overlap[i, chosen].max())
                    value = lam * float(relevance[i]) / top - (1.0 - lam) * redundancy
                    if value > best_value + 1e-12:
                        best, best_value = i, value
                if best < 0:
                    break
                chosen.append(best)
                used += lengths[best]
                remaining = [i for i in remaining if i != best]
        chosen.sort()
        picked = [(i, round(float(scores[i]), 6), sentences[i]) for i in chosen]
        if self.editor_rules and picked:  # no unit qualified; still never end on `；`
            i, score, last = picked[-1]
            picked[-1] = (i, score, lang.finish(last))
        return Summary("".join(s for _, _, s in picked), picked, over)

    def _edited(
        self,
        prep: _Prepared,
        candidates: list[int],
        scores: np.ndarray,
        relevance: np.ndarray,
        overlap: np.ndarray,
        max_chars: int,
        max_sentences: int,
    ) -> Summary | None:
        """Selection under the editor's rules; None when no sentence qualifies (the caller then
        falls back to the plain ranking rather than return nothing).

        Units are blocks of sentences: one sentence, or a quote with the sentences it runs over
        (and the bare `……说。` after it that names its speaker). A block is a candidate when it
        is not markup or a credit and its quotes balance. A block
        whose first sentence depends on the one before (`lang.is_dependent`) may only be added
        once the block holding that sentence is chosen, so a chain of list items always keeps
        its lead-in and no chosen dependent can open the abstract.
        """
        n = prep.n_ranked
        sentences = prep.sentences[:n]
        cleaned = [lang.drop_empty_quotes(s)
                   for s in lang.pair_doubled_quotes([lang.clean_markup(s) for s in sentences])]
        if n:  # a headline glued to the text's first sentence is not part of it
            cleaned[0] = lang.strip_glued_title(cleaned[0])
        # the list is the lead: no lead-in to wait for, and no item of it keeps its marker
        for i in range(n):
            if not lang.is_list_item(cleaned[i]):
                break
            cleaned[i] = lang.strip_list_marker(cleaned[i])
        ok = [False] * n
        for i in candidates:
            c = cleaned[i]
            ok[i] = (bool(c) and any(ch.isalnum() for ch in c) and not lang.is_credit(c)
                     and not lang.odd_plain_quotes(c) and not (i > 0 and lang.cuts_a_list(c))
                     and not lang.names_author(c) and not lang.is_noun_heading(c))
        # quote blocks: a sentence that opens a quote runs until the quote is closed
        blocks: list[tuple[int, int]] = []  # [start, end) over sentence indices
        i = 0
        limit = int(self.max_quote_sentences)
        while i < n:
            balance = lang.quote_balance(cleaned[i])
            if balance < 0 or lang.starts_with_stray_close(cleaned[i]):
                i += 1  # closes a quote opened before it: a fragment
                continue
            j = i + 1
            while balance > 0 and j < n and j - i < limit:
                balance += lang.quote_balance(cleaned[j])
                j += 1
            if balance == 0 and j < n and ok[j] and lang.is_attribution(cleaned[j]) \
                    and lang.is_whole_quote(cleaned[i:j]):
                j += 1  # the quote and the `……说。` naming its speaker are one unit
            if balance == 0 and all(ok[k] for k in range(i, j)):
                blocks.append((i, j))
            i = j if balance == 0 else i + 1
        if not blocks:
            return None
        ends_at = {b[1] - 1: k for k, b in enumerate(blocks)}  # block holding a sentence before
        length = [sum(len(cleaned[k]) for k in range(a, b)) for a, b in blocks]
        # plain floats: blocks are mostly one sentence, and a numpy call per block or per
        # candidate cost more than the comparisons it makes (a maximum picks a value, so the
        # floats are the same)
        relevant = relevance.tolist()
        value = [max(relevant[a:b]) for a, b in blocks]
        spans, body = prep.spans, prep.text

        def leans_back(a: int, b: int) -> bool:
            """Reads only after the sentence before: an anaphor or connective opens it, it is
            the half after a `；` of the same paragraph, or a quote with no speaker named."""
            if lang.is_dependent(cleaned[a]) or lang.points_back(cleaned[a]):
                return True
            if a == 0:
                return False
            if lang.continues_clause(cleaned[a - 1]) and "\n" not in body[spans[a - 1][1]:spans[a][0]]:
                return True
            return lang.is_whole_quote(cleaned[a:b]) and not lang.is_attribution(cleaned[b - 1])

        dependent = [leans_back(a, b) for a, b in blocks]
        advice = [lang.is_advice(cleaned[a]) for a, _ in blocks]
        framing = [warns or lang.frames_only(cleaned[a]) for (a, _), warns in zip(blocks, advice, strict=True)]
        question = [lang.is_question(cleaned[b - 1]) for _, b in blocks]
        needs = [ends_at.get(a - 1, -1) if dep else -1 for (a, _), dep in zip(blocks, dependent, strict=True)]
        # a list item (after its lead-in) is added only with the rest of its list: items cut at
        # the budget leave the list open. (characters, sentences) of a block and the items after
        # it; a list whose next item is no unit (a cut quote) can never be whole.
        list_rest = [(0, 0)] * len(blocks)
        whole_list = (max_chars + 1, max_sentences + 1)
        for k in range(len(blocks) - 1, -1, -1):
            a, b = blocks[k]
            follows_next = k + 1 < len(blocks) and blocks[k + 1][0] == b
            rest = list_rest[k + 1] if follows_next else (0, 0)
            if not follows_next and b < n and lang.is_list_item(cleaned[b]):
                rest = whole_list
            # an item after its lead-in, or the lead-in with its first item: it and the rest
            if dependent[k] and lang.is_list_item(cleaned[a]) or rest[1] and lang.opens_a_list(cleaned[b - 1]):
                list_rest[k] = (length[k] + rest[0], b - a + rest[1])
        rounded = np.array(value).round(12).tolist()
        order = sorted(range(len(blocks)), key=lambda k: (-rounded[k], k))
        openers = [k for k in order if not dependent[k] and not framing[k]]
        openers = openers or [k for k in order if not dependent[k]]
        if not openers:
            return None
        first = -1
        # the lead is the first sentence, or the one after a heading standing as a sentence
        lead = 1 if n > 1 and lang.is_noun_heading(cleaned[0]) else 0
        if self.prefer_lead and blocks[0][0] == lead and 0 in openers and length[0] <= max_chars \
                and lang.carries_news(cleaned[lead]):
            first = 0
        if first < 0:
            first = self._first(openers, np.array(value), length, max_chars)
        chosen = [first]
        over = length[first] > max_chars
        # content tokens are in sentence order: each sentence's words are one slice
        bounds = np.searchsorted(np.asarray(prep.sent, dtype=np.intp), np.arange(n + 1)).tolist()
        words_of = [set(prep.word[bounds[i]:bounds[i + 1]]) for i in range(n)]

        # what each block holds, computed when the selection first asks (most blocks are never
        # asked: they do not fit the budget); cached per call, so nothing outlives the article
        @functools.cache
        def block_words(k: int) -> frozenset[str]:
            a, b = blocks[k]
            return frozenset().union(*words_of[a:b])

        @functools.cache
        def numbers(k: int) -> frozenset[str]:
            a, b = blocks[k]
            return frozenset(lang.NUMBER_RUN.findall("".join(cleaned[a:b])))

        @functools.cache
        def quantities(k: int) -> frozenset[str]:
            a, b = blocks[k]
            return frozenset(lang.quantities("".join(cleaned[a:b])))

        if not over:
            top = value[first] or 1.0
            used = length[first]
            known = set(block_words(first))
            known_numbers = set(numbers(first))
            known_quantities = set(quantities(first))
            # each sentence's largest overlap with a chosen sentence, updated once per chosen
            # block instead of indexing the matrix once per candidate and round
            near = [-math.inf] * n
            for c in range(*blocks[first]):
                near = list(map(max, near, overlap[:, c].tolist()))
            ends = {blocks[first][1]}  # a block starting here follows a chosen one directly
            fact_weight, continuity = float(self.fact_weight), float(self.continuity_weight)
            # a block's standing among all blocks (1 = best ranked): numbers lift a sentence that
            # is about the story, not a stray figure from the far end of a long feature
            standing = [0.0] * len(blocks)
            for place, k in enumerate(order[:_FACT_DEPTH]):
                standing[k] = 1.0 - place / _FACT_DEPTH
            lam = float(self.mmr_lambda)
            min_new = int(self.min_new_words)
            count = blocks[first][1] - blocks[first][0]
            while count < max_sentences:
                best, best_value = -1, -math.inf
                opening = min(blocks[c][0] for c in chosen)
                chosen_ids = [i for c in chosen for i in range(*blocks[c])]
                for k in order:
                    if k in chosen or used + length[k] > max_chars:
                        continue
                    if count + blocks[k][1] - blocks[k][0] > max_sentences:
                        continue
                    if needs[k] not in chosen and dependent[k]:
                        continue
                    if used + list_rest[k][0] > max_chars or count + list_rest[k][1] > max_sentences:
                        continue
                    if blocks[k][0] < opening and framing[k]:
                        continue
                    if (question[k] or advice[k]) and blocks[k][0] not in ends:
                        continue  # a question or a warning reads only as the next step of its text
                    fresh = len(block_words(k) - known)
                    if fresh < min_new and not (numbers(k) - known_numbers):
                        continue
                    a, b = blocks[k]
                    redundancy = max(near[a:b])
                    # far from what is chosen and about something else: a new topic with no link
                    if a not in ends and redundancy < _TOPIC_OVERLAP \
                            and min(abs(a - i) for i in chosen_ids) > _NEAR_SENTENCES:
                        continue
                    v = lam * value[k] / top - (1.0 - lam) * redundancy
                    if fact_weight:
                        new_facts = min(len(quantities(k) - known_quantities), _FULL_FACTS)
                        v += fact_weight * standing[k] * new_facts / _FULL_FACTS
                    if a in ends:
                        v += continuity
                    if v > best_value + 1e-12:
                        best, best_value = k, v
                if best < 0:
                    break
                chosen.append(best)
                used += length[best]
                count += blocks[best][1] - blocks[best][0]
                known |= block_words(best)
                known_numbers |= numbers(best)
                known_quantities |= quantities(best)
                for c in range(*blocks[best]):
                    near = list(map(max, near, overlap[:, c].tolist()))
                ends.add(blocks[best][1])
        # An abstract does not end on its author's own question (`……是怎么算出来的？`,
        # `记者提问，……会不会影响健康？`): the answer is the news, and it did not fit. The last
        # block in text order is needed by no other (a block follows what it needs), so it can
        # go; a question inside a quote is its speaker's statement and stays.
        while len(chosen) > 1:
            last = max(chosen, key=lambda c: blocks[c][0])
            if not (question[last] and not lang.ends_in_quote(cleaned[blocks[last][1] - 1])):
                break
            chosen.remove(last)
        picked_ids = sorted(i for k in chosen for i in range(*blocks[k]))
        picked = []
        for pos, i in enumerate(picked_ids):
            text = cleaned[i]
            if pos + 1 == len(picked_ids) or picked_ids[pos + 1] != i + 1:
                text = lang.finish(text)  # a clause ending on `；` is complete; `。` ends the unit
            picked.append((i, round(float(scores[i]), 6), text))
        return Summary("".join(t for _, _, t in picked), picked, over)

    @staticmethod
    def _density(prep: _Prepared) -> np.ndarray:
        """Share of each ranked sentence's characters that belong to content words.

        Abstracts should be dense: a sentence of dates, quotes, reporting verbs and function
        words (`据了解，目前情况是这样的。`) says less per character of budget than its rank
        suggests. Measured on LCSTS, weighting by density ** 0.5 helped only together with the
        budget discount (see docs/benchmarks_summarize.md).
        """
        n = prep.n_ranked
        word_chars = np.fromiter(map(len, prep.vocab), dtype=float, count=len(prep.vocab))
        chars = np.bincount(prep.sent, weights=word_chars[prep.ids], minlength=n)
        lengths = np.array([max(e - s, 1) for s, e in prep.spans], dtype=float)
        return np.minimum(chars / lengths, 1.0)

    def _first(self, order: list[int], scores: np.ndarray, lengths: list[int], max_chars: int) -> int:
        """The opening sentence: best score after discounting overrun of the budget.

        A sentence longer than the budget is discounted by (max_chars / length) ** length_penalty,
        so a slightly lower-ranked sentence that fits can win over a long one; a long sentence
        still wins when it is clearly the best (it is then taken whole and flagged). Taking only
        sentences that fit (an infinite penalty) picked fragments and measured worse on LCSTS.
        """
        penalty = float(self.length_penalty)
        if penalty <= 0 or max_chars <= 0:
            return order[0]
        best, best_value = order[0], -math.inf
        for i in order:  # rank order, so ties keep the higher-ranked (then earlier) sentence
            value = float(scores[i]) * min(1.0, max_chars / max(lengths[i], 1)) ** penalty
            if value > best_value + 1e-12:
                best, best_value = i, value
        return best

    # ------------------------------------------------------------------------------------------
    # Keywords

    def _keywords(self, prep: _Prepared, k: int) -> list[tuple[str, float]]:
        """TextRank over words: content words of two or more characters that are not numbers
        are linked when they occur within `window` of each other in a sentence (edge weight =
        how often), ranked by PageRank and, when fitted, weighted by sqrt(idf)."""
        # Candidates keep the article's numbering restricted to them, so the keyword graph's
        # words are in order of first occurrence as the sentence graph's are.
        candidate = prep.candidate
        keep = candidate[prep.ids]
        if k <= 0 or not keep.any():
            return []
        ids = (np.cumsum(candidate) - 1)[prep.ids[keep]]
        sent = prep.sent[keep]
        position = prep.pos[keep]
        tokens = prep.tokens
        words = list(itertools.compress(prep.vocab, candidate.tolist()))
        v = len(words)
        # every pair (token, a token 1 .. window-1 places later) at once, as one index grid
        after = np.arange(len(ids))[:, None] + np.arange(1, max(int(self.window), 2))
        within = after < len(ids)
        b_at = after[within]
        a_at = np.nonzero(within)[0]
        a, b = ids[a_at], ids[b_at]
        linked = (sent[a_at] == sent[b_at]) & (a != b)
        # an edge counts once each way; counts are whole numbers, so their order does not matter
        pairs = np.concatenate([a[linked] * v + b[linked], b[linked] * v + a[linked]])
        if v <= _DENSE_PAGERANK:  # most articles: no scipy needed
            graph = np.bincount(pairs, minlength=v * v).astype(float).reshape(v, v)
        else:
            from scipy import sparse

            graph = sparse.csr_matrix((np.ones(len(pairs)), np.divmod(pairs, v)), shape=(v, v))
        rank = _pagerank(graph, np.ones(v), self.damping, self.tol, self.max_iter)
        # sqrt(idf): full idf promoted one-off names and numbers-with-units over topic words and
        # measured worse than no idf; the square root measured better than both (keywords found
        # in titles, docs/benchmarks_summarize.md).
        score = rank * np.sqrt(prep.weights[candidate])
        score = score / score.sum()

        # Keyphrases: runs of 2-3 top words that stand next to each other in the text (no token
        # between them) at least twice, e.g. `电信` + `诈骗`. A word mostly seen inside such a
        # phrase is replaced by it; the phrase takes the score of its best word (a sum would rank
        # every phrase above every word).
        top_n = min(v, max(2 * k, 10))
        # best score first, ties by the word: the word's place in sorted order is its tie key
        alphabetical = np.empty(v, dtype=np.intp)
        alphabetical[sorted(range(v), key=words.__getitem__)] = np.arange(v)
        top_ids = np.lexsort((alphabetical, -score))[:top_n]
        freq = np.bincount(ids, minlength=v)
        phrase_count: dict[tuple[int, ...], int] = {}
        phrase_surface: dict[tuple[int, ...], str] = {}
        # runs: maximal chains of top words, each right after the previous one (next token, same
        # sentence); chains of 2-3 words are phrase occurrences, longer ones are not phrases
        in_top = np.zeros(v, dtype=bool)
        in_top[top_ids] = True
        is_top = in_top[ids]
        linked = np.zeros(len(ids), dtype=bool)
        linked[1:] = is_top[1:] & is_top[:-1] & (position[1:] == position[:-1] + 1) & (sent[1:] == sent[:-1])
        starts = np.flatnonzero(is_top & ~linked)
        # a run ends at the first position after its start that is not linked to the one before
        unlinked = np.append(np.flatnonzero(~linked), len(ids))
        lengths = unlinked[np.searchsorted(unlinked, starts, side="right")] - starts
        id_list = ids.tolist()
        for start, length in zip(starts.tolist(), lengths.tolist(), strict=True):
            if 2 <= length <= 3:
                key = tuple(id_list[start:start + length])
                phrase_count[key] = phrase_count.get(key, 0) + 1
                phrase_surface.setdefault(key, "".join([tokens[j] for j in position[start:start + length].tolist()]))
        inside = np.zeros(v, dtype=int)
        out: list[tuple[str, float]] = []
        for key in sorted(phrase_count):
            count = phrase_count[key]
            # a phrase must recur and hold at least half the uses of its rarer word, so that two
            # frequent words that happen to meet twice (`产业` + `发展`) stay apart
            if count < 2 or len(set(key)) < len(key) or 2 * count < min(freq[i] for i in key):
                continue
            for i in key:
                inside[i] += count
            out.append((phrase_surface[key], float(max(score[i] for i in key))))
        # a word is written as at its first occurrence
        first_token = prep.pos[prep.first[np.flatnonzero(candidate)]]
        for i in np.flatnonzero(in_top).tolist():
            if 2 * inside[i] < freq[i]:
                out.append((tokens[first_token[i]], float(score[i])))
        rounded = [(w, round(s, 6)) for w, s in out]
        unique = dict.fromkeys(sorted(rounded, key=lambda ws: (-ws[1], ws[0])))
        result: list[tuple[str, float]] = []
        seen: set[str] = set()
        stopwords = self._stopwords()  # a listed phrase (`城市书房`) is no keyword either
        for w, s in unique:
            # function words, reporting verbs and bare counts rank high in any news text
            lower = w.lower()
            if lower not in seen and lower not in stopwords and (
                    not self.keyword_filter or editor_accepts(w)):
                seen.add(lower)
                result.append((w, s))
                if len(result) == k:
                    break
        return result

    # ------------------------------------------------------------------------------------------
    # Public API

    def analyze(
        self,
        text: str,
        tokens: Sequence[str] | None = None,
        k: int = 8,
        max_chars: int | None = None,
        max_sentences: int | None = None,
    ) -> tuple[Summary, list[tuple[str, float]]]:
        """Abstract and keywords of one article from a single tokenization pass.

        With `tokens` None the text is byline-stripped and tokenized here. Given tokens must be
        `classify.tokenize.cut` output for `text` (they concatenate to it) and the caller promises
        the text is already byline-free, which lets the classifier and the summarizer share one
        jieba pass.
        """
        prep = self._prepare(text, tokens)
        return self._summary(prep, max_chars, max_sentences), self._keywords(prep, k)

    def summarize(
        self,
        text: str,
        tokens: Sequence[str] | None = None,
        max_chars: int | None = None,
        max_sentences: int | None = None,
    ) -> Summary:
        """The abstract only (budget defaults to the estimator's `max_chars`/`max_sentences`)."""
        return self._summary(self._prepare(text, tokens), max_chars, max_sentences)

    def keywords(
        self, text: str, k: int = 8, tokens: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """Up to `k` keywords or keyphrases with scores, best first (ties by word)."""
        return self._keywords(self._prepare(text, tokens), k)
