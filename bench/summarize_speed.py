"""Speed of our summarizer against textrank4zh on the same articles, in one process.

Articles: the pages of ../shared/seed/*.txt and data/samples/*.txt split with
`classify.split.split_page`, plus the texts of data/labeled/*.jsonl (read by path). Both
summarizers are warmed up first (jieba dictionaries loaded, textrank4zh's stopword file read), then
each is timed over all articles `--runs` times; the median per-article time is reported.

    python bench/summarize_speed.py --articles 200

Compared (same budget, 3 sentences / 120 chars):
  * summary: our `TextRankSummarizer.summarize` (byline strip + one jieba pass + ranking) vs
    textrank4zh `TextRank4Sentence.analyze` through our wrapper (its three jieba POS passes and
    networkx PageRank under the networkx-3 shim);
  * summary + keywords: our `analyze` (one jieba pass for both) vs textrank4zh sentences plus
    `TextRank4Keyword.analyze`.
"""

from __future__ import annotations

import argparse
import glob
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classify.read import read_text  # noqa: E402
from classify.split import split_page  # noqa: E402
from classify.summarizers import TextRankSummarizer, textrank4zh_backend  # noqa: E402


def load_articles(limit: int) -> list[str]:
    """Split pages first (real page articles), then labeled texts, up to `limit` (0 = all)."""
    articles: list[str] = []
    pages = sorted(glob.glob(str(ROOT.parent / "shared" / "seed" / "*.txt"))) + sorted(glob.glob(str(ROOT / "data/samples/*.txt")))
    for path in pages:
        for article in split_page(read_text(path)):
            if article.body.strip():
                articles.append(article.body)
    for path in sorted(glob.glob(str(ROOT / "data/labeled/*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    articles.append(json.loads(line)["text"])
    return articles[:limit] if limit else articles


def median_ms(fn: Callable[[str], object], articles: Sequence[str], runs: int) -> tuple[float, list[float]]:
    per_run = []
    for _ in range(runs):
        start = time.perf_counter()
        for text in articles:
            fn(text)
        per_run.append(1000 * (time.perf_counter() - start) / len(articles))
    return statistics.median(per_run), per_run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="our TextRank vs textrank4zh, ms per article")
    parser.add_argument("--articles", type=int, default=200, help="number of articles (0 = all)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per system (median kept)")
    parser.add_argument("--plain", action="store_true",
                        help="also time ours with editor_rules=False (the 0.1 selection) in the same run")
    parser.add_argument("--against", action="append", default=[], metavar="REF",
                        help="also time `classify.summarizers.summarize` of git REF (e.g. the 0.1.0 or "
                             "0.2.0 commit) against this checkout's, each in a fresh process, rounds "
                             "interleaved; repeatable")
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5 (the median of several runs is reported)")

    articles = load_articles(args.articles)
    chars = sum(map(len, articles)) / len(articles)
    print(f"{len(articles)} articles, mean {chars:.0f} chars; median of {args.runs} runs each")
    ours = TextRankSummarizer()

    def ours_summary(text: str) -> object:
        return ours.summarize(text, max_chars=120, max_sentences=3)

    def ours_both(text: str) -> object:
        return ours.analyze(text, k=8, max_chars=120, max_sentences=3)

    def theirs_summary(text: str) -> object:
        return textrank4zh_backend.summarize(text, max_chars=120, max_sentences=3)

    def theirs_both(text: str) -> object:
        return theirs_summary(text), textrank4zh_backend.keywords(text, k=8)

    for fn in (ours_summary, ours_both, theirs_summary, theirs_both):  # warm-up: jieba, files
        for text in articles[:20]:
            fn(text)

    rows = [("summary", ours_summary, theirs_summary), ("summary + keywords", ours_both, theirs_both)]
    for label, mine, theirs in rows:
        ms_ours, runs_ours = median_ms(mine, articles, args.runs)
        ms_theirs, runs_theirs = median_ms(theirs, articles, args.runs)
        print(f"{label}: ours {ms_ours:.2f} ms/article (runs {', '.join(f'{x:.2f}' for x in runs_ours)}); "
              f"textrank4zh {ms_theirs:.2f} ms/article (runs {', '.join(f'{x:.2f}' for x in runs_theirs)}); "
              f"ratio {ms_theirs / ms_ours:.1f}x")
    if args.plain:
        plain = TextRankSummarizer(editor_rules=False)
        for text in articles[:20]:
            plain.summarize(text, max_chars=120, max_sentences=3)
        timings: dict[str, list[float]] = {"editor rules": [], "plain (0.1 selection)": []}
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            for name, model in (("editor rules", ours), ("plain (0.1 selection)", plain)):
                start = time.process_time()
                for text in articles:
                    model.summarize(text, max_chars=120, max_sentences=3)
                timings[name].append(1000 * (time.process_time() - start) / len(articles))
        med = {k: statistics.median(v) for k, v in timings.items()}
        print("summary, CPU ms/article, median of interleaved runs: "
              + "; ".join(f"{k} {v:.2f}" for k, v in med.items())
              + f"; ratio editor/plain {med['editor rules'] / med['plain (0.1 selection)']:.2f}")
    for ref in args.against:
        against(ref, articles, args.runs)
    return 0


_TIMER = """
import json, sys, time
from classify.summarizers import summarize
texts = json.load(sys.stdin)
for t in texts[:20]:
    summarize(t, max_chars=120, max_sentences=3)
start = time.process_time()
for t in texts:
    summarize(t, max_chars=120, max_sentences=3)
print(1000 * (time.process_time() - start) / len(texts))
"""


def against(ref: str, articles: Sequence[str], runs: int) -> None:
    """CPU ms per summary of this checkout and of git `ref`, each round one fresh process per
    side (the ref's package from `git archive`), so neither shares a cache with the other."""
    from _abstracts import interleaved

    mine, theirs, ratios = interleaved(ref, _TIMER, json.dumps(list(articles)), runs)
    print(f"summary, CPU ms/article, fresh processes, median of {runs} interleaved rounds: this checkout "
          f"{statistics.median(mine):.2f}, {ref[:12]} {statistics.median(theirs):.2f}; ratio this/{ref[:12]} "
          f"{statistics.median(ratios):.2f} (per round: {', '.join(f'{r:.2f}' for r in ratios)})")


if __name__ == "__main__":
    raise SystemExit(main())
