"""Turn one input (a page, or one article with `whole=True`) into output records.

This is the unit of work of a batch: it takes text, never a path, so workers, stdin and the
Python API share it. The record keys and their order are a contract that other tools parse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .errors import InputError
from .predictor import Predictor
from .script import Restorer, is_traditional, to_simplified
from .split import Article, Layout, parse_page, whole_article

RECORD_KEYS = (
    "source", "index", "title", "label", "label_name", "confidence", "uncertain", "scores",
    "top_terms", "summary", "keywords", "byline", "body", "line_start", "line_end",
)
# Keys only some records carry, after the others: `script` ("traditional") when the page was
# read through a simplified copy; `pdf_page` (1-based page of the PDF) and `bbox` (x0, y0, x1,
# y1 in PDF points, y up) for articles read from a PDF.
OPTIONAL_KEYS = ("script", "pdf_page", "bbox")


def articles_of(text: str, source: str, whole: bool = False,
                layouts: Sequence[Layout] | None = None) -> list[Article]:
    """The articles of one input; an input with no article text is an error, not zero rows."""
    if not text.strip():
        raise InputError(source, "is empty (no text); remove it or check the export that made it")
    articles = [whole_article(text)] if whole else parse_page(text, layouts=layouts).articles
    if not articles:
        raise InputError(source, "has no article text (only page furniture such as mastheads and dates)")
    return articles


def tag_text(predictor: Predictor, text: str, source: str, *, whole: bool = False,
             max_chars: int | None = None, max_sentences: int | None = None,
             layouts: Sequence[Layout] | None = None,
             extra: Callable[[Article], dict] | None = None) -> list[dict]:
    """Records for every article of one input, in reading order.

    A mostly traditional page is split and read through a simplified copy (the model learned
    simplified text); its records carry the original characters and `script: "traditional"`.
    `layouts` (one per line of `text`) pass a PDF page's layout to the splitter; `extra` adds
    keys to each article's record (a PDF page's `pdf_page` and `bbox`)."""
    traditional = is_traditional(text)
    read = to_simplified(text) if traditional else text
    articles = articles_of(read, source, whole, layouts)
    analyses = predictor.analyze_many([(a.title, a.body) for a in articles], max_chars=max_chars,
                                      max_sentences=max_sentences)
    back = Restorer(text, read).restore if traditional else _same
    records = []
    for index, (article, analysis) in enumerate(zip(articles, analyses, strict=True), 1):
        p = analysis.prediction
        records.append({
            "source": source,
            "index": index,
            "title": back(article.title),
            "label": p.label,
            "label_name": p.label_name,
            "confidence": p.confidence,
            "uncertain": p.uncertain,
            "scores": p.scores,
            "top_terms": p.top_terms,
            "summary": back(analysis.summary),
            "keywords": [back(k) for k in analysis.keywords],
            "byline": back(article.byline),
            "body": back(article.body),
            "line_start": article.line_start,
            "line_end": article.line_end,
        })
        if traditional:
            records[-1]["script"] = "traditional"
        if extra is not None:
            records[-1].update(extra(article))
    return records


def _same(text: str) -> str:
    return text


def error_record(source: str, reason: str) -> dict:
    return {"source": source, "error": reason}
