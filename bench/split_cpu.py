"""CPU time of `parse_page` per page, this checkout against a baseline checkout, in one run.

    python bench/split_cpu.py --baseline /path/to/old/checkout [--runs 5] [--seed-dir DIR]

Splits the pages the `tag_cpu` benchmark uses (data/samples, tests/pages and the seed pages,
23 distinct pages) in fresh processes, alternately with this checkout's code and the
baseline's (`git worktree add --detach /tmp/base main`), so that both see the same machine
load. Each process splits every page once to warm up, then `--passes` times, and reports its
CPU time per page (`time.process_time`: the machine is shared, wall time is noisy). Prints the
median over `--runs` processes of each side and the ratio baseline / this checkout. Without
`--baseline` only this checkout is timed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import sys, time
from classify.read import read_text
from classify.split import parse_page
texts = [read_text(p) for p in sys.argv[2:]]
passes = int(sys.argv[1])
for text in texts:
    parse_page(text)  # warm up: imports, regex caches
t = time.process_time()
for _ in range(passes):
    for text in texts:
        parse_page(text)
print((time.process_time() - t) / (passes * len(texts)))
"""


def sources(seed_dir: Path) -> list[Path]:
    """The pages of `bench/tag_cpu.py`: the sample issue, the test pages, the seed pages."""
    found = [*sorted((ROOT / "data" / "samples").glob("*.txt")), *sorted((ROOT / "tests" / "pages").glob("*.txt")),
             *sorted(seed_dir.glob("*.txt"))]
    return [p for p in found if p.name != "README.txt"]


def per_page(code: Path, files: list[Path], passes: int) -> float:
    """CPU seconds per page of `parse_page` with the code of checkout `code`, in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(passes), *map(str, files)], capture_output=True,
                          text=True, check=True, env=env, cwd=code)
    return float(proc.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="checkout of the code to compare against")
    parser.add_argument("--runs", type=int, default=5, help="processes per side; medians reported (default 5)")
    parser.add_argument("--passes", type=int, default=3, help="passes over the pages per process (default 3)")
    parser.add_argument("--seed-dir", type=Path, default=ROOT.parent / "shared" / "seed")
    args = parser.parse_args(argv)
    if args.runs < 3:
        parser.error("--runs must be at least 3 (medians of fewer runs are noise)")
    if args.baseline is not None and not (args.baseline / "classify" / "split").is_dir():
        parser.error(f"{args.baseline} holds no classify/split: give a checkout of the project")
    files = sources(args.seed_dir)
    print(f"{len(files)} distinct pages ({len(list(args.seed_dir.glob('*.txt')))} from {args.seed_dir}), "
          f"{args.runs} processes per side, {args.passes} passes each")
    new: list[float] = []
    old: list[float] = []
    for _ in range(args.runs):
        if args.baseline is not None:
            old.append(per_page(args.baseline, files, args.passes))
        new.append(per_page(ROOT, files, args.passes))
    med_new = statistics.median(new)
    print(f"this checkout: parse_page median {med_new * 1000:.2f} ms CPU per page "
          f"(runs: {', '.join(f'{t * 1000:.2f}' for t in new)})")
    if old:
        med_old = statistics.median(old)
        print(f"baseline {args.baseline}: parse_page median {med_old * 1000:.2f} ms CPU per page "
              f"(runs: {', '.join(f'{t * 1000:.2f}' for t in old)})")
        print(f"ratio baseline / this checkout: {med_old / med_new:.2f}x cheaper")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
