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
HEAD_SCALE = {"title": 1.6, "subtitle": 1.25, "pretitle": 1.25, "kicker": 1.25}


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
             width: float = 842.0, chars_per_line: int = 17, title_below: bool = False) -> bytes:
    """A one-page PDF of `items` ((role, text); role "blank" for a blank line) in `columns`.

    The body size is what fits `chars_per_line` characters in a column. Returns the PDF bytes
    (and writes them to `path` when given)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    del title_below  # the order of `items` decides where a headline sits
    font = _font()
    column = (width - 2 * MARGIN - (columns - 1) * GUTTER) / columns
    body = column / (chars_per_line + 0.5)
    leading = body * 1.45
    # lay out first: (role, text, size, advance before)
    laid: list[tuple[str, str, float, float]] = []
    for role, text in items:
        if role == "blank":
            laid.append(("blank", "", body, 0.6 * leading))
            continue
        size = body * HEAD_SCALE.get(role, 1.0)
        for part in _wrap(text, size, column):
            laid.append((role, part, size, 0.0))
    heights = [adv if role == "blank" else size * 1.45 for role, _, size, adv in laid]
    caption_first = _caption_starts(laid)
    image_h = 3.0 * leading
    total = sum(heights) + image_h * len(caption_first)
    target = total / columns
    height = max(1191.0, target * 1.15 + 2 * MARGIN + 4 * leading)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(width, height), invariant=1)
    gray = ImageReader(_gray_image())
    col, y, used = 0, height - MARGIN, 0.0
    for n, ((role, text, size, adv), h) in enumerate(zip(laid, heights, strict=True)):
        need = h + (image_h if n in caption_first else 0)
        if used + need > target * 1.02 and used > 0 and col < columns - 1 and role != "blank":
            col, y, used = col + 1, height - MARGIN, 0.0
        x = MARGIN + col * (column + GUTTER)
        if role == "blank":
            if used > 0:
                y -= adv
                used += adv
            continue
        if n in caption_first:
            c.drawImage(gray, x, y - image_h + 0.2 * leading, column, image_h - 0.4 * leading)
            y -= image_h
            used += image_h
        y -= size * 1.45
        used += size * 1.45
        c.setFont(font, size)
        c.drawString(x, y + 0.3 * size, text)
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


def gold_page_pdf(text_path: str | Path, columns: int, path: str | Path | None = None) -> bytes:
    """The PDF of one gold page (`PAGE.txt` beside `PAGE.gold.json`) in `columns`."""
    import json

    from classify.normalize import split_lines
    from classify.split import gold_roles

    text_path = Path(text_path)
    gold = json.loads(text_path.with_name(text_path.stem + ".gold.json").read_text(encoding="utf-8"))
    lines = split_lines(text_path.read_text(encoding="utf-8"))
    roles = gold_roles(lines, gold["articles"])
    return make_pdf(page_items(lines, roles), columns, path, chars_per_line=_chars(lines))


def _chars(lines: Sequence[str]) -> int:
    """The widest body line of the page, so its lines fit the column unbroken."""
    from classify.normalize import width

    widths = sorted(width(line) for line in lines if line)
    return max(8, math.ceil(widths[int(0.95 * (len(widths) - 1))]) + 1) if widths else 17
