"""Word tokenization, with the fastest jieba backend installed, loaded on first use.

Backends, in order of preference: `rjieba` (a binding of jieba-rs with wheels for every
platform, a default dependency), `jieba_fast` (C, no wheels) and `jieba` (pure Python, the
reference for dictionaries). `$CLASSIFY_TOKENIZER` picks one by name. The backends agree on all
but a few tokens (rjieba keeps `2024-05-01` whole), so a model records the backend it was trained
with and predicts with that one (see `Predictor.load`), warning when it is not installed.

A user dictionary (jieba's format: `word [freq] [tag]` per line) works with every backend:
jieba loads it itself, rjieba gets each word through `add_word`.

Nothing happens at `import classify`: a backend is created on first use, once per process and
per (backend, user dictionary), under a lock. jieba's cache goes to a per-user cache directory,
and a cache that cannot be written only costs speed.

`tokenize` is a plain module-level function so that fitted vectorizers which refer to it can be
pickled and loaded in any process.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import ClassifyError

BACKENDS = ("rjieba", "jieba_fast", "jieba")
BACKEND_ENV = "CLASSIFY_TOKENIZER"
_lock = threading.Lock()


class TokenizerError(ClassifyError):
    """A tokenizer backend or user dictionary that cannot be used."""


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


def available(backend: str) -> bool:
    """Whether `backend` can be imported (without importing it)."""
    import importlib.util

    return importlib.util.find_spec(backend) is not None


def default_backend() -> str:
    """$CLASSIFY_TOKENIZER, else the first installed of rjieba, jieba_fast, jieba."""
    chosen = os.environ.get(BACKEND_ENV, "").strip()
    if chosen:
        if chosen not in BACKENDS:
            raise TokenizerError(f"${BACKEND_ENV}={chosen!r} is not a tokenizer; choose one of "
                                 f"{', '.join(BACKENDS)}")
        return chosen
    for name in BACKENDS:
        if available(name):
            return name
    raise TokenizerError("no tokenizer installed; `pip install rjieba` (or jieba)")


def parse_user_dict(text: str, source: str = "user dictionary") -> tuple[tuple[str, int | None, str | None], ...]:
    """(word, freq or None, tag or None) per non-blank line of a jieba user dictionary.

    Parsed once here for every backend, so that a malformed line is refused with its line
    number whichever backend is installed (jieba would raise deep inside, rjieba has no loader).
    """
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.strip().split()
        if not parts:
            continue
        if len(parts) > 3:
            raise TokenizerError(f"{source}:{number}: expected `word [freq] [tag]`, got {line.strip()!r}")
        word, freq, tag = parts[0], None, None
        rest = parts[1:]
        if rest and rest[0].isdigit():
            freq = int(rest.pop(0))
        if rest:
            tag = rest.pop(0)
        if rest:
            raise TokenizerError(f"{source}:{number}: the frequency must be a whole number, got {line.strip()!r}")
        entries.append((word, freq, tag))
    return tuple(entries)


def read_user_dict(path: str | os.PathLike[str]) -> tuple[tuple[str, int | None, str | None], ...]:
    """The entries of a user dictionary file (UTF-8), or a one-line error naming the file."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TokenizerError(f"{path}: user dictionary not found; check --user-dict") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TokenizerError(f"{path}: cannot read the user dictionary ({exc}); save it as UTF-8") from None
    return parse_user_dict(text, str(path))


def user_dict_sha256(entries: Sequence[tuple[str, int | None, str | None]]) -> str:
    """A fingerprint of a user dictionary's entries (what the manifest records)."""
    text = "\n".join(" ".join(str(x) for x in e if x is not None) for e in entries)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Tokenizer:
    """One backend with an optional user dictionary; `cut` gives tokens that concatenate to the
    text (spaces and punctuation included)."""

    def __init__(self, backend: str, user_dict: tuple = ()) -> None:
        self.backend = backend
        self.user_dict = tuple(user_dict)
        self._impl: Any = None

    @property
    def version(self) -> str:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version(self.backend.replace("_", "-"))
        except PackageNotFoundError:
            return "unknown"

    def describe(self) -> dict:
        """What a manifest records about the tokenizer."""
        info: dict = {"backend": self.backend, "version": self.version}
        if self.user_dict:
            info["user_dict_sha256"] = user_dict_sha256(self.user_dict)
            info["user_dict_words"] = len(self.user_dict)
        return info

    def _load(self) -> Any:
        if self._impl is not None:
            return self._impl
        with _lock:
            if self._impl is None:
                self._impl = self._create()
        return self._impl

    def _create(self) -> Any:
        if self.backend == "rjieba":
            import rjieba  # type: ignore[import-not-found]

            if not self.user_dict:
                # the module's own instance, used read-only (a second one costs 75 ms)
                return rjieba.cut
            tk = rjieba.Jieba()
            for word, freq, tag in self.user_dict:
                tk.add_word(word, freq, tag)
            return tk.cut
        if self.backend == "jieba_fast":
            import jieba_fast as jieba  # type: ignore[import-not-found]
        elif self.backend == "jieba":
            import jieba  # type: ignore[import-untyped]
        else:
            raise TokenizerError(f"unknown tokenizer {self.backend!r}; choose one of {', '.join(BACKENDS)}")
        # jieba logs a traceback at ERROR when its cache cannot be written; that only costs
        # speed, so keep it quiet (on its own logger, which only jieba uses).
        import logging  # here: only the jieba backends need it

        logging.getLogger(jieba.__name__).setLevel(logging.CRITICAL)
        tk = jieba.Tokenizer()
        tk.tmp_dir = str(_writable_cache_dir())
        tk.cache_file = f"{jieba.__name__}.cache"
        tk.initialize()
        for word, freq, tag in self.user_dict:
            tk.add_word(word, freq, tag)
        return tk.lcut

    def cut(self, text: str) -> list[str]:
        """Tokens of `text`, including punctuation and spaces; concatenated they give `text`."""
        return self._load()(text)

    def tokenize(self, text: str) -> list[str]:
        return words(self.cut(text))


@functools.lru_cache(maxsize=16)
def get_tokenizer(backend: str | None = None, user_dict: tuple = ()) -> Tokenizer:
    """The process-wide tokenizer for (backend, user dictionary); default backend when None."""
    name = backend or default_backend()
    if name not in BACKENDS:
        raise TokenizerError(f"unknown tokenizer {name!r}; choose one of {', '.join(BACKENDS)}")
    if not available(name):
        raise TokenizerError(f"tokenizer {name} is not installed; `pip install {name}`")
    return Tokenizer(name, user_dict)


def cut(text: str) -> list[str]:
    """The default tokenizer's tokens for `text`; concatenated they give `text`."""
    return get_tokenizer().cut(text)


def words(tokens: list[str]) -> list[str]:
    """Words for features and ranking from `cut` tokens: no whitespace, letters lower-cased."""
    # str.isspace is the same test as a full match of \s+ (both use Unicode whitespace), 5x faster
    return [t.lower() for t in tokens if not t.isspace()]


def tokenize(text: str) -> list[str]:
    """`words(cut(text))`: the tokenizer the classifier's features use."""
    return words(cut(text))
