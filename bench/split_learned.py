"""Learned line roles against the rule splitter, on every gold set we have.

    python bench/split_learned.py [--model models/line_roles] [--sim-pages 60] [--sim-seed 777]

Per set it prints, for the rule splitter and for the learned tagger:
- line-role accuracy and macro-F1 against gold roles (`classify.split.gold.gold_roles`; the
  rule splitter's roles are read back from its articles' line fields);
- article recall, precision and title exact-match (the `classify evaluate --pages` measure);
- a third row, `rule->tp`: the rules' own roles sent through the tagger path, which shows what
  that path costs by itself (an upper bound for a tagger that only agrees with the rules).
  The learned tagger's articles come from `parse_page(text, tagger=model)`: its roles go through
  the same block, segment and title stages as the rules'.

The simulated set uses a seed that training does not use (training: seed 1). tests/pages is in
the tagger's training data, so its learned figures there are not held-out figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from classify.evaluate import _canon, load_gold, match_articles  # noqa: E402
from classify.line_roles import (  # noqa: E402
    LineRoleModel,
    page_examples,
    rule_decisions,
    train_line_roles,
    training_pages,
)
from classify.normalize import split_lines  # noqa: E402
from classify.read import read_text  # noqa: E402
from classify.simulate import simulate_pages, write_pages  # noqa: E402
from classify.split import ROLES, line_facts, parse_page  # noqa: E402
from classify.split.gold import gold_roles  # noqa: E402


class RuleRoles:
    """The rules' own line roles handed to the tagger path: what that path costs by itself."""

    def predict_roles(self, facts) -> list[str]:
        return [role for role, _ in rule_decisions(facts)]


def rule_line_roles(text: str) -> list[str]:
    """Roles of the non-blank lines as the rule splitter placed them: read back from its
    articles by the same derivation that reads gold roles from gold articles (a fair match)."""
    articles = [{"title": a.title, "kicker": a.kicker, "byline": a.byline, "body": a.body, "kind": a.kind}
                for a in parse_page(text).articles]
    return gold_roles(split_lines(text), articles)


def _score(pairs) -> dict:
    n_gold = n_pred = found = titles = 0
    for gold, pred in pairs:
        m = match_articles(gold, pred)
        n_gold += len(gold)
        n_pred += len(pred)
        found += len(m)
        titles += sum(_canon(gold[g].get("title", "")) == _canon(pred[p].title) for g, p, _ in m)
    return {"recall": found / n_gold if n_gold else 0.0, "precision": found / n_pred if n_pred else 0.0,
            "title_exact": titles / found if found else 0.0}


def _roles_score(gold: list[str], pred: list[str]) -> dict:
    acc = sum(a == b for a, b in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    f1s = []
    for r in ROLES:
        tp = sum(a == b == r for a, b in zip(gold, pred, strict=True))
        g, p = gold.count(r), pred.count(r)
        if g:
            f1s.append(2 * tp / (g + p) if g + p else 0.0)
    return {"line_acc": acc, "role_macro_f1": sum(f1s) / len(f1s) if f1s else 0.0}


def evaluate_set(directory: Path, model: LineRoleModel) -> dict[str, dict]:
    """Both splitters on one folder of gold pages. A simulated page's own roles
    (`PAGE.roles.json`) are its reference roles; other pages' are derived from their fields."""
    out = {}
    rule_pairs, learned_pairs, via_pairs = [], [], []
    g_all, r_all, l_all = [], [], []
    for path, gold in load_gold(directory):
        text = read_text(path)
        lines = split_lines(text)
        facts = line_facts(lines)
        sim_roles = path.with_name(path.stem + ".roles.json")
        if sim_roles.exists():
            g = page_examples(text, roles=json.loads(sim_roles.read_text(encoding="utf-8")))[1]
        else:
            g = gold_roles(lines, gold["articles"])
        learned = model.predict_roles(facts)
        g_all += g
        r_all += rule_line_roles(text)
        l_all += learned
        rule_pairs.append((gold["articles"], parse_page(text).articles))
        learned_pairs.append((gold["articles"], parse_page(text, tagger=model).articles))
        via_pairs.append((gold["articles"], parse_page(text, tagger=RuleRoles()).articles))
    out["rule"] = {**_score(rule_pairs), **_roles_score(g_all, r_all)}
    out["learned"] = {**_score(learned_pairs), **_roles_score(g_all, l_all)}
    out["rule->tp"] = {**_score(via_pairs), "line_acc": float("nan"), "role_macro_f1": float("nan")}
    return out


def speed(model: LineRoleModel, runs: int = 5) -> None:
    """CPU time of the first 16 pages of tests/pages split by the rules and with the tagger."""
    import statistics
    import time

    texts = [read_text(p) for p in sorted((ROOT / "tests" / "pages").glob("*.txt"))[:16]]
    for name, tagger in (("rule", None), ("learned", model)):
        times = []
        for _ in range(runs):
            start = time.process_time()
            for text in texts:
                parse_page(text, tagger=tagger)
            times.append(time.process_time() - start)
        print(f"speed {name}: {statistics.median(times) * 1000:.1f} ms CPU for {len(texts)} pages "
              f"(median of {runs})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=str(ROOT / "models" / "line_roles"))
    ap.add_argument("--sim-pages", type=int, default=60)
    ap.add_argument("--sim-seed", type=int, default=777)
    ap.add_argument("--speed", action="store_true", help="also time both splitters on 16 pages")
    args = ap.parse_args(argv)
    try:
        model = LineRoleModel.load(args.model)
        print(f"model: {args.model}.npz", file=sys.stderr)
    except ValueError:
        print("model not found: training one (python train.py saves it)", file=sys.stderr)
        model = train_line_roles(training_pages(gold_dirs=[ROOT / "tests" / "pages"]))
    with tempfile.TemporaryDirectory() as tmp:
        write_pages(simulate_pages(args.sim_pages, args.sim_seed), tmp)
        sets = [("tests/pages (in training)", ROOT / "tests" / "pages"), ("tests/holdout", ROOT / "tests" / "holdout"),
                ("tests/blind", ROOT / "tests" / "blind"), ("tests/blind2", ROOT / "tests" / "blind2"),
                ("data/samples", ROOT / "data" / "samples"), (f"sim seed {args.sim_seed} x{args.sim_pages}", Path(tmp))]
        print(f"{'set':<28}{'splitter':<9}{'recall':>8}{'prec':>8}{'title':>8}{'line_acc':>10}{'role_F1':>9}")
        for name, directory in sets:
            result = evaluate_set(directory, model)
            for who in ("rule", "learned", "rule->tp"):
                r = result[who]
                print(f"{name:<28}{who:<9}{r['recall']:>8.3f}{r['precision']:>8.3f}{r['title_exact']:>8.3f}"
                      f"{r['line_acc']:>10.3f}{r['role_macro_f1']:>9.3f}")
    if args.speed:
        speed(model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
