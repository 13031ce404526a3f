"""Word tokenization with jieba, loaded on first use.

jieba builds a prefix dictionary of 350,000 words when first used (about a second), so nothing
happens at `import classify`: the tokenizer is created on the first call, once per process, under
a lock. Its cache goes to a per-user cache directory, and a cache that cannot be written only
costs speed. When `jieba_fast` is installed it is used instead (same tokens, about 1.8x faster).

`tokenize` is a plain module-level function so that fitted vectorizers which refer to it can be
pickled and loaded in any process.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Any

_lock = threading.Lock()
_tokenizer: Any = None
_SPACE = re.compile(r"\s+")


def cache_dir() -> Path:
    """Per-user cache directory ($CLASSIFY_CACHE, $XDG_CACHE_HOME/classify, ~/.cache/classify)."""
    env = os.environ.get("CLASSIFY_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "classify"


def _writable_cache_dir() -> Path:
    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory):
            pass
        return directory
    except OSError:
        return Path(tempfile.gettempdir())


def _load() -> Any:
    global _tokenizer
    if _tokenizer is not None:
        return _tokenizer
    with _lock:
        if _tokenizer is None:
            try:
                import jieba_fast as jieba  # type: ignore[import-not-found]
            except ImportError:
                import jieba  # type: ignore[import-untyped]
            # jieba logs a traceback at ERROR when its cache cannot be written; that only costs
            # speed, so keep it quiet.
            logging.getLogger(jieba.__name__).setLevel(logging.CRITICAL)
            if hasattr(jieba, "setLogLevel"):
                jieba.setLogLevel(logging.CRITICAL)
            tk = jieba.Tokenizer()
            tk.tmp_dir = str(_writable_cache_dir())
            tk.cache_file = f"{jieba.__name__}.cache"
            tk.initialize()
            _tokenizer = tk
    return _tokenizer


def cut(text: str) -> list[str]:
    """jieba's tokens for `text`, including punctuation and spaces; concatenated they give `text`."""
    return _load().lcut(text)


def words(tokens: list[str]) -> list[str]:
    """Words for features and ranking from `cut` tokens: no whitespace, letters lower-cased."""
    return [t.lower() for t in tokens if not _SPACE.fullmatch(t)]


def tokenize(text: str) -> list[str]:
    """`words(cut(text))`: the tokenizer the classifier's features use."""
    return words(cut(text))
