"""Archive runs against `classify tag --jobs 2`, and what the Dask scheduler costs per partition.

    python bench/archive_speed.py --pages 1000 --repeats 3

Builds a synthetic archive (our sample and test pages repeated, seed 0) and times, each as a
fresh `classify` process with model loading included, medians of `--repeats` runs:

  (a) classify tag DIR --jobs 2 -o OUT.jsonl
  (b) classify tag DIR --out-dir OUT --engine local --jobs 2
  (c) classify tag DIR --out-dir OUT --engine dask          (a LocalCluster of 2 workers, started
                                                            and stopped inside the timed run)

Then, in this process on a 2-worker LocalCluster kept up between runs, the scheduler overhead per
partition, two ways: (d) the round trip of an empty task (submit to result, 200 tasks, 2 workers),
and (e) for a real archive run, (wall time x workers - the workers' own time per partition, summed
from the markers) / partitions: what a partition costs beyond tagging its pages; and (f) each
worker's resident memory after the runs.
Pages/s counts input files; CPU ms/page (user + system of the process tree; for (c) it
includes the scheduler and the workers' start-up) is steadier than wall time on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*sorted((ROOT / "data" / "samples").glob("*.txt")), *sorted((ROOT / "tests" / "pages").glob("*.txt"))]
WORKERS = 2


def build(directory: Path, pages: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    directory.mkdir(parents=True)
    for i in range(pages):
        src = rng.choice(SOURCES)
        shutil.copyfile(src, directory / f"{i:05d}_{src.name}")


def timed_cli(args: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the process and every worker it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "classify", "tag", *args, "-q"], check=True, cwd=ROOT,
                   capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _noop(x: int) -> int:
    return x


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--partition-size", type=int, default=50,
                    help="inputs per partition in (b), (c), (e); small, so there are many partitions")
    args = ap.parse_args()
    from distributed import Client, LocalCluster

    from classify.archive import tag_archive

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pages = tmp / "pages"
        build(pages, args.pages)
        part = ["--partition-size", str(args.partition_size)]
        runs: dict[str, list[tuple[float, float]]] = {"a": [], "b": [], "c": []}
        for r in range(args.repeats):
            runs["a"].append(timed_cli([str(pages), "--jobs", str(WORKERS), "-o", str(tmp / f"a{r}.jsonl")]))
            runs["b"].append(timed_cli([str(pages), "--out-dir", str(tmp / f"b{r}"), "--jobs", str(WORKERS), *part]))
            runs["c"].append(timed_cli([str(pages), "--out-dir", str(tmp / f"c{r}"), "--engine", "dask", *part]))
        med = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
        cpu = {k: statistics.median(c for _, c in v) / args.pages * 1000 for k, v in runs.items()}
        print(f"{args.pages} pages, partitions of {args.partition_size}, medians of {args.repeats} runs "
              f"(each a fresh process, model loading included; {os.cpu_count()} cores):")
        print(f"  (a) tag --jobs 2 -o OUT            {med['a']:6.1f}s  {args.pages / med['a']:6.1f} pages/s  CPU {cpu['a']:.0f} ms/page")
        print(f"  (b) --out-dir, --engine local -j 2 {med['b']:6.1f}s  {args.pages / med['b']:6.1f} pages/s  CPU {cpu['b']:.0f} ms/page"
              f"  (b/a time {med['b'] / med['a']:.2f})")
        print(f"  (c) --out-dir, --engine dask (2)   {med['c']:6.1f}s  {args.pages / med['c']:6.1f} pages/s  CPU {cpu['c']:.0f} ms/page"
              f"  (c/a time {med['c'] / med['a']:.2f}; includes starting the cluster)", flush=True)

        with LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            client.submit(_noop, -1).result()
            noop = []
            for r in range(args.repeats):
                t = time.perf_counter()
                client.gather(client.map(_noop, range(200), pure=False, key=[f"noop-{r}-{i}" for i in range(200)]))
                noop.append((time.perf_counter() - t) / 200 * WORKERS)
            overhead, walls, task_cpu = [], [], []
            for r in range(args.repeats):
                out = tmp / f"e{r}"
                t = time.perf_counter()
                summary = tag_archive([str(pages)], out, client=client, partition_size=args.partition_size)
                wall = time.perf_counter() - t
                done = [json.loads(p.read_text()) for p in (out / "_done").glob("part-*.json")]
                work = sum(m["seconds"] for m in done)
                task_cpu.append(sum(m["cpu_seconds"] for m in done) / args.pages * 1000)
                overhead.append((wall * WORKERS - work) / summary.partitions)
                walls.append(wall)
            rss = client.run(_rss_mb)
            print(f"  (d) empty-task round trip on 2 workers: {statistics.median(noop) * 1000:.1f} ms per task")
            print(f"  (e) archive run on a running cluster: {statistics.median(walls):.1f}s "
                  f"({args.pages / statistics.median(walls):.1f} pages/s), overhead "
                  f"{statistics.median(overhead) * 1000:.0f} ms per partition of {args.partition_size} pages "
                  "(planning and hashing on the driver, scheduling, workers idle at the end); "
                  f"CPU inside the tasks {statistics.median(task_cpu):.0f} ms/page")
            print(f"  (f) worker memory after the runs (model loaded, partitions of {args.partition_size}): "
                  + ", ".join(f"{v:.0f} MB" for v in rss.values()) + " RSS")


if __name__ == "__main__":
    main()
