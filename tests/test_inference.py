"""The array path predicts exactly what the scikit-learn pipeline predicts."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from helpers import TEXTS, examples

from classify.bundle import load_bundle
from classify.classifier import DomainClassifier
from classify.features import Doc, prepare, readable
from classify.inference import ArrayClassifier, NgramTable
from classify.read import read_text
from classify.split import split_page

ROOT = Path(__file__).resolve().parents[1]


def _reference_top_terms(pipe, classes, X, row, label, k=5):
    """DomainClassifier.top_terms on the rebuilt pipeline's own matrix and weights."""
    svm = pipe["classifier"].calibrated_classifiers_[0].estimator
    coef = svm.coef_ if svm.coef_.shape[0] > 1 else np.vstack([-svm.coef_[0], svm.coef_[0]])
    names = np.array([readable(n) for n in pipe["features"].get_feature_names_out()], dtype=object)
    fake = SimpleNamespace(classes_=classes, coef_=coef.astype(np.float32), feature_names_=names)
    return DomainClassifier.top_terms(fake, X[row], label, k)


def _articles(folder: Path) -> list[tuple[str, str]]:
    out = []
    for page in sorted(folder.glob("*.txt")):
        if page.name == "README.txt":
            continue
        out += [(a.title, a.body) for a in split_page(read_text(str(page)))]
    return out


@pytest.mark.parametrize("folder", ["data/samples", "tests/pages"])
def test_shipped_model_matches_its_sklearn_pipeline(default_model, folder):
    bundle = load_bundle(default_model)
    cut = bundle.make_tokenizer().cut
    docs = [prepare(t, b, cut).doc for t, b in _articles(ROOT / folder)]
    assert len(docs) >= 20
    pipe = bundle.to_sklearn()
    ours = bundle.classifier.predict_proba(docs)
    theirs = pipe.predict_proba(docs)
    assert np.abs(ours - theirs).max() <= 1e-9
    assert (ours.argmax(axis=1) == theirs.argmax(axis=1)).all()
    X = pipe["features"].transform(docs).tocsr()
    rows = bundle.classifier.transform(docs)
    assert np.array_equal(rows.toarray(), X.toarray())  # the same float32 features, bit for bit
    classes = bundle.classifier.classes_
    for i in range(len(docs)):
        label = str(classes[ours[i].argmax()])
        assert bundle.classifier.top_terms(rows[i], label) == _reference_top_terms(pipe, classes, X, i, label)


@pytest.mark.parametrize(("calibration", "labels"), [("temperature", None), ("sigmoid", None),
                                                     ("temperature", 2), ("sigmoid", 2)])
def test_export_matches_the_fitted_estimator(calibration, labels):
    rows = examples()
    if labels:
        keep = sorted({lab for _, lab in rows})[:labels]
        rows = [(t, lab) for t, lab in rows if lab in keep]
    docs = [prepare("", t).doc for t, _ in rows]
    clf = DomainClassifier(calibration=calibration).fit(docs, [lab for _, lab in rows])
    exported = ArrayClassifier.from_arrays(ArrayClassifier.from_estimator(clf).to_arrays())
    probe = [prepare("", t).doc for ts in TEXTS.values() for t in ts] + [Doc("", ()), Doc("。", ("。",))]
    ours, theirs = exported.predict_proba(probe), clf.predict_proba(probe)
    assert np.abs(ours - theirs).max() <= 1e-9
    X, rows_ = clf.transform(probe), exported.transform(probe)
    for i in range(len(probe)):
        for label in clf.classes_:
            assert exported.top_terms(rows_[i], label) == clf.top_terms(X[i], label)


def test_vectorised_counts_equal_string_counts():
    rng = np.random.default_rng(0)
    alphabet = list("反诈宣传进社区的了。，ABab 1\x00\n") + ["😀", "𠀀", "İ"]
    texts = ["".join(rng.choice(alphabet, size=int(rng.integers(0, 40)))) for _ in range(60)]
    docs = [Doc(t, tuple(w for w in t.split() if w)) for t in texts]
    char_terms = sorted({t[i:i + n] for t in ("".join(texts).replace(" ", "").lower(),)
                         for n in (1, 2, 3) for i in range(0, 400, 3) if len(t[i:i + n]) == n})
    word_terms = sorted({w for d in docs for w in d.tokens} | {" ".join(d.tokens[:2]) for d in docs if len(d.tokens) > 1})
    for kind, terms, rng_ in (("char", char_terms, (1, 3)), ("word", word_terms, (1, 2))):
        table = NgramTable.build(kind, rng_, terms, np.ones(len(terms)))
        fast = table.counts(docs)
        slow = table._counts_by_name(docs)
        for a, b in zip(fast, slow, strict=True):
            assert np.array_equal(a, b), kind


def _stable_prefix(values: np.ndarray, m: int) -> list[int]:
    return np.argsort(-values, kind="stable")[:m].tolist()


@pytest.mark.parametrize("seed", range(20))
def test_largest_first_is_the_stable_argsort_prefix_with_ties(seed):
    # few distinct values, so many ties straddle the m-th largest
    from classify.inference import _largest_first

    rng = np.random.default_rng(seed)
    values = rng.integers(-3, 4, size=int(rng.integers(0, 120))).astype(np.float32)
    for m in (0, 1, 5, 40, len(values), len(values) + 3):
        assert _largest_first(values, m).tolist() == _stable_prefix(values, m)
