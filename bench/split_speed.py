"""How fast does `split_page` split a newspaper issue?

Builds a 16-page issue from the test pages (tests/pages/*.txt), the sample pages
(data/samples/*.txt) and, when it is there, the seed page (../shared/seed/*.txt), splits the
whole issue five times and prints the median CPU time: pages per second and time per issue. Then it
times three pathological pages (short lines between blank lines, repeated headings, bylines and
page numbers) of about 250 KB, 500 KB and 1 MB, in CPU time, median of three runs, and prints
milliseconds per page and the growth per doubling (linear time shows as about 2x).

    python bench/split_speed.py [--pages 16] [--runs 5]

Targets: a 16-page issue well under a second; a 200 KB page of short lines under a second;
time linear in page size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from classify.read import read_text  # noqa: E402
from classify.split import split_page  # noqa: E402


def issue_pages(n_pages: int) -> list[tuple[str, str]]:
    """(name, text) for an issue of `n_pages` pages, reusing the pool in order if it is smaller."""
    # the real page first, if present: beside the checkout, or beside the worktrees' parent
    seeds = [d / "shared" / "seed" for d in (ROOT.parent, ROOT.parent.parent)]
    files = next((sorted(d.glob("*.txt")) for d in seeds if d.is_dir()), [])
    files += sorted((ROOT / "tests" / "pages").glob("*.txt")) + sorted((ROOT / "data" / "samples").glob("*.txt"))
    if not files:
        raise SystemExit("no pages found under tests/pages or data/samples")
    pool = [(f.name, read_text(f)) for f in files]
    return [pool[i % len(pool)] for i in range(n_pages)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=16, help="pages in the issue (default 16)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs; the median is reported (default 5)")
    args = parser.parse_args(argv)

    pages = issue_pages(args.pages)
    n_chars = sum(len(text) for _, text in pages)
    split_page(pages[0][1])  # warm up regex caches and imports

    times = []
    n_articles = 0
    for _ in range(args.runs):
        start = time.process_time()  # CPU time: the machine is shared, wall time is noisy
        n_articles = sum(len(split_page(text)) for _, text in pages)
        times.append(time.process_time() - start)
    median = statistics.median(times)

    print(f"issue: {len(pages)} pages, {n_chars:,} characters, {n_articles} articles "
          f"({len({name for name, _ in pages})} distinct pages)")
    print(f"split_page: median {median * 1000:.1f} ms CPU per issue over {args.runs} runs "
          f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")
    print(f"{len(pages) / median:,.0f} pages/s")

    previous = 0.0
    for size in (250_000, 500_000, 1_000_000):
        text = pathological_page(size)
        cpu = []
        for _ in range(3):
            start = time.process_time()
            split_page(text)
            cpu.append(time.process_time() - start)
        ms = statistics.median(cpu) * 1000
        growth = f", {ms / previous:.2f}x the half-size page" if previous else ""
        print(f"pathological page {len(text.encode('utf-8')) / 1e6:.2f} MB: median {ms:,.0f} ms CPU{growth}")
        previous = ms
    return 0


def pathological_page(n_bytes: int) -> str:
    """Short lines between blank lines: headings, bylines, page numbers and one-line briefs."""
    pattern = ["市区新建公园一处", "■ 本报记者 王小明", "3", "本报讯（记者 李青）5月7日，市图书馆开放。",
               "记者 胡杨", "发展新区建设", "（下转第2版）"]
    lines: list[str] = []
    size = k = 0
    while size < n_bytes:
        line = pattern[k % len(pattern)]
        lines += [line, ""]
        size += len(line.encode("utf-8")) + 2
        k += 1
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
