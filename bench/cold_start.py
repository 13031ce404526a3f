"""Cold start: wall time of `classify tag` on one page, median of 5 fresh processes.

    python bench/cold_start.py

Also prints the slowest imports from `python -X importtime` so start-up work stays visible.
Target: <= 2.5 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = sorted((ROOT / "data" / "samples").glob("*.txt"))[0]


def main() -> None:
    cmd = [sys.executable, "-m", "classify", "tag", str(PAGE), "--jobs", "1", "-q"]
    subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)  # warm the OS file cache and jieba's cache
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
        runs.append(time.perf_counter() - t)
    print(f"classify tag, one page: median {statistics.median(runs):.2f}s over 5 runs "
          f"({', '.join(f'{r:.2f}' for r in runs)}) (target <= 2.5 s)")
    split_cmd = [sys.executable, "-m", "classify", "split", str(PAGE)]
    t = time.perf_counter()
    subprocess.run(split_cmd, capture_output=True, check=True, cwd=ROOT)
    print(f"classify split, one page (no model, no jieba): {time.perf_counter() - t:.2f}s")
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
