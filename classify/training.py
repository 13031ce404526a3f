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

from ._params import ParameterError, parse_value, search_values, split_pairs
from .bundle import Bundle
from .classifier import DomainClassifier
from .data import Example, fingerprint
from .errors import DataError
from .evaluate import calibration_error, classification_report
from .features import Doc, Prepared, prepare
from .inference import ArrayClassifier
from .tokenize import Tokenizer, get_tokenizer
from .uncertainty import UncertaintyOptions, precision_cut
from .uncertainty import choose_threshold as uncertainty_threshold

DISPLAY_NAMES = {
    "industry": "产业经济",
    "anti_fraud": "反诈防骗",
    "gov_services": "政务服务",
    "employment": "就业创业",
    "culture": "文化文旅",
    "other": "其他",
}
TARGET_PRECISION = UncertaintyOptions.precision_target
# Every combination of a --search grid costs one full cross-validation; past this many the
# search takes hours on a newsroom corpus, so a bigger grid is refused with the count.
MAX_GRID = 36
# Under 20 examples a label's cross-validated scores rest on 4 held-out articles per fold (5 folds),
# where one article moves its F1 by 20 points: the training report says so.
MIN_TRUSTED_PER_LABEL = 20


@dataclass
class TrainResult:
    bundle: Bundle
    report: dict | None
    manifest: dict
    seconds: float
    estimator: DomainClassifier | None = None  # the fitted scikit-learn model the bundle exports


def choose_threshold(confidence: np.ndarray, correct: np.ndarray, target: float = TARGET_PRECISION) -> float:
    """The lowest confidence above which held-out predictions are right at least `target` of the
    time (the precision part of the rule in `classify.uncertainty`)."""
    return precision_cut(confidence, correct, target)


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
    uncertainty: UncertaintyOptions | None = None,
    log: Callable[[str], None] | None = None,
    tokenizer: Tokenizer | None = None,
    search: dict[str, list] | None = None,
) -> TrainResult:
    """Cross-validate (when cv >= 2), pick the uncertainty threshold, fit on all data.

    `params` and `summarizer_params` go to the constructors of `DomainClassifier` and
    `TextRankSummarizer` (checked against their `_parameter_constraints`). `search` maps
    classifier parameters to candidate values: every combination is cross-validated on the same
    folds and the one with the best macro-F1 (the first in grid order on a tie) is fitted; the
    grid and every score go to the manifest. `fit_summarizer=False` leaves the bundle without a
    summarizer (classification benchmarks). `tokenizer` (default: the installed backend, no user
    dictionary) is recorded in the bundle, and predictions use the same one. `uncertainty` sets
    the rule for the `uncertain` flag (see `classify.uncertainty`).
    """
    uncertainty = uncertainty or UncertaintyOptions()
    params = {"random_state": random_state, **(params or {})}
    DomainClassifier.check_params(params)
    _check_summarizer_params(summarizer_params or {})
    grid = grid_points(search or {})
    if grid and not (cv and cv >= 2):
        raise ParameterError("--search chooses by cross-validated macro-F1; it needs --cv 2 or more")
    for point in grid:
        DomainClassifier.check_params({**params, **point})
    started = time.perf_counter()
    tokenizer = tokenizer or get_tokenizer()
    y = np.array([e.label for e in examples])
    counts = Counter(y.tolist())
    # `prepare` reads a row as far as a prediction does, so one huge row costs no more
    prepared = [prepare(e.title, e.text, tokenizer.cut) for e in examples]
    docs = [p.doc for p in prepared]
    estimator = DomainClassifier(**params)
    report = None
    threshold = 0.5
    smallest = min(counts.values())
    rare = min(counts, key=lambda lab: (counts[lab], lab))
    where = examples[0].source or "the training data"
    if len(counts) < 2:
        raise DataError(where, None, f"only one label ({rare!r}); training needs at least two")
    if smallest < 2:
        raise DataError(where, None, f"label {rare!r} has {smallest} example; every label needs at least 2")
    searched = None
    if cv and cv >= 2:
        # each fold's training part must still hold 2 per label for the inner calibration
        folds = min(cv, smallest // 2)
        if folds < 2:
            raise DataError(where, None, f"label {rare!r} has {smallest} examples; cross-validation needs "
                            "at least 4 per label (add examples, or pass --cv 0 to skip it)")
        if search:
            estimator, searched, report, proba = _grid_search(params, grid, docs, y, folds, random_state, log)
            searched = {"grid": {k: [list(v) if isinstance(v, tuple) else v for v in vs]
                                 for k, vs in (search or {}).items()}, **searched}
        else:
            if log:
                log(f"cross-validating ({folds} folds) on {len(y)} examples")
            report, proba = cross_validate(estimator, docs, y, folds, random_state, log)
        labels = np.unique(y)
        confidence = proba.max(axis=1)
        correct = labels[proba.argmax(axis=1)] == y
        threshold = uncertainty_threshold(confidence, correct, uncertainty)
        report["calibration"] = calibration_error(proba, y, labels)
        report["folds"] = folds
        report["threshold_precision_target"] = uncertainty.precision_target
        report["threshold_correct_quantile"] = uncertainty.correct_quantile
        report["threshold_precision_cut"] = precision_cut(confidence, correct, uncertainty.precision_target)
        report["held_out_uncertain_rate"] = round(float((confidence < threshold).mean()), 4)
    few = {lab: n for lab, n in sorted(counts.items()) if n < MIN_TRUSTED_PER_LABEL}
    warnings = [f"label {lab!r} has only {n} examples (under {MIN_TRUSTED_PER_LABEL}); its scores "
                "are too noisy to trust, add examples" for lab, n in few.items()]
    if log:
        for w in warnings:
            log(f"warning: {w}")
        log(f"fitting the final model on {len(y)} examples")
    classifier = estimator.fit(docs, y)
    summarizer = _fit_summarizer(prepared, summarizer_params) if fit_summarizer else None
    names = {lab: (display_names or {}).get(lab) or DISPLAY_NAMES.get(lab, lab) for lab in classifier.classes_}
    bundle = Bundle(ArrayClassifier.from_estimator(classifier), summarizer,
                    [str(c) for c in classifier.classes_], names, threshold,
                    tokenizer={**tokenizer.describe(), "user_dict": [list(e) for e in tokenizer.user_dict]})
    bundle.classifier.tokenize = tokenizer.tokenize
    manifest = {
        "training_data": {
            "fingerprint": fingerprint(examples),
            "examples": len(examples),
            "counts": dict(sorted(counts.items())),
        },
        "params": _plain(estimator.get_params()),
        "summarizer_params": _summarizer_manifest(summarizer.get_params()) if summarizer is not None else None,
        "cv": report,
        "uncertainty": uncertainty.to_manifest(threshold),
        "warnings": warnings,
    }
    if searched is not None:
        manifest["search"] = searched
    return TrainResult(bundle, report, manifest, time.perf_counter() - started, classifier)


def _plain(params: dict) -> dict:
    """Parameters as JSON values (tuples become lists), for the manifest."""
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()}


def _summarizer_manifest(params: dict) -> dict:
    """The summarizer's parameters for the manifest; a stopword list is summarised (count and
    sha256 of the sorted words), the words themselves are in the model file."""
    import hashlib

    out = _plain(params)
    words = out.get("stop_words")
    if words:
        joined = "\n".join(sorted(words))
        out["stop_words"] = {"words": len(words), "sha256": hashlib.sha256(joined.encode("utf-8")).hexdigest()}
    return out


def _check_summarizer_params(params: dict) -> None:
    from .summarizers import TextRankSummarizer

    TextRankSummarizer.check_params(params)


def parameter_keys() -> tuple[list[str], list[str]]:
    """The names `--param` accepts: the classifier's, then the summarizer's."""
    from .summarizers import TextRankSummarizer

    return sorted(DomainClassifier._parameter_constraints), sorted(TextRankSummarizer._parameter_constraints)


def parse_params(pairs: Sequence[str]) -> tuple[dict, dict]:
    """`KEY=VALUE` strings (`C=0.25`, `char_ngrams=1,4`, `max_chars=150`) -> (classifier
    parameters, summarizer parameters), typed by their constraints. An unknown key is a
    `ParameterError` that lists every valid key."""
    from .summarizers import TextRankSummarizer

    classifier: dict = {}
    summarizer: dict = {}
    for key, text in split_pairs(pairs, "--param"):
        if key in DomainClassifier._parameter_constraints:
            classifier[key] = parse_value(key, text, DomainClassifier._parameter_constraints[key])
        elif key in TextRankSummarizer._parameter_constraints:
            summarizer[key] = parse_value(key, text, TextRankSummarizer._parameter_constraints[key])
        else:
            raise ParameterError(_unknown(key, "--param"))
    DomainClassifier.check_params(classifier)
    return classifier, summarizer


def parse_search(pairs: Sequence[str]) -> dict[str, list]:
    """`KEY=V1,V2` strings -> {classifier parameter: candidate values}; ranges as `1-3,1-4`."""
    grid: dict[str, list] = {}
    constraints = DomainClassifier._parameter_constraints
    for key, text in split_pairs(pairs, "--search"):
        if key not in constraints:
            classifier, summarizer = parameter_keys()
            if key in summarizer:
                raise ParameterError(f"--search {key}: only classifier parameters can be searched "
                                     f"(macro-F1 measures the classifier): {', '.join(classifier)}")
            raise ParameterError(_unknown(key, "--search"))
        grid[key] = search_values(key, text, constraints[key])
    grid_points(grid)  # refuse a grid that is too big before any work
    return grid


def _unknown(key: str, option: str) -> str:
    import difflib

    classifier, summarizer = parameter_keys()
    close = difflib.get_close_matches(key, classifier + summarizer, n=1) or [
        k for k in classifier + summarizer if k.lower() == key.lower()]
    hint = f" (did you mean {close[0]}?)" if close else ""
    return (f"{option} {key}: unknown parameter{hint}; valid keys: classifier {', '.join(classifier)}; "
            f"summarizer {', '.join(summarizer)}")


def grid_points(grid: dict[str, list]) -> list[dict]:
    """Every combination of the grid's values, in the order given (first key slowest)."""
    import itertools

    if not grid:
        return []
    keys = list(grid)
    points = [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*(grid[k] for k in keys))]
    if len(points) > MAX_GRID:
        raise ParameterError(f"--search grid has {len(points)} combinations, more than {MAX_GRID}; "
                             "each one is a full cross-validation, so search fewer values")
    return points


def _grid_search(params: dict, grid: list[dict], docs: Sequence[Doc], y: np.ndarray, folds: int,
                 random_state: int, log: Callable[[str], None] | None):
    """Cross-validate every grid point on the same folds; keep the best macro-F1 (first wins a
    tie, so the order given decides and the result is the same on every run)."""
    scores = []
    best = None
    for i, point in enumerate(grid, 1):
        if log:
            shown = ", ".join(f"{k}={v}" for k, v in point.items())
            log(f"search {i}/{len(grid)}: {shown} ({folds} folds)")
        estimator = DomainClassifier(**{**params, **point})
        report, proba = cross_validate(estimator, docs, y, folds, random_state)
        scores.append({"params": _plain(point), "macro_f1": report["macro_f1"], "accuracy": report["accuracy"]})
        if log:
            log(f"  macro-F1 {report['macro_f1']:.4f}  accuracy {report['accuracy']:.4f}")
        if best is None or report["macro_f1"] > best[2]["macro_f1"]:
            best = (estimator, point, report, proba)
    assert best is not None
    estimator, point, report, proba = best
    searched = {"scoring": "macro_f1", "folds": folds, "scores": scores, "best": _plain(point)}
    return estimator, searched, report, proba


def _fit_summarizer(prepared: Sequence[Prepared], params: dict | None):
    """The abstracts' TextRank learns document frequencies from the same corpus, reusing the
    classifier's tokenization."""
    from .summarizers import TextRankSummarizer

    return TextRankSummarizer(**(params or {})).fit([p.text for p in prepared], tokens=[p.tokens for p in prepared])
