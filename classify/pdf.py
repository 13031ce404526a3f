"""The PDF reading stage: e-paper pages to lines with their layout, in reading order.

Text extracted from a PDF without its layout loses what makes a page easy to split: a
headline's font is larger, columns have x positions, a caption sits under its photo. This stage
keeps that evidence. Per page it reads every character with its box, font size and weight
(pypdfium2: fast, permissive licence, correct CJK text), joins characters into lines, orders
the lines by a recursive XY cut (column gaps first, so aligned lines of neighbouring columns
never interleave), and groups them into blocks (a blank line wherever a column ends, the font
size changes or a paragraph gap opens). `PageLayout.text()` is the reading-order text the
splitter reads; `PageLayout.layouts()` its per-line `split.Layout` evidence, so a PDF page and
its plain-text extraction go through the same splitter.

Pages with (almost) no CJK text are scans, or use fonts without a Unicode map: their text is
garbage in every library, so `PageLayout.needs_ocr` says so and the caller sends them to OCR.
"""

from __future__ import annotations

import ctypes
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .errors import InputError
from .split import Layout

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class PdfOptions:
    """Thresholds of PDF reading, in units of the page's body font size unless said otherwise."""

    same_line: float = 0.5  # baselines closer than half a character are one line
    char_gap: float = 1.5  # a wider gap between characters on one baseline is a column gap
    band_gap: float = 1.0  # a horizontal gap this high across a region parts stories or a headline
    #                        from its text: lines of a paragraph are about half a size apart
    column_gap: float = 0.6  # a vertical strip this wide, empty top to bottom, separates columns
    cut_gap: float = 0.1  # the least horizontal whitespace worth cutting a region at
    paragraph_gap: float = 0.3  # a line this much further below the last than the leading: new block
    size_change: float = 1.15  # a font this much larger or smaller than the line above: new block
    headline_ratio: float = 1.3  # a line this much larger than the body size is a headline candidate
    caption_reach: float = 2.0  # a line starting within this many line heights under a photo
    bold_weight: int = 600  # CSS weights: 400 regular, 700 bold
    min_cjk_chars: int = 20  # a news page holds hundreds; fewer means a scan or unmapped fonts
    max_unmapped: float = 0.2  # a page with more unmapped characters than this reads as garbage


DEFAULT_PDF = PdfOptions()


@dataclass(frozen=True)
class PdfLine:
    """One line of a PDF page. `bbox` is (x0, y0, x1, y1) in PDF points, y up from the bottom."""

    text: str
    bbox: tuple[float, float, float, float]
    font_size: float
    font_name: str = ""
    font_weight: int = 0
    column: int = 0  # 0-based column of the page (by left edge)
    block: int = 0  # 0-based block in reading order
    headline: bool = False  # font clearly larger than the page's body text
    caption: bool = False  # set just under an image

    @property
    def bold(self) -> bool:
        return self.font_weight >= DEFAULT_PDF.bold_weight or "bold" in self.font_name.lower()


@dataclass(frozen=True)
class PageLayout:
    """One PDF page: lines in reading order, grouped into blocks, and what the page holds."""

    number: int  # 1-based page of the PDF
    width: float
    height: float
    lines: tuple[PdfLine, ...] = ()
    body_size: float = 0.0
    images: tuple[tuple[float, float, float, float], ...] = ()
    cjk_chars: int = 0
    unicode_errors: int = 0  # characters whose font has no Unicode map for them
    chars: int = 0
    options: PdfOptions = field(default=DEFAULT_PDF, repr=False)

    @property
    def needs_ocr(self) -> bool:
        """Too little CJK text to be a readable news page (a scan), or text mostly of characters
        whose font has no Unicode map (what comes out is not what is printed)."""
        return self.cjk_chars < self.options.min_cjk_chars or \
            self.unicode_errors > self.options.max_unmapped * self.chars

    def _rows(self) -> list[int | None]:
        """Index into `lines` per text line, None for the blank lines between blocks."""
        rows: list[int | None] = []
        for n, line in enumerate(self.lines):
            if n and line.block != self.lines[n - 1].block:
                rows.append(None)
            rows.append(n)
        return rows

    def text(self) -> str:
        """The reading-order text: one line per PDF line, a blank line between blocks."""
        return "\n".join("" if n is None else self.lines[n].text for n in self._rows())

    def line_of(self) -> list[PdfLine | None]:
        """The PdfLine behind each line of `text()` (None for blank lines): the line numbers of
        the split articles index into this list, 1-based."""
        return [None if n is None else self.lines[n] for n in self._rows()]

    def layouts(self) -> list[Layout]:
        """`split.Layout` per line of `text()`: font ratio, bold, column, indent, gap above."""
        out: list[Layout] = []
        prev: PdfLine | None = None
        body = self.body_size or 1.0
        for line in self.line_of():
            if line is None:
                out.append(Layout())
                continue
            y_gap = None
            if prev is not None and prev.column == line.column and prev.bbox[1] > line.bbox[3]:
                y_gap = round((prev.bbox[1] - line.bbox[3]) / max(line.font_size, 1e-6), 2)
            out.append(Layout(font_ratio=round(line.font_size / body, 3), bold=line.bold,
                              column=line.column, x_gap=None, y_gap=y_gap))
            prev = line
        return out

    def bbox_of(self, line_numbers: Sequence[int]) -> tuple[float, float, float, float] | None:
        """The union box of lines of `text()` (1-based numbers), rounded to 0.1 pt."""
        rows = self.line_of()
        boxes = [rows[n - 1].bbox for n in line_numbers if 0 < n <= len(rows) and rows[n - 1] is not None]
        if not boxes:
            return None
        return (round(min(b[0] for b in boxes), 1), round(min(b[1] for b in boxes), 1),
                round(max(b[2] for b in boxes), 1), round(max(b[3] for b in boxes), 1))


# -- opening -------------------------------------------------------------------------------------

def open_pdf(source: str, data: bytes | None):
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise InputError(source, "is a PDF, and reading PDFs needs pypdfium2: pip install pypdfium2") from None
    if data is None:
        from .read import read_bytes

        data = read_bytes(source, None)
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # pdfium reports a document without pages as a password error too: /Encrypt tells them apart
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD and b"/Encrypt" in data:
            raise InputError(source, "is an encrypted PDF; decrypt it first (e.g. qpdf --decrypt "
                             "--password=... in.pdf out.pdf)") from None
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise InputError(source, "is a PDF with no pages (or a damaged one); re-export it") from None
        raise InputError(source, "is not a readable PDF (damaged or truncated); re-export or "
                         "re-download it") from None
    if len(doc) == 0:
        doc.close()
        raise InputError(source, "is a PDF with no pages; re-export it")
    return doc


def read_pdf(path: str | os.PathLike[str], pages: Sequence[int] | None = None, *,
             data: bytes | None = None, options: PdfOptions = DEFAULT_PDF) -> list[PageLayout]:
    """Every page (or the 1-based `pages`) of a PDF as a PageLayout, in page order.

    Raises InputError for encrypted, damaged and page-less PDFs. `data` reads from bytes already
    in memory (the path then only names the file in messages)."""
    source = str(path)
    doc = open_pdf(source, data)
    try:
        numbers = list(range(1, len(doc) + 1)) if pages is None else [n for n in pages if 1 <= n <= len(doc)]
        return [read_page(doc, n, options) for n in numbers]
    finally:
        doc.close()


# -- one page ------------------------------------------------------------------------------------

@dataclass
class _Run:
    chars: list[str]
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    weight: int
    first: int  # char index of the first character, for its font name


def read_page(doc, number: int, options: PdfOptions = DEFAULT_PDF) -> PageLayout:
    """One page (1-based) of a document from `open_pdf`."""
    import pypdfium2.raw as raw

    page = doc[number - 1]
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        runs, unicode_errors = _runs(textpage, raw, options)
        names: dict[int, str] = {}
        buf = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        for run in runs:
            n = raw.FPDFText_GetFontInfo(textpage.raw, run.first, buf, len(buf), ctypes.byref(flags))
            names[run.first] = buf.value.decode("utf-8", "replace") if n else ""
    finally:
        textpage.close()
    images = _images(page, raw)
    page.close()
    sizes: Counter[float] = Counter()
    for run in runs:
        sizes[round(run.size, 1)] += len(run.chars)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    cjk = sum(len(_CJK.findall("".join(r.chars))) for r in runs)
    ordered = _reading_order(runs, body or 1.0, options)
    lines = _blocks(ordered, names, body or 1.0, images, options)
    chars = sum(len(r.chars) for r in runs)
    return PageLayout(number, width, height, tuple(lines), body, images, cjk, unicode_errors, chars, options)


def _runs(textpage, raw, options: PdfOptions) -> tuple[list[_Run], int]:
    """Characters joined into runs on one baseline, broken at column-sized gaps; and how many
    characters have no Unicode mapping (their text is a guess)."""
    textpage = textpage.raw  # the bare handle: ctypes converts the wrapper on every call otherwise
    get_unicode, is_generated, map_error = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated, \
        raw.FPDFText_HasUnicodeMapError
    # The loose box (the character's advance times the font's ascent and descent) rather than the
    # tight one (the glyph's ink): the tight box needs the glyph outlines, and a PDF that does
    # not embed its CJK font has none where no CJK system font is installed, so every box would
    # collapse onto its baseline and the layout would depend on the reader's machine.
    get_box, get_size, get_weight = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize, \
        raw.FPDFText_GetFontWeight
    n = raw.FPDFText_CountChars(textpage)
    rect = raw.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    runs: list[_Run] = []
    cur: _Run | None = None
    errors = 0
    pending_space: str | bool = False
    for i in range(n):
        code = get_unicode(textpage, i)
        if is_generated(textpage, i) == 1:
            # a space pdfium inferred from a gap: kept between Latin words only (CJK text is set
            # without spaces, and justification widens its gaps)
            pending_space = pending_space or (code == 0x20 and "latin")
            continue
        if map_error(textpage, i) == 1:
            errors += 1
        ch = chr(code) if 0 < code < 0x110000 else "\ufffd"
        if ch.isspace():
            pending_space = "printed"  # a space the PDF prints (`记者 许岚`): always kept
            continue
        get_box(textpage, i, rect_ref)
        x0, x1, y0, y1 = rect.left, rect.right, rect.bottom, rect.top
        size = get_size(textpage, i) or (y1 - y0) or 1.0
        weight = get_weight(textpage, i)
        if cur is not None:
            mid = (y0 + y1) / 2
            cur_mid = (cur.y0 + cur.y1) / 2
            ratio = max(size, cur.size) / max(min(size, cur.size), 1e-6)
            same = (abs(mid - cur_mid) <= options.same_line * max(size, cur.size)
                    and x0 >= cur.x1 - options.same_line * size
                    and x0 - cur.x1 <= options.char_gap * max(size, cur.size)
                    and ratio < options.size_change)
            if same:
                if pending_space == "printed" or (pending_space and cur.chars[-1].isascii() and ch.isascii()):
                    cur.chars.append(" ")
                cur.chars.append(ch)
                cur.x1, cur.y0, cur.y1 = max(cur.x1, x1), min(cur.y0, y0), max(cur.y1, y1)
                pending_space = False
                continue
            runs.append(cur)
        cur = _Run([ch], x0, y0, x1, y1, size, weight, i)
        pending_space = False
    if cur is not None:
        runs.append(cur)
    return runs, errors


def _images(page, raw) -> tuple[tuple[float, float, float, float], ...]:
    out = []
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        x0, y0, x1, y1 = obj.get_bounds()
        out.append((x0, y0, x1, y1))
    return tuple(out)


def _reading_order(runs: list[_Run], body: float, options: PdfOptions) -> list[tuple[_Run, int]]:
    """Runs in reading order with their leaf region (recursive XY cut).

    A region is cut first at its widest horizontal gap when that is wider than line spacing
    ever is (a headline over its columns, one story over the next); failing that, at every
    vertical strip of whitespace that runs its full height (columns, read left to right);
    failing that, at its widest horizontal gap of any size (lines of one column). Lines of
    neighbouring columns often share baselines, so small horizontal gaps run across a whole
    story: cutting there would read it row by row."""
    out: list[tuple[_Run, int]] = []
    fresh = iter(range(1 << 30))

    def cut(items: list[_Run], region: int) -> None:
        if len(items) > 1:
            rows = _horizontal_cut(items, options.band_gap * body)
            if len(rows) > 1:  # a gap across the whole region, wider than any line spacing
                for r in rows:
                    cut(r, next(fresh))
                return
            cols = _vertical_cuts(items, options.column_gap * body)
            if len(cols) > 1:
                for c in cols:
                    cut(c, next(fresh))
                return
            rows = _horizontal_cut(items, options.cut_gap * body)
            if len(rows) > 1:
                for r in rows:
                    cut(r, region)  # bands of one region: the block stage decides on the gap
                return
        for run in sorted(items, key=lambda r: (-r.y1, r.x0)):
            out.append((run, region))

    cut(runs, next(fresh))
    return out


def _vertical_cuts(items: list[_Run], gap: float) -> list[list[_Run]]:
    spans = sorted(items, key=lambda r: r.x0)
    groups: list[list[_Run]] = [[spans[0]]]
    right = spans[0].x1
    for r in spans[1:]:
        if r.x0 - right >= gap:
            groups.append([r])
        else:
            groups[-1].append(r)
        right = max(right, r.x1)
    return groups


def _horizontal_cut(items: list[_Run], least: float) -> list[list[_Run]]:
    spans = sorted(items, key=lambda r: -r.y1)
    best, at = least, -1
    low = spans[0].y0
    for k in range(1, len(spans)):
        g = low - spans[k].y1
        if g > best:
            best, at = g, k
        low = min(low, spans[k].y0)
    if at < 0:
        return [items]
    return [spans[:at], spans[at:]]


def _blocks(ordered: list[tuple[_Run, int]], names: dict[int, str], body: float,
            images: Sequence[tuple[float, float, float, float]], options: PdfOptions) -> list[PdfLine]:
    """PdfLines with block numbers: a new block where the region changes, the font size changes,
    a paragraph gap opens, or the text passes from a caption to the text around it."""
    pitch = _pitches(ordered, options)
    left_of: dict[int, float] = {}
    for run, leaf in ordered:
        left_of[leaf] = min(left_of.get(leaf, run.x0), run.x0)
    lefts = sorted({round(x / (2 * body)) for x in left_of.values()})
    column_of = {x: n for n, x in enumerate(lefts)}
    out: list[PdfLine] = []
    block = -1
    prev: tuple[_Run, int, bool] | None = None
    for run, leaf in ordered:
        caption = any(_under(run, img, options) for img in images)
        new = prev is None
        if prev is not None:
            p, p_leaf, p_caption = prev
            ratio = max(run.size, p.size) / max(min(run.size, p.size), 1e-6)
            step = _mid(p) - _mid(run)
            normal = pitch.get(leaf, 1.45) * max(run.size, p.size)
            new = (leaf != p_leaf or ratio >= options.size_change or (caption and not p_caption)
                   or step > (1 + options.paragraph_gap) * normal or step < 0)
            caption = caption or (p_caption and not new)  # the caption runs on under its first line
        if new:
            block += 1
        out.append(PdfLine(
            text="".join(run.chars).strip(), bbox=(run.x0, run.y0, run.x1, run.y1), font_size=run.size,
            font_name=names.get(run.first, ""), font_weight=run.weight,
            column=column_of[round(left_of[leaf] / (2 * body))], block=block,
            headline=run.size >= options.headline_ratio * body, caption=caption))
        prev = (run, leaf, caption)
    return out


def _mid(run: _Run) -> float:
    return (run.y0 + run.y1) / 2


def _pitches(ordered: list[tuple[_Run, int]], options: PdfOptions) -> dict[int, float]:
    """Per region, the usual distance between consecutive lines of one size, in font sizes (its
    leading): a paragraph gap is measured against it, whatever the page's line spacing."""
    steps: dict[int, list[float]] = {}
    for (a, leaf_a), (b, leaf_b) in zip(ordered, ordered[1:], strict=False):
        if leaf_a == leaf_b and abs(a.size - b.size) < 0.05 * a.size and _mid(a) > _mid(b):
            steps.setdefault(leaf_a, []).append((_mid(a) - _mid(b)) / a.size)
    return {leaf: sorted(v)[len(v) // 2] for leaf, v in steps.items()}


def _under(run: _Run, img: tuple[float, float, float, float], options: PdfOptions) -> bool:
    x0, y0, x1, y1 = img
    height = run.y1 - run.y0
    return run.y1 <= y0 + 1 and y0 - run.y1 <= options.caption_reach * height and run.x0 < x1 and run.x1 > x0
