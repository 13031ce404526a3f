"""Share of abstracts with a mechanical fault, for ours-new, ours-0.1, LEAD and textrank4zh.

A cheap proxy for the blind judging (bench/judging/): an abstract is faulty when it opens on (or
carries out of place) an anaphor or connective, cuts a quote or starts on a stray `”`, shows
markup (`【解说】`, `（完）`), ends on `；`/`，`, carries a byline or credit, has a list item
without its lead-in, keeps a leftover of the page (an empty pair of quotes, a headline glued to
its first sentence, an author's credit, a heading standing as a sentence) or stops inside a list.
A sentence that points back behind an anonymous source (`据了解，对方……`), `像……这样的` or a
bare `相关` + noun counts as a dangling opener. The patterns are the summarizer's own (`classify/summarizers/_language.py`),
so this measures whether the rules hold on real text, not whether the rules are right; the
judges measure that.

    python bench/abstract_faults.py --lcsts 300

Articles: the first `--lcsts` LCSTS Part II sources, every CLTS sample and the articles of our
tests/pages (each set printed separately), read by path from ../shared/datasets.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _abstracts import (  # noqa: E402
    FAULTS,
    RELEASE_0_1,
    ROOT,
    SYSTEMS,
    clts_articles,
    faults,
    lcsts_sources,
    page_articles,
    run_all,
    shared,
)


def report(name: str, texts: Sequence[str], baseline_ref: str, examples: int) -> None:
    abstracts = run_all(texts, baseline_ref)
    print(f"\n### {name} ({len(texts)} articles)\n")
    print("| system | faulty | " + " | ".join(FAULTS) + " |")
    print("|---|---|" + "---|" * len(FAULTS))
    for system in SYSTEMS:
        found = [faults(a, t) for a, t in zip(abstracts[system], texts, strict=True)]
        bad = sum(1 for f in found if f)
        counts = [sum(kind in f for f in found) for kind in FAULTS]
        print(f"| {system} | {bad}/{len(texts)} = {100 * bad / len(texts):.1f}% | "
              + " | ".join(str(c) for c in counts) + " |")
        if examples and system == "ours-new":
            shown = [(f, a) for f, a in zip(found, abstracts[system], strict=True) if f][:examples]
            for f, a in shown:
                print(f"    ours-new fault {', '.join(f)}: {a}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lcsts", type=int, default=300, help="first N LCSTS sources (0 = skip)")
    parser.add_argument("--lcsts-dir", type=Path, default=shared("lcsts_part2"))
    parser.add_argument("--clts-dir", type=Path, default=shared("clts_samples"))
    parser.add_argument("--pages", type=Path, default=ROOT / "tests/pages")
    parser.add_argument("--baseline-ref", default=RELEASE_0_1, help="git ref whose summarizer is ours-0.1")
    parser.add_argument("--examples", type=int, default=0, help="print N faulty ours-new abstracts to stderr")
    args = parser.parse_args(argv)
    print("Mechanical faults per abstract (120 chars, 3 sentences; patterns of "
          "classify/summarizers/_language.py); ours-0.1 = summarizer of", args.baseline_ref)
    if args.lcsts:
        report("LCSTS Part II", lcsts_sources(args.lcsts_dir)[:args.lcsts], args.baseline_ref, args.examples)
    if args.clts_dir.is_dir():
        report("CLTS samples", [a for _, a in clts_articles(args.clts_dir)], args.baseline_ref, args.examples)
    if args.pages.is_dir():
        report("tests/pages articles", [a for _, a in page_articles(args.pages)], args.baseline_ref,
               args.examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
