"""Optional textrank4zh backend, for users who want that package's exact ranking.

textrank4zh 0.3 calls `networkx.from_numpy_matrix`, which networkx 3 removed, so its first
`analyze()` fails. Rather than patching networkx for the whole process, `networkx_compat()` adds
the alias only while textrank4zh runs and only if it is missing, then removes it again (a counter
under a lock keeps nested or concurrent uses correct).

We give textrank4zh our sentences (our splitter, bylines stripped) joined with newlines, so it
cannot cut a sentence at a hard line break, then map its ranked pieces back to whole sentences and
apply the same character budget and document order as our own summarizer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..bylines import strip_bylines
from ..sentences import split_sentences
from .base import Summary, is_keyword_candidate, package_stopwords, select_within_budget

INSTALL_HINT = 'textrank4zh is not installed: pip install "classify[textrank4zh]"'

_lock = threading.Lock()
_shim_users = 0
_shim_added = False
_ranker: Any = None
_keyworder: Any = None


def _import() -> Any:
    try:
        import textrank4zh  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc
    return textrank4zh


@contextmanager
def networkx_compat() -> Iterator[None]:
    """Provide `networkx.from_numpy_matrix` (as `from_numpy_array`) while the block runs.

    Nothing is changed on a networkx that still has the function; the alias we add is removed
    when the last user leaves, so other code never sees a patched networkx.
    """
    global _shim_users, _shim_added
    import networkx as nx

    with _lock:
        if _shim_users == 0 and not hasattr(nx, "from_numpy_matrix"):
            nx.from_numpy_matrix = nx.from_numpy_array
            _shim_added = True
        _shim_users += 1
    try:
        yield
    finally:
        with _lock:
            _shim_users -= 1
            if _shim_users == 0 and _shim_added:
                del nx.from_numpy_matrix
                _shim_added = False


def _sentence_ranker() -> Any:
    global _ranker
    if _ranker is None:
        _ranker = _import().TextRank4Sentence()
    return _ranker


def _keyword_ranker() -> Any:
    global _keyworder
    if _keyworder is None:
        _keyworder = _import().TextRank4Keyword()
    return _keyworder


def _owner(pieces: list[str], sentences: list[str]) -> list[int]:
    """For each textrank4zh piece (in its order), the index of our sentence that contains it.

    textrank4zh splits again at its own delimiters and drops them, so a piece is a substring of
    exactly one of our sentences, and pieces come in document order.
    """
    owners: list[int] = []
    j, cursor = 0, 0
    for piece in pieces:
        while j < len(sentences):
            at = sentences[j].find(piece, cursor)
            if at >= 0:
                cursor = at + len(piece)
                break
            j, cursor = j + 1, 0
        owners.append(min(j, len(sentences) - 1))
    return owners


def summarize(
    text: str, max_chars: int = 120, max_sentences: int = 3, sentence_min_len: int = 6
) -> Summary:
    """textrank4zh's sentence ranking under our budget, in document order, bylines removed.

    textrank4zh is called as its own documentation shows (`lower=True`, `source="all_filters"`);
    pieces shorter than `sentence_min_len` are only used when nothing longer exists (its own
    `get_key_sentences` default). Budget and order follow our summarizer, without MMR.
    """
    sentences = split_sentences(strip_bylines(text))
    if not sentences or max_sentences <= 0:
        return Summary()
    ranker = _sentence_ranker()
    with networkx_compat():
        ranker.analyze("\n".join(sentences), lower=True, source="all_filters")
    owners = _owner(list(ranker.sentences), sentences)
    ranked: list[int] = []
    score: dict[int, float] = {}
    fallback: list[int] = []
    for item in ranker.key_sentences:  # best first, as textrank4zh returns them
        i = owners[item.index]
        if i in score:
            continue
        score[i] = float(item.weight)
        (ranked if len(item.sentence) >= sentence_min_len else fallback).append(i)
    ranked = ranked or fallback
    lengths = [len(s) for s in sentences]
    chosen, over = select_within_budget(ranked, lengths, max_chars, max_sentences)
    picked = [(i, round(score[i], 6), sentences[i]) for i in chosen]
    return Summary("".join(s for _, _, s in picked), picked, over)


def keywords(text: str, k: int = 8, window: int = 2) -> list[tuple[str, float]]:
    """textrank4zh's keywords, filtered like ours (no single chars, punctuation, stopwords)."""
    sentences = split_sentences(strip_bylines(text))
    if not sentences or k <= 0:
        return []
    ranker = _keyword_ranker()
    with networkx_compat():
        ranker.analyze("\n".join(sentences), window=window, lower=True)
    stopwords = package_stopwords()
    out = [(str(item.word), round(float(item.weight), 6)) for item in ranker.keywords]
    out = [(w, s) for w, s in out if is_keyword_candidate(w, stopwords)]
    return sorted(out, key=lambda ws: (-ws[1], ws[0]))[:k]
