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
from .uncertainty import known_words, out_of_domain, rule_from_manifest


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


# What `warmup` predicts: a short article written for this purpose, with a title, a byline and
# several sentences, so that every stage (tokenizer dictionary, features, calibration, top terms,
# sentence splitting, TextRank) runs once.
_WARMUP_ARTICLE = (
    "社区开设便民服务站",
    "本报讯（记者 李明）昨天，城东街道便民服务站正式开门。居民在家门口就能办理社保、医保等业务，"
    "不用再跑到区政务服务中心。服务站还设有图书角和招聘信息栏，每周三有民警讲解防范电信诈骗知识。\n"
    "工作人员介绍，服务站开放一个月来已接待居民两千多人次。",
)
def _check_text(text: object, where: str) -> None:
    if not isinstance(text, (str, Doc)):
        hint = "decode it first" if isinstance(text, (bytes, bytearray)) else "pass str"
        raise InputError(where, f"is {type(text).__name__}, not text; {hint}")


class Predictor:
    """Tag articles with a trained bundle. `Predictor.load()` finds the default model."""

    def __init__(self, bundle: Bundle, threshold: float | None = None) -> None:
        self.bundle = bundle
        self.threshold = bundle.threshold if threshold is None else float(threshold)
        self.tokenizer = bundle.make_tokenizer(warn=False)
        # the out-of-domain part of the `uncertain` rule: plain numbers from the manifest
        self.min_chars, self.min_known_share = rule_from_manifest(bundle.manifest)
        self.known_words = known_words(bundle.classifier)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, *, threshold: float | None = None,
             allow_unverified: bool = False,
             trusted_keys: Sequence[str | os.PathLike[str]] | None = None,
             warmup: bool = False) -> Predictor:
        """Load and verify a bundle (default: $CLASSIFY_MODEL or the shipped models/domains).

        `trusted_keys` (public key files; default $CLASSIFY_TRUSTED_KEYS) makes a signature by
        one of them required. The model predicts with the tokenizer it was trained with.
        `warmup=True` calls `warmup()` before returning."""
        predictor = cls(load_bundle(path, allow_unverified=allow_unverified, trusted_keys=trusted_keys),
                        threshold=threshold)
        return predictor.warmup() if warmup else predictor

    def warmup(self) -> Predictor:
        """Pay the first-call costs now rather than on a user's first request: load the
        tokenizer's dictionary (most of the cost), import the modules prediction uses on first
        use, and run one prediction, abstract and keywords on a built-in article. Returns self,
        so `Predictor.load().warmup()` reads as one step. Safe to call again (it is then cheap)
        and from several threads; it changes no result."""
        self.tokenizer.cut(_WARMUP_ARTICLE[1])
        self.analyze_many([_WARMUP_ARTICLE])
        self.predict(_WARMUP_ARTICLE[1])
        return self

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
        docs = [Doc.of(t) for t in texts]
        matrix = clf.transform(docs)
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
                uncertain=bool(confidence < self.threshold or self.out_of_domain(docs[row])),
                scores=scores,
                top_terms=clf.top_terms(matrix[row], label, 5),
            ))
        return out

    def out_of_domain(self, doc: Doc) -> str | None:
        """Why the model cannot judge this text (`empty`, `short`, `unknown words`), or None."""
        return out_of_domain(doc.text, doc.tokens, self.known_words, self.min_chars, self.min_known_share)

    def analyze_many(self, articles: Sequence[tuple[str, str]], *, max_chars: int | None = None,
                     max_sentences: int | None = None, keywords: int = 8) -> list[Analysis]:
        """(title, body) pairs -> label, abstract and keywords, one jieba pass per article."""
        cut = self.tokenizer.cut
        prepared = [prepare(title, body, cut) for title, body in articles]
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
