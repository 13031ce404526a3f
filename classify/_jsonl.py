"""One JSON value per line, readable by every line reader.

JSON leaves U+0085, U+2028 and U+2029 raw inside strings, and many line readers (Python's
`str.splitlines`, JavaScript before ES2019) take them for line ends, so a record holding one
would read as two broken lines. Every JSON-lines writer of the package goes through `line` so
that one value is always one line, whichever reader parses it.
"""

from __future__ import annotations

import json

_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def text(value: object, *, sort_keys: bool = False) -> str:
    """`value` as compact UTF-8 JSON on one line, without the newline."""
    out = json.dumps(value, ensure_ascii=False, sort_keys=sort_keys)
    if "\x85" in out or "\u2028" in out or "\u2029" in out:
        out = out.translate(_LINE_BREAKS)
    return out


def line(value: object, *, sort_keys: bool = False) -> str:
    """`text(value)` ending in a newline: one line of a JSON-lines file."""
    return text(value, sort_keys=sort_keys) + "\n"
