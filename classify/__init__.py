"""classify: split Chinese local-newspaper pages into articles, tag them by domain, summarise them.

    from classify import Predictor, split_page, summarize
    predictor = Predictor.load()            # the shipped default model, verified
    for article in split_page(page_text):
        print(predictor.predict(article.body).label)

`tag_text(predictor, page_text, source)` gives the records `classify tag` writes for one page.

Nothing heavy happens at import: the tokenizer and the model load on first use, and
scikit-learn only for training (prediction uses numpy arrays).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .errors import ClassifyError, DataError, InputError, ModelError
    from .pdf import PageLayout, read_pdf
    from .predictor import Prediction, Predictor
    from .sentences import split_sentences
    from .split import Article, Page, parse_page, split_page
    from .summarizers import Summary, TextRankSummarizer, keywords, summarize
    from .tag import tag_text

_EXPORTS = {
    "Predictor": "predictor",
    "Prediction": "predictor",
    "Article": "split",
    "Page": "split",
    "split_page": "split",
    "parse_page": "split",
    "split_sentences": "sentences",
    "tag_text": "tag",
    "summarize": "summarizers",
    "keywords": "summarizers",
    "Summary": "summarizers",
    "TextRankSummarizer": "summarizers",
    "ClassifyError": "errors",
    "DataError": "errors",
    "InputError": "errors",
    "ModelError": "errors",
    "read_pdf": "pdf",
    "PageLayout": "pdf",
}

__all__ = [
    "__version__", "Predictor", "Prediction", "Article", "Page", "split_page", "parse_page",
    "split_sentences", "tag_text", "summarize", "keywords", "Summary", "TextRankSummarizer", "ClassifyError",
    "DataError", "InputError", "ModelError", "read_pdf", "PageLayout",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'classify' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
