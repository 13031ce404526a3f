"""Turn one input (a page, or one article with `whole=True`) into output records.

This is the unit of work of a batch: it takes text, never a path, so workers, stdin and the
Python API share it. The record keys and their order are a contract that other tools parse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .errors import InputError
from .issue import article_jumps, page_fields
from .predictor import Predictor
from .script import Restorer, is_traditional, to_simplified
from .split import Article, Layout, Page, parse_page, whole_article

RECORD_KEYS = (
    "source", "index", "title", "label", "label_name", "confidence", "uncertain", "scores",
    "top_terms", "summary", "keywords", "byline", "body", "line_start", "line_end", "encoding",
    # issue structure (classify.issue): null when not known
    "page", "page_name", "issue_date", "jump", "continued_from", "continued_to", "teaser_of",
    "parts", "joined",
)
# Keys only some records carry, after the others: `script` ("traditional") when the page was
# read through a simplified copy; `pdf_page` (1-based page of the PDF) and `bbox` (x0, y0, x1,
# y1 in PDF points, y up) for articles read from a PDF.
OPTIONAL_KEYS = ("script", "pdf_page", "bbox")


def page_of(text: str, source: str, whole: bool = False, layouts: Sequence[Layout] | None = None) -> Page:
    """The split page (articles and furniture); one with no article text is an error."""
    if not text.strip():
        raise InputError(source, "is empty (no text); remove it or check the export that made it")
    page = Page([whole_article(text)]) if whole else parse_page(text, layouts=layouts)
    if not page.articles:
        raise InputError(source, "has no article text (only page furniture such as mastheads and dates)")
    return page


def tag_text(predictor: Predictor, text: str, source: str, *, whole: bool = False,
             max_chars: int | None = None, max_sentences: int | None = None,
             encoding: str | None = None, layouts: Sequence[Layout] | None = None,
             extra: Callable[[Article], dict] | None = None) -> list[dict]:
    """Records for every article of one page (or, with `whole`, one article), in reading order.

    This is what `classify tag` does to each input once it is decoded: `source` names the input
    in the records and in errors, and `encoding` (the codec the bytes were decoded with, None
    for text that never was bytes) is copied into each record. Raises `InputError` for an input
    with no article text.

    A mostly traditional page is split and read through a simplified copy (the model learned
    simplified text); its records carry the original characters and `script: "traditional"`.
    `layouts` (one per line of `text`) pass a PDF page's layout to the splitter; `extra` adds
    keys to each article's record (a PDF page's `pdf_page` and `bbox`).
    """
    if not isinstance(text, str):
        raise InputError(str(source), f"is {type(text).__name__}, not text; decode it first "
                         "(classify.read.decode) or pass str")
    traditional = is_traditional(text)
    read = to_simplified(text) if traditional else text
    page = page_of(read, source, whole, layouts)
    articles = page.articles
    fields = page_fields(page)
    jumps = article_jumps(page)
    analyses = analysis_fields(predictor, [(a.title, a.body) for a in articles], max_chars=max_chars,
                               max_sentences=max_sentences)
    back = Restorer(text, read).restore if traditional else _same
    records = []
    for index, (article, analysis, jump) in enumerate(zip(articles, analyses, jumps, strict=True), 1):
        analysis = {**analysis, "summary": back(analysis["summary"]),
                    "keywords": [back(k) for k in analysis["keywords"]]}
        record = {
            "source": source,
            "index": index,
            "title": back(article.title),
            **analysis,
            "byline": back(article.byline),
            "body": back(article.body),
            "line_start": article.line_start,
            "line_end": article.line_end,
            "encoding": encoding,
            **fields,
            "jump": jump,
            "continued_from": None, "continued_to": None, "teaser_of": None, "parts": None, "joined": None,
        }
        if traditional:
            record["script"] = "traditional"
        if extra is not None:
            record.update(extra(article))
        records.append(record)
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


def _same(text: str) -> str:
    return text


def error_record(source: str, reason: str) -> dict:
    return {"source": source, "error": reason}
