"""Batch tagging throughput against the tokenizer alone, and peak memory.

    python bench/batch_speed.py --pages 2000

Builds a synthetic archive by repeating and shuffling our sample pages, test pages and the seed
page, then times in one run: (a) one bare `jieba.lcut` pass over the same text (the floor: our
pipeline tokenizes each article once), (b) `classify tag --jobs 1`, (c) `classify tag --jobs 2`.
Prints b/a (target <= 1.3), b/c (target >= 1.7), articles per second and the peak RSS of each
run, once at half the pages and once at all of them (peak RSS should not grow with pages).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*sorted((ROOT / "data" / "samples").glob("*.txt")), *sorted((ROOT / "tests" / "pages").glob("*.txt")),
           *sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))]

JIEBA_PASS = """
import sys, time, jieba, logging
jieba.setLogLevel(logging.ERROR)
jieba.initialize()
from classify.read import read_text
texts = [read_text(p) for p in sys.argv[1:]]
t = time.perf_counter()
n = sum(len(jieba.lcut(t_)) for t_ in texts)
print(time.perf_counter() - t)
"""


def build(directory: Path, pages: int, seed: int = 0) -> list[Path]:
    rng = random.Random(seed)
    out = []
    for i in range(pages):
        src = rng.choice(SOURCES)
        dst = directory / f"{i:05d}_{src.name}"
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) of the child process tree's largest member, stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, proc.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=2000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in (args.pages // 2, args.pages):
            d = tmp / f"archive_{n}"
            d.mkdir()
            files = build(d, n)
            jieba_s = float(subprocess.run([sys.executable, "-c", JIEBA_PASS, *map(str, files)],
                                           capture_output=True, text=True, check=True, cwd=ROOT).stdout)
            # RUSAGE_CHILDREN keeps the maximum over all children ever waited for, so run the
            # larger-memory case (jobs 2 workers are separate processes) in a fresh interpreter each.
            res = {}
            for jobs in (1, 2):
                out = tmp / f"out_{n}_{jobs}.jsonl"
                cmd = [sys.executable, "-c",
                       "import resource,subprocess,sys,time;t=time.perf_counter();"
                       "subprocess.run(sys.argv[1:],check=True);"
                       "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024)",
                       sys.executable, "-m", "classify", "tag", str(d), "-o", str(out), "--jobs", str(jobs), "-q"]
                _, _, stdout = timed(cmd)
                seconds, peak = map(float, stdout.split())
                articles = len(out.read_text(encoding="utf-8").splitlines())
                res[jobs] = (seconds, peak, articles)
            (b, rss1, arts), (c, rss2, _) = res[1], res[2]
            print(f"{n} pages, {arts} articles: jieba.lcut {jieba_s:.1f}s | tag --jobs 1 {b:.1f}s "
                  f"({arts / b:.0f} articles/s, peak RSS {rss1:.0f} MB) | tag --jobs 2 {c:.1f}s "
                  f"({arts / c:.0f} articles/s, peak RSS per process {rss2:.0f} MB)")
            print(f"  b/a = {b / jieba_s:.2f} (target <= 1.3)   b/c = {b / c:.2f} (target >= 1.7)", flush=True)


if __name__ == "__main__":
    main()
