"""Does a change to the summarizer keep every abstract and keyword? Dump them, then compare.

A speed change to `classify.summarizers.textrank` must not change one abstract, keyword or
score, and float ties decide rankings: a PageRank computed another way can flip two sentences
whose scores agree to the last bit. So this dumps what `TextRankSummarizer.analyze` returns
(the abstract, each chosen sentence with its index and rounded score, the over-budget flag,
the keywords with their rounded scores) for many texts, each prepared as `classify tag`
prepares an article (`classify.features.prepare`, the model's tokenizer):

* lcsts: every source text of LCSTS part II (../shared/datasets/lcsts_part2, one per line);
* clts: the CLTS and CLTS+ sample articles (../shared/datasets/clts_samples);
* long: LCSTS texts joined in runs of `LONG_RUNS` posts, so that sentence and word graphs are
  as large as a long feature's and the sparse code paths (beyond `_DENSE_PAGERANK` words, or
  beyond `_EINSUM_LIMIT`) run too;
* pages: the articles of tests/pages, data/samples and ../shared/seed as split by
  `classify.split.split_page` (title and body, as tagged);
* labeled: the texts of data/labeled/*.jsonl.

Each text is analysed by three summarizers: the shipped model's fitted one (what `classify tag`
runs), the same with a one-sentence budget (the lead of a joined record), and an unfitted
`TextRankSummarizer()` (no idf weights). Run it on the unchanged code with `--out REF`, on the
changed code with `--out NEW`, then `--compare REF NEW` names the first differing record of each
file.

    python bench/summary_equivalence.py --out /tmp/ref
    python bench/summary_equivalence.py --compare /tmp/ref /tmp/new
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _abstracts import shared  # noqa: E402
from rouge import load_clts  # noqa: E402
from split_equivalence import compare  # noqa: E402

from classify.bundle import load_bundle  # noqa: E402
from classify.features import prepare  # noqa: E402
from classify.read import read_text  # noqa: E402
from classify.split import split_page  # noqa: E402
from classify.summarizers import TextRankSummarizer  # noqa: E402

LONG_RUNS = (8, 40, 150)  # posts per joined text: a page article, a long feature, beyond the caps
KEYWORDS = 8  # what `classify tag` asks for


def lcsts() -> Iterator[tuple[str, str, str]]:
    lines = (shared("lcsts_part2") / "test.src.txt").read_text("utf-8").split("\n")
    for n, line in enumerate(lines):
        if line.strip():
            yield f"lcsts/{n}", "", line.strip()


def long_texts() -> Iterator[tuple[str, str, str]]:
    posts = [body for _, _, body in lcsts()]
    for run in LONG_RUNS:
        for start in range(0, len(posts) - run + 1, run):
            yield f"long{run}/{start}", "", "\n".join(posts[start:start + run])


def clts() -> Iterator[tuple[str, str, str]]:
    for name, article, _ in load_clts(shared("clts_samples")):
        yield f"clts/{name}", "", article


def pages() -> Iterator[tuple[str, str, str]]:
    folders = [ROOT / "tests" / "pages", ROOT / "data" / "samples", shared("").parent / "seed"]
    for folder in folders:
        for path in sorted(p for p in folder.glob("*.txt") if p.name != "README.txt"):
            for k, article in enumerate(split_page(read_text(path))):
                yield f"{folder.name}/{path.name}#{k}", article.title, article.body


def labeled() -> Iterator[tuple[str, str, str]]:
    for path in sorted((ROOT / "data" / "labeled").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                yield f"labeled/{row['id']}", row.get("title", ""), row["text"]


SOURCES = {"lcsts": lcsts, "clts": clts, "long": long_texts, "pages": pages, "labeled": labeled}


def dump(out: Path, only: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    bundle = load_bundle(None)
    cut = bundle.make_tokenizer().cut
    fitted = bundle.summarizer
    plain = TextRankSummarizer()
    configs = [("model", fitted, None), ("model-lead", fitted, 1), ("plain", plain, None)]
    for name in only:
        start = time.process_time()
        count = 0
        with contextlib.ExitStack() as stack:
            handles = {c: stack.enter_context(open(out / f"{name}.{c}.jsonl", "w", encoding="utf-8"))
                       for c, _, _ in configs}
            for key, title, body in SOURCES[name]():
                prepared = prepare(title, body, cut)
                if not prepared.text.strip():
                    continue
                count += 1
                for config, model, sentences in configs:
                    summary, words = model.analyze(prepared.text, tokens=prepared.tokens, k=KEYWORDS,
                                                   max_sentences=sentences)
                    record = {"id": key, "summary": summary.text, "over": summary.over_budget,
                              "sentences": summary.sentences, "keywords": words}
                    handles[config].write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{name}: {count} texts x {len(configs)} summarizers, {time.process_time() - start:.1f}s CPU",
              flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the dumps here")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("REF", "NEW"))
    parser.add_argument("--only", nargs="+", choices=sorted(SOURCES), default=list(SOURCES),
                        help="dump these sources only (default: all)")
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if not args.out:
        parser.error("give --out DIR, or --compare REF NEW")
    dump(args.out, args.only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
