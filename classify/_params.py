"""Parameter constraints in scikit-learn's style, and parsing `KEY=VALUE` from the command line.

An estimator declares `_parameter_constraints`: for each constructor parameter, a list of
allowed forms (a type, `None`, an `Interval`, `Options` or `NgramRange`); a value is valid when
it matches one of them. The same table validates values given in Python (at `fit`) and turns
command-line text (`C=0.25`, `char_ngrams=1,4`) into typed values, so `classify train --param`
accepts exactly what the constructor accepts and names the valid keys when it does not.

scikit-learn has this idea in a private module; it is written here in a few lines so that no
private scikit-learn API is relied on and the summarizer (which never imports scikit-learn)
can use it too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import Any


class ParameterError(ValueError):
    """A parameter name or value that the estimator does not accept (a usage error)."""


@dataclass(frozen=True)
class Interval:
    """Numbers of `kind` (Integral or Real) between `left` and `right` (None: unbounded)."""

    kind: type
    left: float | None
    right: float | None
    closed: str = "both"  # "both", "left", "right" or "neither"

    def accepts(self, value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, self.kind):
            return False
        if isinstance(value, float) and not math.isfinite(value):
            return False
        low_ok = self.left is None or (value >= self.left if self.closed in ("both", "left") else value > self.left)
        high_ok = self.right is None or (value <= self.right if self.closed in ("both", "right")
                                         else value < self.right)
        return low_ok and high_ok

    def parse(self, text: str) -> Any:
        return int(text) if self.kind is Integral else float(text)

    def __str__(self) -> str:
        name = "an integer" if self.kind is Integral else "a number"
        lo = "" if self.left is None else (">= " if self.closed in ("both", "left") else "> ") + f"{self.left:g}"
        hi = "" if self.right is None else (("<= " if self.closed in ("both", "right") else "< ")
                                             + f"{self.right:g}")
        return " ".join(x for x in (name, lo, "and" if lo and hi else "", hi) if x)


@dataclass(frozen=True)
class Options:
    """One of a fixed set of strings."""

    values: tuple[str, ...]

    def accepts(self, value: Any) -> bool:
        return isinstance(value, str) and value in self.values

    def parse(self, text: str) -> str:
        return text

    def __str__(self) -> str:
        return "one of " + ", ".join(repr(v) for v in self.values)


@dataclass(frozen=True)
class NgramRange:
    """A pair (low, high) of n-gram lengths with 1 <= low <= high <= `longest`. On the command
    line `1,4` or `1-4`."""

    longest: int

    def accepts(self, value: Any) -> bool:
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            return False
        lo, hi = value
        return (all(isinstance(v, Integral) and not isinstance(v, bool) for v in value)
                and 1 <= lo <= hi <= self.longest)

    def parse(self, text: str) -> tuple[int, int]:
        parts = text.strip("()[] ").replace("-", ",").split(",")
        if len(parts) != 2:
            raise ValueError(text)
        return int(parts[0]), int(parts[1])

    def __str__(self) -> str:
        return f"a range LOW,HIGH with 1 <= LOW <= HIGH <= {self.longest}"


@dataclass(frozen=True)
class Words:
    """A list of strings; it cannot be given as `KEY=VALUE` (a file option sets it)."""

    option: str

    def accepts(self, value: Any) -> bool:
        return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)

    def parse(self, text: str) -> Any:
        raise ParameterError(f"set it with {self.option}, not --param")

    def __str__(self) -> str:
        return f"a list of words (use {self.option})"


def _accepts(constraint: Any, value: Any) -> bool:
    if constraint is None:
        return value is None
    if constraint is bool:
        return isinstance(value, bool)
    if isinstance(constraint, type):
        return isinstance(value, constraint) and not isinstance(value, bool)
    return constraint.accepts(value)


def _describe(constraint: Any) -> str:
    if constraint is None:
        return "none"
    if constraint is bool:
        return "true or false"
    if isinstance(constraint, type):
        return f"a {constraint.__name__}"
    return str(constraint)


def describe(constraints: Sequence[Any]) -> str:
    return " or ".join(_describe(c) for c in constraints)


def validate_params(owner: str, constraints: Mapping[str, Sequence[Any]], params: Mapping[str, Any]) -> None:
    """Raise `ParameterError` naming the parameter and what it may be, for the first value that
    matches none of its constraints, or an unknown name (listing the valid ones)."""
    for key, value in params.items():
        if key not in constraints:
            raise ParameterError(f"{key!r} is not a parameter of {owner}; valid: {', '.join(sorted(constraints))}")
        allowed = constraints[key]
        if not any(_accepts(c, value) for c in allowed):
            raise ParameterError(f"{owner} parameter {key}={value!r} is invalid: it must be {describe(allowed)}")


_NONE = ("none", "null")
_TRUE = ("true", "yes", "1", "on")
_FALSE = ("false", "no", "0", "off")


def parse_value(key: str, text: str, constraints: Sequence[Any]) -> Any:
    """The first reading of `text` that some constraint accepts (`none`, booleans, numbers,
    ranges, strings), or `ParameterError` saying what the parameter may be."""
    raw = text.strip()
    for c in constraints:
        try:
            if c is None:
                value: Any = None if raw.lower() in _NONE else ...
            elif c is bool:
                low = raw.lower()
                value = True if low in _TRUE else False if low in _FALSE else ...
            elif isinstance(c, type):
                value = c(raw) if c is not str else raw
            else:
                value = c.parse(raw)
        except ParameterError as exc:
            raise ParameterError(f"{key}: {exc}") from None
        except (TypeError, ValueError):
            continue
        if value is not ... and _accepts(c, value):
            return value
    raise ParameterError(f"{key}={text!r} is invalid: it must be {describe(constraints)}")


def split_pairs(pairs: Iterable[str], option: str) -> list[tuple[str, str]]:
    """`KEY=VALUE` strings -> (key, value), or `ParameterError` for one without `=`."""
    out = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ParameterError(f"{option} {pair!r}: write KEY=VALUE (e.g. {option} C=0.25)")
        out.append((key.strip(), value))
    return out


def search_values(key: str, text: str, constraints: Sequence[Any]) -> list[Any]:
    """The values of a grid axis: `C=0.25,0.5,1`; ranges as `char_ngrams=1-3,1-4` (or `;`)."""
    is_range = any(isinstance(c, NgramRange) for c in constraints)
    if is_range and ";" in text:
        parts = text.split(";")
    elif is_range:
        parts = text.split(",")
        if not all("-" in p or p.strip().lower() in _NONE for p in parts):
            raise ParameterError(f"--search {key}={text}: write ranges as LOW-HIGH, e.g. {key}=1-3,1-4")
    else:
        parts = text.split(",")
    values = [parse_value(key, p, constraints) for p in parts if p.strip()]
    if not values:
        raise ParameterError(f"--search {key}= needs at least one value")
    unique: list[Any] = []
    for v in values:
        if v not in unique:
            unique.append(v)
    return unique
