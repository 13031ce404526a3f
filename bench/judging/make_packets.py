"""Build blind judging packets: per article the source and four abstracts labelled A-D.

    python bench/judging/make_packets.py --out /tmp/judging --seed 17

Articles (read by path at run time, never copied into the repository): every CLTS sample (12),
a seeded draw of `--pages-max` (20) articles of our own tests/pages, then a seeded draw of LCSTS
Part II sources of at least `--min-chars` (130) characters up to `--articles` (63) in all: 43 of
real register we did not write, 20 of ours. For each article the four systems of
bench/_abstracts.py (ours-new, the baseline = summarizer of `--baseline-ref`, named
`--baseline-name` (default ours-0.1, release 0.1.0), lead, textrank4zh; all cut to 120 characters
the same way) are shuffled with a per-article seeded order and labelled A-D.

Writes, outside the repository:
  OUT/packet_1.md .. packet_N.md  what judges read (source, candidates A-D, instructions pointer)
  OUT/packet_1.jsonl ..           the same as JSON lines (article id, source, candidates)
  OUT/key.json                    article id -> {letter: system}; judges never see it
  OUT/articles.json               article id -> where it came from (dataset and index)
Identical candidates are still shown separately (judges rate each letter).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _abstracts import (  # noqa: E402
    MAX_CHARS,
    RELEASE_0_1,
    ROOT,
    clts_articles,
    lcsts_sources,
    page_articles,
    run_all,
    shared,
)
from _abstracts import systems as all_systems  # noqa: E402

LETTERS = "ABCD"


def _write(path: Path, text: str) -> None:
    """Whole file or nothing: a temp file in the same directory, then rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o600 if path.name == "key.json" else 0o644)
    os.replace(tmp, path)


def choose(args: argparse.Namespace) -> list[tuple[str, str, str]]:
    """(article id, origin, text) for the articles to judge.

    LCSTS sources are short (median 108 characters, none over 152): under a 120-character budget
    most of them give four identical candidates, which tell judges nothing. So only sources of
    at least `--min-chars` are drawn, and up to `--pages-max` of our own test-page articles
    (long, local-paper register) are added before LCSTS fills the rest.
    """
    rng = random.Random(args.seed)
    chosen: list[tuple[str, str, str]] = []
    if args.clts_dir.is_dir():
        for name, text in clts_articles(args.clts_dir):
            chosen.append((f"clts-{len(chosen) + 1:02d}", f"clts_samples {name}", text))
    if args.pages.is_dir() and args.pages_max:
        extra = page_articles(args.pages)
        for name, text in sorted(rng.sample(extra, min(args.pages_max, len(extra)))):
            chosen.append((name.replace("/", "-"), f"tests/{name}", text))
    sources = lcsts_sources(args.lcsts_dir)
    pool = [i for i, s in enumerate(sources) if len(s) >= args.min_chars]
    need = max(args.articles - len(chosen), 0)
    for i in sorted(rng.sample(pool, min(need, len(pool)))):
        chosen.append((f"lcsts-{i + 1:05d}", f"lcsts_part2 test.src.txt line {i + 1}", sources[i]))
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/judging"))
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--articles", type=int, default=63)
    parser.add_argument("--judges", type=int, default=3)
    parser.add_argument("--min-chars", type=int, default=130, help="shortest LCSTS source taken")
    parser.add_argument("--lcsts-dir", type=Path, default=shared("lcsts_part2"))
    parser.add_argument("--clts-dir", type=Path, default=shared("clts_samples"))
    parser.add_argument("--pages", type=Path, default=ROOT / "tests/pages")
    parser.add_argument("--pages-max", type=int, default=20)
    parser.add_argument("--baseline-ref", default=RELEASE_0_1, help="git ref of the baseline summarizer")
    parser.add_argument("--baseline-name", default="ours-0.1",
                        help="the baseline's name in the key (e.g. ours-0.2 with --baseline-ref of release 0.2.0)")
    args = parser.parse_args(argv)
    if args.out.resolve().is_relative_to(ROOT):
        parser.error(f"--out {args.out} is inside the repository; packets hold dataset text, "
                     "write them elsewhere (e.g. /tmp/judging)")
    articles = choose(args)
    abstracts = run_all([t for _, _, t in articles], args.baseline_ref, args.baseline_name)
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    order = list(range(len(articles)))
    rng.shuffle(order)  # packets mix the datasets
    key: dict[str, dict[str, str]] = {}
    records = []
    for k, (aid, _, text) in enumerate(articles):
        systems = list(all_systems(args.baseline_name))
        random.Random(f"{args.seed}:{aid}").shuffle(systems)
        key[aid] = dict(zip(LETTERS, systems, strict=True))
        cands = {letter: abstracts[s][k] for letter, s in key[aid].items()}
        assert all(len(c) <= MAX_CHARS for c in cands.values())
        records.append({"article": aid, "source": text, "candidates": cands})
    per = -(-len(order) // args.judges)
    for j in range(args.judges):
        part = [records[i] for i in order[j * per:(j + 1) * per]]
        lines = [f"# Judging packet {j + 1} ({len(part)} articles)\n",
                 "Instructions: PROTOCOL.md (bench/judging/PROTOCOL.md). Rate every candidate; "
                 "one JSON line per article.\n"]
        for r in part:
            lines.append(f"\n## {r['article']}\n\n### Source\n\n{r['source']}\n\n### Candidates\n")
            lines += [f"\n**{letter}**: {c}\n" for letter, c in r["candidates"].items()]
        _write(args.out / f"packet_{j + 1}.md", "".join(lines))
        _write(args.out / f"packet_{j + 1}.jsonl",
               "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part))
    _write(args.out / "key.json", json.dumps(key, ensure_ascii=False, indent=1, sort_keys=True))
    _write(args.out / "articles.json",
           json.dumps({aid: origin for aid, origin, _ in articles}, ensure_ascii=False, indent=1))
    _write(args.out / "PROTOCOL.md", (Path(__file__).parent / "PROTOCOL.md").read_text("utf-8"))
    print(f"{len(articles)} articles ({sum(a.startswith('clts') for a, _, _ in articles)} CLTS, "
          f"{sum(a.startswith('lcsts') for a, _, _ in articles)} LCSTS, "
          f"{sum(a.startswith('pages') for a, _, _ in articles)} tests/pages) in {args.judges} packets "
          f"of <= {per} under {args.out}; key in {args.out / 'key.json'} (not for judges)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
