"""The domain classifier: TF-IDF features and a calibrated linear SVM, as one estimator.

A linear SVM on TF-IDF is the strongest cheap text classifier we measured (docs/benchmarks.md),
but its decision values are not probabilities. `CalibratedClassifierCV` with `ensemble=False`
fits the calibration on held-out decision values and keeps one SVM trained on all the data, so
`confidence` is a probability and the explanation comes from a single weight vector. Temperature
scaling is the default because it keeps the SVM's ranking of labels (one-vs-rest sigmoids cost
0.4 points of accuracy on THUCNews by reordering them).
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral, Real

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from ._params import Interval, NgramRange, Options, ParameterError, validate_params
from .features import Doc, build_features, pick_terms, readable

# Longest n-gram a feature may span: longer ones are almost all seen once (pruned by min_df) and
# only make training slower.
_LONGEST_NGRAM = 6


class DomainClassifier(ClassifierMixin, BaseEstimator):
    """TF-IDF (words + characters) -> LinearSVC -> temperature-scaled probabilities.

    Parameters are the ones the THUCNews benchmark chose; see docs/benchmarks.md. Their
    allowed values are in `_parameter_constraints` (scikit-learn style), checked at `fit` and by
    `classify train --param`. Only temperature and sigmoid calibration can be exported to the
    model file, so those are the only calibrations allowed.
    """

    _parameter_constraints: dict = {
        "word_ngrams": [NgramRange(_LONGEST_NGRAM), None],
        "char_ngrams": [NgramRange(_LONGEST_NGRAM), None],
        "min_df": [Interval(Integral, 1, None)],
        "C": [Interval(Real, 0, None, closed="neither")],
        "calibration": [Options(("temperature", "sigmoid"))],
        "calibration_cv": [Interval(Integral, 2, None)],
        "random_state": [Interval(Integral, 0, None)],
    }

    @classmethod
    def check_params(cls, params: dict) -> None:
        """Raise `ParameterError` for a name or value the constructor does not accept."""
        validate_params(cls.__name__, cls._parameter_constraints, params)
        if "word_ngrams" in params and "char_ngrams" in params \
                and params["word_ngrams"] is None and params["char_ngrams"] is None:
            raise ParameterError(f"{cls.__name__} needs word_ngrams or char_ngrams (or both); "
                                 "both are none")

    def __init__(
        self,
        word_ngrams: tuple[int, int] | None = (1, 2),
        char_ngrams: tuple[int, int] | None = (1, 3),
        min_df: int = 2,
        C: float = 0.5,
        calibration: str = "temperature",
        calibration_cv: int = 3,
        random_state: int = 0,
    ) -> None:
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.C = C
        self.calibration = calibration
        self.calibration_cv = calibration_cv
        self.random_state = random_state

    def fit(self, X: Sequence[str | Doc], y: Sequence[str]) -> DomainClassifier:
        self.check_params(self.get_params())
        docs = [Doc.of(x) for x in X]
        y = np.asarray(y)
        labels, counts = np.unique(y, return_counts=True)
        if len(labels) < 2:
            raise ValueError("training needs at least two labels; add examples of another label")
        folds = min(self.calibration_cv, int(counts.min()))
        if folds < 2:
            rare = labels[counts.argmin()]
            raise ValueError(f"label {rare!r} has only {counts.min()} example(s); "
                             "calibration needs at least 2 per label, add more")
        min_df = self.min_df if len(docs) >= 50 else 1
        self.features_ = build_features(self.word_ngrams, self.char_ngrams, min_df=min_df)
        matrix = self.features_.fit_transform(docs)
        svm = LinearSVC(C=self.C, dual="auto", random_state=self.random_state)
        self.model_ = CalibratedClassifierCV(
            svm,
            method=self.calibration,
            cv=StratifiedKFold(folds, shuffle=True, random_state=self.random_state),
            ensemble=False,
        )
        self.model_.fit(matrix, y)
        self.classes_ = self.model_.classes_
        coef = self.model_.calibrated_classifiers_[0].estimator.coef_
        if coef.shape[0] == 1:  # binary: one weight vector, positive toward classes_[1]
            coef = np.vstack([-coef[0], coef[0]])
        self.coef_ = np.asarray(coef, dtype=np.float32)
        self.feature_names_ = np.array([readable(n) for n in self.features_.get_feature_names_out()],
                                       dtype=object)
        return self

    def transform(self, X: Sequence[str | Doc]) -> sparse.csr_matrix:
        return self.features_.transform([Doc.of(x) for x in X]).tocsr()

    def predict_proba(self, X: Sequence[str | Doc]) -> np.ndarray:
        return self.proba_from_features(self.transform(X))

    def proba_from_features(self, matrix: sparse.csr_matrix) -> np.ndarray:
        proba = self.model_.predict_proba(matrix)
        return proba / proba.sum(axis=1, keepdims=True)

    def predict(self, X: Sequence[str | Doc]) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def top_terms(self, row: sparse.csr_matrix, label: str, k: int = 5) -> list[str]:
        """The k features of this document that pushed hardest toward `label`.

        Contribution = tf-idf value x the SVM weight for the label. Multi-character terms come
        first because an editor can check `反诈` but not `诈`; one term per spelling.
        """
        index = int(np.flatnonzero(self.classes_ == label)[0])
        row = row.tocsr()
        cols, vals = row.indices, row.data
        if not len(cols):
            return []
        contrib = vals * self.coef_[index, cols]
        # only the strongest candidates need sorting (ties broken by name for stable output)
        top = np.argsort(-contrib, kind="stable")[: 8 * k]
        order = sorted(top.tolist(), key=lambda j: (-contrib[j], self.feature_names_[cols[j]]))
        return pick_terms(((contrib[j], self.feature_names_[cols[j]]) for j in order), k)
