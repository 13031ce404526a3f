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
            return _check_text(text, source)
    if b"\x00" in data:
        raise InputError(source, "looks binary (contains NUL bytes); pass text files only")
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return _check_text(text, source)
    raise InputError(source, "is neither UTF-8 nor GB18030 text; convert it to UTF-8")


def _check_text(text: str, source: str) -> str:
    """Refuse text that decoded but is mostly control or unassigned characters (binary by mistake)."""
    sample = text[:20000]
    if not sample:
        return text
    bad = 0
    for ch in sample:
        if ch in "\n\r\t\ufeff":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cn", "Co", "Cs"):
            bad += 1
    if bad > max(8, len(sample) // 20):
        raise InputError(source, "looks binary (mostly control or unassigned characters); "
                         "pass text files only")
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
