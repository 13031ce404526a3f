"""Regular expressions compiled the first time they are read, not when their module is imported.

CPython's `re` builds a character class over a range one code point at a time, in Python: every
`[{CJK}]` class (about 28,000 code points) costs a few milliseconds to compile, and the byline
and splitter patterns hold dozens of them. Compiled at import, they cost every process that
imports the splitter (the summarizer, `classify train`, a test run) the lot, whether it splits a
page or not. Compiled on first read, a process pays only for the patterns it uses.

After the first read a pattern is an ordinary attribute (of the module, or of the
`LazyPatterns` namespace): the hot paths that match every line pay no call for the laziness.
The compiled pattern is the one `re.compile(source)` gives, so no match can differ.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping


class LazyPatterns:
    """A namespace of patterns, each compiled from its source when first read (`ns.NAME`)."""

    def __init__(self, sources: Mapping[str, str]) -> None:
        self._sources = dict(sources)

    def __getattr__(self, name: str) -> re.Pattern[str]:
        """Python calls this only for a name the instance does not hold yet: compile it, keep it."""
        try:
            source = self.__dict__["_sources"][name]
        except KeyError:
            raise AttributeError(f"no pattern named {name!r}") from None
        pattern = re.compile(source)
        setattr(self, name, pattern)  # the next read finds the attribute and skips this method
        return pattern

    def names(self) -> frozenset[str]:
        """The names of every pattern, compiled or not."""
        return frozenset(self._sources)

    def read_into(self, module_globals: MutableMapping[str, object], name: str) -> re.Pattern[str]:
        """A module's `__getattr__` (PEP 562) for these patterns: `module.NAME` compiles NAME and
        binds it in the module, so the next `module.NAME` is a plain attribute read."""
        if name not in self._sources:
            raise AttributeError(f"module {module_globals['__name__']!r} has no attribute {name!r}")
        pattern = module_globals[name] = getattr(self, name)
        return pattern
