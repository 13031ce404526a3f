"""Abstracts and keywords for articles (issue 5).

`summarize(text)` and `keywords(text)` use our own TextRank (`TextRankSummarizer`); pass
`model=` a fitted estimator (e.g. the one in the model bundle) to use document frequencies learned
from news text. `backend="textrank4zh"` runs the optional textrank4zh package instead, under the
same budget and document order.

Importing this package does no work: jieba, the stopword list and textrank4zh are all loaded on
first use, so `import classify` stays fast.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Sequence
from typing import Any

from .base import Summary
from .textrank import TextRankSummarizer

__all__ = ["Summary", "TextRankSummarizer", "keywords", "summarize"]

BACKENDS = ("textrank", "textrank4zh")

_default: TextRankSummarizer | None = None
_lock = threading.Lock()


def _default_model() -> TextRankSummarizer:
    """One unfitted estimator with the measured defaults, created on first use."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = TextRankSummarizer()
    return _default


def _with_params(model: TextRankSummarizer, params: dict[str, Any]) -> TextRankSummarizer:
    """The model with some parameters overridden, keeping what it learned (not a clone)."""
    if not params:
        return model
    changed = copy.copy(model)
    changed.set_params(**params)
    return changed


def summarize(
    text: str,
    max_chars: int = 120,
    max_sentences: int = 3,
    model: TextRankSummarizer | None = None,
    backend: str = "textrank",
    tokens: Sequence[str] | None = None,
    **kw: Any,
) -> Summary:
    """Abstract of `text`: at most `max_sentences` whole sentences, at most `max_chars` chars.

    `tokens` (textrank only) are `classify.tokenize.cut` output for an already byline-stripped
    `text`, to share one jieba pass with the classifier. Other keywords override estimator
    parameters for this call (textrank) or are passed to the textrank4zh wrapper.
    """
    if backend == "textrank4zh":
        from . import textrank4zh_backend

        return textrank4zh_backend.summarize(text, max_chars=max_chars,
                                             max_sentences=max_sentences, **kw)
    if backend != "textrank":
        raise ValueError(f"unknown summarizer backend {backend!r}; choose one of {BACKENDS}")
    estimator = _with_params(model or _default_model(), kw)
    return estimator.summarize(text, tokens=tokens, max_chars=max_chars,
                               max_sentences=max_sentences)


def keywords(
    text: str,
    k: int = 8,
    model: TextRankSummarizer | None = None,
    tokens: Sequence[str] | None = None,
) -> list[tuple[str, float]]:
    """Up to `k` keywords or keyphrases of `text` with scores, best first."""
    return (model or _default_model()).keywords(text, k=k, tokens=tokens)
