"""Normalise page text without changing its line structure.

Line numbers are part of the output contract (`line_start`, `line_end`), so everything here works
line by line and keeps one output line per input line. What changes is only what PDF and OCR
extraction got wrong: line endings, full-width digits and letters, invisible characters, and the
justification spaces that typesetting puts between Chinese characters.
"""

from __future__ import annotations

import re

# Full-width ASCII digits, letters and a few signs that appear in numbers.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})
_FULLWIDTH.update({0xFF05: ord("%"), 0xFF0E: ord("."), 0xFF0B: ord("+")})
# Zero-width and soft-hyphen characters, and the bidirectional controls (marks, embeddings,
# overrides, isolates): invisible in print, they split words for the tokenizer and can reorder
# what a reader sees (U+202E once made a byline read as a title).
_INVISIBLE = {code: None for code in (*range(0x200B, 0x2010), *range(0x202A, 0x202F), 0x2060,
                                      *range(0x2066, 0x206A), 0xFEFF, 0x00AD)}
_SPACES = {code: " " for code in (0x00A0, 0x3000, 0x2002, 0x2003, 0x2009, 0x202F, 0x0009)}
_TABLE = {**_FULLWIDTH, **_INVISIBLE, **_SPACES}

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese punctuation and symbols that sit in a line like characters (full-width forms too).
CJK_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014\u00b7\u25a0-\u25ff"

_LETTER_SPACED = re.compile(rf"(?:[{CJK}] ){{2,}}[{CJK}](?![{CJK}])|(?:[{CJK}] ){{3,}}")
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{CJK}{CJK_PUNCT}]) +| +(?=[{CJK}{CJK_PUNCT}])")
_MULTI_SPACE = re.compile(r" {2,}")


def split_lines(text: str) -> list[str]:
    """Split on CRLF, CR or LF and normalise each line; the count equals the raw line count."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [normalize_line(line) for line in text.split("\n")]


def normalize_line(line: str) -> str:
    """Map full-width digits/letters to ASCII, drop invisible characters, trim the ends."""
    return _MULTI_SPACE.sub(" ", line.translate(_TABLE)).strip()


def unspace_letters(line: str) -> str:
    """Close up letter-spaced runs (`我 市 强 化` -> `我市强化`), leave word spaces alone."""
    if " " not in line:  # letter spacing is spaces: most lines have none (cheaper than the scan)
        return line
    return _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), line)


def unspace_prose(line: str) -> str:
    """Remove justification spaces next to Chinese characters in running text.

    Spaces between two ASCII tokens stay, so numbers never merge (`2024 2025`).
    """
    if " " not in line:  # only spaces are taken out: most lines have none
        return line
    return _SPACE_NEAR_CJK.sub("", line)


def width(line: str) -> float:
    """Visual width in Chinese-character units: ASCII is half width, as in the printed column."""
    return len(line) - 0.5 * len(line.encode("ascii", "ignore"))
