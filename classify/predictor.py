"""The public predictor: load a verified bundle once, then tag and summarise articles.

`predict_many` classifies a list in one vectorised call, and `analyze_many` tokenizes each
article once and shares the tokens between the classifier and the summarizer. A `Predictor` holds
no mutable state after loading, so one instance can serve many threads.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from .bundle import Bundle, load_bundle
from .errors import InputError
from .features import Doc, prepare


@dataclass(frozen=True)
class Prediction:
    """A domain label with its calibrated probability and the evidence for it."""

    label: str
    label_name: str
    confidence: float
    uncertain: bool
    scores: dict[str, float]
    top_terms: list[str]

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Analysis:
    """Everything the toolkit says about one article."""

    prediction: Prediction
    summary: str
    keywords: list[str]


# An article longer than this (a mis-split archive dump, a 1 MB line) is read up to here: its
# label and abstract come from the first 50,000 characters, which keeps the time and memory per
# input bounded. Real articles are under 10,000.
MAX_ANALYZED_CHARS = 50_000


def _bounded(text: str) -> str:
    if len(text) <= MAX_ANALYZED_CHARS:
        return text
    cut_at = max(text.rfind(mark, 0, MAX_ANALYZED_CHARS) for mark in "。！？\n")
    return text[: cut_at + 1 if cut_at > MAX_ANALYZED_CHARS // 2 else MAX_ANALYZED_CHARS]


def _check_text(text: object, where: str) -> None:
    if not isinstance(text, (str, Doc)):
        hint = "decode it first" if isinstance(text, (bytes, bytearray)) else "pass str"
        raise InputError(where, f"is {type(text).__name__}, not text; {hint}")


def _text_of(text: str | Doc) -> str:
    return text.text if isinstance(text, Doc) else text


class Predictor:
    """Tag articles with a trained bundle. `Predictor.load()` finds the default model."""

    def __init__(self, bundle: Bundle, threshold: float | None = None) -> None:
        self.bundle = bundle
        self.threshold = bundle.threshold if threshold is None else float(threshold)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, *, threshold: float | None = None,
             allow_unverified: bool = False) -> Predictor:
        """Load and verify a bundle (default: $CLASSIFY_MODEL or the shipped models/domains)."""
        return cls(load_bundle(path, allow_unverified=allow_unverified), threshold=threshold)

    @property
    def labels(self) -> list[str]:
        return list(self.bundle.labels)

    @property
    def manifest(self) -> dict:
        return self.bundle.manifest

    def predict(self, text: str | Doc) -> Prediction:
        """The label of one text. Empty or blank text gets `uncertain=True`: there is nothing to
        be sure of, whatever the scores say."""
        _check_text(text, "text")
        return self.predict_many([text])[0]

    def predict_many(self, texts: Sequence[str | Doc]) -> list[Prediction]:
        """Labels of many texts in one vectorised call (a list, not one str)."""
        if isinstance(texts, (str, bytes, Doc)):
            raise TypeError("predict_many takes a list of texts, not one text (a str would be read "
                            "one character at a time); use predict(text), or predict_many([text])")
        texts = list(texts)
        for i, text in enumerate(texts):
            _check_text(text, f"texts[{i}]")
        if not texts:
            return []
        import numpy as np

        clf = self.bundle.classifier
        matrix = clf.transform(texts)
        proba = clf.proba_from_features(matrix)
        out = []
        for row, p in enumerate(proba):
            best = int(np.argmax(p))
            label = str(clf.classes_[best])
            # rounded to 4 places for output; the best label takes the rounding remainder so
            # that the scores still sum to exactly 1
            scores = {str(c): round(float(v), 4) for c, v in zip(clf.classes_, p, strict=True)}
            scores[label] = round(1.0 - sum(v for c, v in scores.items() if c != label), 4)
            confidence = scores[label]
            out.append(Prediction(
                label=label,
                label_name=self.bundle.display_names.get(label, label),
                confidence=confidence,
                uncertain=confidence < self.threshold or not _text_of(texts[row]).strip(),
                scores=scores,
                top_terms=clf.top_terms(matrix[row], label, 5),
            ))
        return out

    def analyze_many(self, articles: Sequence[tuple[str, str]], *, max_chars: int | None = None,
                     max_sentences: int | None = None, keywords: int = 8) -> list[Analysis]:
        """(title, body) pairs -> label, abstract and keywords, one jieba pass per article."""
        prepared = [prepare(title, _bounded(body)) for title, body in articles]
        analyses = [self._summarize(p.text, p.tokens, max_chars, max_sentences, keywords) for p in prepared]
        predictions = self.predict_many([p.doc for p in prepared])
        return [Analysis(p, s, k) for p, (s, k) in zip(predictions, analyses, strict=True)]

    def _summarize(self, text: str, tokens: list[str], max_chars: int | None, max_sentences: int | None,
                   k: int) -> tuple[str, list[str]]:
        summarizer = self.bundle.summarizer
        if summarizer is None or not text.strip():
            return "", []
        summary, keywords = summarizer.analyze(text, tokens=tokens, k=k, max_chars=max_chars,
                                               max_sentences=max_sentences)
        return summary.text, [w for w, _ in keywords]
