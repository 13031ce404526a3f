"""THUCNews headline classification through the toolkit's own training path.

    python bench/thucnews.py --data ../shared/datasets/thucnews_titles
    python bench/thucnews.py --data ../shared/datasets/thucnews_titles --variants

Trains on train.txt with `classify.training.train` (no cross-validation: the split has a test
set), evaluates test.txt, and prints accuracy, macro-F1, training seconds and prediction
throughput. `--variants` repeats this for the feature and model settings we compared.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from classify.data import Example, load_examples
from classify.evaluate import classification_report
from classify.predictor import Predictor
from classify.training import train

PUBLISHED = {"TextCNN": 91.22, "fastText": 92.23, "BERT": 94.83}
VARIANTS = {
    "char 1-3, C=1 (the measured baseline)": {"word_ngrams": None, "char_ngrams": (1, 3), "C": 1.0},
    "word 1-2 + char 1-3, C=0.5 (default)": {},
    "word 1-2 + char 1-3, C=1": {"C": 1.0},
    "word 1-2 + char 1-4, C=0.5": {"char_ngrams": (1, 4)},
    "word 1-2 only, C=0.5": {"char_ngrams": None},
}


def load(path: Path, names: list[str]) -> list[Example]:
    examples = load_examples([path])
    return [Example(e.text, names[int(e.label)], source=e.source, line=e.line) for e in examples]


def run(train_set: list[Example], test_set: list[Example], params: dict) -> dict:
    started = time.perf_counter()
    result = train(train_set, cv=0, params=params, fit_summarizer=False)
    seconds = time.perf_counter() - started
    predictor = Predictor(result.bundle)
    texts = [e.text for e in test_set]
    timings = []
    for _ in range(3):
        t = time.perf_counter()
        preds = predictor.predict_many(texts)
        timings.append(time.perf_counter() - t)
    report = classification_report([e.label for e in test_set], [p.label for p in preds])
    return {"accuracy": report["accuracy"], "macro_f1": report["macro_f1"], "train_seconds": seconds,
            "per_second": len(texts) / statistics.median(timings)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/datasets/thucnews_titles", type=Path)
    ap.add_argument("--variants", action="store_true", help="also run the compared settings")
    args = ap.parse_args()
    names = (args.data / "class.txt").read_text(encoding="utf-8").split()
    train_set = load(args.data / "train.txt", names)
    test_set = load(args.data / "test.txt", names)
    print(f"THUCNews titles: {len(train_set)} train, {len(test_set)} test, {len(names)} classes")
    print("published (test accuracy): " + ", ".join(f"{k} {v}%" for k, v in PUBLISHED.items()))
    settings = VARIANTS if args.variants else {"word 1-2 + char 1-3, C=0.5 (default)": {}}
    for name, params in settings.items():
        r = run(train_set, test_set, params)
        print(f"{name}: accuracy {100 * r['accuracy']:.2f}%  macro-F1 {100 * r['macro_f1']:.2f}%  "
              f"train {r['train_seconds']:.0f}s  predict {r['per_second']:.0f} titles/s", flush=True)


if __name__ == "__main__":
    main()
