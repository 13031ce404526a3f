"""Turn one input (a page, or one article with `whole=True`) into output records.

This is the unit of work of a batch: it takes text, never a path, so workers, stdin and the
Python API share it. The record keys and their order are a contract that other tools parse.
"""

from __future__ import annotations

from .errors import InputError
from .issue import article_jumps, page_fields
from .predictor import Predictor
from .split import Article, Page, parse_page, whole_article

RECORD_KEYS = (
    "source", "index", "title", "label", "label_name", "confidence", "uncertain", "scores",
    "top_terms", "summary", "keywords", "byline", "body", "line_start", "line_end", "encoding",
    # issue structure (classify.issue): null when not known
    "page", "page_name", "issue_date", "jump", "continued_from", "continued_to", "teaser_of",
    "parts", "joined",
)


def articles_of(text: str, source: str, whole: bool = False) -> list[Article]:
    """The articles of one input; an input with no article text is an error, not zero rows."""
    return page_of(text, source, whole).articles


def page_of(text: str, source: str, whole: bool = False) -> Page:
    """The split page (articles and furniture); one with no article text is an error."""
    if not text.strip():
        raise InputError(source, "is empty (no text); remove it or check the export that made it")
    page = Page([whole_article(text)]) if whole else parse_page(text)
    if not page.articles:
        raise InputError(source, "has no article text (only page furniture such as mastheads and dates)")
    return page


def tag_text(predictor: Predictor, text: str, source: str, *, whole: bool = False,
             max_chars: int | None = None, max_sentences: int | None = None,
             encoding: str | None = None) -> list[dict]:
    """Records for every article of one page (or, with `whole`, one article), in reading order.

    This is what `classify tag` does to each input once it is decoded: `source` names the input
    in the records and in errors, and `encoding` (the codec the bytes were decoded with, None
    for text that never was bytes) is copied into each record. Raises `InputError` for an input
    with no article text.
    """
    if not isinstance(text, str):
        raise InputError(str(source), f"is {type(text).__name__}, not text; decode it first "
                         "(classify.read.decode) or pass str")
    page = page_of(text, source, whole)
    articles = page.articles
    fields = page_fields(page)
    jumps = article_jumps(page)
    analyses = analysis_fields(predictor, [(a.title, a.body) for a in articles], max_chars=max_chars,
                               max_sentences=max_sentences)
    records = []
    for index, (article, analysis, jump) in enumerate(zip(articles, analyses, jumps, strict=True), 1):
        records.append({
            "source": source,
            "index": index,
            "title": article.title,
            **analysis,
            "byline": article.byline,
            "body": article.body,
            "line_start": article.line_start,
            "line_end": article.line_end,
            "encoding": encoding,
            **fields,
            "jump": jump,
            "continued_from": None, "continued_to": None, "teaser_of": None, "parts": None, "joined": None,
        })
    return records


def analysis_fields(predictor: Predictor, articles: list[tuple[str, str]], *, max_chars: int | None = None,
                    max_sentences: int | None = None) -> list[dict]:
    """The label and abstract fields of a record for (title, body) pairs, in record key order."""
    out = []
    for analysis in predictor.analyze_many(articles, max_chars=max_chars, max_sentences=max_sentences):
        p = analysis.prediction
        out.append({"label": p.label, "label_name": p.label_name, "confidence": p.confidence,
                    "uncertain": p.uncertain, "scores": p.scores, "top_terms": p.top_terms,
                    "summary": analysis.summary, "keywords": analysis.keywords})
    return out


def error_record(source: str, reason: str) -> dict:
    return {"source": source, "error": reason}
