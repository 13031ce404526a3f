"""Linear-model ideas tried on THUCNews titles, outside the toolkit's training path.

    python bench/thucnews_explore.py --data ../shared/datasets/thucnews_titles

Each idea is fitted on train.txt and scored on dev.txt and test.txt, without calibration (the
toolkit's temperature scaling keeps the argmax, so accuracy carries over). Ideas that helped
went into `classify.features` / `classify.classifier`; the rest are recorded in
docs/benchmarks.md with their figures.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score
from sklearn.svm import LinearSVC

from classify.features import CharNgrams, Doc, WordNgrams
from classify.tokenize import cut, words


def load(path: Path) -> tuple[list[str], np.ndarray]:
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, label = line.rsplit("\t", 1)
        texts.append(text)
        labels.append(int(label))
    return texts, np.array(labels)


class SkipBigrams:
    """Character pairs two and three apart (`反_宣`), a cheap view of discontinuous phrases."""

    def __call__(self, doc: Doc) -> list[str]:
        s = "".join(doc.text.split())
        return [s[i] + "_" + s[i + g] for g in (2, 3) for i in range(len(s) - g)]


def features(parts: list[tuple[str, object]], train: list[Doc], *others: list[Doc]):
    vecs = [TfidfVectorizer(analyzer=a, sublinear_tf=True, min_df=2) for _, a in parts]
    fitted = sparse.hstack([v.fit_transform(train) for v in vecs]).tocsr()
    return fitted, [sparse.hstack([v.transform(o) for v in vecs]).tocsr() for o in others]


def nb_svm(X, y, C: float):
    """One-vs-rest SVMs on features scaled by each class's NB log-count ratio (Wang & Manning)."""
    models = []
    for c in np.unique(y):
        p = 1 + X[y == c].sum(0)
        q = 1 + X[y != c].sum(0)
        r = np.asarray(np.log((p / p.sum()) / (q / q.sum()))).ravel()
        models.append((r, LinearSVC(C=C).fit(X.multiply(r).tocsr(), (y == c).astype(int))))

    def predict(M):
        return np.column_stack([m.decision_function(M.multiply(r).tocsr()) for r, m in models]).argmax(1)
    return predict


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/datasets/thucnews_titles"))
    args = ap.parse_args()
    (tr, ytr), (dv, ydv), (te, yte) = (load(args.data / f) for f in ("train.txt", "dev.txt", "test.txt"))
    t = time.perf_counter()
    docs = [[Doc(x, tuple(words(cut(x)))) for x in split] for split in (tr, dv, te)]
    print(f"tokenized {len(tr) + len(dv) + len(te)} titles in {time.perf_counter() - t:.0f}s", flush=True)
    base = [("word", WordNgrams((1, 2))), ("char", CharNgrams((1, 3)))]
    Xtr, (Xdv, Xte) = features(base, *docs)

    def report(name: str, predict, seconds: float) -> None:
        print(f"{name}: dev {100 * accuracy_score(ydv, predict(Xdv)):.2f}%  "
              f"test {100 * accuracy_score(yte, predict(Xte)):.2f}%  fit {seconds:.0f}s", flush=True)

    for C in (0.3, 0.5, 1.0):
        t = time.perf_counter()
        m = LinearSVC(C=C).fit(Xtr, ytr)
        report(f"word 1-2 + char 1-3, LinearSVC C={C}", m.predict, time.perf_counter() - t)
    t = time.perf_counter()
    report("word 1-2 + char 1-3, NB-SVM C=0.3", nb_svm(Xtr, ytr, 0.3), time.perf_counter() - t)
    t = time.perf_counter()
    m = SGDClassifier(loss="modified_huber", alpha=2e-6, average=True, max_iter=15, tol=None, random_state=0)
    m.fit(Xtr, ytr)
    report("word 1-2 + char 1-3, averaged SGD (modified Huber)", m.predict, time.perf_counter() - t)
    Str, (Sdv, Ste) = features([*base, ("skip", SkipBigrams())], *docs)
    t = time.perf_counter()
    m = LinearSVC(C=0.5).fit(Str, ytr)
    print(f"+ skip-bigrams, LinearSVC C=0.5: dev {100 * accuracy_score(ydv, m.predict(Sdv)):.2f}%  "
          f"test {100 * accuracy_score(yte, m.predict(Ste)):.2f}%  fit {time.perf_counter() - t:.0f}s")


if __name__ == "__main__":
    main()
