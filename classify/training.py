"""Train a bundle from labeled examples, with honest cross-validated numbers.

The K-fold report (accuracy, macro-F1, per-label scores, confusion matrix) is computed on
held-out folds before the final model is fitted on everything, and it is stored in the
manifest, so a model always carries the evidence of how good it is. The `uncertain` threshold
is chosen on the same held-out predictions.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold

from .bundle import Bundle
from .classifier import DomainClassifier
from .data import Example, fingerprint
from .errors import DataError
from .evaluate import classification_report
from .features import Doc, Prepared, prepare
from .predictor import _bounded

DISPLAY_NAMES = {
    "industry": "产业经济",
    "anti_fraud": "反诈防骗",
    "gov_services": "政务服务",
    "employment": "就业创业",
    "culture": "文化文旅",
    "other": "其他",
}
TARGET_PRECISION = 0.9


@dataclass
class TrainResult:
    bundle: Bundle
    report: dict | None
    manifest: dict
    seconds: float


def choose_threshold(confidence: np.ndarray, correct: np.ndarray, target: float = TARGET_PRECISION) -> float:
    """The lowest confidence above which held-out predictions are right at least `target` of the
    time. Predictions under it are flagged `uncertain` for a person to check."""
    order = np.argsort(-confidence, kind="stable")
    conf, ok = confidence[order], correct[order].astype(float)
    precision = np.cumsum(ok) / np.arange(1, len(ok) + 1)
    good = np.flatnonzero(precision >= target)
    if not len(good):
        return float(conf[0]) if len(conf) else 0.5
    # the largest prefix that still meets the target; its last confidence is the cut
    return float(round(conf[good[-1]], 4))


def calibration_error(proba: np.ndarray, y: np.ndarray, labels: np.ndarray, bins: int = 10) -> dict:
    """Expected calibration error of the confidence (10 equal-width bins) and the Brier score:
    what `confidence` is worth as a probability, measured on held-out folds."""
    confidence = proba.max(axis=1)
    correct = (labels[proba.argmax(axis=1)] == y).astype(float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - confidence[mask].mean())
    onehot = (labels[None, :] == y[:, None]).astype(float)
    brier = float(((proba - onehot) ** 2).sum(axis=1).mean())
    return {"ece": round(float(ece), 4), "brier": round(brier, 4),
            "mean_confidence": round(float(confidence.mean()), 4), "accuracy": round(float(correct.mean()), 4)}


def cross_validate(estimator: DomainClassifier, docs: Sequence[Doc], y: np.ndarray, folds: int,
                   random_state: int = 0, log: Callable[[str], None] | None = None) -> tuple[dict, np.ndarray]:
    """Out-of-fold predictions for every example; returns (report, out-of-fold probabilities)."""
    labels = np.unique(y)
    proba = np.zeros((len(y), len(labels)))
    splitter = StratifiedKFold(folds, shuffle=True, random_state=random_state)
    for k, (train_idx, test_idx) in enumerate(splitter.split(np.zeros(len(y)), y), 1):
        model = clone(estimator).fit([docs[i] for i in train_idx], y[train_idx])
        p = model.predict_proba([docs[i] for i in test_idx])
        cols = [int(np.flatnonzero(labels == c)[0]) for c in model.classes_]
        proba[np.ix_(test_idx, cols)] = p
        if log:
            log(f"  fold {k}/{folds} done")
    pred = labels[proba.argmax(axis=1)]
    return classification_report(y, pred, labels=list(labels)), proba


def train(
    examples: Sequence[Example],
    *,
    cv: int = 5,
    params: dict | None = None,
    summarizer_params: dict | None = None,
    display_names: dict[str, str] | None = None,
    random_state: int = 0,
    fit_summarizer: bool = True,
    log: Callable[[str], None] | None = None,
) -> TrainResult:
    """Cross-validate (when cv >= 2), pick the uncertainty threshold, fit on all data.

    `fit_summarizer=False` leaves the bundle without a summarizer (classification benchmarks).
    """
    started = time.perf_counter()
    y = np.array([e.label for e in examples])
    counts = Counter(y.tolist())
    # a row is analysed up to the length a prediction reads, so one huge row costs no more
    prepared = [prepare(e.title, _bounded(e.text)) for e in examples]
    docs = [p.doc for p in prepared]
    estimator = DomainClassifier(random_state=random_state, **(params or {}))
    report = None
    threshold = 0.5
    smallest = min(counts.values())
    rare = min(counts, key=lambda lab: (counts[lab], lab))
    where = examples[0].source or "the training data"
    if len(counts) < 2:
        raise DataError(where, None, f"only one label ({rare!r}); training needs at least two")
    if smallest < 2:
        raise DataError(where, None, f"label {rare!r} has {smallest} example; every label needs at least 2")
    if cv and cv >= 2:
        # each fold's training part must still hold 2 per label for the inner calibration
        folds = min(cv, smallest // 2)
        if folds < 2:
            raise DataError(where, None, f"label {rare!r} has {smallest} examples; cross-validation needs "
                            "at least 4 per label (add examples, or pass --cv 0 to skip it)")
        if log:
            log(f"cross-validating ({folds} folds) on {len(y)} examples")
        report, proba = cross_validate(estimator, docs, y, folds, random_state, log)
        labels = np.unique(y)
        confidence = proba.max(axis=1)
        correct = labels[proba.argmax(axis=1)] == y
        threshold = choose_threshold(confidence, correct)
        report["calibration"] = calibration_error(proba, y, labels)
        report["folds"] = folds
        report["threshold_precision_target"] = TARGET_PRECISION
        report["held_out_uncertain_rate"] = round(float((confidence < threshold).mean()), 4)
    if log:
        log(f"fitting the final model on {len(y)} examples")
    classifier = estimator.fit(docs, y)
    summarizer = _fit_summarizer(prepared, summarizer_params) if fit_summarizer else None
    names = {lab: (display_names or {}).get(lab) or DISPLAY_NAMES.get(lab, lab) for lab in classifier.classes_}
    bundle = Bundle(classifier, summarizer, [str(c) for c in classifier.classes_], names, threshold)
    manifest = {
        "training_data": {
            "fingerprint": fingerprint(examples),
            "examples": len(examples),
            "counts": dict(sorted(counts.items())),
        },
        "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in estimator.get_params().items()},
        "cv": report,
    }
    return TrainResult(bundle, report, manifest, time.perf_counter() - started)


def _fit_summarizer(prepared: Sequence[Prepared], params: dict | None):
    """The abstracts' TextRank learns document frequencies from the same corpus, reusing the
    classifier's tokenization."""
    from .summarizers import TextRankSummarizer

    return TextRankSummarizer(**(params or {})).fit([p.text for p in prepared], tokens=[p.tokens for p in prepared])
