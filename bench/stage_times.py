"""Where `classify tag` spends its time, stage by stage, against a bare jieba pass.

    python bench/stage_times.py

Runs the tagging stages one by one in one process over our sample pages, test pages and the
seed page (8 copies), and prints milliseconds per page for each, next to one bare `jieba.lcut`
pass over the raw pages (the baseline of `bench/batch_speed.py`).
"""

from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    import jieba

    from classify import Predictor
    from classify.bylines import strip_bylines
    from classify.read import read_text
    from classify.split import split_page
    from classify.tokenize import cut, words

    files = [*sorted((ROOT / "tests" / "pages").glob("*.txt")), *sorted((ROOT / "data" / "samples").glob("*.txt")),
             *sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))]
    texts = [read_text(f) for f in files] * 8
    predictor = Predictor.load()
    clf, summarizer = predictor.bundle.classifier, predictor.bundle.summarizer
    jieba.lcut("预热")
    cut("预热")
    t = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    baseline = time.perf_counter() - t

    spent: dict[str, float] = {}

    def timed(stage, fn, *args):
        t = time.perf_counter()
        out = fn(*args)
        spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - t
        return out

    from classify.features import Doc

    for text in texts:
        articles = timed("splitting", split_page, text)
        docs = []
        for a in articles:
            body = timed("byline removal", strip_bylines, a.body)
            tokens = timed("jieba pass on the article bodies", cut, body)
            title_words = timed("jieba pass on the titles", lambda t: words(cut(t)) if t else [], a.title)
            docs.append(Doc(f"{a.title}\n{body}", tuple(title_words + words(tokens))))
            timed("abstract and keywords (TextRank)", summarizer.analyze, body, tokens, 8)
        matrix = timed("TF-IDF features", clf.transform, docs)
        proba = timed("calibrated probabilities", clf.proba_from_features, matrix)
        for i, p in enumerate(proba):
            timed("top terms", clf.top_terms, matrix[i], clf.classes_[p.argmax()], 5)
    n = len(texts)
    print(f"{n} pages; bare jieba.lcut on the raw pages: {1000 * baseline / n:.1f} ms/page")
    for stage, seconds in spent.items():
        print(f"  {stage:<36} {1000 * seconds / n:6.2f} ms/page")
    print(f"  {'total':<36} {1000 * sum(spent.values()) / n:6.2f} ms/page "
          f"({sum(spent.values()) / baseline:.1f}x the bare jieba pass)")


if __name__ == "__main__":
    main()
