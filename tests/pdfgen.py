"""Generate e-paper-like PDFs of our pages for the tests and bench/pdf_pages.py (reportlab).

A page's text lines are set in N columns, read top to bottom and left to right, as a newspaper
sets them: body lines at the body size, headline lines (read off the page's gold roles) at a
larger size and wrapped to the column, kickers and subtitles in between, a grey image above each
photo caption, a small gap at each blank line, columns balanced. The font is reportlab's built-in
CID font STSong-Light (no font file needed; pypdfium2 extracts its CJK text correctly).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path

FONT = "STSong-Light"
MARGIN = 36.0
GUTTER = 14.0
MIN_COLUMN_LINES = 8  # a band's text takes a column for every this many lines, up to all of them
HEAD_SCALE = {"title": 1.8, "subtitle": 1.35, "pretitle": 1.35, "kicker": 1.35}


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _wrap(text: str, size: float, column: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, cur = [], ""
    for ch in text:
        if cur and stringWidth(cur + ch, FONT, size) > column:
            cut = cur.rfind(" ")  # a typesetter breaks at a space when there is one (`■ 本报记者 …`)
            if cut > 0:
                lines.append(cur[:cut])
                cur = cur[cut + 1:]
            else:
                lines.append(cur)
                cur = ""
        cur += ch
    return [*lines, cur] if cur else lines


def page_items(lines: Sequence[str], roles: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(role, text) per line, "" text for a blank line; roles index the non-blank lines."""
    out, k = [], 0
    for line in lines:
        if not line.strip():
            out.append(("blank", ""))
            continue
        out.append((roles[k] if roles is not None and k < len(roles) else "body", line.strip()))
        k += 1
    return out


def make_pdf(items: Sequence[tuple[str, str]], columns: int, path: str | Path | None = None,
             width: float = 842.0, chars_per_line: int = 17, min_height: float = 1191.0) -> bytes:
    """A one-page PDF of `items` ((role, text); role "blank" for a blank line) in `columns`.

    As on a newspaper page, the text runs in bands: each run of headline lines (title, kicker,
    subtitle) is set across the page at a larger size, and the text between two such runs fills
    the columns of its band top to bottom, left to right, columns balanced; a column may end
    mid-paragraph. The order of `items` is kept, so a headline printed under its story stays
    under it. The body size is what fits `chars_per_line` characters in a column. Returns the
    PDF bytes (and writes them to `path` when given)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    font = _font()
    column = (width - 2 * MARGIN - (columns - 1) * GUTTER) / columns
    body = column / (chars_per_line + 0.5)
    leading = body * 1.45
    image_h = 3.0 * leading
    bands: list[tuple[bool, list[tuple[str, str]]]] = []  # (is a headline band, items)
    for role, text in items:
        head = role in HEAD_SCALE
        if role == "blank":
            if bands:
                bands[-1][1].append((role, text))
            continue
        if not bands or bands[-1][0] != head:
            bands.append((head, []))
        bands[-1][1].append((role, text))
    # heights first, to size the page
    plans = []
    for head, band in bands:
        if head:
            while band and band[-1][0] == "blank":
                band.pop()
            plans.append((head, band, sum(leading if r == "blank" else body * HEAD_SCALE[r] * 1.45
                                          for r, _ in band)))
            continue
        while band and band[-1][0] == "blank":
            band.pop()
        # a line wider than the column wraps, as the typesetter would break it
        band = [(r, part) for r, t in band for part in ([t] if r == "blank" else _wrap(t, body, column))]
        heights = [0.6 * leading if r == "blank" else leading + (image_h if r == "caption" and
                   (n == 0 or band[n - 1][0] != "caption") else 0) for n, (r, _) in enumerate(band)]
        # a short text takes fewer columns (a photo and its caption, a brief), never a line each
        span = max(1, min(columns, round(len(band) / MIN_COLUMN_LINES)))
        target = sum(heights) / span
        cols: list[list[tuple[str, str, float]]] = [[]]
        used = 0.0
        for (r, t), h in zip(band, heights, strict=True):
            if used + h > target * 1.02 + 0.01 and used > 0 and len(cols) < span and r != "blank":
                cols.append([])
                used = 0.0
            if r == "blank" and used == 0:
                continue
            cols[-1].append((r, t, h))
            used += h
        plans.append((head, cols, max(sum(h for *_, h in c) for c in cols)))
    band_gap = 1.5 * leading
    height = max(min_height, sum(p[2] for p in plans) + band_gap * len(plans) + 2 * MARGIN)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(width, height), invariant=1)
    gray = ImageReader(_gray_image())
    top = height - MARGIN
    for head, content, band_height in plans:
        if head:
            y = top
            for r, t in content:
                if r == "blank":  # headlines of two stories: a gap between them
                    y -= leading
                    continue
                size = body * HEAD_SCALE[r]
                y -= size * 1.45
                c.setFont(font, size)
                c.drawString(MARGIN, y + 0.3 * size, t)
        else:
            for k, col in enumerate(content):
                x = MARGIN + k * (column + GUTTER)
                y = top
                for n, (r, t, h) in enumerate(col):
                    if r == "blank":
                        y -= h
                        continue
                    if h > leading:  # a photo above the caption
                        c.drawImage(gray, x, y - image_h + 0.2 * leading, column, image_h - 0.4 * leading)
                        y -= image_h
                    y -= leading
                    c.setFont(font, body)
                    c.drawString(x, y + 0.3 * body, t)
                    del n
        top -= band_height + band_gap
    c.showPage()
    c.save()
    data = buf.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data


def _caption_starts(laid: Sequence[tuple[str, str, float, float]]) -> set[int]:
    """The first line of each run of caption lines: a photo goes above it."""
    out = set()
    for n, (role, *_rest) in enumerate(laid):
        if role == "caption" and (n == 0 or laid[n - 1][0] != "caption"):
            out.add(n)
    return out


def _gray_image():
    from PIL import Image

    return Image.new("L", (24, 16), 170)


def gold_page_pdf(text_path: str | Path, columns: int, path: str | Path | None = None,
                  articles: Sequence[dict] | None = None) -> bytes:
    """The PDF of one gold page in `columns`; its gold `articles` (default: `PAGE.gold.json`
    beside `PAGE.txt`) decide which lines are set as headlines."""
    import json

    from classify.normalize import split_lines
    from classify.read import read_text
    from classify.split import gold_roles

    text_path = Path(text_path)
    if articles is None:
        gold = text_path.with_name(text_path.stem + ".gold.json").read_text(encoding="utf-8")
        articles = json.loads(gold)["articles"]
    lines = split_lines(read_text(text_path))
    roles = gold_roles(lines, articles)
    return make_pdf(page_items(lines, roles), columns, path, chars_per_line=_chars(lines))


def _chars(lines: Sequence[str]) -> int:
    """The column width of the page: nearly all its lines fit unbroken (the few wider ones are
    headlines or a wide box, and wrap)."""
    from classify.normalize import width

    widths = sorted(width(line) for line in lines if line)
    return max(8, math.ceil(widths[int(0.9 * (len(widths) - 1))]) + 1) if widths else 17
