"""The result type shared by every summarizer backend, and the word filters they share.

Kept apart from the TextRank code so that the optional textrank4zh backend can return the same
`Summary` without importing numpy-heavy ranking code, and so that the stopword list is read once
per process (on first use, never at import).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

# A token that is only punctuation, symbols or spaces: never a word for ranking or keywords.
PUNCT = re.compile(r"^[\W_]+$")
# Pure numbers (Arabic, full-width or Chinese numerals, with decimal points and percent signs):
# they make poor keywords (`2025`, `19.3%`) although they can tie two sentences together.
NUMBER = re.compile(r"^[\d０-９.．,，%％‰零〇一二三四五六七八九十百千万亿两第]+$")


@dataclass(frozen=True)
class Summary:
    """An extractive abstract.

    `sentences` lists (sentence index in the article, score, sentence) in document order, so a
    caller can highlight the sentences in the article; `text` is those sentences joined with no
    separator (Chinese sentences carry their own end marks). `over_budget` is True when the first
    chosen sentence alone was longer than the character budget and was taken anyway, because an
    abstract that cuts a sentence in half reads worse than one that is a little long.
    """

    text: str = ""
    sentences: list[tuple[int, float, str]] = field(default_factory=list)
    over_budget: bool = False

    def to_dict(self) -> dict:
        """Plain JSON-ready form (used by `classify tag` output)."""
        return {
            "text": self.text,
            "sentences": [{"index": i, "score": s, "sentence": t} for i, s, t in self.sentences],
            "over_budget": self.over_budget,
        }


def read_word_list(name: str) -> frozenset[str]:
    """A word list of `classify/resources/` (one word per line, `#` comments), lower-cased."""
    try:
        data = resources.files("classify").joinpath(f"resources/{name}").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError, TypeError):
        data = (Path(__file__).resolve().parent.parent / "resources" / name).read_text("utf-8")
    words = (line.strip().lower() for line in data.splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


@functools.lru_cache(maxsize=1)
def package_stopwords() -> frozenset[str]:
    """The stopword list shipped in `classify/resources/stopwords.txt`, read once and cached."""
    return read_word_list("stopwords.txt")


def read_stopwords(path: str | Path) -> list[str]:
    """The words of a stopword file (UTF-8, one word per line, `#` starts a comment line),
    lower-cased, unique and sorted so that the model file does not depend on the file's order."""
    from ..errors import DataError

    try:
        data = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(str(path), None, "stopword file not found; check --stopwords") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(str(path), None, f"cannot read the stopword file ({exc}); save it as UTF-8, "
                        "one word per line") from None
    words = {line.strip().lower() for line in data.splitlines()}
    return sorted(w for w in words if w and not w.startswith("#"))


def is_punct(token: str) -> bool:
    """Punctuation, symbols or whitespace only."""
    return bool(PUNCT.match(token))


def is_keyword_candidate(word: str, stopwords: frozenset[str]) -> bool:
    """A word that may be shown as a keyword: no stopwords, punctuation, numbers or single chars."""
    return len(word) >= 2 and word not in stopwords and not PUNCT.match(word) and not NUMBER.match(word)


def select_within_budget(
    ranked: list[int], lengths: list[int], max_chars: int, max_sentences: int
) -> tuple[list[int], bool]:
    """Greedy budget fill in rank order (no redundancy penalty), shared by the backends.

    The top-ranked sentence is always taken; if it alone is longer than `max_chars` nothing else
    is added and the second value (over budget) is True. Later sentences are taken only if they
    fit in what is left. Returns the chosen indices sorted into document order.
    """
    if not ranked or max_sentences <= 0:
        return [], False
    first = ranked[0]
    if lengths[first] > max_chars:
        return [first], True
    chosen = [first]
    used = lengths[first]
    for i in ranked[1:]:
        if len(chosen) >= max_sentences:
            break
        if used + lengths[i] <= max_chars:
            chosen.append(i)
            used += lengths[i]
    return sorted(chosen), False
