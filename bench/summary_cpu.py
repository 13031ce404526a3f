"""CPU time of abstracts and keywords (`TextRankSummarizer.analyze`): this checkout against a git ref.

    python bench/summary_cpu.py --against main --rounds 5

The articles are those of `bench/tag_cpu.py`'s archive (our sample issue, the test pages and the
seed pages, repeated to `--pages` pages), split by `classify.split.split_page` and prepared as
`classify tag` prepares them (`classify.features.prepare` with the model's tokenizer), once, in
this process. Each round then times `analyze(text, tokens=tokens, k=8)` over all of them with
the shipped model's fitted summarizer, in one fresh process for this checkout and one for the
ref's package (from `git archive`), one right after the other so that both see the same machine
load. Tokenizing is not timed: only the stage itself. It prints the median CPU time of each side
and the median of the per-round ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _abstracts import interleaved, shared  # noqa: E402
from tag_cpu import build  # noqa: E402

_TIMER = """
import json, sys, time
from classify.summarizers import TextRankSummarizer
payload = json.load(sys.stdin)
model = TextRankSummarizer.from_arrays(payload["summarizer"])
articles = payload["articles"]
for text, tokens in articles[:50]:  # warm-up: stopword list, first-call imports
    model.analyze(text, tokens=tokens, k=8)
start = time.process_time()
for text, tokens in articles:
    model.analyze(text, tokens=tokens, k=8)
print(time.process_time() - start)
"""


def articles(pages: int) -> list[tuple[str, list[str]]]:
    from classify.bundle import load_bundle
    from classify.features import prepare
    from classify.read import read_text
    from classify.split import split_page

    cut = load_bundle(None).make_tokenizer().cut
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in build(Path(tmp), pages, shared("").parent / "seed"):
            for article in split_page(read_text(path)):
                prepared = prepare(article.title, article.body, cut)
                if prepared.text.strip():
                    out.append((prepared.text, prepared.tokens))
    return out


def summarizer_arrays() -> dict:
    from classify.bundle import load_bundle

    d = load_bundle(None).summarizer.to_arrays()
    return {k: v.tolist() if hasattr(v, "tolist") else v for k, v in d.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="main", help="git ref to compare with (default: main)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (median kept)")
    parser.add_argument("--pages", type=int, default=500, help="pages in the archive")
    args = parser.parse_args(argv)
    work = articles(args.pages)
    payload = json.dumps({"summarizer": summarizer_arrays(), "articles": work}, ensure_ascii=False)
    print(f"{len(work)} articles from {args.pages} pages; {args.rounds} interleaved rounds")

    def each(r: int, m: float, t: float) -> None:
        print(f"round {r + 1}: this checkout {m:.2f}s CPU, {args.against} {t:.2f}s CPU, ratio {m / t:.2f}",
              flush=True)

    mine, theirs, ratios = interleaved(args.against, _TIMER, payload, args.rounds, each)
    print(f"analyze CPU, median of {args.rounds}: this checkout {statistics.median(mine):.2f}s, "
          f"{args.against} {statistics.median(theirs):.2f}s; ratio this/{args.against} "
          f"{statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
