"""Read bytes from disk and decode them into text.

Pages come from other systems (PDF extractors, OCR, old GBK and Big5 archives), so decoding is
strict and ordered: BOMs first, then UTF-8, then GB18030, which also covers GBK and GB2312, and
only then a detector (charset-normalizer) for Big5, UTF-16 without a BOM and the rest. Whatever
decodes must still read as news text; anything that looks binary is refused with a reason rather
than decoded into mojibake that would be tagged with confidence.

Only regular files are read, and reads are bounded by counting bytes: a FIFO would block `open`
forever and `/dev/zero` reports a size of 0, so neither the file type nor `st_size` is trusted.
"""

from __future__ import annotations

import errno
import html
import os
import re
import stat
import unicodedata
from collections import Counter
from typing import BinaryIO

from ._lazy_re import LazyPatterns
from .errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Bytes read per call: large enough that a 20 MB page takes a few dozen calls, small enough that
# a stream over the limit costs at most this much beyond it.
_CHUNK = 1024 * 1024
# The detector is asked only about codecs that Chinese news archives are written in; a wider
# choice turns random bytes into "text" in some single-byte code page.
_DETECTABLE = ("big5", "big5hkscs", "cp950", "utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be",
               "gb18030", "euc_jp", "shift_jis", "euc_kr")
# What a detected page must hold to be taken as text: at least this share of its visible
# characters are CJK ideographs or CJK punctuation (a Chinese page is far above it; mojibake
# and random bytes decoded as UTF-16 mostly land in other blocks, rare ideographs aside).
_MIN_CJK_SHARE = 0.3
# ... and at least this many of them: a few bytes decode as a CJK character or two in most codecs
# (`\x00abc` is "a扣" in UTF-16-BE), while the shortest real article has a sentence.
_MIN_CJK_CHARS = 8

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes, source: str = "<input>") -> str:
    """Decode page bytes; see `decode_with_encoding` for the order tried."""
    return decode_with_encoding(data, source)[0]


def decode_with_encoding(data: bytes, source: str = "<input>") -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM), UTF-16 with BOM, GB18030, then a detector
    for Big5, UTF-16 without BOM and other CJK encodings. The encoding is the codec's name as
    Python spells it (`utf-8`, `utf-8-sig`, `utf-16`, `gb18030`, `big5`, `utf_16_le`, ...)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(source, f"starts with a {codec} byte-order mark but does not "
                                 f"decode as {codec}; re-save it as UTF-8") from None
            # FF FE starts much binary junk and UTF-16 decodes nearly anything: check the result
            return _check_text(text, source, plausible=codec == "utf-16"), codec
    refusal: InputError | None = None
    if b"\x00" not in data:  # UTF-8 and GB18030 text never holds NUL; UTF-16 text does
        for codec in ("utf-8", "gb18030"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if codec == "utf-8":  # valid UTF-8 is strong evidence: what it says stands
                return _check_text(text, source), codec
            try:  # GB18030 decodes much garbage (and most Big5), so check it
                return _check_text(text, source, plausible=True), codec
            except InputError as exc:
                refusal = exc
    detected = _detect(data, source)
    if detected is not None:
        return detected
    if refusal is not None:
        raise refusal
    if b"\x00" in data:
        raise InputError(source, "looks binary (contains NUL bytes); pass text files only")
    raise InputError(source, "is neither UTF-8 nor GB18030 text (nor Big5 or UTF-16); convert it to UTF-8")


def _detect(data: bytes, source: str) -> tuple[str, str] | None:
    """The detector's best CJK codec, when its text reads as Chinese news text; else None."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_DETECTABLE)).best()
    if best is None or best.encoding is None:
        return None
    if best.encoding.startswith("utf_") and b"\x00" not in data:
        return None  # UTF-16/32 of a page has NULs (line ends, digits); pairs of ASCII look CJK
    try:
        text = data.decode(best.encoding)
        _check_text(text, source, plausible=True)
    except (UnicodeDecodeError, LookupError, InputError):
        return None
    visible = [ch for ch in text[:20000] if not ch.isspace()]
    is_cjk = _LAZY.CJK.match
    cjk = sum(1 for ch in visible if is_cjk(ch))
    if cjk < max(_MIN_CJK_CHARS, _MIN_CJK_SHARE * len(visible)):
        return None
    return text.removeprefix("\ufeff"), best.encoding


# Only pages that are not plain UTF-8 are tested with these two wide classes, so they are
# compiled the first time they are read (`classify._lazy_re`), not at import.
_LAZY = LazyPatterns(dict(
    CJK="[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]",
    # What news text is made of: Latin, Greek and Cyrillic letters, CJK ideographs, kana and
    # hangul, CJK and general punctuation, full-width forms, symbols, arrows, enclosed numbers,
    # shapes, emoji.
    PLAUSIBLE="[\u0009\u000a\u000d\u0020-\u007e\u00a0-\u024f\u0370-\u04ff\u2000-\u205f\u2070-\u20cf\u2100-\u22ff"
              "\u2460-\u27bf\u3000-\u30ff\u3200-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f"
              "\uff00-\uffef\ufeff\U0001f300-\U0001faff]",
))

# Unicode categories binary data decodes to: control, unassigned, private use, surrogates.
_NOT_TEXT_CATEGORIES = ("Cc", "Cn", "Co", "Cs")


def _check_text(text: str, source: str, plausible: bool = False) -> str:
    """Refuse text that decoded but is not text: control or unassigned characters (binary by
    mistake), or characters news text is not made of (random bytes that happen to decode, as
    UTF-16 or GB18030 will for much garbage).

    Both tests count characters, so each distinct character is judged once and weighted by how
    often it occurs: a page repeats a few thousand characters, and judging every occurrence
    (a Unicode category lookup per character) was most of the cost of reading a page."""
    counts = Counter(text[:20000])
    visible = {ch: n for ch, n in counts.items() if not ch.isspace()}
    total = sum(visible.values())
    if not total:
        return text
    bad = sum(n for ch, n in visible.items() if ch != "\ufeff" and unicodedata.category(ch) in _NOT_TEXT_CATEGORIES)
    if bad > max(8, total // 20):
        raise InputError(source, "looks binary (mostly control or unassigned characters); "
                         "pass text files only")
    if plausible:
        is_plausible = _LAZY.PLAUSIBLE.match
        if sum(n for ch, n in visible.items() if is_plausible(ch)) < 0.8 * total:
            raise InputError(source, "does not decode to readable text (wrong encoding or not a text file); "
                             "convert it to UTF-8")
    return text


def read_bytes(path: str | os.PathLike[str], max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """Read one regular file's bytes, at most `max_bytes`; every failure is an InputError naming
    the file. Symlinks are followed (whether they may be is the caller's decision)."""
    source = str(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(source, "does not exist; check the path") from None
    except PermissionError:
        raise InputError(source, "cannot be read (permission denied); fix its permissions") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory; pass the files in it, or the directory to `classify tag`") from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket, or a FIFO on some systems
            raise InputError(source, "is not a regular file (a socket or FIFO); pass text files only") from None
        raise InputError(source, f"cannot be read ({exc.strerror or exc}); check the file") from None
    try:
        with os.fdopen(fd, "rb", buffering=0) as f:
            mode = os.fstat(f.fileno()).st_mode
            if stat.S_ISDIR(mode):
                raise InputError(source, "is a directory; pass the files in it, or the directory to `classify tag`")
            if not stat.S_ISREG(mode):
                raise InputError(source, f"is not a regular file (a {_kind(mode)}); pass text files only")
            size = os.fstat(f.fileno()).st_size
            if max_bytes is not None and size > max_bytes:  # known too big: no need to read it
                raise InputError(source, f"is {size:,} bytes, over the {max_bytes:,}-byte limit; "
                                 "split it or raise --max-bytes")
            os.set_blocking(f.fileno(), True)
            return read_bounded(f, source, max_bytes)
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc}); check the file") from None


def read_bounded(stream: BinaryIO, source: str, max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """All of a stream (a file, stdin) up to `max_bytes`, counted as read: a stream that is
    longer, or endless, is refused after `max_bytes + 1` bytes, never read to the end."""
    parts: list[bytes] = []
    total = 0
    while True:
        want = _CHUNK if max_bytes is None else min(_CHUNK, max_bytes + 1 - total)
        chunk = stream.read(want)
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        total += len(chunk)
        if max_bytes is not None and total > max_bytes:
            raise InputError(source, f"is over the {max_bytes:,}-byte limit; split it or raise --max-bytes")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


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
