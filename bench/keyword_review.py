"""Keywords with and without the editor filter, judged blind by a reviewer (30 articles).

The figure wanted is the fraction of keywords an editor would strike, judged on 30 articles by
someone who did not write the filter. For the first 30 titled articles of our pages
(data/samples, then tests/pages, in name order) the script computes the keywords as TextRank
ranks them (`keyword_filter=False`, "before") and as shown (the shipped summarizer, "after").

`--packet` prints, per article, its title, the start of its body and the union of both lists in
one sorted order, so the reviewer cannot tell which list a word came from. The reviewer writes
JSONL, one object per article: `{"n": 1, "strike": [words an editor would strike]}`.
`--judged FILE` then prints the struck fraction of each list. Without options it prints both
lists, for the people who work on the filter.

    python bench/keyword_review.py --packet > /tmp/keyword_packet.txt
    python bench/keyword_review.py --judged review.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N_ARTICLES = 30  # the review size


def articles() -> list[tuple[str, str, str]]:
    from classify import split_page
    from classify.read import read_text

    out = []
    pages = sorted((ROOT / "data" / "samples").glob("*.txt")) + sorted((ROOT / "tests" / "pages").glob("*.txt"))
    for page in pages:
        for a in split_page(read_text(page)):
            if a.title and len(out) < N_ARTICLES:
                out.append((page.name, a.title, a.body))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--judged", type=Path, help="the reviewer's strikes (JSONL), to print the fractions")
    parser.add_argument("--packet", action="store_true", help="print the blind packet for the reviewer")
    parser.add_argument("--json", action="store_true", help="print the lists as JSONL")
    args = parser.parse_args()

    import copy

    from classify import Predictor
    from classify.features import prepare

    predictor = Predictor.load()
    after_model = predictor.bundle.summarizer
    before_model = copy.copy(after_model)
    before_model.keyword_filter = False
    rows = []
    for n, (page, title, body) in enumerate(articles(), 1):
        p = prepare(title, body, predictor.tokenizer.cut)
        before = [w for w, _ in before_model.keywords(p.text, tokens=p.tokens, k=8)]
        after = [w for w, _ in after_model.keywords(p.text, tokens=p.tokens, k=8)]
        rows.append({"n": n, "page": page, "title": title, "lead": p.text[:160], "before": before,
                     "after": after, "struck_by_filter": [w for w in before if w not in after]})
    if args.packet:
        for r in rows:
            words = sorted(set(r["before"]) | set(r["after"]))
            lead = r["lead"].replace("\n", " ")
            print(f"{r['n']:2d}. {r['title']}\n    {lead}…\n    keywords: {'、'.join(words)}\n")
        return 0
    if args.judged:
        judged = {j["n"]: j for j in map(json.loads, args.judged.read_text(encoding="utf-8").splitlines()) if j}
        kb = sum(len(r["before"]) for r in rows if r["n"] in judged)
        ka = sum(len(r["after"]) for r in rows if r["n"] in judged)
        sb = sum(len(set(judged[r["n"]]["strike"]) & set(r["before"])) for r in rows if r["n"] in judged)
        sa = sum(len(set(judged[r["n"]]["strike"]) & set(r["after"])) for r in rows if r["n"] in judged)
        print(f"articles judged {len(judged)}  keywords before {kb}, struck {sb} ({sb / max(kb, 1):.1%})  "
              f"after {ka}, struck {sa} ({sa / max(ka, 1):.1%})")
        return 0
    for r in rows:
        if args.json:
            print(json.dumps(r, ensure_ascii=False))
        else:
            print(f"{r['n']:2d}. {r['title']}  ({r['page']})\n    before: {'、'.join(r['before'])}\n"
                  f"    after:  {'、'.join(r['after'])}\n    struck by the filter: {'、'.join(r['struck_by_filter']) or '-'}")
    total = sum(len(r["before"]) for r in rows)
    struck = sum(len(r["struck_by_filter"]) for r in rows)
    print(f"\n{len(rows)} articles, {total} keywords before, {struck} struck by the filter "
          f"({struck / max(total, 1):.1%}); the editor's judgement is pending (--judged)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
