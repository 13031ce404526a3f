"""Cold start: wall and CPU time of `classify tag` on one page, fresh processes.

    python bench/cold_start.py                       # median of 5 (target <= 0.8 s wall)
    python bench/cold_start.py --runs 9 --against CHECKOUT

With `--against`, another checkout of classify (with its own shipped model) is timed in the
same run, its processes taking turns with ours, so that both see the same machine; the ratio
of each pair of neighbouring runs is printed too (its median is steadier than either median on
a shared machine). Also prints the slowest imports from `python -X importtime`, so that
start-up work stays visible.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from tag_cpu import ROOT, cold_start

TARGET_SECONDS = 0.8


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--against", type=Path, metavar="CHECKOUT",
                    help="also time another checkout of classify, runs taking turns with ours")
    args = ap.parse_args()
    other = None
    if args.against is not None:
        checkout = args.against.resolve()
        other = ({**os.environ, "PYTHONPATH": str(checkout),
                  "CLASSIFY_MODEL": str(checkout / "models" / "domains")}, checkout)
    sides = cold_start(other=other, runs=args.runs)
    names = ["this checkout"] + ([str(args.against)] if other else [])
    for name, (wall, cpu, walls) in zip(names, sides, strict=True):
        print(f"{name}: classify tag, one page: median {wall:.2f}s wall ({cpu:.2f}s CPU) over {args.runs} runs "
              f"({', '.join(f'{w:.2f}' for w in walls)}) (target <= {TARGET_SECONDS} s)")
    if other:
        ours, theirs = sides[0][2], sides[1][2]
        pairs = [a / b for a, b in zip(ours, theirs, strict=True)]
        print(f"wall ratio, this checkout / {args.against}, neighbouring runs: median {statistics.median(pairs):.2f} "
              f"({', '.join(f'{p:.2f}' for p in pairs)})")
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", "import classify.cli, classify.predictor"],
                         capture_output=True, text=True, cwd=ROOT).stderr
    rows = []
    for line in err.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].strip()))
    total = sum(us for us, name in rows if not name.startswith(" "))
    print(f"import classify.cli + classify.predictor: {total / 1e6:.2f}s cumulative; largest:")
    for us, name in sorted(rows, reverse=True)[:5]:
        print(f"  {us / 1e6:.3f}s  {name}")


if __name__ == "__main__":
    main()
