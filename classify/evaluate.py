"""Measure a classifier or a splitter against gold answers.

The same report is used for cross-validation at training time, for `classify evaluate --data`
and for label accuracy on split pages, so every number in a manifest or a benchmark means the
same thing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .errors import DataError
from .normalize import normalize_line, unspace_letters


def classification_report(y_true: Sequence[str], y_pred: Sequence[str],
                          labels: Sequence[str] | None = None) -> dict:
    """Accuracy, macro-F1, per-label precision/recall/F1/support and the confusion matrix."""
    y_true = list(y_true)
    y_pred = list(y_pred)
    labels = list(labels) if labels is not None else sorted(set(y_true) | set(y_pred))
    index = {lab: i for i, lab in enumerate(labels)}
    confusion = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(y_true, y_pred, strict=True):
        if t in index and p in index:
            confusion[index[t], index[p]] += 1
    per_label = {}
    f1s = []
    for lab, i in index.items():
        tp = confusion[i, i]
        predicted = confusion[:, i].sum()
        actual = confusion[i, :].sum()
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[lab] = {"precision": round(float(precision), 4), "recall": round(float(recall), 4),
                          "f1": round(float(f1), 4), "support": int(actual)}
        if actual:
            f1s.append(f1)
    correct = sum(t == p for t, p in zip(y_true, y_pred, strict=True))
    return {
        "n": len(y_true),
        "accuracy": round(correct / len(y_true), 4) if y_true else 0.0,
        "macro_f1": round(float(np.mean(f1s)), 4) if f1s else 0.0,
        "per_label": per_label,
        "labels": labels,
        "confusion": confusion.tolist(),
    }


def format_report(report: dict, title: str = "") -> str:
    """Plain-text table for terminals and logs."""
    out = [title] if title else []
    out.append(f"n={report['n']}  accuracy={report['accuracy']:.4f}  macro-F1={report['macro_f1']:.4f}")
    out.append(f"{'label':<14}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}")
    for lab, m in report["per_label"].items():
        out.append(f"{lab:<14}{m['precision']:>10.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}{m['support']:>9}")
    labels = report["labels"]
    width = max(6, *(len(lab) for lab in labels)) + 1
    out.append("confusion (rows: true, columns: predicted)")
    out.append(" " * width + "".join(f"{lab[:width - 1]:>{width}}" for lab in labels))
    for lab, row in zip(labels, report["confusion"], strict=True):
        out.append(f"{lab:<{width}}" + "".join(f"{v:>{width}}" for v in row))
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Page splitting against gold files

_WS = re.compile(r"\s+")


def _canon(text: str) -> str:
    """Compare texts as the splitter sees them: normalised, letter-spacing and all spaces removed."""
    return _WS.sub("", "".join(unspace_letters(normalize_line(line)) for line in text.split("\n")))


def bigram_f1(a: str, b: str) -> float:
    """F1 of character-bigram multisets of two texts, whitespace removed."""
    a, b = _canon(a), _canon(b)
    if not a or not b:
        return float(a == b)
    ga: dict[str, int] = {}
    gb: dict[str, int] = {}
    for s, g in ((a, ga), (b, gb)):
        if len(s) == 1:
            g[s] = 1
        for i in range(len(s) - 1):
            g[s[i:i + 2]] = g.get(s[i:i + 2], 0) + 1
    overlap = sum(min(v, gb.get(k, 0)) for k, v in ga.items())
    if not overlap:
        return 0.0
    p, r = overlap / sum(gb.values()), overlap / sum(ga.values())
    return 2 * p * r / (p + r)


def load_gold(directory: str | Path) -> list[tuple[Path, dict]]:
    """Every `PAGE.txt` with a `PAGE.gold.json` beside it, sorted by name.

    A `labels.jsonl` in the directory (one gold article per line, with a `page` field, as in
    `data/samples/`) is read as well.
    """
    directory = Path(directory)
    pooled: dict[str, list[dict]] = {}
    labels = directory / "labels.jsonl"
    if labels.exists():
        for line in labels.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                row = json.loads(line)
                pooled.setdefault(row["page"], []).append(row)
    out = []
    for page in sorted(directory.rglob("*.txt")):
        gold = page.with_name(page.stem + ".gold.json")
        if gold.exists():
            out.append((page, json.loads(gold.read_text(encoding="utf-8"))))
        elif page.name in pooled:
            out.append((page, {"page": page.name, "articles": pooled[page.name]}))
    return out


def match_articles(gold: Sequence[dict], predicted: Sequence, threshold: float = 0.9) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matching of gold to predicted articles by body bigram F1 (best first)."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            f = bigram_f1(g["body"], p.body)
            if f > 0:
                pairs.append((f, gi, pi))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for f, gi, pi in pairs:
        if f < threshold or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi, f))
    return out


def evaluate_pages(directory: str | Path, predictor=None) -> dict:
    """Recall, precision, title exact match, mean body F1, a per-role confusion of lines and
    (with a predictor) label accuracy.

    Line roles: the splitter's role of each non-blank line (`parse_page(explain=True)`) against
    the gold role read back from the gold fields (`split.gold_roles`: which gold field, title,
    subtitle, kicker, byline or body, the line's text falls in; anything else is furniture).
    """
    from .features import prepare
    from .normalize import split_lines
    from .read import read_text
    from .split import ROLES, gold_roles, parse_page

    pages = load_gold(directory)
    if not pages:
        raise DataError(str(directory), None, "holds no PAGE.txt with a PAGE.gold.json (or labels.jsonl) "
                        "beside it; point --pages at a folder of gold pages")
    n_gold = n_pred = n_found = n_title = 0
    f1s: list[float] = []
    misses: list[str] = []
    label_true: list[str] = []
    label_pred: list[str] = []
    role_true: list[str] = []
    role_pred: list[str] = []
    for page, gold in pages:
        text = read_text(page)
        parsed = parse_page(text, explain=True)
        predicted = parsed.articles
        articles = gold["articles"]
        for true, d in zip(gold_roles(split_lines(text), articles), parsed.decisions, strict=True):
            if true:  # "" when the gold lacks the fields to tell
                role_true.append(true)
                role_pred.append(d.role)
        matches = match_articles(articles, predicted)
        n_gold += len(articles)
        n_pred += len(predicted)
        n_found += len(matches)
        matched = {gi for gi, _, _ in matches}
        for gi, pi, f in matches:
            f1s.append(f)
            if _canon(articles[gi].get("title", "")) == _canon(predicted[pi].title):
                n_title += 1
            else:
                misses.append(f"{page.name}: title {predicted[pi].title!r}, gold {articles[gi].get('title', '')!r}")
        for gi, g in enumerate(articles):
            if gi not in matched:
                misses.append(f"{page.name}: not found: {g.get('title') or g['first_line'][:20]!r}")
        if predictor is not None and matches:
            docs = [predicted[pi] for _, pi, _ in matches]
            preds = predictor.predict_many([prepare(a.title, a.body).doc for a in docs])
            for (gi, _, _), pred in zip(matches, preds, strict=True):
                label_true.append(articles[gi].get("label", ""))
                label_pred.append(pred.label)
    result = {
        "pages": len(pages),
        "gold_articles": n_gold,
        "predicted_articles": n_pred,
        "found": n_found,
        "recall": round(n_found / n_gold, 4) if n_gold else 0.0,
        "precision": round(n_found / n_pred, 4) if n_pred else 0.0,
        "title_exact": round(n_title / n_found, 4) if n_found else 0.0,
        "mean_body_f1": round(float(np.mean(f1s)), 4) if f1s else 0.0,
        "errors": misses,
        "line_roles": classification_report(role_true, role_pred,
                                            [r for r in ROLES if r in set(role_true) | set(role_pred)]),
    }
    if label_true:
        result["label_accuracy"] = round(sum(t == p for t, p in zip(label_true, label_pred, strict=True)) / len(label_true), 4)
        result["label_report"] = classification_report(label_true, label_pred)
    return result
