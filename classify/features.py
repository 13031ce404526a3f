"""Text features for the domain classifier: TF-IDF over jieba words and over characters.

Both views are measured on THUCNews (docs/benchmarks.md): characters are robust to segmentation
errors and unseen names, words carry phrases (`电信诈骗`, `一网通办`) as single features. The
analyzers are small picklable classes, never lambdas, so a fitted model loads in any process.

A `Doc` carries an article's text with its tokens so that an article is tokenized once and the
tokens are shared by the classifier and the summarizer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from .bylines import strip_bylines
from .tokenize import cut, tokenize, words

if TYPE_CHECKING:
    from sklearn.pipeline import FeatureUnion

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Doc:
    """Text with its word tokens, computed once."""

    text: str
    tokens: tuple[str, ...]

    @classmethod
    def of(cls, text: str | Doc) -> Doc:
        return text if isinstance(text, Doc) else cls(text, tuple(tokenize(text)))


class Prepared(NamedTuple):
    """An article ready for the models: the classifier's `doc` (title and body), and the
    byline-free body `text` with its jieba `tokens` for the summarizer."""

    doc: Doc
    text: str
    tokens: list[str]


# An article longer than this (a mis-split archive dump, a 1 MB line) is read up to here: its
# label and abstract come from the first 50,000 characters, which keeps the time and memory per
# input bounded. Real articles are under 10,000.
MAX_ANALYZED_CHARS = 50_000


def bounded(text: str) -> str:
    """The part of an article that is analysed: all of it up to `MAX_ANALYZED_CHARS`, else up to
    the last sentence end before that bound (or the bound itself when none is near)."""
    if len(text) <= MAX_ANALYZED_CHARS:
        return text
    cut_at = max(text.rfind(mark, 0, MAX_ANALYZED_CHARS) for mark in "。！？\n")
    return text[: cut_at + 1 if cut_at > MAX_ANALYZED_CHARS // 2 else MAX_ANALYZED_CHARS]


def prepare(title: str, body: str, cut: Callable[[str], list[str]] = cut) -> Prepared:
    """One jieba pass over an article, shared by the classifier and the summarizer. Training,
    tagging and evaluation all go through here, so a model sees text prepared one way (bounded
    to `MAX_ANALYZED_CHARS`, bylines out); `cut` is the model's tokenizer (default: the
    installed backend)."""
    text = strip_bylines(bounded(body))
    tokens = cut(text)
    feature_words = (words(cut(title)) if title else []) + words(tokens)
    return Prepared(Doc(f"{title}\n{text}" if title else text, tuple(feature_words)), text, tokens)


def _tokens(doc: str | Doc) -> tuple[str, ...]:
    return doc.tokens if isinstance(doc, Doc) else tuple(tokenize(doc))


def _text(doc: str | Doc) -> str:
    return doc.text if isinstance(doc, Doc) else doc


class WordNgrams:
    """Word n-grams from jieba tokens (`反诈 宣传` for a bigram); punctuation tokens stay, as they
    carry signal in headlines (`：`, `《`), measured on THUCNews."""

    def __init__(self, ngram_range: tuple[int, int] = (1, 2)) -> None:
        self.ngram_range = tuple(ngram_range)

    def __call__(self, doc: str | Doc) -> list[str]:
        words = _tokens(doc)
        lo, hi = self.ngram_range
        out: list[str] = []
        for n in range(lo, hi + 1):
            out.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
        return out


class CharNgrams:
    """Character n-grams of the text with whitespace removed (column breaks never matter)."""

    def __init__(self, ngram_range: tuple[int, int] = (1, 3)) -> None:
        self.ngram_range = tuple(ngram_range)

    def __call__(self, doc: str | Doc) -> list[str]:
        lo, hi = self.ngram_range
        text = _SPACE.sub("", _text(doc).lower())
        out: list[str] = []
        for n in range(lo, hi + 1):
            out.extend(text[i:i + n] for i in range(len(text) - n + 1))
        return out


def build_features(
    word_ngrams: tuple[int, int] | None = (1, 2),
    char_ngrams: tuple[int, int] | None = (1, 3),
    min_df: int = 2,
    max_features: int | None = None,
) -> FeatureUnion:
    """TF-IDF (sublinear tf, l2) over words and/or characters, as one feature matrix."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    parts = []
    if word_ngrams:
        parts.append(("word", TfidfVectorizer(analyzer=WordNgrams(word_ngrams), sublinear_tf=True,
                                              min_df=min_df, max_features=max_features,
                                              dtype=np.float32)))
    if char_ngrams:
        parts.append(("char", TfidfVectorizer(analyzer=CharNgrams(char_ngrams), sublinear_tf=True,
                                              min_df=min_df, max_features=max_features,
                                              dtype=np.float32)))
    if not parts:
        raise ValueError("build_features needs word_ngrams or char_ngrams (or both)")
    return FeatureUnion(parts)


def readable(feature_name: str) -> str:
    """`word__反诈 宣传` -> `反诈宣传`; `char__诈骗` -> `诈骗`."""
    name = feature_name.split("__", 1)[-1]
    return name.replace(" ", "") if re.search(r"[^\x00-\x7f]", name) else name


# a term with punctuation or an underscore (a feature of the punctuation view) says nothing to a reader
_NOT_A_WORD = re.compile(r"[^\w]|_")


def pick_terms(scored: Iterable[tuple[float, str]], k: int) -> list[str]:
    """The `top_terms` of a prediction from (contribution, term) pairs in rank order: positive
    contributions only, one term per spelling, no punctuation features, and multi-character
    terms first, because an editor can check `反诈` but not `诈`. `scored` may be lazy: it is
    read only as far as needed."""
    seen: set[str] = set()
    long_terms: list[str] = []
    short_terms: list[str] = []
    for value, term in scored:
        if value <= 0:
            break
        if term in seen or _NOT_A_WORD.search(term):
            continue
        seen.add(term)
        (long_terms if len(term) >= 2 else short_terms).append(term)
        if len(long_terms) >= k:
            break
    return (long_terms + short_terms)[:k]

