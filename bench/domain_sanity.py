"""Sanity check of the shipped model on public news text we did not write.

    python bench/domain_sanity.py --thucnews ../shared/datasets/thucnews_titles \
        --tnews ../shared/datasets/fewclue_tnews [--model models/domains]

No public Chinese set has our six domains, so this maps the public classes that correspond
(approximately) and reports how often the model lands on the expected domain. These are
headlines, not articles, and the mappings are loose: read the figures as a sanity check, not
as accuracy. Cross-validation on our own corpus and the hand-labeled sample issue are in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from classify import Predictor

# public class -> our expected label
THUCNEWS = {"finance": "industry", "stocks": "industry", "realty": "industry", "sports": "other"}
TNEWS = {"news_finance": "industry", "news_agriculture": "industry", "news_tech": "industry",
         "news_culture": "culture", "news_travel": "culture", "news_sports": "other"}


def report(name: str, rows: list[tuple[str, str]], predictor: Predictor) -> None:
    preds = predictor.predict_many([t for t, _ in rows])
    by_class: dict[str, Counter] = {}
    for (_, cls), p in zip(rows, preds, strict=True):
        by_class.setdefault(cls, Counter())[p.label] += 1
    print(f"\n{name}")
    for cls, counts in by_class.items():
        expected = cls.split(" -> ")[1]
        n = sum(counts.values())
        top = ", ".join(f"{lab} {c}" for lab, c in counts.most_common(3))
        print(f"  {cls:<40} n={n:<5} as expected {100 * counts[expected] / n:5.1f}%   ({top})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--thucnews", type=Path, default=Path("../shared/datasets/thucnews_titles"))
    ap.add_argument("--tnews", type=Path, default=Path("../shared/datasets/fewclue_tnews"))
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    predictor = Predictor.load(args.model)

    names = (args.thucnews / "class.txt").read_text(encoding="utf-8").split()
    rows = []
    for line in (args.thucnews / "test.txt").read_text(encoding="utf-8").splitlines():
        text, label = line.rsplit("\t", 1)
        cls = names[int(label)]
        if cls == "society" and "诈骗" in text:
            rows.append((text, "society, mentions 诈骗 -> anti_fraud"))
        elif cls in THUCNEWS:
            rows.append((text, f"{cls} -> {THUCNEWS[cls]}"))
    report("THUCNews test headlines", rows, predictor)

    rows = []
    for line in (args.tnews / "test_public.json").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["label_desc"] in TNEWS:
            rows.append((item["sentence"], f"{item['label_desc']} -> {TNEWS[item['label_desc']]}"))
    report("FewCLUE TNEWS public test headlines", rows, predictor)


if __name__ == "__main__":
    main()
