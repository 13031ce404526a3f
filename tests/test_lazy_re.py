"""Patterns with a CJK class are compiled when first read, not when their module is imported."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from classify._lazy_re import LazyPatterns

#: the splitter's and the bylines' modules that keep patterns
_MODULES = ("classify.bylines", "classify.split._patterns", "classify.split.facts")

_FRESH_IMPORT = """
import re, sys
import classify.split, classify.bylines
from classify.normalize import CJK
for name in sys.argv[1:]:
    module = sys.modules[name]
    eager = [n for n, v in vars(module).items() if isinstance(v, re.Pattern)
             and any(r in v.pattern for r in ("\\\\u3400", "\\\\u4e00", CJK))]
    compiled = sorted(set(vars(module.__dict__["_LAZY"])) - {"_sources"})
    print(name, eager, compiled)
"""


def test_importing_the_splitter_compiles_no_cjk_class():
    # a fresh process: this test process has long read the patterns
    out = subprocess.run([sys.executable, "-c", _FRESH_IMPORT, *_MODULES], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == [f"{name} [] []" for name in _MODULES]


@pytest.mark.parametrize("module_name", _MODULES)
def test_a_lazy_pattern_is_the_compiled_source_and_stays_bound(module_name):
    import importlib

    module = importlib.import_module(module_name)
    lazy: LazyPatterns = module._LAZY
    assert lazy.names()
    for name in sorted(lazy.names()):
        pattern = getattr(lazy, name)
        assert pattern == re.compile(lazy._sources[name])
        assert getattr(lazy, name) is pattern  # compiled once
        if not name.startswith("_") and module_name != "classify.split.facts":
            assert getattr(module, name) is pattern
            assert vars(module)[name] is pattern  # bound in the module: no `__getattr__` call after this


def test_an_unknown_name_is_an_attribute_error():
    from classify import bylines
    from classify.split import _patterns

    lazy = LazyPatterns({"DIGITS": r"\d+"})
    assert lazy.DIGITS.fullmatch("42")
    with pytest.raises(AttributeError, match="NOPE"):
        _ = lazy.NOPE
    with pytest.raises(AttributeError, match="classify.bylines"):
        _ = bylines.NOPE
    with pytest.raises(AttributeError, match="classify.split._patterns"):
        _ = _patterns.NOPE
    assert not hasattr(_patterns, "NOPE")
