"""Traditional-Chinese pages: detect them, and give the model a simplified copy.

The model and the summarizer learned from simplified text; a traditional page read as it is
loses labels (the words the model knows are spelled differently). So a page that is mostly
traditional is converted before it is split and read, and its records map every field back to
the original characters: records keep what the paper printed and say `script: "traditional"`.

Detection uses a small built-in table (`resources/traditional.txt`: the 200 traditional-only
characters most frequent in news text), so it is the same with or without OpenCC. Conversion
uses OpenCC when it is installed (`pip install classify[opencc]`: phrase-level, exact), else
the same table (character by character, the frequent characters only).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# A traditional page has about 3 in 10 of its characters in the table, a simplified page none
# (a quoted traditional name aside): a tenth is far from both.
TRADITIONAL_SHARE = 0.1
# Fewer CJK characters than this say nothing about the script.
MIN_CJK = 20


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    try:
        from importlib import resources

        data = resources.files("classify").joinpath("resources/traditional.txt").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        data = (Path(__file__).resolve().parent / "resources" / "traditional.txt").read_text("utf-8")
    return {line[0]: line[1] for line in data.splitlines() if len(line) == 2 and not line.startswith("#")}


@functools.lru_cache(maxsize=1)
def _traditional_chars() -> re.Pattern[str]:
    """One character class of the table's traditional characters that `_CJK` counts, so that
    counting them is one regex scan of the page instead of a set lookup per ideograph."""
    chars = sorted(ch for ch in _table() if _CJK.match(ch))
    return re.compile("[" + "".join(re.escape(ch) for ch in chars) + "]") if chars else re.compile(r"(?!)")


def is_traditional(text: str) -> bool:
    """Is the text mostly written in traditional characters?"""
    cjk = len(_CJK.findall(text))
    if cjk < MIN_CJK:
        return False
    return len(_traditional_chars().findall(text)) >= TRADITIONAL_SHARE * cjk


@functools.lru_cache(maxsize=1)
def _opencc():
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """The text in simplified characters, character for character (same length, same line
    breaks), so that every position of the copy is the same position of the original."""
    cc = _opencc()
    if cc is not None:
        out = cc.convert(text)
        if len(out) == len(text):
            return out
        # a phrase changed length: convert line by line, and character by character where needed
        lines = []
        for line in text.split("\n"):
            conv = cc.convert(line)
            lines.append(conv if len(conv) == len(line) else "".join(_one(cc, ch) for ch in line))
        return "\n".join(lines)
    table = _table()
    return "".join(table.get(ch, ch) for ch in text)


def _one(cc, ch: str) -> str:
    out = cc.convert(ch)
    return out if len(out) == 1 else ch


class Restorer:
    """Maps strings made from the simplified copy of a page back to the page's characters.

    The copy has the same length as the original, so a character found at a position of the
    copy is the original's character at that position. Fields (titles, bodies, summaries) are
    made of the page's characters in order, with line breaks and spaces changed: each is
    located by a forward scan over the page with whitespace left out."""

    def __init__(self, original: str, simplified: str) -> None:
        keep = [n for n, ch in enumerate(simplified) if not ch.isspace()]
        self._conv = "".join(simplified[n] for n in keep)
        self._orig = "".join(original[n] for n in keep)

    def restore(self, field: str) -> str:
        if not field:
            return field
        probe = "".join(ch for ch in field if not ch.isspace())[:8]
        pos = max(0, self._conv.find(probe)) if probe else 0
        out = []
        for ch in field:
            if ch.isspace():
                out.append(ch)
                continue
            j = self._conv.find(ch, pos, pos + 200)  # 200: line breaks, openers and credits cut out
            if j < 0:  # the story goes on elsewhere (another column, past other stories)
                j = self._conv.find(ch, pos)
            if j < 0:
                j = self._conv.find(ch)
            if j < 0:
                out.append(ch)
                continue
            out.append(self._orig[j])
            pos = j + 1
        return "".join(out)
