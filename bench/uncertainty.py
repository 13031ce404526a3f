"""Does `uncertain` mean "look at this one"? Measured on text of another register.

    python bench/uncertainty.py --thucnews ../shared/datasets/thucnews_titles \
        --tnews ../shared/datasets/fewclue_tnews [--record models/domains]

Trains a model on data/labeled (5-fold cross-validation picks its threshold, as `classify train`
does), then tags public headlines whose classes clearly correspond to one of our labels, and
reports accuracy, expected calibration error, and how often flagged and unflagged headlines are
wrong. The rule's parameters were chosen on the dev splits (printed first); the test splits are
the figures to quote. `--model PATH` measures an existing model instead of training one, and
`--record PATH` writes the test figures into that model's manifest (`uncertainty_check`), which
leaves its sha256 valid (the hash covers the model file, not the manifest).

Mapping (only where the public class clearly falls under one of our labels, per
data/LABELING.md; the rest are left out):
- THUCNews: sports, education -> other (sport, schools and exams are listed under `other`);
  society headlines mentioning 诈骗 -> anti_fraud.
- FewCLUE TNEWS: news_sports, news_edu, news_military, news_world, news_game -> other (none of
  our five topics); news_culture, news_travel -> culture (arts, heritage, tourism for visitors).
Finance, stocks, property, tech, agriculture, cars and entertainment are left out: each mixes
our `industry`, `culture` and `other` (markets vs production, gossip vs performances).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from classify.bundle import atomic_write_bytes, load_bundle, model_paths, read_manifest
from classify.data import load_examples
from classify.features import prepare
from classify.predictor import Predictor
from classify.training import calibration_error, train

THUCNEWS = {"sports": "other", "education": "other"}
TNEWS = {"news_sports": "other", "news_edu": "other", "news_military": "other", "news_world": "other",
         "news_game": "other", "news_culture": "culture", "news_travel": "culture"}
SPLITS = {"dev": ("dev.txt", "dev_few_all.json"), "test": ("test.txt", "test_public.json")}


def headlines(thucnews: Path, tnews: Path, split: str) -> list[tuple[str, str]]:
    th_file, tn_file = SPLITS[split]
    names = (thucnews / "class.txt").read_text(encoding="utf-8").split()
    rows = []
    for line in (thucnews / th_file).read_text(encoding="utf-8").splitlines():
        text, label = line.rsplit("\t", 1)
        cls = names[int(label)]
        if cls == "society" and "诈骗" in text:
            rows.append((text, "anti_fraud"))
        elif cls in THUCNEWS:
            rows.append((text, THUCNEWS[cls]))
    for line in (tnews / tn_file).read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["label_desc"] in TNEWS:
            rows.append((item["sentence"], TNEWS[item["label_desc"]]))
    return rows


def measure(predictor: Predictor, rows: list[tuple[str, str]]) -> dict:
    docs = [prepare("", text).doc for text, _ in rows]
    preds = predictor.predict_many(docs)
    labels = np.array(predictor.labels)
    proba = np.array([[p.scores[lab] for lab in labels] for p in preds])
    y = np.array([lab for _, lab in rows])
    wrong = np.array([p.label != lab for p, (_, lab) in zip(preds, rows, strict=True)])
    flagged = np.array([p.uncertain for p in preds])
    cal = calibration_error(proba, y, labels)
    out = {"n": len(rows), "accuracy": cal["accuracy"], "ece": cal["ece"], "brier": cal["brier"],
           "mean_confidence": cal["mean_confidence"], "flagged": round(float(flagged.mean()), 4)}
    if flagged.any() and (~flagged).any():
        wf, wu = float(wrong[flagged].mean()), float(wrong[~flagged].mean())
        out.update({"wrong_if_flagged": round(wf, 4), "wrong_if_unflagged": round(wu, 4),
                    "ratio": round(wf / wu, 2) if wu else None})
    return out


def line(name: str, m: dict) -> str:
    tail = (f"wrong flagged {m['wrong_if_flagged']:.3f} vs unflagged {m['wrong_if_unflagged']:.3f} "
            f"(x{m['ratio']})" if "ratio" in m else "all or none flagged")
    return (f"  {name:<34} n={m['n']:<5} acc {m['accuracy']:.4f}  ECE {m['ece']:.4f}  "
            f"mean conf {m['mean_confidence']:.3f}  flagged {m['flagged']:.3f}  {tail}")


def pages_check(predictor: Predictor, folders: list[str]) -> dict:
    """Flag rate and errors on gold pages of our own register (articles matched to gold)."""
    from classify.evaluate import load_gold, match_articles
    from classify.read import read_text
    from classify.split import split_page

    n = flagged = wrong = wrong_flagged = 0
    for folder in folders:
        for page, gold in load_gold(folder):
            arts = split_page(read_text(page))
            matches = match_articles(gold["articles"], arts)
            preds = predictor.predict_many([prepare(arts[pi].title, arts[pi].body).doc for _, pi, _ in matches])
            for (gi, _, _), p in zip(matches, preds, strict=True):
                bad = p.label != gold["articles"][gi].get("label")
                n += 1
                flagged += p.uncertain
                wrong += bad
                wrong_flagged += bad and p.uncertain
    return {"articles": n, "flagged": flagged, "wrong": wrong, "wrong_and_flagged": wrong_flagged}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--thucnews", type=Path, default=Path("../shared/datasets/thucnews_titles"))
    ap.add_argument("--tnews", type=Path, default=Path("../shared/datasets/fewclue_tnews"))
    ap.add_argument("--data", default="data/labeled", help="training data (when --model is not given)")
    ap.add_argument("--model", help="measure this model instead of training one")
    ap.add_argument("--record", metavar="PATH", help="write the test figures into this model's manifest")
    ap.add_argument("--calibration", default="temperature", choices=("temperature", "sigmoid", "isotonic"),
                    help="train with this calibration instead (to compare; the toolkit uses temperature)")
    args = ap.parse_args()
    for p in (args.thucnews, args.tnews):
        if not p.is_dir():
            sys.exit(f"{p}: not found; pass --thucnews/--tnews (the datasets live in ../shared/datasets)")
    if args.model:
        bundle = load_bundle(args.model)
        print(f"model {args.model} threshold {bundle.threshold}")
    else:
        result = train(load_examples([args.data]), cv=5, fit_summarizer=False,
                       params={"calibration": args.calibration})
        bundle = result.bundle
        bundle.manifest = result.manifest
        print(f"trained on {args.data} ({args.calibration} calibration): threshold {bundle.threshold} (90%-precision cut alone "
              f"{result.report['threshold_precision_cut']}), held-out flag rate "
              f"{result.report['held_out_uncertain_rate']}, held-out ECE {result.report['calibration']['ece']}")
    new = Predictor(bundle)
    rules = {"this rule": new}
    if not args.model:
        # the rule before: 90%-precision threshold only, no out-of-domain signals
        old_bundle = type(bundle)(bundle.classifier, None, bundle.labels, bundle.display_names,
                                  result.report["threshold_precision_cut"],
                                  {"uncertainty": {"min_chars": 0, "min_known_share": 0.0}})
        rules["old rule (90% precision only)"] = Predictor(old_bundle)
    figures = {}
    for split in ("dev", "test"):
        rows = headlines(args.thucnews, args.tnews, split)
        print(f"\n{split}: THUCNews {SPLITS[split][0]} + TNEWS {SPLITS[split][1]}, mapped")
        for name, predictor in rules.items():
            m = measure(predictor, rows)
            print(line(name, m))
            if name == "this rule":
                figures[split] = m
    print("\nour own register (gold pages: tests/pages, tests/holdout, data/samples), this rule:")
    own = pages_check(new, ["tests/pages", "tests/holdout", "data/samples"])
    print(f"  {own['articles']} articles, {own['flagged']} flagged, {own['wrong']} wrong "
          f"({own['wrong_and_flagged']} of them flagged)")
    if args.record:
        _, manifest_file = model_paths(args.record)
        info = read_manifest(args.record)
        info["uncertainty_check"] = {"set": "THUCNews test + TNEWS test_public headlines, mapped "
                                     "(bench/uncertainty.py)", **figures["test"], "own_pages": own}
        text = json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        atomic_write_bytes(manifest_file, text.encode("utf-8"))
        print(f"recorded in {manifest_file}")


if __name__ == "__main__":
    main()
