"""Prediction from plain arrays: the fitted classifier exported out of scikit-learn.

Training stays scikit-learn (`DomainClassifier`); what prediction needs is a handful of arrays
(n-gram tables, idf, SVM weights, the calibration temperature) that a model file can hold without
pickling any Python object, so loading a model runs no code from it, and predicting imports
neither scikit-learn nor scipy.

The arithmetic mirrors scikit-learn's step by step (float32 tf-idf, sublinear tf, l2 rows,
float64 decision values, temperature softmax), so labels, scores and top terms are the ones the
scikit-learn pipeline gives (tests/test_inference.py compares them).

Counting n-grams is vectorised over a whole batch: every n-gram is packed into one integer
(code points for characters, token ids for words), looked up in a sorted table with
`searchsorted` and counted with `unique`, instead of building one Python string per n-gram.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .features import Doc, pick_terms

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

    from .classifier import DomainClassifier

_SPACE = re.compile(r"\s+")
_CODE_POINTS = 0x110000  # one more than the largest code point: the base of packed char n-grams
_KEY_LIMIT = 1 << 63  # packed n-grams must fit a signed 64-bit integer
# sklearn treats decision values that look like probabilities (in [0, 1], rows summing to 1
# within numpy's default isclose tolerance) as probabilities and takes their log; mirrored.
_LOGIT_EPS = 1e-12
_PROBA_SLACK = 1e-5  # sklearn clips probabilities in (1, 1 + 1e-5] to 1
_SEPARATOR = "\n"  # terms never hold whitespace (analyzers drop it), so a newline joins them


def _pack(ids: np.ndarray, n: int, base: int) -> np.ndarray:
    """The key (int64) of the n-gram starting at each position of `ids`: the ids as digits in
    `base`; positions too close to the end are left out. The caller masks n-grams that cross a
    document boundary or hold an unknown id."""
    count = len(ids) - n + 1
    if count <= 0:
        return np.zeros(0, np.int64)
    key = ids[:count].astype(np.int64)
    for k in range(1, n):
        key = key * base + ids[k:k + count]
    return key


@dataclass
class NgramTable:
    """One view of the features (words or characters): n-gram keys -> columns, and idf."""

    kind: str  # "word" or "char"
    ngram_range: tuple[int, int]
    terms: list[str]  # column -> n-gram as scikit-learn names it (`反诈 宣传`, `诈骗`)
    idf: np.ndarray  # float32, per column
    keys: dict[int, tuple[np.ndarray, np.ndarray]]  # n -> (sorted packed keys, their columns)
    tokens: dict[str, int] | None = None  # word view: token -> id used in the keys
    base: int = _CODE_POINTS

    @classmethod
    def build(cls, kind: str, ngram_range: tuple[int, int], terms: list[str], idf: np.ndarray) -> NgramTable:
        lo, hi = ngram_range
        tokens: dict[str, int] | None = None
        if kind == "word":
            parts = [t.split(" ") for t in terms]
            tokens = {tok: i for i, tok in enumerate(sorted({p for ps in parts for p in ps}))}
            base = max(len(tokens), 1)
            seqs = [[tokens[p] for p in ps] for ps in parts]
        else:
            base = _CODE_POINTS
            seqs = [[ord(ch) for ch in t] for t in terms]
        keys: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        if base ** hi < _KEY_LIMIT:
            for n in range(lo, hi + 1):
                cols = np.array([c for c, s in enumerate(seqs) if len(s) == n], dtype=np.int64)
                packed = np.zeros(len(cols), dtype=np.int64)
                for c_i, c in enumerate(cols.tolist()):
                    value = 0
                    for x in seqs[c]:
                        value = value * base + x
                    packed[c_i] = value
                order = np.argsort(packed, kind="stable")
                keys[n] = (packed[order], cols[order])
        return cls(kind, (lo, hi), terms, np.asarray(idf, dtype=np.float32), keys, tokens, base)

    def to_arrays(self) -> dict:
        out: dict[str, Any] = {
            "kind": self.kind, "ngram_range": list(self.ngram_range),
            "terms": _SEPARATOR.join(self.terms), "idf": self.idf, "base": self.base,
            "keys": {n: {"keys": k, "cols": c.astype(np.int32)} for n, (k, c) in self.keys.items()},
        }
        if self.tokens is not None:
            out["tokens"] = _SEPARATOR.join(self.tokens)  # in id order (dicts keep it)
        return out

    @classmethod
    def from_arrays(cls, d: dict) -> NgramTable:
        terms = d["terms"].split(_SEPARATOR) if d["terms"] else []
        tokens = None
        if d.get("tokens") is not None:
            names = d["tokens"].split(_SEPARATOR) if d["tokens"] else []
            tokens = dict(zip(names, range(len(names)), strict=True))
        keys = {int(n): (np.asarray(v["keys"], np.int64), np.asarray(v["cols"], np.int64))
                for n, v in d["keys"].items()}
        return cls(str(d["kind"]), tuple(int(x) for x in d["ngram_range"]), terms,
                   np.asarray(d["idf"], np.float32), keys, tokens, int(d["base"]))

    # ------------------------------------------------------------------------------------------

    def _ids(self, docs: Sequence[Doc]) -> tuple[np.ndarray, np.ndarray]:
        """Concatenated symbol ids of all documents (-1: unknown) and each position's document."""
        if self.kind == "char":
            texts = [_SPACE.sub("", d.text.lower()) for d in docs]
            ids = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
            lengths = [len(t) for t in texts]
        else:
            get = self.tokens.get  # type: ignore[union-attr]
            tokens = itertools.chain.from_iterable(d.tokens for d in docs)
            ids = np.fromiter(map(get, tokens, itertools.repeat(-1)), dtype=np.int64)
            lengths = [len(d.tokens) for d in docs]
        owner = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        return ids, owner

    def counts(self, docs: Sequence[Doc]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(document, column, count) of every n-gram in the vocabulary, sorted by document then
        column: scikit-learn's CountVectorizer output for the batch."""
        lo, hi = self.ngram_range
        if len(self.keys) != hi - lo + 1:  # keys would overflow: count strings instead
            return self._counts_by_name(docs)
        ids, owner = self._ids(docs)
        found_docs, found_cols = [], []
        for n in range(lo, hi + 1):
            count = len(ids) - n + 1
            if count <= 0:
                continue
            ok = owner[n - 1:] == owner[:count]
            for k in range(n):
                ok &= ids[k:k + count] >= 0
            table, cols = self.keys[n]
            if not len(table):
                continue
            key = _pack(ids, n, self.base)[ok]
            where = owner[:count][ok]
            # sorted needles: searchsorted then walks the table forward (5x faster than random)
            order = np.argsort(key, kind="stable")
            key, where = key[order], where[order]
            at = np.minimum(np.searchsorted(table, key), len(table) - 1)
            hit = table[at] == key
            found_docs.append(where[hit])
            found_cols.append(cols[at[hit]])
        return _tally(found_docs, found_cols, len(self.terms))

    def _counts_by_name(self, docs: Sequence[Doc]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        from .features import CharNgrams, WordNgrams

        analyzer = (WordNgrams if self.kind == "word" else CharNgrams)(self.ngram_range)
        index = {t: c for c, t in enumerate(self.terms)}
        found_docs, found_cols = [], []
        for d, doc in enumerate(docs):
            cols = [index[g] for g in analyzer(doc) if g in index]
            found_docs.append(np.full(len(cols), d, dtype=np.int64))
            found_cols.append(np.array(cols, dtype=np.int64))
        return _tally(found_docs, found_cols, len(self.terms))

    def tfidf(self, docs: Sequence[Doc]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(document, column, value): sublinear tf x idf, rows l2-normalised, in float32 with the
        norm accumulated in float64, as scikit-learn computes it."""
        rows, cols, counts = self.counts(docs)
        data = counts.astype(np.float32)
        np.log(data, out=data)
        data += np.float32(1.0)
        data *= self.idf[cols]
        if len(data):
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            squares = (data * data).astype(np.float64)
            norms = np.sqrt(np.add.reduceat(squares, starts))
            per_value = np.repeat(norms, np.diff(np.r_[starts, len(data)]))
            safe = np.where(per_value == 0.0, 1.0, per_value)
            data = (data.astype(np.float64) / safe).astype(np.float32)
        return rows, cols, data


def _tally(found_docs: list[np.ndarray], found_cols: list[np.ndarray],
           n_cols: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not found_docs:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    pair = np.concatenate(found_docs) * max(n_cols, 1) + np.concatenate(found_cols)
    unique, counts = np.unique(pair, return_counts=True)
    return unique // max(n_cols, 1), unique % max(n_cols, 1), counts


def _largest_first(values: np.ndarray, m: int) -> np.ndarray:
    """Positions of the `m` largest values, largest first, equal values in position order: the
    first `m` of a stable argsort of `-values`, which `top_terms` reads, without sorting a whole
    row (a document has thousands of features and only the first 40 or so are read).

    Every position among those first `m` holds a value at least the m-th largest, so the
    positions with such values (in position order) are sorted stably on their own: the ones
    left out all come after them in the full order."""
    if 0 < m < len(values):
        kth = np.partition(values, len(values) - m)[len(values) - m]
        pool = np.flatnonzero(values >= kth)
    else:
        pool = np.arange(len(values))
    return pool[np.argsort(-values[pool], kind="stable")][:m]


class Row:
    """One document's features: column indices (sorted) and float32 values."""

    def __init__(self, indices: np.ndarray, data: np.ndarray) -> None:
        self.indices = indices
        self.data = data

    def tocsr(self) -> Row:
        return self


class Rows:
    """A batch of feature rows in CSR layout (indptr, indices, data), without scipy."""

    def __init__(self, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, n_features: int) -> None:
        self.indptr, self.indices, self.data, self.n_features = indptr, indices, data, n_features

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.indptr) - 1, self.n_features

    def __getitem__(self, i: int) -> Row:
        a, b = self.indptr[i], self.indptr[i + 1]
        return Row(self.indices[a:b], self.data[a:b])

    def toarray(self) -> np.ndarray:
        out = np.zeros(self.shape, dtype=np.float32)
        rows = np.repeat(np.arange(self.shape[0]), np.diff(self.indptr))
        out[rows, self.indices] = self.data
        return out


class ArrayClassifier:
    """The fitted `DomainClassifier` as arrays: same `transform`, `predict_proba`,
    `proba_from_features`, `top_terms` and `classes_`, with numpy only."""

    def __init__(self, classes: Sequence[str], tables: Sequence[NgramTable], coef: np.ndarray,
                 intercept: np.ndarray, calibration: dict,
                 tokenize: Callable[[str], list[str]] | None = None) -> None:
        self.classes_ = np.array([str(c) for c in classes], dtype=object)
        self.tables = list(tables)
        self.offsets = np.cumsum([0] + [len(t.terms) for t in self.tables])
        self._starts = [int(x) for x in self.offsets[:-1]]
        self.coef = np.asarray(coef, dtype=np.float64)  # the SVM's weights, one row per SVM class
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.calibration = dict(calibration)
        self.tokenize = tokenize
        weights = self.coef if self.coef.shape[0] > 1 else np.vstack([-self.coef[0], self.coef[0]])
        self._weights_t = np.ascontiguousarray(self.coef.T)
        self._explain = weights.astype(np.float32)  # top terms use float32 weights, as before
        self._class_index = {label: i for i, label in enumerate(self.classes_)}

    @property
    def n_features(self) -> int:
        return int(self.offsets[-1])

    # ------------------------------------------------------------------------------------------
    # Export and import

    @classmethod
    def from_estimator(cls, clf: DomainClassifier) -> ArrayClassifier:
        """Export a fitted `DomainClassifier` (scikit-learn) into arrays."""
        from .features import CharNgrams, WordNgrams

        tables = []
        for _, vec in clf.features_.transformer_list:
            if not (vec.sublinear_tf and vec.norm == "l2" and vec.use_idf):
                raise ValueError("only sublinear, l2-normalised tf-idf features can be exported")
            analyzer = vec.analyzer
            kind = "word" if isinstance(analyzer, WordNgrams) else "char" if isinstance(analyzer, CharNgrams) else ""
            if not kind:
                raise ValueError(f"cannot export features made by {type(analyzer).__name__}")
            terms = [str(t) for t in vec.get_feature_names_out()]
            tables.append(NgramTable.build(kind, analyzer.ngram_range, terms, vec.idf_))
        calibrated = clf.model_.calibrated_classifiers_
        if len(calibrated) != 1:
            raise ValueError("only a single calibrated SVM (ensemble=False) can be exported")
        cal = calibrated[0]
        svm = cal.estimator
        encoded = list(range(len(clf.classes_)))  # temperature scaling label-encodes string labels
        if list(svm.classes_) not in (list(clf.classes_), encoded):
            raise ValueError("the SVM's classes differ from the calibrated ones; cannot export")
        if cal.method == "temperature":
            calibration = {"method": "temperature", "beta": float(np.asarray(cal.calibrators[0].beta_))}
        elif cal.method == "sigmoid":
            calibration = {"method": "sigmoid", "a": np.array([float(c.a_) for c in cal.calibrators]),
                           "b": np.array([float(c.b_) for c in cal.calibrators])}
        else:
            raise ValueError(f"{cal.method} calibration cannot be exported; train with temperature or sigmoid")
        return cls(list(clf.classes_), tables, svm.coef_, svm.intercept_, calibration)

    def to_arrays(self) -> dict:
        return {"classes": [str(c) for c in self.classes_], "tables": [t.to_arrays() for t in self.tables],
                "coef": self.coef, "intercept": self.intercept, "calibration": self.calibration}

    @classmethod
    def from_arrays(cls, d: dict, tokenize: Callable[[str], list[str]] | None = None) -> ArrayClassifier:
        return cls(d["classes"], [NgramTable.from_arrays(t) for t in d["tables"]], d["coef"],
                   d["intercept"], d["calibration"], tokenize)

    def to_sklearn(self) -> Pipeline:
        """The fitted scikit-learn `Pipeline` (features -> calibrated LinearSVC) these arrays
        came from, for people who want to keep working in scikit-learn."""
        from sklearn.calibration import CalibratedClassifierCV, _CalibratedClassifier
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion, Pipeline
        from sklearn.svm import LinearSVC

        from .features import CharNgrams, WordNgrams

        parts = []
        for table in self.tables:
            analyzer = (WordNgrams if table.kind == "word" else CharNgrams)(table.ngram_range)
            vec = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, dtype=np.float32,
                                  vocabulary={t: i for i, t in enumerate(table.terms)})
            vec.fit([Doc("", ())])  # fixes the vocabulary; the idf is set next
            vec.idf_ = table.idf
            parts.append((table.kind, vec))
        classes = np.array(list(self.classes_))
        svm = LinearSVC(dual="auto")
        method = self.calibration["method"]
        # temperature scaling fits the SVM on label-encoded classes
        svm_classes = np.arange(len(classes)) if method == "temperature" else classes
        svm.coef_, svm.intercept_, svm.classes_ = self.coef, self.intercept, svm_classes
        svm.n_features_in_ = self.n_features
        if method == "temperature":
            from sklearn.calibration import _TemperatureScaling

            cal = _TemperatureScaling()
            cal.beta_ = np.float64(self.calibration["beta"])
            calibrators = [cal]
        else:
            from sklearn.calibration import _SigmoidCalibration

            calibrators = []
            for a, b in zip(self.calibration["a"], self.calibration["b"], strict=True):
                c = _SigmoidCalibration()
                c.a_, c.b_ = float(a), float(b)
                calibrators.append(c)
        model = CalibratedClassifierCV(svm, method=method, ensemble=False)
        model.calibrated_classifiers_ = [_CalibratedClassifier(svm, calibrators, classes=classes, method=method)]
        model.classes_ = classes
        model.n_features_in_ = self.n_features
        return Pipeline([("features", FeatureUnion(parts)), ("classifier", model)])

    # ------------------------------------------------------------------------------------------
    # Prediction

    def _doc(self, x: str | Doc) -> Doc:
        if isinstance(x, Doc):
            return x
        return Doc(x, tuple(self.tokenize(x))) if self.tokenize else Doc.of(x)

    def transform(self, X: Sequence[str | Doc]) -> Rows:
        docs = [self._doc(x) for x in X]
        rows, cols, vals = [], [], []
        for table, offset in zip(self.tables, self.offsets[:-1], strict=True):
            r, c, v = table.tfidf(docs)
            rows.append(r)
            cols.append(c + offset)
            vals.append(v)
        r, c, v = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
        order = np.argsort(r * max(self.n_features, 1) + c, kind="stable")
        indptr = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(np.bincount(r, minlength=len(docs)), out=indptr[1:])
        return Rows(indptr, c[order], v[order], self.n_features)

    def decision_function(self, rows: Rows) -> np.ndarray:
        n = rows.shape[0]
        out = np.zeros((n, self.coef.shape[0]))
        filled = np.flatnonzero(np.diff(rows.indptr) > 0)
        if len(filled):
            products = rows.data.astype(np.float64)[:, None] * self._weights_t[rows.indices]
            out[filled] = np.add.reduceat(products, rows.indptr[filled], axis=0)
        out += self.intercept
        return out[:, 0] if self.coef.shape[0] == 1 else out

    def proba_from_features(self, rows: Rows) -> np.ndarray:
        decision = self.decision_function(rows)
        method = self.calibration["method"]
        if method == "temperature":
            if decision.ndim == 1:
                logits = np.column_stack([-decision, decision])
            elif (decision.shape[1] > 1 and np.all((decision >= 0) & (decision <= 1))
                  and np.all(np.isclose(decision.sum(axis=1), 1.0))):
                logits = np.log(decision + _LOGIT_EPS)
            else:
                logits = decision
            x = float(self.calibration["beta"]) * logits
            x -= x.max(axis=1, keepdims=True)
            np.exp(x, out=x)
            proba = x / x.sum(axis=1, keepdims=True)
        else:
            a, b = np.asarray(self.calibration["a"]), np.asarray(self.calibration["b"])
            cols = decision[:, None] if decision.ndim == 1 else decision
            p = 1.0 / (1.0 + np.exp(cols * a + b))
            if decision.ndim == 1:
                proba = np.column_stack([1.0 - p[:, 0], p[:, 0]])
            else:
                total = p.sum(axis=1, keepdims=True)
                proba = np.divide(p, total, out=np.full_like(p, 1.0 / p.shape[1]), where=total != 0)
        proba[(proba > 1.0) & (proba <= 1.0 + _PROBA_SLACK)] = 1.0
        return proba / proba.sum(axis=1, keepdims=True)

    def predict_proba(self, X: Sequence[str | Doc]) -> np.ndarray:
        return self.proba_from_features(self.transform(X))

    def predict(self, X: Sequence[str | Doc]) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def feature_name(self, column: int) -> str:
        """The readable name of a global feature column (`反诈宣传`, `诈骗`): `features.readable`
        without the regex (non-ASCII word n-grams lose their spaces), as this runs per term."""
        t = bisect.bisect_right(self._starts, column) - 1
        term = self.tables[t].terms[column - self._starts[t]]
        return term if term.isascii() else term.replace(" ", "")

    def top_terms(self, row: Row, label: str, k: int = 5) -> list[str]:
        """The k features of this document that pushed hardest toward `label` (tf-idf value x
        SVM weight); multi-character terms first, one term per spelling."""
        index = self._class_index[label]
        cols, vals = row.indices, row.data
        if not len(cols):
            return []
        contrib = vals * self._explain[index, cols]
        top = _largest_first(contrib, 8 * k)
        # order by contribution, ties by name (as DomainClassifier does); names are looked up
        # only for ties and for the terms actually read, not for every candidate
        values = contrib[top].tolist()
        col_of = cols[top].tolist()
        names: dict[int, str] = {}

        def name(i: int) -> str:
            if i not in names:
                names[i] = self.feature_name(col_of[i])
            return names[i]

        order: list[int] = []
        for _, tied in itertools.groupby(range(len(values)), key=values.__getitem__):
            group = list(tied)
            if len(group) > 1:
                group.sort(key=name)
            order.extend(group)
        return pick_terms(((values[i], name(i)) for i in order), k)
