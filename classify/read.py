"""Read bytes from disk and decode them into text.

Pages come from other systems (PDF extractors, OCR, old GBK archives), so decoding is strict and
ordered: BOMs first, then UTF-8, then GB18030, which also covers GBK and GB2312. Anything else,
and anything that looks binary, is refused with a reason rather than decoded into mojibake that
would be tagged with confidence.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from pathlib import Path

from .errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes, source: str = "<input>") -> str:
    """Decode page bytes, trying UTF-8 (with or without BOM), UTF-16 with BOM, then GB18030."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(source, f"starts with a {codec} byte-order mark but does not "
                                 f"decode as {codec}; re-save it as UTF-8") from None
            # FF FE starts much binary junk and UTF-16 decodes nearly anything: check the result
            return _check_text(text, source, plausible=codec == "utf-16")
    if b"\x00" in data:
        raise InputError(source, "looks binary (contains NUL bytes); pass text files only")
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        # valid UTF-8 is strong evidence of text; GB18030 decodes much garbage, so check it
        return _check_text(text, source, plausible=codec == "gb18030")
    raise InputError(source, "is neither UTF-8 nor GB18030 text; convert it to UTF-8")


# What news text is made of: Latin, Greek and Cyrillic letters, CJK ideographs, kana and hangul,
# CJK and general punctuation, full-width forms, symbols, arrows, enclosed numbers, shapes, emoji.
_PLAUSIBLE = re.compile(
    "[\u0009\u000a\u000d\u0020-\u007e\u00a0-\u024f\u0370-\u04ff\u2000-\u205f\u2070-\u20cf\u2100-\u22ff\u2460-\u27bf"
    "\u3000-\u30ff\u3200-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f"
    "\uff00-\uffef\ufeff\U0001f300-\U0001faff]"
)


def _check_text(text: str, source: str, plausible: bool = False) -> str:
    """Refuse text that decoded but is not text: control or unassigned characters (binary by
    mistake), or characters news text is not made of (random bytes that happen to decode, as
    UTF-16 or GB18030 will for much garbage)."""
    sample = text[:20000]
    visible = [ch for ch in sample if not ch.isspace()]
    if not visible:
        return text
    bad = sum(unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") for ch in visible if ch != "\ufeff")
    if bad > max(8, len(visible) // 20):
        raise InputError(source, "looks binary (mostly control or unassigned characters); "
                         "pass text files only")
    if plausible and sum(1 for ch in visible if _PLAUSIBLE.match(ch)) < 0.8 * len(visible):
        raise InputError(source, "does not decode to readable text (wrong encoding or not a text file); "
                         "convert it to UTF-8")
    return text


def read_bytes(path: str | os.PathLike[str], max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """Read one file's bytes; every failure becomes an InputError naming the file."""
    source = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(source, "is a directory; pass the files in it, or the directory to `classify tag`")
        size = p.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise InputError(source, f"is {size:,} bytes, over the {max_bytes:,}-byte limit; "
                             "split it or raise --max-bytes")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "does not exist; check the path") from None
    except PermissionError:
        raise InputError(source, "cannot be read (permission denied); fix its permissions") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc}); check the file") from None


def read_text(path: str | os.PathLike[str], max_bytes: int | None = DEFAULT_MAX_BYTES) -> str:
    """Read and decode one file."""
    return decode(read_bytes(path, max_bytes), str(path))


_HTML = re.compile(r"<(?:html|body|div|p|br|span|table|head)\b[^>]*>", re.IGNORECASE)
_HTML_DROP = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_BREAK = re.compile(r"<\s*(?:br|/p|/div|/h\d|/li|/tr)\b[^>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]+>")


def strip_html(text: str) -> str:
    """Text of an HTML page saved by mistake: tags out, block ends as line breaks."""
    if len(_HTML.findall(text[:50000])) < 2:
        return text
    text = _HTML_DROP.sub("", text)
    text = _HTML_BREAK.sub("\n", text)
    return html.unescape(_HTML_TAG.sub("", text))
