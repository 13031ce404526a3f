"""Tag the pages of one PDF: each page is one input, with its own record stream.

A page with text is read with its layout (`pdf.read_page`) and split with that evidence; a page
without usable text (a scan, fonts with no Unicode map) goes to OCR when allowed and available,
else it becomes an error record that says how to enable OCR. Every record of a page carries
`pdf_page`; articles read from the PDF's own text also carry their `bbox`.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import ocr
from .errors import InputError
from .pdf import open_pdf, read_page
from .predictor import Predictor
from .split import Article
from .tag import error_record, tag_text

OCR_MODES = ("auto", "always", "never")


@dataclass(frozen=True)
class PdfJob:
    """How to read a PDF: the 1-based page ranges to take (None: all) and when to OCR."""

    pages: tuple[tuple[int, int], ...] | None = None
    ocr: str = "auto"


def parse_pages(spec: str) -> tuple[tuple[int, int], ...]:
    """`1-4`, `3`, `1,3-5` -> ((1, 4),), ...; raises ValueError with what to write instead."""
    out = []
    for part in spec.split(","):
        lo, sep, hi = part.strip().partition("-")
        try:
            a = int(lo)
            b = int(hi) if sep else a
        except ValueError:
            raise ValueError(f"--pages {spec!r}: write pages as 1-4, 3 or 1,3-5") from None
        if a < 1 or b < a:
            raise ValueError(f"--pages {spec!r}: pages start at 1 and ranges go up (1-4)")
        out.append((a, b))
    return tuple(out)


def is_pdf(source: str, data: bytes) -> bool:
    """A PDF by its magic bytes (any name), or by its name when it is too broken to have them."""
    return data[:1024].lstrip()[:5] == b"%PDF-" or source.lower().endswith(".pdf")


def tag_pdf(predictor: Predictor, data: bytes, source: str, job: PdfJob, *,
            whole: bool = False, max_chars: int | None = None,
            max_sentences: int | None = None) -> tuple[list[dict], bool]:
    """(records, all pages ok). Raises InputError for a PDF that cannot be opened at all."""
    doc = open_pdf(source, data)
    try:
        count = len(doc)
        numbers = [n for n in range(1, count + 1)
                   if job.pages is None or any(a <= n <= b for a, b in job.pages)]
        if not numbers:
            raise InputError(source, f"has {count} pages and --pages selects none of them")
        records: list[dict] = []
        ok = True
        for n in numbers:
            try:
                records.extend(_page_records(predictor, doc, n, source, job, whole, max_chars, max_sentences))
            except InputError as exc:
                ok = False
                records.append({**error_record(source, exc.reason), "pdf_page": n})
        return records, ok
    finally:
        doc.close()


def _page_records(predictor: Predictor, doc, n: int, source: str, job: PdfJob, whole: bool,
                  max_chars: int | None, max_sentences: int | None) -> list[dict]:
    where = f"{source} page {n}"
    layout = read_page(doc, n)
    if job.ocr == "always" or (layout.needs_ocr and job.ocr == "auto" and ocr.available()):
        page = doc[n - 1]
        try:
            text = ocr.ocr_page(page, where)
        finally:
            page.close()
        return tag_text(predictor, text, source, whole=whole, max_chars=max_chars, max_sentences=max_sentences,
                        extra=lambda a: {"pdf_page": n})
    if layout.needs_ocr:
        what = "has no text layer (a scan?)" if not layout.lines else \
            "has almost no readable Chinese text (fonts without a Unicode map, or a scan)"
        how = "run with --ocr auto" if job.ocr == "never" and ocr.available() else ocr.HOW_TO
        raise InputError(where, f"{what}; it needs OCR: {how}")

    def extra(a: Article) -> dict:
        lines = [*a.kicker_lines, *a.title_lines, *a.byline_lines, *a.body_lines, *a.jump_lines]
        box = layout.bbox_of(lines or range(a.line_start, a.line_end + 1))
        return {"pdf_page": n, "bbox": list(box) if box else None}

    return tag_text(predictor, layout.text(), source, whole=whole, max_chars=max_chars,
                    max_sentences=max_sentences, layouts=layout.layouts(), extra=extra)

