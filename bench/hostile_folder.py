"""`classify tag DIR` on a folder a hostile or unlucky user would hand it: wall time, exit code
and peak RSS.

    python bench/hostile_folder.py --runs 3

The folder holds a FIFO, a symlink to /dev/zero, a symlink to /etc/passwd, a Big5 page, a
UTF-16-LE page without BOM and three good pages. Each run is timed by GNU time (`/usr/bin/time
-v`, whose peak RSS covers the worker processes too); prints every run and the medians. Targets:
exit 1, under 30 s, peak RSS under 500 MB.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "tests" / "pages").glob("*.txt"))
sys.path.insert(0, str(ROOT / "tests"))
from helpers import build_hostile_folder  # noqa: E402  (the folder the acceptance test builds)


def build(folder: Path) -> None:
    build_hostile_folder(folder, PAGES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    seconds, rss = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "issue"
        folder.mkdir()
        build(folder)
        for run in range(args.runs):
            started = time.monotonic()
            proc = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "classify", "tag", str(folder), "-q"],
                                  capture_output=True, cwd=ROOT, timeout=300)
            elapsed = time.monotonic() - started
            peak = int(re.search(rb"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1)) / 1024
            records = proc.stdout.decode().splitlines()
            errors = sum('"error"' in line for line in records)
            print(f"run {run + 1}: exit {proc.returncode}, {elapsed:.1f} s, peak RSS {peak:.0f} MB, "
                  f"{len(records)} records ({errors} errors)")
            seconds.append(elapsed)
            rss.append(peak)
    print(f"median of {args.runs}: {statistics.median(seconds):.1f} s, peak RSS {statistics.median(rss):.0f} MB "
          "(targets: exit 1, < 30 s, < 500 MB)")


if __name__ == "__main__":
    main()
